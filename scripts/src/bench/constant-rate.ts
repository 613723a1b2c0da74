/**
 * An open-loop, constant-rate load: request i is due at `start + i / rate`, whether or not earlier ones have been
 * answered, and its latency counts from that intended instant (wrk2's rule: a stall delays every request scheduled
 * during it, and all of that delay is counted — no coordinated omission).
 *
 * Why not autocannon's `overallRate` for "p99 at a fixed 500 req/s": autocannon 9 lets each connection send its share
 * back to back at the start of every second and then pauses it (httpClient.js `reqsMadeThisSecond`), so the server
 * sees a saturated burst each second rather than a fixed rate; and its coordinated-omission correction uses an
 * expected interval of `Math.ceil(1 / rate)` = 1 ms (rate per connection per second, taken as ms), so every response
 * slower than 1 ms adds synthetic samples at 1 ms steps. BENCHMARKS.md §1 shows both side by side.
 *
 * Runs in a worker thread with its own event loop (like the autocannon runs), over keep-alive `node:http`
 * connections; `sendLag` reports how late the client itself fired requests, the measurement's own error. The worker
 * is plain JavaScript (`constant-rate-worker.mjs`): a worker thread does not inherit tsx's loader.
 */
import { Worker } from 'node:worker_threads';

export interface ConstantRateOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** Bodies sent in turn (one or more). */
  bodies?: string[];
  /** Requests per second. */
  rate: number;
  durationSeconds: number;
  /** Most connections open at once (requests beyond wait for one, and that wait counts). Default 50. */
  connections?: number;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ConstantRateResult {
  sent: number;
  ok: number;
  /** Network errors and non-2xx answers. */
  failures: number;
  /** Requests answered per second over the run. */
  achievedRate: number;
  /** ms from the intended send instant to the end of the response. */
  latency: Percentiles;
  /** ms the client fired each request after its intended instant (timer granularity; part of `latency`). */
  sendLag: Percentiles;
}

export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(values).sort();
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1]!, mean: sum / sorted.length };
}

/** What the worker posts back. */
interface RawResult {
  sent: number;
  ok: number;
  failures: number;
  achievedRate: number;
  latencies: number[];
  lags: number[];
}

/** Run the load in a worker thread; resolves with its figures. */
export function constantRate(options: ConstantRateOptions): Promise<ConstantRateResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./constant-rate-worker.mjs', import.meta.url), { workerData: options });
    worker.once('message', (raw: RawResult) =>
      resolve({
        sent: raw.sent,
        ok: raw.ok,
        failures: raw.failures,
        achievedRate: raw.achievedRate,
        latency: percentiles(raw.latencies),
        sendLag: percentiles(raw.lags),
      }),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`constant-rate worker exited with ${code}`));
    });
  });
}
