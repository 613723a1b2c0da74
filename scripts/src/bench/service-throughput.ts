/**
 * Issue budget 1: `POST /v1/assessments` (a sidebar snapshot, warm enrichment cache) against a bare Fastify
 * hello-world started the same way, measured with autocannon in the same run and the same process.
 * Budgets: app req/s ≥ 0.6 × bare req/s (saturated, same connections and duration); p99 < 10 ms at a fixed 500 req/s,
 * measured with an open-loop constant-rate client (constant-rate.ts: why not autocannon's `overallRate`), the bare
 * route at the same rate beside it (the machine's own floor).
 */
import { constantRate, type ConstantRateResult } from './constant-rate.js';
import { jwtVerifyCost } from './jwt-verify.js';
import { benchStorage, failures, load, machine, ms, startBare, startBaselines, startService, table, type BenchOptions } from './service-harness.js';

export interface ThroughputResult {
  bareRps: number;
  appRps: number;
  ratio: number;
  /** App req/s over the same-work baseline's (the service's own overhead on the domain work). */
  sameWorkRatio: number;
  fixedRateP99: number;
  ok: boolean;
}

export async function serviceThroughput({ quick, pg }: BenchOptions): Promise<ThroughputResult> {
  const duration = quick ? 3 : 10;
  const connections = 50;
  console.log(`\n## Service throughput (${machine()})`);
  console.log(
    `autocannon -c ${connections} -d ${duration} (worker thread); then a constant 500 req/s for ${duration} s (open loop, ` +
      `latency from each request's intended send instant), and autocannon's overallRate 500 for comparison`,
  );

  const db = await benchStorage(pg, 'throughput');
  console.log(`storage: ${db.label}`);
  let bare: Awaited<ReturnType<typeof startBare>> | undefined;
  let svc: Awaited<ReturnType<typeof startService>> | undefined;
  let baselines: Awaited<ReturnType<typeof startBaselines>> | undefined;
  try {
    bare = await startBare();
    svc = await startService({ ticketCount: 50, storage: db.storage });
    const snapshot = svc.snapshots.find((s) => s.organization !== null && (s.comments?.length ?? 0) > 1) ?? svc.snapshots[0]!;
    const body = JSON.stringify({ ticket: snapshot });
    const post = {
      url: `${svc.url}/v1/assessments`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: svc.authorization },
      body,
    };
    // Warm: the enrichment cache, JIT, the route's serializers; and check the request is a 200 at all.
    const first = await fetch(post.url, { method: 'POST', headers: post.headers, body });
    const answer = await first.text();
    if (first.status !== 200) throw new Error(`POST /v1/assessments answered ${first.status}: ${answer}`);
    baselines = await startBaselines(answer);
    const shaped = { method: 'POST', headers: post.headers, body };
    await load({ ...post, connections: 10, duration: 2 });
    await load({ url: bare.url, connections: 10, duration: 2 });
    const zendeskCallsBefore = svc.zendesk.count();

    const bareRun = await load({ url: bare.url, connections, duration });
    await load({ ...shaped, url: baselines.canned, connections: 10, duration: 2 });
    const cannedRun = await load({ ...shaped, url: baselines.canned, connections, duration });
    await load({ ...shaped, url: baselines.sameWork, connections: 10, duration: 2 });
    const sameWorkRun = await load({ ...shaped, url: baselines.sameWork, connections, duration });
    const appRun = await load({ ...post, connections, duration });
    const bareFixed = await constantRate({ url: bare.url, rate: 500, durationSeconds: duration });
    const fixed = await constantRate({ ...post, bodies: [body], rate: 500, durationSeconds: duration });
    const bursts = await load({ ...post, connections: 10, duration, overallRate: 500 });
    const zendeskCalls = svc.zendesk.count() - zendeskCallsBefore;
    const steady = (name: string, r: ConstantRateResult) => [
      name, r.achievedRate.toFixed(0), ms(r.latency.p50), ms(r.latency.p99), ms(r.latency.max), String(r.failures),
    ];

    const ratio = appRun.requests.average / bareRun.requests.average;
    console.log(
      table([
        ['run', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors+non2xx'],
        ['bare hello-world, saturated', bareRun.requests.average.toFixed(0), ms(bareRun.latency.p50), ms(bareRun.latency.p99), ms(bareRun.latency.max), String(failures(bareRun))],
        ['baseline: same request, canned answer, saturated', cannedRun.requests.average.toFixed(0), ms(cannedRun.latency.p50), ms(cannedRun.latency.p99), ms(cannedRun.latency.max), String(failures(cannedRun))],
        ['baseline: JWT + assess, no service around it, saturated', sameWorkRun.requests.average.toFixed(0), ms(sameWorkRun.latency.p50), ms(sameWorkRun.latency.p99), ms(sameWorkRun.latency.max), String(failures(sameWorkRun))],
        ['POST /v1/assessments, saturated', appRun.requests.average.toFixed(0), ms(appRun.latency.p50), ms(appRun.latency.p99), ms(appRun.latency.max), String(failures(appRun))],
        steady('bare hello-world, constant 500 req/s', bareFixed),
        steady('POST /v1/assessments, constant 500 req/s', fixed),
        ['POST /v1/assessments, autocannon overallRate 500 (bursts)', bursts.requests.average.toFixed(0), ms(bursts.latency.p50), ms(bursts.latency.p99), ms(bursts.latency.max), String(failures(bursts))],
      ]),
    );
    console.log(
      `client send lag at 500 req/s (part of the latencies above): p50 ${ms(fixed.sendLag.p50)} ms, p99 ${ms(fixed.sendLag.p99)} ms`,
    );
    const ratioOk = ratio >= 0.6;
    const sameWorkRatio = appRun.requests.average / sameWorkRun.requests.average;
    const perRequestUs = (r: { requests: { average: number } }) => 1e6 / r.requests.average;
    console.log(
      `µs per request (saturated, one event loop): bare ${perRequestUs(bareRun).toFixed(0)}, canned ${perRequestUs(cannedRun).toFixed(0)}, ` +
        `JWT + assess ${perRequestUs(sameWorkRun).toFixed(0)}, app ${perRequestUs(appRun).toFixed(0)}`,
    );
    console.log(
      `ratios: canned/bare ${(cannedRun.requests.average / bareRun.requests.average).toFixed(3)} (HTTP for this request shape), ` +
        `app/(JWT + assess) ${sameWorkRatio.toFixed(3)} (the service's own overhead on the domain work)`,
    );
    const p99Ok = fixed.latency.p99 < 10;
    console.log(`ratio app/bare: ${ratio.toFixed(3)} (budget ≥ 0.6: ${ratioOk ? 'met' : 'MISSED'})`);
    console.log(`p99 at 500 req/s: ${ms(fixed.latency.p99)} ms (budget < 10 ms: ${p99Ok ? 'met' : 'MISSED'})`);
    console.log(`Zendesk calls during the measured runs: ${zendeskCalls} (warm cache: the body's ticket is enriched from the cache)`);
    await jwtVerifyCost(quick);
    const errors = failures(bareRun) + failures(cannedRun) + failures(sameWorkRun) + failures(appRun) + fixed.failures + bareFixed.failures + failures(bursts);
    if (errors > 0) console.log(`ERRORS: ${errors} failed requests`);
    return { bareRps: bareRun.requests.average, appRps: appRun.requests.average, ratio, sameWorkRatio, fixedRateP99: fixed.latency.p99, ok: ratioOk && p99Ok && errors === 0 };
  } finally {
    await svc?.close();
    await bare?.app.close();
    await baselines?.close();
    // Always, so a failed run leaves no bench schema behind.
    await db.drop();
  }
}

