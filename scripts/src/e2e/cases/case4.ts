import { expectThat, openTicket, ticketId, travelTo, workspaceUrl, type E2eCase } from '../harness.js';

/** `YYYY-MM-DDTHH:mm` of `at` in `zone`, what a datetime-local input holds. */
function zonedLocal(at: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
}

/**
 * Case 4: a commitment set in the sidebar (custom time, the agent's zone) shows as "Upcoming" there, appears in the
 * nav bar list as a commitment row for that ticket, and once it is due its reminder pops as a toast through the
 * background location.
 */
export const case4: E2eCase = {
  name: 'case4',
  title: 'commitment: sidebar → nav bar list → reminder through the background app',
  async run({ stack, page, shot, ok }) {
    const id = ticketId(stack, 'starter');
    const zone = stack.sim.getUser(stack.agent.id).iana_time_zone ?? 'UTC';
    const frame = await openTicket(page, stack, id);
    const panel = frame.getByRole('region', { name: 'Next update due' });
    await panel.getByText('No update promised yet.').waitFor({ timeout: 10_000 });
    const dueAt = new Date(Math.ceil(stack.sim.now().getTime() / 60_000) * 60_000 + 3 * 60 * 60_000);
    await panel.locator('input[type=datetime-local]').fill(zonedLocal(dueAt, zone));
    await shot('custom-time');
    await panel.getByRole('button', { name: 'Set', exact: true }).click();
    await panel.getByText('Upcoming', { exact: true }).waitFor({ timeout: 15_000 });
    await shot('commitment-set');
    ok(`commitment set on #${id} for ${dueAt.toISOString()} (${zonedLocal(dueAt, zone)} ${zone}): sidebar shows "Upcoming"`);

    await page.locator('nav button[data-view=navbar]').click();
    const nav = page.frameLocator('iframe[data-location=nav_bar]');
    const row = nav.getByRole('row').filter({ hasText: `#${id}` });
    await row.first().waitFor({ timeout: 20_000 });
    const text = await row.first().innerText();
    await shot('nav-bar-list');
    expectThat(/Commitment/.test(text), `the nav bar row for #${id} is a commitment, got "${text.replace(/\s+/g, ' ')}"`);
    ok(`nav bar list has the row "${text.replace(/\s+/g, ' ').trim()}"`);
    expectThat((await page.locator('.toast').filter({ hasText: `Ticket #${id}:` }).count()) === 0, 'no reminder while the commitment is hours away');

    // Inside the reminder's lead time (60 min before dueAt): the service's reminder loop (every 5 s on the simulated clock) delivers it; the background app polls
    // on load and whenever the agent comes back to the tab (visibilitychange), every 30 s otherwise.
    await travelTo(stack, new Date(dueAt.getTime() - 59 * 60_000));
    await page.goto(`${workspaceUrl(stack)}/`);
    const toast = page.locator('.toast').filter({ hasText: `Ticket #${id}:` });
    const deadline = Date.now() + 40_000;
    for (;;) {
      if (await toast.first().waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
      expectThat(Date.now() < deadline, `a reminder toast for #${id} within 40 s of the commitment being due`);
      // The agent comes back to the Zendesk tab: the background app polls at once (headless pages never hide).
      for (const f of page.frames()) if (f !== page.mainFrame()) await f.evaluate(() => document.dispatchEvent(new Event('visibilitychange'))).catch(() => undefined);
    }
    const message = await toast.first().innerText();
    await shot('reminder-toast');
    ok(`the reminder popped through the background app: "${message}"`);
  },
};
