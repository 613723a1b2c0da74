import { ErrorBodySchema, FrtAttainmentResponseSchema } from '@triage-assistant/shared';
import { buildTestApp, type TestApp } from '../../testing/test-app.js';

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
  ])('answers 400 for %s naming %s', async (query, field) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    expect(ErrorBodySchema.parse(res.json()).issues?.map((i) => i.path)).toEqual([field]);
  });
});
