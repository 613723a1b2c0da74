/**
 * HTTP door for local development and end-to-end runs: node:http, the shared route table under `/api/v2`, plus a
 * small admin surface (not Zendesk's): `POST /__sim/reset` (clear, reload configuration, re-seed),
 * `POST /__sim/clock` (`{"now": ISO}` or `{"advanceMinutes": n}`), `GET /__sim/requests` (request log and write count),
 * `GET /__sim/webhooks` (deliveries).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleZendeskRequest } from './http-handlers.js';
import type { ZendeskSimulator } from './model.js';

export interface SimulatorServerOptions {
  sim: ZendeskSimulator;
  /** 0 = an ephemeral port. */
  port?: number;
  host?: string;
  /** Called after `/__sim/reset` to re-seed. */
  seed?: (sim: ZendeskSimulator) => void;
}

export interface RunningSimulatorServer {
  server: Server;
  port: number;
  /** e.g. `http://127.0.0.1:4010/api/v2`, for node-zendesk's `endpointUri`. */
  baseUrl: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === null || body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

function admin(sim: ZendeskSimulator, options: SimulatorServerOptions, method: string, path: string, body: string): { status: number; body: unknown } {
  if (method === 'POST' && path === '/__sim/reset') {
    sim.reset();
    options.seed?.(sim);
    return { status: 200, body: { tickets: sim.tickets.size, users: sim.users.size, organizations: sim.organizations.size } };
  }
  if (method === 'POST' && path === '/__sim/clock') {
    const input = (body.trim() === '' ? {} : JSON.parse(body)) as { now?: string; advanceMinutes?: number };
    if (typeof input.now === 'string') {
      const at = new Date(input.now);
      if (Number.isNaN(at.getTime())) return { status: 400, body: { error: 'now must be an ISO-8601 instant' } };
      sim.setClock(at);
    } else if (typeof input.advanceMinutes === 'number') sim.advanceClock(input.advanceMinutes * 60_000);
    else return { status: 400, body: { error: 'give now (ISO-8601) or advanceMinutes (number)' } };
    return { status: 200, body: { now: sim.now().toISOString() } };
  }
  if (method === 'GET' && path === '/__sim/requests') return { status: 200, body: { requests: sim.requestLog, writes: sim.writeCount() } };
  if (method === 'GET' && path === '/__sim/webhooks') {
    return { status: 200, body: { deliveries: sim.webhookLog.map((w) => ({ event: w.delivery.event, status: w.status, error: w.error })) } };
  }
  return { status: 404, body: { error: 'unknown admin endpoint' } };
}

export async function startSimulatorServer(options: SimulatorServerOptions): Promise<RunningSimulatorServer> {
  const { sim } = options;
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (path.startsWith('/__sim/')) {
          const out = admin(sim, options, req.method ?? 'GET', path, body);
          send(res, out.status, out.body);
          return;
        }
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        const url = `http://${req.headers.host ?? `${host}`}${req.url ?? '/'}`;
        const out = handleZendeskRequest(sim, { method: req.method ?? 'GET', url, headers, body: req.method === 'GET' ? null : body });
        send(res, out.status, out.body, out.headers);
      } catch (error) {
        send(res, 500, { error: 'SimulatorError', description: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    baseUrl: `http://${host}:${port}/api/v2`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
