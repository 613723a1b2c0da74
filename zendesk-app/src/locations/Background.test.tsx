import { act, renderApp } from '../test/render';
import Background, { NOTIFICATION_POLL_MS } from './Background';

const notification = (id: string, ticketId: number, message: string) => ({
  id,
  ticketId,
  kind: 'commitment_due',
  message,
  dueAt: '2026-11-27T17:00:00Z',
  createdAt: '2026-11-27T16:00:00Z',
});

/** The poll: each notification is handed out until acknowledged (`ack=explicit`). */
const NOTIFICATIONS = '/v1/agents/me/notifications?ack=explicit';
const ACK = '/v1/agents/me/notifications/read';
const ackRoute = { method: 'POST' as const, path: ACK, answer: { status: 200, body: { read: 1 } } };
const acknowledged = (client: { requests(method: string, path: string): { data?: string }[] }) =>
  client.requests('POST', ACK).map((r) => JSON.parse(String(r.data)).ids);

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  jest.useRealTimers();
  setHidden(false);
});

it('shows each notification once as a sticky notice, polling every 30 s', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  let answer = [notification('n1', 12345, 'Update promised for 09:00 PST is due in 1 h')];
  const { client } = renderApp(<Background />, {
    context: { location: 'background' },
    routes: [{ method: 'GET', path: NOTIFICATIONS, answer: () => ({ status: 200, body: { notifications: answer } }) }, ackRoute],
  });
  await settle();
  const notices = () => client.calls.invoke.filter(([name]) => name === 'notify');
  expect(notices()).toEqual([['notify', 'Ticket #12345: Update promised for 09:00 PST is due in 1 h', 'notice', { sticky: true }]]);

  answer = [...answer, notification('n2', 777, 'First reply breaches in 15 min')];
  await act(async () => {
    jest.advanceTimersByTime(NOTIFICATION_POLL_MS);
  });
  await settle();
  expect(client.requests('GET', NOTIFICATIONS)).toHaveLength(2);
  expect(notices()).toEqual([
    ['notify', 'Ticket #12345: Update promised for 09:00 PST is due in 1 h', 'notice', { sticky: true }],
    ['notify', 'Ticket #777: First reply breaches in 15 min', 'notice', { sticky: true }],
  ]);
  // Each acknowledged once shown; n1, handed out again as if its acknowledgement was lost, is acknowledged again.
  expect(acknowledged(client)).toEqual([['n1'], ['n1', 'n2']]);
});

it("shows the instants the service wrote in UTC in the agent's locale and time zone", async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  const message = 'Agent #8 replaced your commitment on ticket #42 (was due 2026-11-27T17:00:00.000Z; now due 2026-11-28T01:30:00.000Z, their reminders)';
  const { client } = renderApp(<Background />, {
    context: { location: 'background' },
    routes: [{ method: 'GET', path: NOTIFICATIONS, answer: { status: 200, body: { notifications: [notification('n1', 42, message)] } } }],
  });
  await settle();
  // The agent is in America/Los_Angeles (the fake client's default agent).
  expect(client.calls.invoke.filter(([name]) => name === 'notify').map(([, text]) => text)).toEqual([
    'Ticket #42: Agent #8 replaced your commitment on ticket #42 (was due Fri, Nov 27, 9:00 AM PST; now due Fri, Nov 27, 5:30 PM PST, their reminders)',
  ]);
});

it('pauses while the agent is away (document hidden) and polls again on return', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  const { client } = renderApp(<Background />, {
    context: { location: 'background' },
    routes: [{ method: 'GET', path: NOTIFICATIONS, answer: { status: 200, body: { notifications: [] } } }],
  });
  await settle();
  expect(client.requests('GET', NOTIFICATIONS)).toHaveLength(1);
  setHidden(true);
  await act(async () => {
    jest.advanceTimersByTime(NOTIFICATION_POLL_MS * 3);
  });
  expect(client.requests('GET', NOTIFICATIONS)).toHaveLength(1);
  act(() => setHidden(false));
  await settle();
  expect(client.requests('GET', NOTIFICATIONS)).toHaveLength(2);
});

it('a notice Zendesk fails to show does not lose the rest of the batch, and is acknowledged only once shown', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  const acked: string[] = [];
  const { client } = renderApp(<Background />, {
    context: { location: 'background' },
    routes: [
      {
        method: 'GET',
        path: NOTIFICATIONS,
        // As the service: n2, acknowledged after the first poll, is not handed out again; n1 is.
        answer: () => ({ status: 200, body: { notifications: acked.includes('n2') ? [notification('n1', 1, 'First')] : [notification('n1', 1, 'First'), notification('n2', 2, 'Second')] } }),
      },
      { method: 'POST', path: ACK, answer: (_request, body) => (acked.push(...(body as { ids: string[] }).ids), { status: 200, body: { read: 1 } }) },
    ],
  });
  const invoke = client.invoke.bind(client);
  let failures = 1;
  client.invoke = async (name: string, ...args: unknown[]) => {
    const result = await invoke(name, ...args);
    if (name === 'notify' && failures-- > 0) throw new Error('Invocation timed out');
    return result;
  };
  await settle();
  const shown = () => client.calls.invoke.filter(([name]) => name === 'notify').map(([, text]) => text);
  expect(shown()).toEqual(['Ticket #1: First', 'Ticket #2: Second']);
  // The failed one is tried again at the next poll, and only it.
  await act(async () => {
    jest.advanceTimersByTime(NOTIFICATION_POLL_MS);
  });
  await settle();
  expect(shown()).toEqual(['Ticket #1: First', 'Ticket #2: Second', 'Ticket #1: First']);
  expect(acknowledged(client)).toEqual([['n2'], ['n1']]);
});

it('acknowledges what it showed; one handed out again (the acknowledgement failed) is acknowledged again, not shown twice', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  const ackAnswers = [{ status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'down' } }];
  const { client } = renderApp(<Background />, {
    context: { location: 'background' },
    routes: [
      { method: 'GET', path: NOTIFICATIONS, answer: { status: 200, body: { notifications: [notification('n1', 1, 'First')] } } },
      { method: 'POST', path: ACK, answer: () => ackAnswers.shift() ?? { status: 200, body: { read: 1 } } },
    ],
  });
  await settle();
  await act(async () => {
    jest.advanceTimersByTime(NOTIFICATION_POLL_MS);
  });
  await settle();
  expect(client.calls.invoke.filter(([name]) => name === 'notify')).toHaveLength(1);
  expect(acknowledged(client)).toEqual([['n1'], ['n1']]);
});
