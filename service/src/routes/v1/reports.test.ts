import { ErrorBodySchema, FrtAttainmentResponseSchema, GITLAB_POLICY, loadPolicy, type Policy } from '@triage-assistant/shared';
import { openTestStorage } from '../../testing/storage.js';
import { buildTestApp, signWebhook, type TestApp } from '../../testing/test-app.js';

jest.setTimeout(60_000);
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  const at = (iso: string) => new Date(iso);
  const rows: [number, string | null, number | null, boolean, string][] = [
    [1, 'high', 7, true, '2026-11-02T10:00:00Z'],
    [2, 'high', 7, false, '2026-11-03T10:00:00Z'],
    [3, 'high', 7, true, '2026-11-04T10:00:00Z'],
    [4, 'urgent', 7, true, '2026-11-05T10:00:00Z'],
    [5, 'low', 8, false, '2026-11-06T10:00:00Z'],
    // Outside [from, to): recorded exactly at `to`, and before `from`.
    [6, 'high', 7, false, '2026-12-01T00:00:00Z'],
    [7, 'high', 7, false, '2026-10-31T23:59:59Z'],
  ];
  for (const [ticketId, priority, groupId, met, recordedAt] of rows) {
    await t.storage.frtOutcomes.record({ ticketId, priority, groupId, met, businessMinutes: null, recordedAt: at(recordedAt) });
  }
});
afterAll(() => t.close());

async function get(query: string) {
  return t.app.inject({ method: 'GET', url: `/v1/reports/frt-attainment?${query}`, headers: await t.authFor(501) });
}

describe('GET /v1/reports/frt-attainment', () => {
  it('reports the share per priority for a group over [from, to)', async () => {
    const res = await get('group=7&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z');
    expect(res.statusCode).toBe(200);
    const body = FrtAttainmentResponseSchema.parse(res.json());
    expect(body.target).toBe(0.95);
    // Group 7 in November: high 2 of 3 met, urgent 1 of 1 → 3 of 4 overall.
    expect(body.overall).toEqual({ tickets: 4, met: 3, share: 0.75 });
    expect(body.byPriority).toEqual([
      { priority: 'low', tickets: 0, met: 0, share: null },
      { priority: 'normal', tickets: 0, met: 0, share: null },
      { priority: 'high', tickets: 3, met: 2, share: 2 / 3 },
      { priority: 'urgent', tickets: 1, met: 1, share: 1 },
    ]);
  });

  it('covers every group without the group parameter', async () => {
    const body = FrtAttainmentResponseSchema.parse((await get('from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z')).json());
    expect(body.overall).toEqual({ tickets: 5, met: 3, share: 0.6 });
  });

  it.each([
    ['from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
    ['from=2025-01-01T00:00:00Z&to=2026-12-01T00:00:00Z', 'from'],
    ['to=2026-12-01T00:00:00Z', 'from'],
    ['from=yesterday&to=2026-12-01T00:00:00Z', 'from'],
    ['group=abc&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', 'group'],
    // PostgreSQL has no year 0, and a `to` past 9999-12-31 in UTC is written +010000 (both used to answer 500).
    ['from=0000-12-31T00:00:00Z&to=0001-01-02T00:00:00Z', 'from'],
    ['from=9999-12-31T00:00:00Z&to=9999-12-31T23:59:59-14:00', 'to'],
  ])('answers 400 for %s naming %s', async (query, field) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    expect(ErrorBodySchema.parse(res.json()).issues?.map((i) => i.path)).toEqual([field]);
  });

  it('reports an empty period at the edge of the years PostgreSQL stores', async () => {
    const res = await get('from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z');
    expect(res.statusCode).toBe(200);
    expect(FrtAttainmentResponseSchema.parse(res.json()).overall).toEqual({ tickets: 0, met: 0, share: null });
  });
});

describe('#40 the report comes from recorded first-reply outcomes, never from the current policy', () => {
  /** GitLab's policy after an admin's edit: every first-reply target doubled, and Starter no longer a Standard plan. */
  const edited: Policy = loadPolicy({
    ...structuredClone(GITLAB_POLICY),
    name: 'GitLab Support (targets doubled)',
    version: GITLAB_POLICY.version + 1,
    planRules: GITLAB_POLICY.planRules.filter((r) => r.plan !== 'standard'),
    slaTargets: GITLAB_POLICY.slaTargets.map((t) => (t.metric === 'first_reply_time' ? { ...t, minutes: t.minutes * 2 } : t)),
  });

  it('#40 the same stored frt_fulfilled outcomes give the same figures after the service restarts with changed targets and plan rules', async () => {
    const db = await openTestStorage('pglite');
    try {
      const before = await buildTestApp({ storage: db.storage, policy: GITLAB_POLICY });
      const hook = async (eventId: string, ticketId: number, priority: string, met: boolean, businessMinutes: number) => {
        const body = JSON.stringify({
          eventId,
          type: 'frt_fulfilled',
          occurredAt: '2026-11-20T10:00:00Z',
          ticket: { id: String(ticketId), priority, groupId: '7' },
          frt: { met: String(met), businessMinutes: String(businessMinutes) },
        });
        const headers = signWebhook(body, { timestamp: before.clock() });
        return before.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', headers, payload: body });
      };
      // Outcomes as Zendesk recorded them under the old targets (High: 240 business minutes).
      for (const [id, priority, met, minutes] of [
        [8101, 'High', true, 200],
        [8102, 'High', false, 300], // breached at 300 min; the doubled target (480) would call it met
        [8103, 'High', false, 420],
        [8104, 'Urgent', true, 25],
        [8105, 'Normal', false, 700],
      ] as const) {
        expect((await hook(`frt-${id}`, id, priority, met, minutes)).statusCode).toBe(200);
      }
      const report = async (t: TestApp) => {
        const res = await t.app.inject({
          method: 'GET',
          url: '/v1/reports/frt-attainment?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z',
          headers: await t.authFor(501),
        });
        expect(res.statusCode).toBe(200);
        return FrtAttainmentResponseSchema.parse(res.json());
      };
      const figures = await report(before);
      expect(figures.overall).toEqual({ tickets: 5, met: 2, share: 0.4 });
      expect(figures.byPriority.find((p) => p.priority === 'high')).toEqual({ priority: 'high', tickets: 3, met: 1, share: 1 / 3 });
      await before.close(); // the app only: the database stays

      const after = await buildTestApp({ storage: db.storage, policy: edited });
      try {
        expect(await report(after)).toEqual(figures);
        expect(after.app.policy.name).toBe('GitLab Support (targets doubled)');
      } finally {
        await after.close();
      }
    } finally {
      await db.cleanup();
    }
  });
});
