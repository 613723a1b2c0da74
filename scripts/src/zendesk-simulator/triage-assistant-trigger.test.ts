import { buildTestApp, fakeClock, TEST_WEBHOOK_SECRET } from '../../../service/src/testing/test-app.js';
import { createSimulator } from './model.js';
import { seedGitLabAccount } from './seed.js';
import { renderTriageAssistantTrigger } from './triage-assistant-trigger.js';
import type { WebhookDelivery } from './webhook-events.js';

describe('the Triage Assistant trigger body, as the simulator posts it, is what the service accepts', () => {
  it('a public agent reply reaches the service signed, is accepted, and meets the open commitment; a customer comment sends nothing', async () => {
    const now = new Date('2026-11-24T18:00:00Z');
    const deliveries: WebhookDelivery[] = [];
    const sim = createSimulator({ now: () => now });
    const seed = seedGitLabAccount(sim, now);
    sim.webhook = {
      url: 'http://service.test/v1/webhooks/zendesk',
      secret: TEST_WEBHOOK_SECRET,
      render: renderTriageAssistantTrigger,
      send: async (d) => {
        deliveries.push(d);
        return { status: 200 };
      },
    };
    const ticketId = seed.tickets['nearBreachHigh'] ?? 0;
    const agent = seed.agents[0]!;
    const t = await buildTestApp({ clock: fakeClock(now) });
    try {
      const put = await t.app.inject({
        method: 'PUT',
        url: `/v1/tickets/${ticketId}/commitment`,
        headers: await t.authFor(agent.id),
        payload: { dueAt: '2026-11-24T20:00:00Z', note: 'Logs reviewed by then' },
      });
      expect(put.statusCode).toBe(200);

      sim.addComment(ticketId, { body: 'Could you send the runner logs?', public: true, author_id: seed.users['uma'] ?? seed.apiUserId });
      await sim.flushWebhooks();
      expect(deliveries).toHaveLength(0);

      sim.addComment(ticketId, { body: 'Here is what we found so far…', public: true, author_id: agent.id });
      await sim.flushWebhooks();
      expect(deliveries).toHaveLength(1);
      const delivery = deliveries[0]!;
      const answer = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', headers: delivery.headers, payload: delivery.body });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({ accepted: true });
      const open = await t.storage.commitments.findOpenByTicket(ticketId);
      expect(open).toBeNull();
    } finally {
      await t.close();
    }
  }, 30_000);
});
