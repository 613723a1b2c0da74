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
    routes: [{ method: 'GET', path: '/v1/agents/me/notifications', answer: () => ({ status: 200, body: { notifications: answer } }) }],
  });
  await settle();
  const notices = () => client.calls.invoke.filter(([name]) => name === 'notify');
  expect(notices()).toEqual([['notify', 'Ticket #12345: Update promised for 09:00 PST is due in 1 h', 'notice', { sticky: true }]]);

  answer = [...answer, notification('n2', 777, 'First reply breaches in 15 min')];
  await act(async () => {
    jest.advanceTimersByTime(NOTIFICATION_POLL_MS);
  });
  await settle();
  expect(client.requests('GET', '/v1/agents/me/notifications')).toHaveLength(2);
  expect(notices()).toEqual([
    ['notify', 'Ticket #12345: Update promised for 09:00 PST is due in 1 h', 'notice', { sticky: true }],
    ['notify', 'Ticket #777: First reply breaches in 15 min', 'notice', { sticky: true }],
  ]);
});

it("shows the instants the service wrote in UTC in the agent's locale and time zone", async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  const message = 'Agent #8 replaced your commitment on ticket #42 (was due 2026-11-27T17:00:00.000Z; now due 2026-11-28T01:30:00.000Z, their reminders)';
  const { client } = renderApp(<Background />, {
    context: { location: 'background' },
    routes: [{ method: 'GET', path: '/v1/agents/me/notifications', answer: { status: 200, body: { notifications: [notification('n1', 42, message)] } } }],
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
    routes: [{ method: 'GET', path: '/v1/agents/me/notifications', answer: { status: 200, body: { notifications: [] } } }],
  });
  await settle();
  expect(client.requests('GET', '/v1/agents/me/notifications')).toHaveLength(1);
  setHidden(true);
  await act(async () => {
    jest.advanceTimersByTime(NOTIFICATION_POLL_MS * 3);
  });
  expect(client.requests('GET', '/v1/agents/me/notifications')).toHaveLength(1);
  act(() => setHidden(false));
  await settle();
  expect(client.requests('GET', '/v1/agents/me/notifications')).toHaveLength(2);
});

it('a notice Zendesk fails to show does not lose the rest of the batch (the service hands each reminder out once)', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  const { client } = renderApp(<Background />, {
    context: { location: 'background' },
    routes: [
      {
        method: 'GET',
        path: '/v1/agents/me/notifications',
        answer: { status: 200, body: { notifications: [notification('n1', 1, 'First'), notification('n2', 2, 'Second')] } },
      },
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
});
