import { createHmac } from 'node:crypto';
import { createSimulator } from './model.js';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  WebhookEventSchema,
  signWebhook,
  verifyWebhookSignature,
  type WebhookDelivery,
} from './webhook-events.js';

const SAAS = 334447;

describe('webhook signatures', () => {
  // ZENDESK.md §4.11: the older doc's vector. timestamp+body is what the current doc specifies.
  const secret = 'HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=';
  const body = '{"say": "hello"}';
  const timestamp = '2021-07-25T10:00:00Z';

  it('signs base64(HMAC-SHA256(secret, timestamp + body))', () => {
    expect(signWebhook(secret, timestamp, body)).toBe('Rry/4TtIdFyawtXXp8QdI6tlAUUQ/5kL1OTp5qo/ZIk=');
    // The legacy page's body-then-timestamp value must not verify: the order matters.
    expect(verifyWebhookSignature(secret, timestamp, body, 'tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=')).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, 'Rry/4TtIdFyawtXXp8QdI6tlAUUQ/5kL1OTp5qo/ZIk=')).toBe(true);
  });
});

describe('webhooks sent on ticket events', () => {
  it('sends form_changed, comment_added (the trigger reply) and organization_changed, each signed and schema-valid', async () => {
    const deliveries: WebhookDelivery[] = [];
    const sim = createSimulator({
      now: () => new Date('2026-11-25T18:00:00Z'),
      webhook: { url: 'http://service.test/webhooks/zendesk', secret: 'webhook-secret', send: async (d) => (deliveries.push(d), { status: 202 }) },
    });
    const agent = sim.createUser({ name: 'Ada', email: 'ada@gitlab.com', role: 'agent' });
    const acme = sim.createOrganization({ name: 'Acme', tags: ['premium'] });
    const nina = sim.createUser({ name: 'Nina', email: 'nina@acme.example' });
    const ticket = sim.createTicket({ subject: 'Help', comment: { body: 'Hi' }, requester_id: nina.id });
    deliveries.length = 0;

    sim.updateTicket(ticket.id, { ticket_form_id: SAAS }, agent.id);
    sim.createMembership({ user_id: nina.id, organization_id: acme.id });
    sim.updateTicket(ticket.id, { organization_id: acme.id, priority: 'high' }, agent.id);
    await sim.flushWebhooks();

    expect(deliveries.map((d) => d.event.type)).toEqual([
      'ticket.form_changed',
      'ticket.comment_added',
      'ticket.priority_changed',
      'ticket.organization_changed',
    ]);
    expect(deliveries[1]?.event.detail).toMatchObject({ ticket_id: ticket.id, author_id: -1, public: true, via_channel: 'rule' });
    expect(deliveries[0]?.event.detail).toEqual({ ticket_id: ticket.id, previous: 360000000100, current: SAAS });
    expect(deliveries[3]?.event.detail).toEqual({ ticket_id: ticket.id, previous: null, current: acme.id });
    for (const d of deliveries) {
      expect(d.url).toBe('http://service.test/webhooks/zendesk');
      const ts = d.headers[TIMESTAMP_HEADER] ?? '';
      expect(ts).toBe('2026-11-25T18:00:00Z');
      // Recomputed independently of the module under test.
      const expected = createHmac('sha256', 'webhook-secret').update(ts + d.body).digest('base64');
      expect(d.headers[SIGNATURE_HEADER]).toBe(expected);
      expect(WebhookEventSchema.parse(JSON.parse(d.body))).toEqual(d.event);
    }
    expect(new Set(deliveries.map((d) => d.event.id)).size).toBe(deliveries.length);
    expect(sim.webhookLog.every((w) => w.status === 202)).toBe(true);
  });

  it('records a failed delivery without failing the ticket update', async () => {
    const sim = createSimulator({
      webhook: { url: 'http://service.test/hook', secret: 's', send: () => Promise.reject(new Error('ECONNREFUSED')) },
    });
    const user = sim.createUser({ name: 'U', email: 'u@x.example' });
    const ticket = sim.createTicket({ subject: 'S', comment: { body: 'B' }, requester_id: user.id });
    await sim.flushWebhooks();
    expect(ticket.id).toBeGreaterThan(0);
    expect(sim.webhookLog.map((w) => [w.delivery.event.type, w.error])).toEqual([['ticket.comment_added', 'ECONNREFUSED']]);
  });
});
