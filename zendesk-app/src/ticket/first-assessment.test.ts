import { FakeZafClient, DEFAULT_AGENT } from '../test/fake-zaf-client';
import { priorityAssessment, zafTicket, SEVERITY_FIELD, TICKET_ID } from '../test/fixtures';
import { parseSettings } from '../zaf/settings';
import { parseCurrentUser, type ZafRegistration } from '../zaf/ZafClientProvider';
import { startFirstAssessment, takeFirstAssessment } from './first-assessment';

async function registration(client: FakeZafClient): Promise<ZafRegistration> {
  const [context, metadata] = await Promise.all([client.context(), client.metadata()]);
  return { client, context, metadata, settings: parseSettings(metadata.settings ?? {}), currentUser: Promise.resolve(parseCurrentUser(DEFAULT_AGENT)) };
}

function sidebarClient(location = 'ticket_sidebar') {
  return new FakeZafClient({
    data: zafTicket(),
    context: { location },
    routes: [{ method: 'POST', path: '/v1/assessments', answer: { status: 200, body: priorityAssessment() } }],
  });
}

const noop = () => undefined;
const severityEvent = `ticket.custom_field_${SEVERITY_FIELD}.changed`;
/** Lets the early read (policy, two ZAF reads) run to its end. */
async function flush() {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}

it('reads the ticket and asks the service at registration, signed as the agent, and hands both out once', async () => {
  const client = sidebarClient();
  startFirstAssessment(await registration(client));
  const first = takeFirstAssessment(client, noop);
  expect(first).not.toBeNull();
  const read = await first!.read;
  expect(read.raw).toMatchObject({ 'ticket.id': TICKET_ID, 'ticket.priority': 'normal' });
  // Through the bundled policy's fields (no zod yet).
  expect(read.fields.severityFieldId).toBe(SEVERITY_FIELD);
  const assessment = await first!.assessment;
  expect(assessment).toEqual(priorityAssessment());
  const [request] = client.requests('POST', '/v1/assessments');
  expect(request?.jwt?.claims).toMatchObject({ sub: '501', agent_id: 501, iss: 'gitlab.zendesk.com' });
  expect(JSON.parse(request!.data!).ticket).toMatchObject({ id: TICKET_ID, priority: 'normal', customerSeverity: 'severity_2' });
  expect(takeFirstAssessment(client, noop)).toBeNull();
});

it('hands out nothing once a field the assessment reads changed after the start, and stops listening', async () => {
  const client = sidebarClient();
  startFirstAssessment(await registration(client));
  await client.fire('ticket.priority.changed', 'high');
  expect(takeFirstAssessment(client, noop)).toBeNull();
  expect(client.listeners('ticket.priority.changed')).toBe(0);
});

it('also treats an edit of a custom field the read went through (customer severity), after the read, as a change', async () => {
  const client = sidebarClient();
  startFirstAssessment(await registration(client));
  await flush();
  expect(client.listeners(severityEvent)).toBe(1);
  await client.fire(severityEvent, 'severity_1');
  expect(takeFirstAssessment(client, noop)).toBeNull();
  expect(client.listeners(severityEvent)).toBe(0);
});

it('once taken, tells the taker of a later change until released', async () => {
  const client = sidebarClient();
  startFirstAssessment(await registration(client));
  await flush();
  const late: string[] = [];
  const first = takeFirstAssessment(client, () => late.push('changed'))!;
  await client.fire(severityEvent, 'severity_1');
  expect(late).toEqual(['changed']);
  first.release();
  await client.fire(severityEvent, 'severity_3');
  await client.fire('ticket.priority.changed', 'urgent');
  expect(late).toEqual(['changed']);
  expect(client.listeners(severityEvent)).toBe(0);
  expect(client.listeners('ticket.priority.changed')).toBe(0);
});

it('hands out nothing after a save (the baseline the save guard compares against changed)', async () => {
  const client = sidebarClient();
  startFirstAssessment(await registration(client));
  await client.fire('ticket.saved');
  expect(takeFirstAssessment(client, noop)).toBeNull();
});

it('starts nothing outside a ticket sidebar', async () => {
  const client = sidebarClient('background');
  startFirstAssessment(await registration(client));
  expect(takeFirstAssessment(client, noop)).toBeNull();
  expect(client.calls.get).toEqual([]);
  expect(client.calls.request).toEqual([]);
});

it("does not hand one client's ticket to another client", async () => {
  const client = sidebarClient();
  startFirstAssessment(await registration(client));
  expect(takeFirstAssessment(sidebarClient(), noop)).toBeNull();
  expect(takeFirstAssessment(client, noop)).not.toBeNull();
});

it('a failed read fails both promises, reported to nobody until the sidebar takes them', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const client = sidebarClient();
    jest.spyOn(client, 'get').mockRejectedValue(new Error('ZAF went away'));
    startFirstAssessment(await registration(client));
    // Not taken yet: both promises have failed by now, and Node reports unhandled rejections on a later turn.
    await flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
    const first = takeFirstAssessment(client, noop)!;
    await expect(first.read).rejects.toThrow('ZAF went away');
    await expect(first.assessment).rejects.toThrow('ZAF went away');
    expect(client.calls.request).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
