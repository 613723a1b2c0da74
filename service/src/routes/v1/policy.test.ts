import { ErrorBodySchema, GITLAB_POLICY, PolicyResponseSchema, type Policy } from '@triage-assistant/shared';
import { buildTestApp, type TestApp } from '../../testing/test-app.js';

jest.setTimeout(60_000);

describe('GET /v1/policy', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it("answers the policy the service runs, so a sidebar can follow an account's own rules", async () => {
    const custom: Policy = {
      ...GITLAB_POLICY,
      name: 'Acme Support',
      version: 7,
      forms: [...GITLAB_POLICY.forms, { ...GITLAB_POLICY.forms[0]!, id: 9_000_001, name: 'Other Request', generic: true }],
    };
    t = await buildTestApp({ policy: custom });
    const res = await t.app.inject({ method: 'GET', url: '/v1/policy', headers: await t.authFor(7) });
    expect(res.statusCode).toBe(200);
    const body = PolicyResponseSchema.parse(res.json());
    expect([body.name, body.version]).toEqual(['Acme Support', 7]);
    expect(body.forms.find((f) => f.id === 9_000_001)).toMatchObject({ name: 'Other Request', generic: true });
    expect(body.slaTargets).toEqual(GITLAB_POLICY.slaTargets);
    // The policy changes only with a restart: a sidebar may keep it a while without asking again.
    expect(res.headers['cache-control']).toBe('private, max-age=300');
  });

  it('is not for the public: 401 without the Zendesk-signed token', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/v1/policy' });
    expect(res.statusCode).toBe(401);
    expect(ErrorBodySchema.parse(res.json()).message).toBe('Missing Authorization header: expected "Bearer <Zendesk app JWT>"');
  });
});
