/**
 * Issue budget 6: 500 requests/s for 60 s on `POST /v1/assessments` (50 different tickets, cycled; a constant rate,
 * open loop: constant-rate.ts): 0 errors, and the
 * heap after the run ≤ 1.2 × the heap after warm-up (both measured after forced full GCs, so what is left is what the
 * service keeps). Needs `--expose-gc` (the bench script passes it to node).
 */
import { constantRate } from './constant-rate.js';
import { benchStorage, machine, ms, startService, type BenchOptions } from './service-harness.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function settledHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the soak needs node --expose-gc (npm run bench passes it)');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage().heapUsed;
}

export async function soak({ quick, pg }: BenchOptions): Promise<{ errors: number; heapRatio: number; ok: boolean }> {
  const duration = quick ? 10 : 60;
  const warmup = quick ? 3 : 10;
  console.log(`\n## Soak: 500 req/s for ${duration} s after a ${warmup} s warm-up at the same rate (${machine()})`);
  const db = await benchStorage(pg, 'soak');
  console.log(`storage: ${db.label}`);
  let svc: Awaited<ReturnType<typeof startService>> | undefined;
  try {
    svc = await startService({ ticketCount: 50, storage: db.storage });
    const headers = { 'content-type': 'application/json', authorization: svc.authorization };
    const bodies = svc.snapshots.map((ticket) => JSON.stringify({ ticket }));
    const target = { url: `${svc.url}/v1/assessments`, method: 'POST', headers, bodies, rate: 500 };
    const warm = await constantRate({ ...target, durationSeconds: warmup });
    const heapWarm = await settledHeap();
    const run = await constantRate({ ...target, durationSeconds: duration });
    const heapAfter = await settledHeap();
    const errors = run.failures + warm.failures;
    const heapRatio = heapAfter / heapWarm;
    console.log(
      `requests: ${run.sent} in ${duration} s (${run.achievedRate.toFixed(0)} req/s), p50 ${ms(run.latency.p50)} ms, ` +
        `p99 ${ms(run.latency.p99)} ms, max ${ms(run.latency.max)} ms; errors+non2xx ${errors}`,
    );
    console.log(`heap after warm-up ${mb(heapWarm)}, after the run ${mb(heapAfter)}: ratio ${heapRatio.toFixed(3)} (budget ≤ 1.2)`);
    console.log(`Zendesk calls (fake, in memory) over warm-up + run: ${svc.zendesk.count()}`);
    const ok = errors === 0 && heapRatio <= 1.2;
    console.log(`soak: ${ok ? 'met' : 'MISSED'}`);
    return { errors, heapRatio, ok };
  } finally {
    await svc?.close();
    // Always, so a failed run leaves no bench schema behind.
    await db.drop();
  }
}
