import { act, renderApp, screen } from '../test/render';
import { FakeZafClient } from '../test/fake-zaf-client';
import { priorityAssessment, zafTicket } from '../test/fixtures';
import { ComposerWarning } from './ComposerWarning';

afterEach(() => jest.useRealTimers());

/** Lets registration and the draft read finish without moving the clock. */
async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

function renderWarning(dueAt: string, state: 'active' | 'breached', text = 'Here is what we found') {
  const client = new FakeZafClient({ data: zafTicket({ 'comment.text': text }) });
  const firstReply = priorityAssessment({ state, dueAt }).sla[0]!;
  renderApp(<ComposerWarning client={client} firstReply={firstReply} warningWindowMinutes={120} enabled />, { client });
  return client;
}

const advance = (ms: number) =>
  act(() => {
    jest.advanceTimersByTime(ms);
  });

it('counts the time left down every second, like the SLA countdown, instead of freezing the seconds between ticks', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  renderWarning('2026-11-27T17:00:00Z', 'active');
  await settle();
  expect(screen.getByText('1:00:00 left to send the first public reply.')).toBeInTheDocument();
  advance(1000);
  expect(screen.getByText('0:59:59 left to send the first public reply.')).toBeInTheDocument();
  advance(14_000);
  expect(screen.getByText('0:59:45 left to send the first public reply.')).toBeInTheDocument();
});

it('counts the time overdue up every second once breached', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  renderWarning('2026-11-27T15:30:00Z', 'breached');
  await settle();
  expect(screen.getByText('The first reply is 0:30:00 overdue. Send it now; consider apologising for the delay.')).toBeInTheDocument();
  advance(5000);
  expect(screen.getByText('The first reply is 0:30:05 overdue. Send it now; consider apologising for the delay.')).toBeInTheDocument();
});

it('sets no timer while no public reply is being written', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  const client = renderWarning('2026-11-27T17:00:00Z', 'active', '');
  await settle();
  expect(jest.getTimerCount()).toBe(0);
  await act(() => client.fire('comment.text.changed', 'Looking into it'));
  expect(screen.getByText('1:00:00 left to send the first public reply.')).toBeInTheDocument();
  expect(jest.getTimerCount()).toBe(1);
});

it('announces the warning once, by its title; the ticking time is not in a live region (a screen reader would re-read it every second)', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  renderWarning('2026-11-27T17:00:00Z', 'active');
  await settle();
  expect(screen.getByRole('alert')).toHaveTextContent('First reply SLA breaches soon');
  const live = '[role="alert"], [role="status"], [role="log"], [role="timer"], [aria-live]';
  expect(screen.getByText('1:00:00 left to send the first public reply.').closest(live)).toBeNull();
  advance(1000);
  expect(screen.getByText('0:59:59 left to send the first public reply.').closest(live)).toBeNull();
  expect(screen.getByRole('group', { name: 'First reply SLA breaches soon' })).toBeInTheDocument();
});
