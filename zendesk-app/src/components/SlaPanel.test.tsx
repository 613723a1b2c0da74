import { act, renderApp, screen, within } from '../test/render';
import { priorityAssessment } from '../test/fixtures';
import { SLA_METRICS, slaStatuses, type SlaMetric } from '@triage-assistant/shared';
import { highTicket, pt, say, slaTestPolicy, TUE_0900 } from '@triage-assistant/shared/src/testing/sla-policy.js';
import { METRIC_ORDER, SlaPanel } from './SlaPanel';

// Counts renders of the metric rows: they call the formatter; the countdown leaf does not.
jest.mock('@triage-assistant/shared/src/business-time/format.js', () => {
  const actual = jest.requireActual('@triage-assistant/shared/src/business-time/format.js');
  return { ...actual, formatBusinessDuration: jest.fn(actual.formatBusinessDuration) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { formatBusinessDuration } = require('@triage-assistant/shared/src/business-time/format.js') as { formatBusinessDuration: jest.Mock };

afterEach(() => jest.useRealTimers());

it('ticks every second by re-rendering the countdown only, never the panel rows', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T17:00:00Z') });
  renderApp(<SlaPanel statuses={priorityAssessment().sla} warningWindowMinutes={120} />);
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
  const frt = screen.getByRole('region', { name: 'First reply' });
  expect(within(frt).getByTestId('sla-countdown')).toHaveTextContent('2:00:00 left');
  const rowRenders = formatBusinessDuration.mock.calls.length;
  expect(rowRenders).toBeGreaterThan(0);
  act(() => {
    jest.advanceTimersByTime(5000);
  });
  expect(within(frt).getByTestId('sla-countdown')).toHaveTextContent('1:59:55 left');
  expect(formatBusinessDuration.mock.calls.length).toBe(rowRenders);
});

it('lists the first reply before other metrics and shows "No SLA" for a metric without one', async () => {
  const [frt, nrt] = priorityAssessment().sla;
  renderApp(<SlaPanel statuses={[nrt!, frt!]} warningWindowMinutes={120} />);
  const regions = within(await screen.findByRole('region', { name: 'SLA' })).getAllByRole('region');
  expect(regions.map((r) => r.getAttribute('aria-labelledby'))).toEqual(['sla-first_reply_time', 'sla-next_reply_time']);
  expect(within(screen.getByRole('region', { name: 'Next reply' })).getByTestId('sla-state')).toHaveTextContent('No SLA');
});

it('sets no timer for metrics whose clock is not running (achieved, no SLA)', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T17:00:00Z') });
  const [frt, nrt] = priorityAssessment({ state: 'achieved', fulfilledAt: '2026-11-27T16:30:00Z' }).sla;
  renderApp(<SlaPanel statuses={[frt!, nrt!]} warningWindowMinutes={120} />);
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
  expect(within(screen.getByRole('region', { name: 'First reply' })).getByTestId('sla-state')).toHaveTextContent('Achieved');
  expect(screen.queryByTestId('sla-countdown')).not.toBeInTheDocument();
  expect(jest.getTimerCount()).toBe(0);
});

it('#56 an overdue periodic update shows under "Periodic update" only: the first reply still reads Achieved', async () => {
  // Statuses from the engine: answered at 10:00 PT, the agent spoke last, the 4 h periodic update was due 14:00 PT.
  const t = (priority: 'high', metric: SlaMetric) => ({ plan: 'priority', priority, metric, minutes: 240, schedule: 'gitlab-24x5', source: 'https://x.test' });
  const policy = slaTestPolicy({ slaTargets: [t('high', 'first_reply_time'), t('high', 'next_reply_time'), t('high', 'periodic_update_time')] });
  const ticket = highTicket({ comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00')] });
  jest.useFakeTimers({ now: pt('2026-12-01 15:00') });
  renderApp(<SlaPanel statuses={slaStatuses(ticket, policy, pt('2026-12-01 15:00'))} warningWindowMinutes={120} />);
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
  const frt = screen.getByRole('region', { name: 'First reply' });
  expect(within(frt).getByTestId('sla-state')).toHaveTextContent('Achieved');
  expect(within(frt).queryByTestId('sla-countdown')).not.toBeInTheDocument();
  const nrt = screen.getByRole('region', { name: 'Next reply' });
  expect(within(nrt).getByTestId('sla-state')).toHaveTextContent('No SLA');
  expect(within(nrt).getByText('No next-reply clock: the agent spoke last')).toBeInTheDocument();
  const update = screen.getByRole('region', { name: 'Periodic update' });
  expect(within(update).getByTestId('sla-state')).toHaveTextContent('Breached');
  expect(within(update).getByTestId('sla-countdown')).toHaveTextContent('1:00:00 overdue');
  expect(screen.getAllByText(/overdue/)).toHaveLength(1);
});

it('orders metrics as the contract lists them', () => {
  expect(METRIC_ORDER).toEqual(SLA_METRICS);
});

it('stops showing the assessed business time left once the clock passes the deadline (it read "Breached" next to "Business time left: 3 h")', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T18:59:55Z') });
  renderApp(<SlaPanel statuses={priorityAssessment().sla} warningWindowMinutes={120} />);
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
  const frt = screen.getByRole('region', { name: 'First reply' });
  expect(frt).toHaveTextContent('Business time left: 3 h');
  act(() => {
    jest.advanceTimersByTime(6000);
  });
  expect(within(frt).getByTestId('sla-state')).toHaveTextContent('Breached');
  expect(frt).not.toHaveTextContent('Business time left');
});
