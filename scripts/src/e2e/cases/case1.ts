import { ENTITLEMENT_AUTO_REPLY, ENTITLEMENT_REQUESTED_TAG } from '../../zendesk-simulator/model.js';
import { FORMS } from '../../zendesk-simulator/seed.js';
import { expectThat, openTicket, ticketId, type E2eCase } from '../harness.js';

const CHECKS = ['Organization', 'Form', 'Priority', 'Problem type'];
/** The form the agent moves the ticket to: it requires entitlement, so the wrong order fires the auto-reply. */
const TARGET_FORM = 'Self-Managed';

/**
 * Case 1: a needs-org ticket shows the checklist in order; "Associate organization, then change form" with the agent's
 * organization and target form (Self-Managed) leaves the requester associated, the ticket on that form and no
 * auto-reply or entitlement tag. Control: the same two changes in the wrong
 * order (form first in the workspace, with the app off so nothing guards the save) make the auto-reply appear.
 */
export const case1: E2eCase = {
  name: 'case1',
  title: 'needs-org ticket: checklist order, associate then change form, wrong-order control',
  async run({ stack, page, shot, ok }) {
    const good = ticketId(stack, 'needsOrgGood');
    let frame = await openTicket(page, stack, good);
    const rows = frame.locator('[data-testid^=check-]');
    await rows.first().waitFor();
    const order = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    await shot('checklist');
    expectThat(JSON.stringify(order) === JSON.stringify(['check-organization', 'check-form', 'check-priority', 'check-problem_type']), `checklist rows in order, got ${order.join(', ')}`);
    for (const [i, label] of CHECKS.entries()) {
      expectThat((await rows.nth(i).innerText()).includes(label), `row ${i + 1} reads "${label}"`);
    }
    ok('the checklist shows organization → form → priority → problem type');

    await frame.getByRole('button', { name: 'Associate organization, then change form', exact: true }).first().click();
    await frame.getByText('Organization to associate').waitFor({ timeout: 15_000 });
    await frame.locator('input[type=radio]').first().check({ force: true });
    // The label also carries the plan tag; the confirmation names the organization alone.
    const orgLabel = (await frame.locator('input[type=radio]:checked').evaluate((input: HTMLInputElement) => input.labels?.[0]?.textContent ?? '')).trim();
    await shot('pick-organization');
    // The target form: Self-Managed requires entitlement, so changing it before the association would fire the
    // auto-reply — the order the fix exists to keep.
    const beforeForm = stack.sim.getTicket(good).ticket_form_id;
    expectThat(beforeForm !== FORMS.selfManaged, `the ticket does not start on ${TARGET_FORM} (form ${beforeForm})`);
    await frame.getByLabel('Then move the ticket to form').selectOption({ label: TARGET_FORM });
    await shot('pick-form');
    await frame.getByRole('button', { name: 'Next', exact: true }).click();
    await frame.getByText('These steps run in this order:').waitFor({ timeout: 10_000 });
    const steps = await frame.getByRole('dialog').locator('ol > li').allInnerTexts();
    const orgName = /^Associate the requester with (.+)$/.exec(steps[0] ?? '')?.[1]?.trim() ?? '';
    expectThat(orgName !== '' && orgLabel.startsWith(orgName), `step 1 associates the chosen organization (${orgLabel}), got ${JSON.stringify(steps)}`);
    expectThat(
      JSON.stringify(steps) === JSON.stringify([`Associate the requester with ${orgName}`, `Change the form to ${TARGET_FORM}`]),
      `the confirmation lists "1. Associate the requester with ${orgName}, 2. Change the form to ${TARGET_FORM}", got ${JSON.stringify(steps)}`,
    );
    await shot('confirm-steps');
    await frame.getByRole('button', { name: 'Run the fix', exact: true }).click();
    await frame.getByText('Done. The ticket was re-read.').waitFor({ timeout: 30_000 });
    await shot('fix-done');
    ok(`the fix ran: associate ${orgName}, then form → ${TARGET_FORM}`);

    // What the agent sees once the workspace picked up the service's update (it polls the open ticket every 3 s).
    await page.locator('[data-field=organization]').filter({ hasNotText: /^none$/ }).waitFor({ timeout: 15_000 });
    const org = await page.locator('[data-field=organization]').innerText();
    expectThat(org.includes(orgName), `the ticket shows organization ${orgName}, got "${org}"`);
    await page.waitForFunction((form) => {
      const s = document.querySelector<HTMLSelectElement>('select[name=form]');
      return s?.selectedOptions[0]?.textContent === form;
    }, TARGET_FORM, { timeout: 10_000 });
    ok(`the workspace shows organization "${org}" and form "${TARGET_FORM}"`);
    frame = await openTicket(page, stack, good);
    await frame.locator('[data-testid=check-organization]').getByText('Passed').waitFor({ timeout: 15_000 });
    const conversation = await page.locator('.comment').allInnerTexts();
    const header = await page.locator('#ticket-body p.muted').first().innerText();
    const formShown = await page.locator('select[name=form]').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
    await shot('after-fix-reopened');
    expectThat(formShown === TARGET_FORM, `after reopening the workspace's form field reads ${TARGET_FORM}, got "${formShown}"`);
    expectThat(!conversation.some((c) => c.includes(ENTITLEMENT_AUTO_REPLY.slice(0, 60))), 'no entitlement auto-reply in the conversation');
    expectThat(!header.includes(ENTITLEMENT_REQUESTED_TAG), `no ${ENTITLEMENT_REQUESTED_TAG} tag shown`);
    const saved = stack.sim.getTicket(good);
    expectThat(saved.ticket_form_id === FORMS.selfManaged, `Zendesk has the ticket on ${TARGET_FORM} (${FORMS.selfManaged}), got ${saved.ticket_form_id}`);
    expectThat(saved.organization_id !== null && stack.sim.getOrganization(saved.organization_id).name === orgName, `Zendesk has the ticket on organization ${orgName}`);
    expectThat(stack.sim.listMemberships({ userId: saved.requester_id }).some((m) => m.organization_id === saved.organization_id), 'the requester is a member of the ticket’s organization');
    expectThat(!saved.tags.includes(ENTITLEMENT_REQUESTED_TAG), `Zendesk has no ${ENTITLEMENT_REQUESTED_TAG} tag on the ticket`);
    expectThat(!stack.sim.ticketComments(good).some((c) => c.body === ENTITLEMENT_AUTO_REPLY), 'Zendesk has no entitlement auto-reply comment on the ticket');
    ok(`after reopening: organization check passed, requester associated, form ${TARGET_FORM}, no auto-reply, no ${ENTITLEMENT_REQUESTED_TAG} tag`);
    // The first reply says why its deadline changed: the association, read back from the ticket's audits.
    const firstReply = frame.getByRole('region', { name: 'First reply' });
    await firstReply.getByRole('button', { name: 'Why the deadline moved' }).click();
    const moved = firstReply.getByText(`Organization ${orgName} associated at`, { exact: false });
    await moved.waitFor({ timeout: 10_000 });
    // Only for the screenshot: the accordion's open animation (Garden) has finished.
    await page.waitForTimeout(400);
    await shot('after-fix-why-moved');
    ok(`the first reply says why its deadline moved: "${(await moved.innerText()).trim()}"`);

    // Control: the form first, then the organization — what the app's order exists to prevent.
    const control = ticketId(stack, 'needsOrgGoodStarter');
    await openTicket(page, stack, control, { apps: false });
    await page.locator('select[name=form]').selectOption({ label: TARGET_FORM });
    await shot('control-form-first');
    await page.locator('[data-action=submit]').click();
    await page.locator('.toast').filter({ hasText: `Ticket #${control} updated` }).waitFor({ timeout: 15_000 });
    const autoReply = page.locator('.comment').filter({ hasText: ENTITLEMENT_AUTO_REPLY.slice(0, 60) });
    await autoReply.waitFor({ timeout: 10_000 });
    expectThat((await autoReply.locator('.meta').innerText()).includes('public'), 'the auto-reply is a public comment');
    expectThat((await page.locator('#ticket-body p.muted').first().innerText()).includes(ENTITLEMENT_REQUESTED_TAG), `the ticket is tagged ${ENTITLEMENT_REQUESTED_TAG}`);
    await shot('control-auto-reply');
    ok('control, form first: the entitlement auto-reply appears in the conversation');
    // The second change, the organization, through the Zendesk API (the workspace has no user-profile editor): the
    // org that owns the requester's email domain, as the fix would have picked.
    const requesterId = stack.sim.getTicket(control).requester_id;
    const domain = (stack.sim.getUser(requesterId).email ?? '').split('@')[1] ?? '';
    const owner = [...stack.sim.organizations.values()].find((o) => o.domain_names.includes(domain));
    expectThat(owner !== undefined, `an organization owns ${domain}`);
    stack.sim.createMembership({ user_id: requesterId, organization_id: owner!.id });
    stack.sim.updateTicket(control, { organization_id: owner!.id });
    await openTicket(page, stack, control, { apps: false });
    await page.locator('[data-field=organization]').filter({ hasText: owner!.name }).waitFor({ timeout: 10_000 });
    expectThat((await page.locator('.comment').filter({ hasText: ENTITLEMENT_AUTO_REPLY.slice(0, 60) }).count()) === 1, 'the auto-reply stays on the ticket after the organization is associated');
    await shot('control-after-org');
    ok(`control, then organization ${owner!.name}: the customer already got the auto-reply`);
  },
};
