import { decodeProtectedHeader, jwtVerify } from 'jose';
import { proxyAppRequest, ProxyRefusal, type ProxyDeps } from './zendesk-proxy.js';

const SECRET = 'dev-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const NOW = new Date('2026-11-27T15:00:00Z');

function deps(): { deps: ProxyDeps; calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  return {
    calls,
    deps: {
      installation: {
        settings: { service_url: 'http://127.0.0.1:3030', shared_secret: SECRET, severity_field_id: '360020735319' },
        secureSettings: ['shared_secret'],
        domainWhitelist: ['127.0.0.1', 'localhost'],
      },
      now: () => NOW,
      zendeskOrigin: 'http://127.0.0.1:4010',
      agentAuthorization: 'Basic YWxvdmVsYWNlQGdpdGxhYi5jb20vdG9rZW46ZGV2',
      fetch: (async (url: URL | string, init?: RequestInit) => {
        calls.push({ url: String(url), init: init ?? {} });
        return new Response('{"ok":true}', { status: 201, headers: { 'content-type': 'application/json', 'set-cookie': 'x=1' } });
      }) as typeof fetch,
    },
  };
}

/** The options the sidebar's ServiceClient hands to client.request (zendesk-app/src/api/service-client.ts). */
const appOptions = {
  url: '{{setting.service_url}}/v1/tickets/100123/commitment',
  type: 'PUT',
  contentType: 'application/json',
  data: '{"dueAt":"2026-11-27T18:00:00Z","note":"Runner fix"}',
  secure: true,
  cors: false,
  headers: { Authorization: 'Bearer {{jwt.token}}', 'Idempotency-Key': 'k-1', X_Bad_Header: 'dropped' },
  jwt: {
    algorithm: 'HS256',
    secret_key: '{{setting.shared_secret}}',
    expiry: 60,
    claims: { sub: '1000001', agent_id: 1000001, iss: 'gitlab.zendesk.com', aud: 'triage-assistant' },
  },
  httpCompleteResponse: true,
  timeout: 2000,
};

describe('proxyAppRequest (the Zendesk proxy behind client.request)', () => {
  it('fills settings, signs the JWT with the secure secret at Zendesk time and calls the service', async () => {
    const { deps: d, calls } = deps();
    const result = await proxyAppRequest(appOptions, d);
    expect(result).toEqual({ status: 201, responseText: '{"ok":true}', headers: { 'content-type': 'application/json' } });
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.url).toBe('http://127.0.0.1:3030/v1/tickets/100123/commitment');
    expect(call.init.method).toBe('PUT');
    expect(call.init.body).toBe('{"dueAt":"2026-11-27T18:00:00Z","note":"Runner fix"}');
    const headers = call.init.headers as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual(['Authorization', 'Content-Type', 'Idempotency-Key']);
    expect(headers['Content-Type']).toBe('application/json');
    const token = headers['Authorization']!.replace(/^Bearer /, '');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), {
      algorithms: ['HS256'],
      issuer: 'gitlab.zendesk.com',
      audience: 'triage-assistant',
      currentDate: NOW,
    });
    // 2026-11-27T15:00:00Z = 1767225600 (2026-01-01) + 330 d + 15 h = 1795791600 s; exp = iat + expiry (60 s).
    expect(payload).toEqual({ sub: '1000001', agent_id: 1000001, iss: 'gitlab.zendesk.com', aud: 'triage-assistant', iat: 1795791600, exp: 1795791660 });
  });

  it('refuses a secure placeholder without secure: true, and a host outside domainWhitelist', async () => {
    const { deps: d, calls } = deps();
    await expect(proxyAppRequest({ ...appOptions, secure: false }, d)).rejects.toThrow(new ProxyRefusal('setting shared_secret is secure: use secure: true'));
    await expect(proxyAppRequest({ ...appOptions, url: 'https://evil.example/collect' }, d)).rejects.toThrow('evil.example is not in the app\'s domainWhitelist');
    expect(calls).toHaveLength(0);
  });

  it('runs /api/v2 requests against the simulated account as the agent', async () => {
    const { deps: d, calls } = deps();
    await proxyAppRequest({ url: '/api/v2/tickets/100123.json', type: 'GET' }, d);
    expect(calls[0]?.url).toBe('http://127.0.0.1:4010/api/v2/tickets/100123.json');
    expect(calls[0]?.init.headers).toEqual({ Authorization: 'Basic YWxvdmVsYWNlQGdpdGxhYi5jb20vdG9rZW46ZGV2' });
    expect(calls[0]?.init.body).toBeUndefined();
  });
});
