import type { FastifyInstance, InjectOptions } from 'fastify';
import fc from 'fast-check';
import { ConflictError, ZendeskRateLimitedError, ZendeskUnavailableError } from './errors.js';
import { buildTestApp, signAgentToken, signWebhook, TEST_JWT_SECRET, TEST_ZENDESK_TOKEN, type TestApp } from './testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ config: { rateLimitPerMinute: 1000 } });
  // Test-only routes, registered on the real app before it is ready.
  t.app.get('/boom/:kind', async (request) => {
    const kind = (request.params as { kind: string }).kind;
    if (kind === 'conflict') throw new ConflictError('Ticket changed since it was read');
    if (kind === 'rate') throw new ZendeskRateLimitedError(42.2, 'GET /tickets/{id}');
    if (kind === 'down') throw new ZendeskUnavailableError('Zendesk answered 500', 'GET /tickets/{id}', 500);
    throw new Error(`database password=hunter2 leaked ${TEST_ZENDESK_TOKEN}`);
  });
  await t.app.ready();
}, 60_000);
afterAll(() => t.close());

const inject = (app: FastifyInstance, opts: InjectOptions) => app.inject(opts);

describe('error handler', () => {
  it('answers 400 naming each bad field', async () => {
    const res = await inject(t.app, {
      method: 'PUT',
      url: '/v1/tickets/12/commitment',
      headers: await t.authFor(7),
      payload: { dueAt: 'tomorrow', note: 5 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'invalid_request' });
    expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['dueAt', 'note']);
    expect(body.message).toMatch(/^Invalid body: /);
  });

  it('answers 404 for an unknown route', async () => {
    const res = await inject(t.app, { method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Route GET /nope not found', code: 'route_not_found' });
  });

  it('maps AppErrors: 409, 503 with Retry-After rounded up, 502', async () => {
    const conflict = await inject(t.app, { method: 'GET', url: '/boom/conflict' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toEqual({ statusCode: 409, error: 'Conflict', message: 'Ticket changed since it was read', code: 'conflict' });
    const rate = await inject(t.app, { method: 'GET', url: '/boom/rate' });
    expect(rate.statusCode).toBe(503);
    expect(rate.headers['retry-after']).toBe('43');
    expect(rate.json().code).toBe('zendesk_rate_limited');
    const down = await inject(t.app, { method: 'GET', url: '/boom/down' });
    expect(down.statusCode).toBe(502);
    expect(down.json()).toMatchObject({ code: 'zendesk_unavailable', message: 'Zendesk answered 500' });
  });

  it('answers a generic 500 that leaks nothing, and logs the error', async () => {
    const res = await inject(t.app, { method: 'GET', url: '/boom/other' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal Server Error: the error was logged with the request id',
      code: 'internal',
    });
    expect(t.logs.text()).toContain('unhandled error');
  });

  it('refuses bodies over the limit with 413', async () => {
    const res = await inject(t.app, {
      method: 'PUT',
      url: '/v1/tickets/12/commitment',
      headers: { ...(await t.authFor(7)), 'content-type': 'application/json' },
      payload: JSON.stringify({ dueAt: '2026-11-25T10:00:00Z', note: 'x'.repeat(600 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().statusCode).toBe(413);
  });
});

describe('authentication of /v1', () => {
  const url = '/v1/agents/me/commitments';
  const get = (authorization?: string) =>
    inject(t.app, { method: 'GET', url, headers: authorization === undefined ? {} : { authorization } });

  it('accepts the app JWT and reads the agent from sub', async () => {
    const res = await get(`Bearer ${await signAgentToken({ agentId: 7, now: t.clock() })}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ commitments: [] });
  });

  it.each([
    ['no header', async () => undefined, 'Missing Authorization header: expected "Bearer <Zendesk app JWT>"'],
    ['not a bearer token', async () => 'Basic abc', 'Authorization header must be "Bearer <Zendesk app JWT>"'],
    [
      'a wrong secret',
      async () => `Bearer ${await signAgentToken({ agentId: 7, now: t.clock(), secret: 'another-secret-0123456789abcdef0123' })}`,
      'Invalid Zendesk app token: token signature is invalid',
    ],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await signAgentToken({ agentId: 7, now: t.clock() })).split('.');
        const forged = Buffer.from(JSON.stringify({ sub: '1', iss: 'acme.zendesk.com', aud: 'https://triage.example.com', exp: 4e9 })).toString('base64url');
        return `Bearer ${h}.${forged}.${s}`;
      },
      'Invalid Zendesk app token: token signature is invalid',
    ],
    [
      'an expired token (beyond the 30 s tolerance)',
      async () => `Bearer ${await signAgentToken({ agentId: 7, now: new Date(t.clock().getTime() - 91_000), expiresInSeconds: 60 })}`,
      'Invalid Zendesk app token: token expired',
    ],
    [
      'alg none',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const exp = Math.floor(t.clock().getTime() / 1000) + 60;
        return `Bearer ${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: '7', iss: 'acme.zendesk.com', aud: 'https://triage.example.com', exp })}.`;
      },
      'Invalid Zendesk app token: token algorithm not allowed (HS256 only)',
    ],
    [
      'HS512 with the right secret',
      async () => `Bearer ${await signAgentToken({ agentId: 7, now: t.clock(), alg: 'HS512' })}`,
      'Invalid Zendesk app token: token algorithm not allowed (HS256 only)',
    ],
    [
      'another issuer',
      async () => `Bearer ${await signAgentToken({ agentId: 7, now: t.clock(), issuer: 'evil.zendesk.com' })}`,
      'Invalid Zendesk app token: token claim "iss" is not an allowed Zendesk account',
    ],
    [
      'another audience',
      async () => `Bearer ${await signAgentToken({ agentId: 7, now: t.clock(), audience: 'https://other.example.com' })}`,
      'Invalid Zendesk app token: token claim "aud" is not this service',
    ],
    [
      'a token not signed at all (empty signature, alg HS256)',
      async () => `Bearer ${(await signAgentToken({ agentId: 7, now: t.clock() })).replace(/[^.]+$/, '')}`,
      'Invalid Zendesk app token: token signature is missing',
    ],
    ['three dots of garbage', async () => 'Bearer a.b.c', 'Invalid Zendesk app token: token is malformed'],
    [
      // 2^53 + 1: Number() would round it to another agent's id.
      'a sub beyond the safe integers',
      async () => `Bearer ${await signAgentToken({ agentId: '9007199254740993', now: t.clock() })}`,
      'Invalid Zendesk app token: claim "sub" must be the agent\'s Zendesk user id',
    ],
    [
      'a non-numeric sub',
      async () => `Bearer ${await signAgentToken({ agentId: 'admin', now: t.clock() })}`,
      'Invalid Zendesk app token: claim "sub" must be the agent\'s Zendesk user id',
    ],
  ])('rejects %s with 401 and a clear message', async (_name, header, message) => {
    const res = await get(await header());
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized', message });
  });

  it('accepts a token expired less than 30 s ago (clock tolerance)', async () => {
    const token = await signAgentToken({ agentId: 7, now: new Date(t.clock().getTime() - 80_000), expiresInSeconds: 60 });
    expect((await get(`Bearer ${token}`)).statusCode).toBe(200);
  });
});

describe('health, metrics and docs', () => {
  it('/healthz and /readyz answer ok', async () => {
    expect((await inject(t.app, { method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await inject(t.app, { method: 'GET', url: '/readyz' });
    // zendesk is configured in config but no gateway was given to the test app
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', zendesk: 'not_configured' } });
  });

  it('/metrics exposes the service metrics', async () => {
    const res = await inject(t.app, { method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    for (const name of [
      'http_request_duration_seconds',
      'zendesk_calls_total',
      'zendesk_call_duration_seconds',
      'fix_runs_total',
      'reminders_sent_total',
      'reminder_delivery_delay_seconds',
      'reminder_follow_ups_dropped_total',
    ]) {
      expect(res.body).toContain(`# TYPE ${name}`);
    }
    // Known label sets start at 0, so an alert on increase() sees the first drop.
    expect(res.body).toContain('reminder_follow_ups_dropped_total{channel="slack",reason="backed_up"} 0');
    expect(res.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} \d+/);
  });

  it('/docs/json is OpenAPI 3 generated from the zod schemas', async () => {
    const res = await inject(t.app, { method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths).sort()).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/readyz',
        '/metrics',
        '/v1/tickets/{id}/commitment',
        '/v1/agents/me/commitments',
        '/v1/agents/me/notifications',
        '/v1/policy',
        '/v1/webhooks/zendesk',
      ]),
    );
    expect(doc.paths['/v1/policy'].get.responses['200'].content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['name', 'version', 'schedules', 'plans', 'slaTargets', 'forms']),
    );
    const put = doc.paths['/v1/tickets/{id}/commitment'].put;
    expect(put.requestBody.content['application/json'].schema.required).toEqual(['dueAt']);
    expect(put.security).toEqual([{ zafJwt: [] }]);
  });
});

describe('logs', () => {
  it('never contain the JWT, the Zendesk token, secrets or the webhook signature, even on errors', async () => {
    const token = await signAgentToken({ agentId: 7, now: t.clock() });
    const badToken = await signAgentToken({ agentId: 7, now: t.clock(), secret: 'x'.repeat(40) });
    t.app.log.info({ config: t.app.config }, 'config at start');
    t.app.log.info({ req: { headers: { authorization: `Bearer ${token}`, 'x-zendesk-webhook-signature': 'SIG-abc' } } }, 'hand-logged request');
    await inject(t.app, { method: 'GET', url: '/boom/other', headers: { authorization: `Bearer ${token}` } });
    await inject(t.app, { method: 'GET', url: '/v1/agents/me/commitments', headers: { authorization: `Bearer ${badToken}` } });
    await inject(t.app, {
      method: 'POST',
      url: '/v1/webhooks/zendesk',
      headers: { 'content-type': 'application/json', 'x-zendesk-webhook-signature': 'SIG-abc', 'x-zendesk-webhook-signature-timestamp': 'x' },
      payload: '{}',
    });
    const text = t.logs.text();
    expect(text).toContain('[redacted]');
    for (const secret of [token, badToken, TEST_ZENDESK_TOKEN, TEST_JWT_SECRET, 'SIG-abc', t.app.config.webhookSecret!]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('rate limit', () => {
  it('answers 429 with a clear body once an agent exceeds the limit', async () => {
    const limited = await buildTestApp({ config: { rateLimitPerMinute: 2 } });
    try {
      const headers = await limited.authFor(8);
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await limited.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers })).statusCode);
      expect(codes).toEqual([200, 200, 429]);
      const res = await limited.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers });
      expect(res.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'rate_limited' });
      expect(res.json().message).toMatch(/^Rate limit exceeded: 2 requests per minute; retry in \d+ s$/);
      // Another agent has its own budget; probes are never limited.
      expect((await limited.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await limited.authFor(9) })).statusCode).toBe(200);
      for (let i = 0; i < 3; i++) expect((await limited.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  }, 60_000);
});

