import type { FrameLocator } from 'playwright-core';
import { expectThat, openTicket, travelTo, type E2eCase } from '../harness.js';

/** The app's default `warning_window_minutes` (zendesk-app manifest), which the workspace installs. */
const WARNING_WINDOW_MIN = 120;

function frt(frame: FrameLocator) {
  const region = frame.getByRole('region', { name: 'First reply' });
  return { state: region.getByTestId('sla-state'), countdown: region.getByTestId('sla-countdown') };
}

/**
 * Case 2: the first-reply countdown ticks, and its tag turns to "Due soon" and "Breached" at the right instants on
 * the controlled clock: 1 min before the warning window it is "On track", 1 min inside it "Due soon", and it flips to
 * "Breached" live when the clock passes dueAt (dueAt read from the simulator's SLA sideload, Zendesk's own answer).
 */
export const case2: E2eCase = {
  name: 'case2',
  title: 'FRT countdown ticks; warning and breached at the right instants',
  async run({ stack, page, shot, ok }) {
    // A ticket whose first reply is still due, created early enough that dueAt − window − 1 min is after its creation.
    let pick: { id: number; label: string; dueAt: Date } | null = null;
    for (const [label, id] of Object.entries(stack.seed.tickets)) {
      const metric = stack.sim.ticketSlas(id).policy_metrics.find((m) => m.metric === 'first_reply_time' && m.stage === 'active' && m.breach_at);
      if (!metric?.breach_at) continue;
      const dueAt = new Date(metric.breach_at);
      const created = Date.parse(stack.sim.getTicket(id).created_at);
      if (dueAt.getTime() - (WARNING_WINDOW_MIN + 2) * 60_000 > created) {
        pick = { id, label, dueAt };
        break;
      }
    }
    expectThat(pick !== null, 'the seed has a ticket with a running first-reply SLA');
    const { id, label, dueAt } = pick!;
    ok(`ticket #${id} (${label}): first reply due ${dueAt.toISOString()}`);

    await travelTo(stack, new Date(dueAt.getTime() - (WARNING_WINDOW_MIN + 1) * 60_000));
    let frame = await openTicket(page, stack, id);
    let metric = frt(frame);
    await metric.state.getByText('On track', { exact: true }).waitFor({ timeout: 10_000 });
    const first = await metric.countdown.innerText();
    expectThat(/^2:0[01]:\d\d left$/.test(first), `the countdown reads about 2:01:00 left, got "${first}"`);
    await shot('on-track');
    // It ticks: the text changes without any action (a second later).
    await metric.countdown.filter({ hasNotText: first }).waitFor({ timeout: 5000 });
    const second = await metric.countdown.innerText();
    ok(`1 min before the warning window: "On track", countdown ticking ("${first}" → "${second}")`);

    await travelTo(stack, new Date(dueAt.getTime() - (WARNING_WINDOW_MIN - 1) * 60_000));
    frame = await openTicket(page, stack, id);
    metric = frt(frame);
    await metric.state.getByText('Due soon', { exact: true }).waitFor({ timeout: 10_000 });
    expectThat(/^1:5[89]:\d\d left$/.test(await metric.countdown.innerText()), `inside the window the countdown reads about 1:59:00 left`);
    await shot('due-soon');
    ok('1 min inside the warning window: "Due soon"');

    await travelTo(stack, new Date(dueAt.getTime() - 20_000));
    frame = await openTicket(page, stack, id);
    metric = frt(frame);
    await metric.state.getByText('Due soon', { exact: true }).waitFor({ timeout: 10_000 });
    await shot('seconds-before-breach');
    await metric.state.getByText('Breached', { exact: true }).waitFor({ timeout: 30_000 });
    const flippedAt = stack.sim.now().getTime();
    await shot('breached');
    // The tag flips on the app's own once-a-second tick: at dueAt, within the tick and the poll of the wait.
    expectThat(flippedAt >= dueAt.getTime() - 1000 && flippedAt <= dueAt.getTime() + 2500, `flipped at dueAt (${((flippedAt - dueAt.getTime()) / 1000).toFixed(1)} s off)`);
    const overdue = await metric.countdown.innerText();
    expectThat(/^0:00:0\d overdue$/.test(overdue), `the countdown now reads overdue ("${overdue}")`);
    ok(`"Breached" live at dueAt (${((flippedAt - dueAt.getTime()) / 1000).toFixed(1)} s), countdown "${overdue}"`);
  },
};
