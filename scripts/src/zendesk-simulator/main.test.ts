import { ZendeskWebhookEventSchema } from '../../../service/src/routes/webhooks/event-schema.js';
import { simulatorWebhook } from './main.js';
import { createSimulator } from './model.js';
import { seedGitLabAccount } from './seed.js';
import type { WebhookDelivery } from './webhook-events.js';

describe('main.ts --webhook-url (the README points it at the service)', () => {
  it('posts the trigger body the service parses, not the generic event JSON it answers 400', async () => {
    const now = new Date('2026-11-24T18:00:00Z');
    const sim = createSimulator({ now: () => now });
    const seed = seedGitLabAccount(sim, now);
    const deliveries: WebhookDelivery[] = [];
    sim.webhook = {
      ...simulatorWebhook('http://127.0.0.1:3000/v1/webhooks/zendesk', 'secret'),
      send: async (d) => {
        deliveries.push(d);
        return { status: 200 };
      },
    };
    const ticketId = seed.tickets['nearBreachHigh'] ?? 0;
    const agent = seed.agents[0]!;

    sim.addComment(ticketId, { body: 'Here is what we found so far…', public: true, author_id: agent.id });
    await sim.flushWebhooks();

    expect(deliveries).toHaveLength(1);
    const parsed = ZendeskWebhookEventSchema.safeParse(JSON.parse(deliveries[0]!.body));
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({ type: 'comment_added', ticket: { id: ticketId }, comment: { authorRole: 'agent' } });
  });
});