describe('arbitrary bodies', () => {
  it('PUT commitment and the webhook answer 4xx, never 5xx', async () => {
    const headers = await t.authFor(7);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), fc.string({ maxLength: 12 }), async (payload, id) => {
        const put = await t.app.inject({
          method: 'PUT',
          url: `/v1/tickets/${encodeURIComponent(id)}/commitment`,
          headers: { ...headers, 'content-type': 'application/json' },
          payload,
        });
        expect(put.statusCode).toBeGreaterThanOrEqual(200);
        expect(put.statusCode).toBeLessThan(500);
        const hook = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', headers: { 'content-type': 'application/json' }, payload });
        expect(hook.statusCode).toBeGreaterThanOrEqual(400);
        expect(hook.statusCode).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('input PostgreSQL or Zendesk cannot take is refused with 400 naming the field', () => {
  const dueAt = '2026-12-01T16:00:00Z';
  const putCommitment = async (id: string, body: object) =>
    t.app.inject({ method: 'PUT', url: `/v1/tickets/${id}/commitment`, headers: await t.authFor(7), payload: body });

  it.each(['0x10', '1e3', '%2012', '12.0', '-4', '9007199254740993'])('a ticket id written as %s', async (id) => {
    const res = await putCommitment(id, { dueAt });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ path: 'id' })]);
  });

  it('a plain decimal ticket id is still read', async () => {
    const res = await putCommitment('4012', { dueAt });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ticketId: 4012, dueAt: '2026-12-01T16:00:00.000Z' });
  });

  it('a NUL character in a stored text (the commitment note)', async () => {
    const res = await putCommitment('4013', { dueAt, note: 'call back\u0000' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_request', message: 'Invalid body: note: must not contain the NUL character (\\u0000)' });
    const mine = await t.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await t.authFor(7) });
    expect(mine.json().commitments.map((c: { ticketId: number }) => c.ticketId)).not.toContain(4013);
  });

  it('half of a surrogate pair in a stored text (the commitment note)', async () => {
    const res = await putCommitment('4013', { dueAt, note: 'call back \ud83d' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('Invalid body: note: must be valid Unicode text (it holds half of a surrogate pair, e.g. \\ud800)');
  });

  it('a whole surrogate pair (an emoji) is text like any other', async () => {
    const res = await putCommitment('4018', { dueAt, note: 'call back \ud83d\udcde' });
    expect(res.statusCode).toBe(200);
    expect(res.json().note).toBe('call back 📞');
  });

  it('a NUL character in a fix run id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/fix-runs/%00', headers: await t.authFor(7) });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ path: 'id' })]);
  });

  const hook = (event: object) => {
    const body = JSON.stringify(event);
    return t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', headers: signWebhook(body, { timestamp: t.clock() }), payload: body });
  };
  const frt = (eventId: string, businessMinutes: string, ticketId = '4014') => ({
    eventId,
    type: 'frt_fulfilled',
    occurredAt: t.clock().toISOString(),
    ticket: { id: ticketId, priority: 'High', groupId: '' },
    frt: { met: 'true', businessMinutes },
  });

  it('webhook: first-reply minutes beyond ten years (the column is a 32-bit integer)', async () => {
    const res = await hook(frt('frt-4014', '3000000000'));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ path: 'frt.businessMinutes' })]);
    expect((await hook(frt('frt-4014', '95'))).statusCode).toBe(200);
  });

  it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-14:00'])(
    'webhook: an instant outside the years 0001–9999 in UTC (%s; PostgreSQL has no year 0, JavaScript writes year 10000 as +010000)',
    async (occurredAt) => {
      const res = await hook({ ...frt('frt-4019', '95'), occurredAt });
      expect(res.statusCode).toBe(400);
      expect(res.json().issues).toEqual([expect.objectContaining({ path: 'occurredAt' })]);
      expect(res.json().message).toContain('between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z');
    },
  );

  it('webhook: ids that are not plain decimal digits', async () => {
    const res = await hook(frt('frt-4015', '95', '0x10'));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ path: 'ticket.id' })]);
  });

  it('webhook: a NUL character in the event id', async () => {
    const res = await hook(frt('frt-4016\u0000', '95'));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('Invalid body: eventId: must not contain the NUL character (\\u0000)');
  });

  it('webhook: a body that is not JSON is 415, not a bad signature', async () => {
    const body = 'eventId=frt-4017';
    const headers = { ...signWebhook(body, { timestamp: t.clock() }), 'content-type': 'application/x-www-form-urlencoded' };
    const res = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', headers, payload: body });
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toContain('application/x-www-form-urlencoded');
  });
});
