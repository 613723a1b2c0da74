import { buildTestApp, signWebhook, type TestApp } from '../testing/test-app.js';
import { unstorableText } from './json-body.js';

/** `[[[…["\u0000"]…]]]`: valid JSON well under the body limit, nested deeper than a recursive walk's stack. */
const deepNul = (depth: number) => `${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`;

describe('JSON bodies nested deeper than the stack', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('an agent route answers 400, not 500', async () => {
    const payload = JSON.stringify({ dueAt: '2026-11-24T19:00:00Z', note: 'x' }).replace('"x"', deepNul(100_000));
    const res = await t.app.inject({
      method: 'PUT', url: '/v1/tickets/42/commitment', payload,
      headers: { ...(await t.authFor(7)), 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_request' });
    expect(res.json().message).toMatch(/^Invalid body: note/);
  });

  it('the webhook answers 400 to a signed or unsigned body, not 500', async () => {
    const payload = `{"eventId":"e-1","type":"frt_fulfilled","x":${deepNul(100_000)}}`;
    const unsigned = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', payload, headers: { 'content-type': 'application/json' } });
    expect(unsigned.statusCode).toBe(400);
    const signed = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', payload, headers: signWebhook(payload, { timestamp: t.clock() }) });
    expect(signed.statusCode).toBe(400);
    expect(signed.json().message).toMatch(/^Invalid body: x/);
  });
});

describe('unstorableText', () => {
  it('names the first bad key or value in document order, a key before its value', () => {
    expect(unstorableText({ a: [1, 'ok', { 'b\u0000': 'x\u0000' }], 'c\u0000': 2 })).toEqual({ path: ['a', 2, 'b\u0000'], problem: 'nul' });
    expect(unstorableText({ a: ['ok', '\ud800'], b: '\u0000' })).toEqual({ path: ['a', 1], problem: 'surrogate' });
    expect(unstorableText('\u0000')).toEqual({ path: [], problem: 'nul' });
    expect(unstorableText({ a: ['\ud83d\ude00'], b: null })).toBeNull();
  });
});
