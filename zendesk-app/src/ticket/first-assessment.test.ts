import { FakeZafClient, DEFAULT_AGENT } from '../test/fake-zaf-client';
import { priorityAssessment, zafTicket, SEVERITY_FIELD, TICKET_ID } from '../test/fixtures';
import { parseSettings } from '../zaf/settings';
import { parseCurrentUser, type ZafRegistration } from '../zaf/ZafClientProvider';
import { startFirstAssessment, takeFirstAssessment } from './first-assessment';
import { TICKET_PATHS } from './read-snapshot';

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

const ticketReads = (client: FakeZafClient) => client.calls.get.filter((paths) => paths[0] === TICKET_PATHS[0]).length;

afterEach(() => {
  // No test leaves a started assessment behind for the next one.
  takeFirstAssessment(sidebarClient());
});

it('reads the ticket and asks the service at registration, signed as the agent, and hands both out once', async () => {
  const client = sidebarClient();
  startFirstAssessment(await registration(client));
  const first = takeFirstAssessment(client);
  expect(first).not.toBeNull();
  const read = await first!.read;
  expect(read.raw).toMatchObject({ 'ticket.id': TICKET_ID, 'ticket.priority': 'normal' });
  // Through the bundled policy's fields (no zod yet).
  expect(read.fields.severityFieldId).toBe(SEVERITY_FIELD);
  const assessment = await first!.assessment;
  expect(assessment).toEqual(priorityAssessment());
  const [request] = client.requests('POST', '/v1/assessments');
  expect(request?.jwt?.claims).toMatchObject({ sub: '501', agent_id: 501, iss: 'gitlab.zendesk.com' });
  expect(JSON.parse(request!.data!).ticket).toMatchObject({ id: TICKET_ID, priority: 'normal' });
  expect(ticketReads(client)).toBe(1);
  expect(takeFirstAssessment(client)).toBeNull();
});

it('hands out nothing once a field the assessment reads changed after the read began, and stops listening', async () => {
  const client = sidebarClient();
  startFirstAssessment(await registration(client));
  await client.fire('ticket.priority.changed', 'high');
  expect(takeFirstAssessment(client)).toBeNull();
  expect(client.listeners('ticket.priority.changed')).toBe(0);
});

it('also treats an edit of a custom field the read went through (customer severity) as a change', async () => {
  const client = sidebarClient();
  const registered = await registration(client);
  startFirstAssessment(registered);
  // Let the read choose its fields (the severity field's event is followed from then on).
  for (let i = 0; i < 20; i++) await Promise.resolve();
  expect(client.listeners(`ticket.custom_field_${SEVERITY_FIELD}.changed`)).toBe(1);
  await client.fire(`ticket.custom_field_${SEVERITY_FIELD}.changed`, 'severity_1');
  expect(takeFirstAssessment(client)).toBeNull();
  expect(client.listeners(`ticket.custom_field_${SEVERITY_FIELD}.changed`)).toBe(0);
});

it('hands out nothing after a save (the baseline the save guard compares against changed)', async () => {
  const client = sidebarClient();
  startFirstAssessment(await registration(client));
  await client.fire('ticket.saved');
  expect(takeFirstAssessment(client)).toBeNull();
});

it('starts nothing outside a ticket sidebar', async () => {
  const client = sidebarClient('background');
  startFirstAssessment(await registration(client));
  expect(takeFirstAssessment(client)).toBeNull();
  expect(client.calls.get).toEqual([]);
  expect(client.calls.request).toEqual([]);
});

it("does not hand one client's ticket to another client", async () => {
  const client = sidebarClient();
  startFirstAssessment(await registration(client));
  expect(takeFirstAssessment(sidebarClient())).toBeNull();
});

it('a failed read rejects both promises without an unhandled rejection until taken', async () => {
  const client = sidebarClient();
  jest.spyOn(client, 'get').mockRejectedValue(new Error('ZAF went away'));
  startFirstAssessment(await registration(client));
  const first = takeFirstAssessment(client)!;
  await expect(first.read).rejects.toThrow('ZAF went away');
  await expect(first.assessment).rejects.toThrow('ZAF went away');
  expect(client.calls.request).toEqual([]);
});
