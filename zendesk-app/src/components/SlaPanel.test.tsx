import { act, renderApp, screen, within } from '../test/render';
import { priorityAssessment } from '../test/fixtures';
import { SLA_METRICS } from '@triage-assistant/shared';
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

it('orders metrics as the contract lists them', () => {
  expect(METRIC_ORDER).toEqual(SLA_METRICS);
});
