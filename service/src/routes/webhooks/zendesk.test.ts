import { buildTestApp, signWebhook, type TestApp } from '../../testing/test-app.js';

describe('POST /v1/webhooks/zendesk', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const hook = (event: object) => {
    const body = JSON.stringify(event);
    return t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', headers: signWebhook(body, { timestamp: t.clock() }), payload: body });
  };
  const frt = (ticketId: number) => ({
    eventId: `frt-${ticketId}`,
    type: 'frt_fulfilled',
    occurredAt: '2026-11-24T17:58:00Z',
    ticket: { id: String(ticketId), priority: 'high', groupId: '11' },
    frt: { met: 'true', businessMinutes: '30' },
  });

  it('accepts every signed event of a busy account: the per-agent rate limit does not drop Zendesk deliveries', async () => {
    // Zendesk delivers every trigger's events from the same few addresses; each refused delivery is an event lost.
    t = await buildTestApp({ config: { rateLimitPerMinute: 3 } });
    const statuses: number[] = [];
    for (let id = 1; id <= 6; id++) statuses.push((await hook(frt(id))).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const recorded = await t.storage.frtOutcomes.list({ from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z') });
    expect(recorded.map((o) => o.ticketId).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  }, 60_000);

  it('still rate-limits the agent routes with the same config', async () => {
    t = await buildTestApp({ config: { rateLimitPerMinute: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await t.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await t.authFor(7) })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  }, 60_000);
});
