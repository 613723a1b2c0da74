/**
 * The local agent workspace's server: the host page and its bundle, a same-origin door to the simulated Zendesk
 * account (the agent's session), the Zendesk proxy for the app's `client.request`, the clock, and — on a second port,
 * so the app runs cross-origin exactly as in Zendesk — the built app's files.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import { proxyAppRequest, ProxyRefusal, type ProxyInstallation } from './zendesk-proxy.js';
import { WORKSPACE_HTML } from './page-html.js';

export interface WorkspaceAgent {
  id: number;
  name: string;
  email: string;
  groups: { id: number; name: string }[];
  timeZone: string;
}

export interface WorkspaceOptions {
  host?: string;
  port: number;
  /** The app's own origin (cross-origin like `*.apps.zdusercontent.com`). */
  appPort: number;
  /** The page script to bundle (host/page.ts). */
  hostEntry: string;
  /** `zendesk-app/dist` (manifest.json + assets/). */
  appDist: string;
  /** e.g. `http://127.0.0.1:4010` (paths keep `/api/v2`). */
  zendeskOrigin: string;
  subdomain: string;
  agent: WorkspaceAgent;
  installation: ProxyInstallation;
  /** Installation metadata ids shown to the app. */
  appId: number;
  installationId: number;
  appVersion: string;
  now(): Date;
  /** Moves Zendesk's (and the service's) clock; returns the new now. */
  timeTravel(input: { now?: string; advanceMinutes?: number }): Promise<Date>;
  fetch?: typeof fetch;
}

export interface RunningWorkspace {
  url: string;
  appOrigin: string;
  /**
   * Holds each of the app's `client.request` calls this long before proxying it (default 0): the round trip to
   * Zendesk's proxy and on to a service elsewhere, which a local stack does not have. For benchmarks.
   */
  setProxyHopMs(ms: number): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Makes the app's `Date` follow the simulated clock after time travel. Injected into the app's index.html only when
 * the clock is shifted; the app's protocol traffic is untouched.
 */
export function clockShim(offsetMs: number): string {
  if (offsetMs === 0) return '';
  return (
    `<script>(function(o){var D=Date;function S(){var a=[].slice.call(arguments);` +
    `if(!(this instanceof S))return new D(D.now()+o).toString();` +
    `return a.length===0?new D(D.now()+o):new (Function.prototype.bind.apply(D,[null].concat(a)))();}` +
    `S.prototype=D.prototype;S.now=function(){return D.now()+o};S.parse=D.parse;S.UTC=D.UTC;window.Date=S;})(${offsetMs});</script>`
  );
}

/** Non-secure settings as ZAF hands them to the iframe: secure ones are never sent. */
export function publicSettings(installation: ProxyInstallation): Record<string, string> {
  return Object.fromEntries(Object.entries(installation.settings).filter(([name]) => !installation.secureSettings.includes(name)));
}

async function bundleHost(entry: string): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', target: 'es2022', platform: 'browser', logLevel: 'silent' });
  const file = out.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output for the workspace page');
  return file.text;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.closeAllConnections();
    server.close(() => resolveClose());
  });
}

export async function startWorkspaceServer(options: WorkspaceOptions): Promise<RunningWorkspace> {
  const host = options.host ?? '127.0.0.1';
  const doFetch = options.fetch ?? fetch;
  const hostJs = await bundleHost(options.hostEntry);
  const distRoot = resolve(options.appDist);
  const agentAuthorization = `Basic ${Buffer.from(`${options.agent.email}/token:local-workspace`).toString('base64')}`;
  let appOrigin = '';
  let pageOrigin = '';
  let proxyHopMs = 0;

  const appServer = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
      const file = normalize(join(distRoot, path === '/' ? '/assets/index.html' : path));
      if (!file.startsWith(distRoot + sep) || path.endsWith('manifest.json')) {
        res.writeHead(404).end();
        return;
      }
      try {
        let body: Buffer | string = await readFile(file);
        if (file.endsWith(`${sep}assets${sep}index.html`)) {
          const offset = options.now().getTime() - Date.now();
          body = body.toString('utf8').replace('<head>', `<head>${clockShim(Math.abs(offset) < 1000 ? 0 : offset)}`);
        }
        res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });

  const pageServer = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', pageOrigin);
        const method = req.method ?? 'GET';
        if (method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(WORKSPACE_HTML);
          return;
        }
        if (method === 'GET' && url.pathname === '/host.js') {
          res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(hostJs);
          return;
        }
        if (method === 'GET' && url.pathname === '/__workspace/config') {
          sendJson(res, 200, {
            appOrigin,
            subdomain: options.subdomain,
            appId: options.appId,
            installationId: options.installationId,
            appVersion: options.appVersion,
            settings: publicSettings(options.installation),
            currentUser: {
              id: options.agent.id,
              name: options.agent.name,
              email: options.agent.email,
              role: 'agent',
              locale: 'en-US',
              timeZone: { ianaName: options.agent.timeZone },
              groups: options.agent.groups,
            },
            now: options.now().toISOString(),
          });
          return;
        }
        if (url.pathname === '/__workspace/clock') {
          if (method === 'POST') {
            const input = JSON.parse((await readBody(req)) || '{}') as { now?: string; advanceMinutes?: number };
            const now = await options.timeTravel(input);
            sendJson(res, 200, { now: now.toISOString() });
          } else sendJson(res, 200, { now: options.now().toISOString() });
          return;
        }
        if (method === 'POST' && url.pathname === '/__workspace/app-request') {
          const requestOptions = JSON.parse(await readBody(req)) as Record<string, unknown>;
          if (proxyHopMs > 0) await new Promise((resolve) => setTimeout(resolve, proxyHopMs));
          try {
            const result = await proxyAppRequest(requestOptions, {
              installation: options.installation,
              now: options.now,
              zendeskOrigin: options.zendeskOrigin,
              agentAuthorization,
              fetch: doFetch,
            });
            sendJson(res, 200, result);
          } catch (error) {
            // What the app sees when the proxy refuses or the upstream is down: a failed request, never the secret.
            const status = error instanceof ProxyRefusal ? 403 : 502;
            const message = error instanceof Error ? error.message : String(error);
            sendJson(res, 200, { status, responseText: JSON.stringify({ error: message }), headers: {} });
          }
          return;
        }
        if (url.pathname.startsWith('/api/v2/')) {
          const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
          const upstream = await doFetch(`${options.zendeskOrigin}${url.pathname}${url.search}`, {
            method,
            headers: { Authorization: agentAuthorization, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
            ...(body === undefined ? {} : { body }),
          });
          res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'application/json', 'Cache-Control': 'no-store' });
          res.end(await upstream.text());
          return;
        }
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      } catch (error) {
        sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });

  const appPort = await listen(appServer, options.appPort, host);
  appOrigin = `http://${host}:${appPort}`;
  let port: number;
  try {
    port = await listen(pageServer, options.port, host);
  } catch (error) {
    await closeServer(appServer);
    throw error;
  }
  pageOrigin = `http://${host}:${port}`;
  return {
    url: `${pageOrigin}/`,
    appOrigin,
    setProxyHopMs: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`proxy hop must be a duration in ms ≥ 0, got ${ms}`);
      proxyHopMs = ms;
    },
    close: async () => {
      await Promise.all([closeServer(pageServer), closeServer(appServer)]);
    },
  };
}
