/**
 * The server half of `client.request`, as the Zendesk proxy does it (ZENDESK.md §2.7, §3): `{{setting.x}}`
 * placeholders are filled from the installation settings (secure ones only for `secure: true` requests to a host in
 * `domainWhitelist`), a `jwt` option is signed HS256 and replaces `{{jwt.token}}`, `/api/v2/...` URLs run against the
 * (simulated) Zendesk account as the agent. The secret never travels to the browser: the page posts the raw options
 * here.
 */
import { SignJWT } from 'jose';

export interface ProxyInstallation {
  /** Every setting, secure ones included (server side only). */
  settings: Record<string, string>;
  /** Names of the secure settings: placeholders for them need `secure: true`. */
  secureSettings: readonly string[];
  /** manifest `domainWhitelist`: hosts a secure request may reach. */
  domainWhitelist: readonly string[];
}

export interface ProxyDeps {
  installation: ProxyInstallation;
  /** Zendesk's clock (the simulator's, so the service accepts the token after time travel). */
  now(): Date;
  /** Base of the simulated Zendesk API, e.g. `http://127.0.0.1:4010` (paths keep their `/api/v2`). */
  zendeskOrigin: string;
  /** Authorization header for `/api/v2` calls: the agent's own session in Zendesk. */
  agentAuthorization: string;
  fetch: typeof fetch;
}

export interface ProxyResult {
  status: number;
  responseText: string;
  headers: Record<string, string>;
}

export class ProxyRefusal extends Error {}

const PLACEHOLDER = /\{\{\s*setting\.([A-Za-z0-9_]+)\s*\}\}/g;
/** Headers that would let the app see or steer the proxy's hop. */
const DROPPED_RESPONSE_HEADERS = new Set(['set-cookie', 'connection', 'transfer-encoding', 'content-length', 'keep-alive']);

function fill(text: string, installation: ProxyInstallation, secure: boolean): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    if (installation.secureSettings.includes(name) && !secure) throw new ProxyRefusal(`setting ${name} is secure: use secure: true`);
    const value = installation.settings[name];
    if (value === undefined) throw new ProxyRefusal(`no setting named ${name}`);
    return value;
  });
}

/** Signs the JWT a `jwt` option asks for: HS256 only (the only algorithm ZAF signs), `exp` = now + `expiry` s. */
export async function signZafJwt(jwt: Record<string, unknown>, secret: string, now: Date): Promise<string> {
  if (jwt['algorithm'] !== 'HS256') throw new ProxyRefusal('jwt.algorithm must be HS256');
  const claims = jwt['claims'] && typeof jwt['claims'] === 'object' ? (jwt['claims'] as Record<string, unknown>) : {};
  const expiry = typeof jwt['expiry'] === 'number' && jwt['expiry'] > 0 ? jwt['expiry'] : 60;
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + expiry)
    .sign(new TextEncoder().encode(secret));
}

/** Runs one `client.request` for the app and returns what ZAF hands back to it. */
export async function proxyAppRequest(options: Record<string, unknown>, deps: ProxyDeps): Promise<ProxyResult> {
  const secure = options['secure'] === true;
  const { installation } = deps;
  const rawUrl = typeof options['url'] === 'string' ? options['url'] : '';
  const filledUrl = fill(rawUrl, installation, secure);
  const isZendesk = filledUrl.startsWith('/api/v2/');
  const url = new URL(isZendesk ? `${deps.zendeskOrigin}${filledUrl}` : filledUrl);
  if (secure && !isZendesk && !installation.domainWhitelist.includes(url.hostname)) {
    throw new ProxyRefusal(`${url.hostname} is not in the app's domainWhitelist`);
  }

  const headers: Record<string, string> = {};
  const rawHeaders = options['headers'] && typeof options['headers'] === 'object' ? (options['headers'] as Record<string, unknown>) : {};
  let token: string | null = null;
  if (options['jwt'] && typeof options['jwt'] === 'object') {
    const jwt = options['jwt'] as Record<string, unknown>;
    const key = fill(String(jwt['secret_key'] ?? ''), installation, secure);
    token = await signZafJwt(jwt, key, deps.now());
  }
  for (const [name, value] of Object.entries(rawHeaders)) {
    // ZAF's proxy drops header names with underscores (ZENDESK.md §2.7).
    if (name.includes('_')) continue;
    let text = fill(String(value), installation, secure);
    if (text.includes('{{jwt.token}}')) {
      if (token === null) throw new ProxyRefusal('{{jwt.token}} used without a jwt option');
      text = text.replaceAll('{{jwt.token}}', token);
    }
    headers[name] = text;
  }
  if (isZendesk) headers['Authorization'] = deps.agentAuthorization;

  const method = typeof options['type'] === 'string' ? options['type'].toUpperCase() : 'GET';
  let body: string | undefined;
  if (method !== 'GET' && method !== 'HEAD' && options['data'] !== undefined) {
    body = typeof options['data'] === 'string' ? fill(options['data'], installation, secure) : JSON.stringify(options['data']);
    headers['Content-Type'] = typeof options['contentType'] === 'string' ? options['contentType'] : 'application/x-www-form-urlencoded';
  }
  const timeout = typeof options['timeout'] === 'number' && options['timeout'] > 0 ? options['timeout'] : 30_000;
  const response = await deps.fetch(url, { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(timeout) });
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) responseHeaders[name] = value;
  });
  return { status: response.status, responseText: await response.text(), headers: responseHeaders };
}
