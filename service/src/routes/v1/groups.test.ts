import { AtRiskResponseSchema, ErrorBodySchema } from '@triage-assistant/shared';
import { ACME_ORG_ID, buildOrganization } from '../../../../shared/src/testing/factories.js';
import { buildTestApp, fakeClock, type TestApp } from '../../testing/test-app.js';
import { FakeZendesk, zendeskTicket } from '../../use-cases/testing/fake-zendesk.js';

const GROUP = 360001;
jest.setTimeout(60_000);
let t: TestApp;
beforeAll(async () => {
  const zendesk = new FakeZendesk().addOrganization(buildOrganization(), 5);
  const frt = (breachAt: string) => [{ metric: 'first_reply_time', stage: 'active', breachAt }];
  const base = { groupId: GROUP, organizationId: ACME_ORG_ID, tags: ['premium'] };
  zendesk.addTicket(zendeskTicket({ id: 1, ...base, slas: frt('2026-11-23T21:30:00Z') }));
  zendesk.addTicket(zendeskTicket({ id: 2, ...base, slas: frt('2026-11-23T19:40:00Z') }));
  zendesk.addTicket(zendeskTicket({ id: 3, ...base, slas: frt('2026-11-24T02:00:00Z') }));
  zendesk.addTicket(zendeskTicket({ id: 4, ...base, status: 'pending', slas: [] }));
  // Monday 2026-11-23 12:00 PT.
  t = await buildTestApp({ zendesk, clock: fakeClock('2026-11-23T20:00:00Z') });
  // A commitment set through the API on the pending ticket, due in 30 min.
  t.clock.set('2026-11-23T19:00:00Z');
  const put = await t.app.inject({
    method: 'PUT',
    url: '/v1/tickets/4/commitment',
    headers: await t.authFor(501),
    payload: { dueAt: '2026-11-23T20:30:00Z', note: 'call back' },
  });
  expect(put.statusCode).toBe(200);
  t.clock.set('2026-11-23T20:00:00Z');
});
afterAll(() => t.close());

describe('GET /v1/groups/:id/at-risk', () => {
  it('lists first replies near or past breach and due commitments, soonest first', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/groups/${GROUP}/at-risk`, headers: await t.authFor(501) });
    expect(res.statusCode).toBe(200);
    const body = AtRiskResponseSchema.parse(res.json());
    expect(body.items.map((i) => [i.ticketId, i.kind, i.dueAt])).toEqual([
      [2, 'frt_breached', '2026-11-23T19:40:00.000Z'],
      [4, 'commitment_due_soon', '2026-11-23T20:30:00.000Z'],
      [1, 'frt_breach_soon', '2026-11-23T21:30:00.000Z'],
    ]);
    expect(body.items[1]?.message).toBe("Agent 501's promised update is due in 30 min (Mon 23 Nov 12:30 PT): call back");
  });

  it('answers 400 for a bad group id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/groups/0/at-risk', headers: await t.authFor(501) });
    expect(res.statusCode).toBe(400);
    expect(ErrorBodySchema.parse(res.json()).issues?.map((i) => i.path)).toEqual(['id']);
  });
});
