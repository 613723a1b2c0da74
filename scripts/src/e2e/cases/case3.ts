import { ENTITLEMENT_REQUESTED_TAG } from '../../zendesk-simulator/model.js';
import { expectThat, openTicket, ticketId, type E2eCase } from '../harness.js';

/**
 * Case 3: writing a public reply on a breached ticket shows the composer warning (and an internal note does not);
 * submitting a form change on an organization-less ticket is blocked by the app's `ticket.save` hook (it rejects),
 * the workspace shows the guard's message and nothing is saved. The agent submits only after the sidebar has
 * re-assessed the changed form (as a person would): the guard must still compare with the saved form. The second
 * ticket is opened from the running workspace (`#ticket/<id>`), as an agent goes from ticket to ticket.
 */
export const case3: E2eCase = {
  name: 'case3',
  title: 'composer warning on a breached ticket; form change blocked without an organization',
  async run({ stack, page, shot, ok }) {
    const breached = ticketId(stack, 'pastBreachNormal');
    const frame = await openTicket(page, stack, breached);
    await frame.getByRole('region', { name: 'First reply' }).getByTestId('sla-state').getByText('Breached', { exact: true }).waitFor({ timeout: 10_000 });
    const warning = frame.getByText('First reply SLA already breached', { exact: true });
    expectThat((await warning.count()) === 0, 'no composer warning before anything is written');
    await page.getByRole('textbox', { name: 'Reply' }).pressSequentially('Hello, looking into this now.', { delay: 5 });
    await warning.waitFor({ timeout: 10_000 });
    // The whole warning is a group named by its title (only the title is a live region: the time in it ticks).
    const group = frame.getByRole('group', { name: 'First reply SLA already breached' });
    const body = (await group.innerText()).replace(/\s+/g, ' ');
    expectThat(/The first reply is \d+:\d\d:\d\d overdue\. Send it now/.test(body), `the warning says how long overdue, got "${body}"`);
    await shot('public-reply-warning');
    ok(`public reply on a breached ticket: "First reply SLA already breached" — ${body}`);
    await page.locator('[data-action=toggle-comment-type]').click();
    await warning.waitFor({ state: 'detached', timeout: 10_000 });
    await shot('internal-note-no-warning');
    ok('switching to an internal note removes the warning');

    const orgless = ticketId(stack, 'needsOrgAmbiguous');
    const before = stack.sim.getTicket(orgless);
    // From ticket to ticket in the running workspace, as an agent does: the background app is not reloaded.
    const background = await page.locator('iframe[data-location=background]').elementHandle();
    const sidebar = await openTicket(page, stack, orgless, { inSession: true });
    expectThat((await background?.evaluate((frame) => frame.isConnected)) === true, 'the background app kept running while the next ticket opened');
    await page.locator('select[name=form]').selectOption({ label: 'Self-Managed' });
    await sidebar.getByText('Form "Self-Managed" requires entitlement', { exact: false }).first().waitFor({ timeout: 15_000 });
    await shot('form-changed-unsaved');
    await page.locator('[data-action=submit]').click();
    const toast = page.locator('.toast.error');
    await toast.waitFor({ timeout: 15_000 });
    const message = await toast.innerText();
    await shot('save-blocked');
    expectThat(message.startsWith('Associate the organization first: form "Self-Managed" requires entitlement'), `the block message is the guard's, got "${message}"`);
    const after = stack.sim.getTicket(orgless);
    expectThat(after.ticket_form_id === before.ticket_form_id && after.updated_at === before.updated_at, 'nothing was saved (form and updated_at unchanged in Zendesk)');
    expectThat(!after.tags.includes(ENTITLEMENT_REQUESTED_TAG), 'no auto-reply');
    expectThat((await page.locator('.toast').filter({ hasText: `Ticket #${orgless} updated` }).count()) === 0, 'no "updated" toast');
    ok(`form change on an organization-less ticket blocked: "${message.slice(0, 90)}…"`);
  },
};
