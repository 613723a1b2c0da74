// The worker of constant-rate.ts (plain JavaScript: worker threads do not inherit tsx's loader). Request i is sent
// at `start + i / rate` whether or not earlier ones were answered; its latency counts from that intended instant.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const o = workerData;
const url = new URL(o.url);
const agent = new Agent({ keepAlive: true, maxSockets: o.connections ?? 50 });
const bodies = o.bodies ?? [];
const interval = 1000 / o.rate;
const total = Math.round(o.rate * o.durationSeconds);
const latencies = [];
const lags = [];
let ok = 0;
let failures = 0;

function fire(i, intended) {
  return new Promise((settle) => {
    lags.push(performance.now() - intended);
    const body = bodies.length === 0 ? undefined : bodies[i % bodies.length];
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: o.method ?? 'GET', headers: o.headers },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - intended);
          if (res.statusCode >= 200 && res.statusCode < 300) ok++;
          else failures++;
          settle();
        });
      },
    );
    req.on('error', () => {
      failures++;
      settle();
    });
    req.end(body);
  });
}

const start = performance.now() + 50;
const pending = [];
let next = 0;
await new Promise((finished) => {
  const tick = () => {
    const now = performance.now();
    while (next < total && start + next * interval <= now) {
      pending.push(fire(next, start + next * interval));
      next++;
    }
    if (next >= total) return finished();
    // Timers are whole milliseconds: wake just before the next send (its lag is reported, and counted).
    setTimeout(tick, Math.max(0, Math.floor(start + next * interval - performance.now()) - 1));
  };
  setTimeout(tick, 50);
});
await Promise.all(pending);
const elapsed = (performance.now() - start) / 1000;
agent.destroy();
parentPort.postMessage({ sent: total, ok, failures, achievedRate: (ok + failures) / elapsed, latencies, lags });
