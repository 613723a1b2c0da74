import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { act, renderApp, screen, waitFor, within } from '../test/render';
import { FakeZafClient, type Route } from '../test/fake-zaf-client';
import { needsOrgAssessment, priorityAssessment, zafTicket, TICKET_ID, SEVERITY_FIELD, SM_PROBLEM_TYPE_FIELD, OTHER_FORM, SELF_MANAGED_FORM, EMERGENCIES_FORM } from '../test/fixtures';
import { DEFAULT_SEVERITY_FIELD_ID } from '../zaf/settings';
import { GITLAB_POLICY, type Policy } from '@triage-assistant/shared';
import { POLICY_STORAGE_KEY } from '../domain/policy-sync';
import { startFirstAssessment } from '../ticket/first-assessment';
import TicketSidebar from './TicketSidebar';

function assessRoute(body: unknown): Route {
  return { method: 'POST', path: '/v1/assessments', answer: { status: 200, body } };
}

/** Fake timers that also drive user-event and Testing Library's polling. */
function fakeClock(iso: string) {
  jest.useFakeTimers({ now: new Date(iso) });
  return userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });
}

/** Lets the fake client's promise chain (registration, reads, request) finish without moving the clock. */
async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

afterEach(() => {
  jest.useRealTimers();
});

describe('checklist', () => {
  it('lists the four checks in fix order with their reasons and SLA impact', async () => {
    renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    const region = await screen.findByRole('region', { name: 'Triage checklist' });
    const items = within(region).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('data-testid'))).toEqual([
      'check-organization',
      'check-form',
      'check-priority',
      'check-problem_type',
    ]);
    const priority = screen.getByTestId('check-priority');
    expect(priority).toHaveTextContent('Failed');
    expect(priority).toHaveTextContent('Priority: Normal, but Severity 2 means High');
    expect(priority).toHaveTextContent('SLA impact: At High, first reply is due Fri 11:00 PT instead of Fri 15:00 PT.');
    expect(screen.getByTestId('check-organization')).toHaveTextContent('PassedOrganizationOrganization: Acme Corp');
  });

  it('sends the snapshot read through ZAF to POST /v1/assessments with the signed-JWT options', async () => {
    const { client } = renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    await screen.findByRole('region', { name: 'Triage checklist' });
    const [request] = client.requests('POST', '/v1/assessments');
    expect(request).toMatchObject({
      url: '{{setting.service_url}}/v1/assessments',
      contentType: 'application/json',
      secure: true,
      cors: false,
      headers: { Authorization: 'Bearer {{jwt.token}}' },
      jwt: {
        algorithm: 'HS256',
        secret_key: '{{setting.shared_secret}}',
        expiry: 60,
        claims: { sub: '501', agent_id: 501, iss: 'gitlab.zendesk.com', aud: 'triage-assistant' },
      },
      httpCompleteResponse: true,
      timeout: 2000,
    });
    const { ticket } = JSON.parse(request!.data!);
    expect(ticket).toMatchObject({
      id: TICKET_ID,
      priority: 'normal',
      formId: SELF_MANAGED_FORM,
      customerSeverity: 'severity_2',
      problemType: null,
      organization: { id: 9001, name: 'Acme Corp', tags: ['premium'] },
    });
  });

  it('sets the priority into the unsaved ticket', async () => {
    const user = userEvent.setup();
    const { client } = renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    await user.click(await screen.findByRole('button', { name: 'Set priority to High' }));
    expect(client.calls.set).toEqual([['ticket.priority', 'high']]);
  });

  it('names the fix that Zendesk refused, with its reason', async () => {
    const user = userEvent.setup();
    const client = new FakeZafClient({ data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    client.set = async () => {
      throw new Error('"ticket.priority" is not editable');
    };
    renderApp(<TicketSidebar />, { client });
    await user.click(await screen.findByRole('button', { name: 'Set priority to High' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not apply “Set priority to High”: "ticket.priority" is not editable');
  });

  it('sets the chosen problem type into the form field', async () => {
    const user = userEvent.setup();
    const { client } = renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    await user.selectOptions(await screen.findByLabelText('Problem type'), 'sm_upgrades');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(client.calls.set).toEqual([[`ticket.customField:custom_field_${SM_PROBLEM_TYPE_FIELD}`, 'sm_upgrades']]);
  });
});

describe('problem type chooser', () => {
  it('after a form change offers and applies the new form’s problem types, not the value picked on the old form', async () => {
    const user = userEvent.setup();
    const SAAS_FIELD = 360020614420;
    const onSaas = priorityAssessment();
    for (const item of [...onSaas.findings.map((f) => f.fix), ...onSaas.fixPlan.map((s) => s.action)]) {
      if (item?.kind === 'set_problem_type') Object.assign(item, { fieldId: SAAS_FIELD, options: ['saas_ci', 'saas_billing'] });
    }
    const answers = [priorityAssessment(), onSaas];
    const { client } = renderApp(<TicketSidebar />, {
      data: zafTicket(),
      routes: [{ method: 'POST', path: '/v1/assessments', answer: () => ({ status: 200, body: answers.shift() ?? onSaas }) }],
    });
    expect(await screen.findByLabelText('Problem type')).toHaveValue('sm_installation');
    client.data['ticket.form.id'] = OTHER_FORM;
    await act(() => client.fire('ticket.form.id.changed', OTHER_FORM));
    await waitFor(() => expect(screen.getByRole('option', { name: 'saas_ci' })).toBeInTheDocument());
    expect(screen.getByLabelText('Problem type')).toHaveValue('saas_ci');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(client.calls.set).toEqual([[`ticket.customField:custom_field_${SAAS_FIELD}`, 'saas_ci']]);
  });
});

describe('SLA countdown', () => {
  it('shows the time left and the due time in the agent zone, then flips to breached when the clock passes dueAt', async () => {
    fakeClock('2026-11-27T18:59:55Z');
    renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    await settle();
    const frt = screen.getByRole('region', { name: 'First reply' });
    expect(within(frt).getByTestId('sla-countdown')).toHaveTextContent('0:00:05 left');
    expect(within(frt).getByTestId('sla-state')).toHaveTextContent('Due soon');
    // 19:00Z is 11:00 in Los Angeles (the agent's zone), PST in November.
    expect(frt).toHaveTextContent('Due Fri, Nov 27, 11:00 AM PST');
    // 5 s before the deadline there is no business time left to speak of (the assessment's 3 h was as of 16:00).
    expect(frt).not.toHaveTextContent('Business time left');
    act(() => {
      jest.advanceTimersByTime(6000);
    });
    expect(within(frt).getByTestId('sla-state')).toHaveTextContent('Breached');
    expect(within(frt).getByTestId('sla-countdown')).toHaveTextContent('0:00:01 overdue');
  });

  it('counts the business time left down with the clock while the sidebar stays open', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    await settle();
    const frt = screen.getByRole('region', { name: 'First reply' });
    expect(frt).toHaveTextContent('Business time left: 3 h');
    await act(async () => {
      jest.advanceTimersByTime(75 * 60_000);
    });
    // Friday 09:15 PT on 24x5: open all along, so 75 business minutes went by (no re-assessment meanwhile).
    expect(frt).toHaveTextContent('Business time left: 1 h 45 min');
  });

  it("keeps the service's figure when the assessment's policy is not the one the sidebar runs (its schedules may differ)", async () => {
    fakeClock('2026-11-27T16:00:00Z');
    // The service names another policy, and GET /v1/policy is not answered: the sidebar stays on the bundled one.
    renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute({ ...priorityAssessment(), policy: { name: 'Acme Support', version: 3 } })] });
    await settle();
    await act(async () => {
      jest.advanceTimersByTime(75 * 60_000);
    });
    expect(screen.getByRole('region', { name: 'First reply' })).toHaveTextContent('Business time left: 3 h');
  });

  it('keeps the assessed business time left for a paused clock', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    const paused = priorityAssessment({ state: 'paused', pausedSince: '2026-11-27T15:30:00Z', dueAt: null, engineDueAt: null, businessMinutesLeft: 150 });
    renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(paused)] });
    await settle();
    await act(async () => {
      jest.advanceTimersByTime(60 * 60_000);
    });
    expect(screen.getByRole('region', { name: 'First reply' })).toHaveTextContent('Business time left: 2 h 30 min');
  });

  it('explains why the deadline moved on expand', async () => {
    const user = fakeClock('2026-11-27T16:00:00Z');
    renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    await user.click(await screen.findByRole('button', { name: 'Why the deadline moved' }));
    expect(screen.getByText('Fri, Nov 27, 7:30 AM PST: Priority changed from normal to high: target 8 h → 4 h')).toBeVisible();
  });
});

describe('composer warnings', () => {
  const breached = () => priorityAssessment({ state: 'breached', dueAt: '2026-11-27T15:30:00Z' });

  it('warns while a public reply is written on a breached ticket', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    const { client } = renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(breached())] });
    await settle();
    expect(screen.queryByText('First reply SLA already breached')).not.toBeInTheDocument();
    await act(() => client.fire('comment.text.changed', 'Sorry for the wait, here is what we found'));
    expect(screen.getByText('First reply SLA already breached')).toBeInTheDocument();
    expect(screen.getByText('The first reply is 0:30:00 overdue. Send it now; consider apologising for the delay.')).toBeInTheDocument();
  });

  it('stays quiet for an internal note', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    const { client } = renderApp(<TicketSidebar />, {
      data: zafTicket({ 'comment.type': 'internalNote' }),
      routes: [assessRoute(breached())],
    });
    await settle();
    await act(() => client.fire('comment.text.changed', 'Asked the runner team'));
    expect(screen.queryByText('First reply SLA already breached')).not.toBeInTheDocument();
    await act(() => client.fire('comment.type.changed', 'publicReply'));
    expect(screen.getByText('First reply SLA already breached')).toBeInTheDocument();
  });

  it('re-assesses on a field change event and warns once the new deadline is close', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    const answers = [priorityAssessment(), priorityAssessment({ dueAt: '2026-11-27T16:45:00Z' })];
    const { client } = renderApp(<TicketSidebar />, {
      data: zafTicket({ 'comment.text': 'Here is what we found' }),
      routes: [{ method: 'POST', path: '/v1/assessments', answer: () => ({ status: 200, body: answers.shift() }) }],
    });
    await settle();
    expect(screen.queryByText('First reply SLA breaches soon')).not.toBeInTheDocument();
    client.data['ticket.priority'] = 'urgent';
    await act(() => client.fire('ticket.priority.changed', 'urgent'));
    await act(async () => {
      jest.advanceTimersByTime(250);
    });
    await settle();
    expect(JSON.parse(client.requests('POST', '/v1/assessments')[1]!.data!).ticket.priority).toBe('urgent');
    expect(screen.getByText('First reply SLA breaches soon')).toBeInTheDocument();
    // 16:45 due, 16:00:00.25 now (after the 250 ms debounce): 44:59.75 left, shown rounded up.
    expect(screen.getByText('0:45:00 left to send the first public reply.')).toBeInTheDocument();
  });

  it('warns when the first reply will breach within the warning window', async () => {
    fakeClock('2026-11-27T18:00:00Z');
    renderApp(<TicketSidebar />, {
      data: zafTicket({ 'comment.text': 'Looking into it' }),
      routes: [assessRoute(priorityAssessment())],
      settings: { warning_window_minutes: 90 },
    });
    await settle();
    expect(screen.getByText('First reply SLA breaches soon')).toBeInTheDocument();
    expect(screen.getByText('1:00:00 left to send the first public reply.')).toBeInTheDocument();
  });
});

describe('ticket.save hook', () => {
  async function sidebarWith(data: Record<string, unknown>) {
    const result = renderApp(<TicketSidebar />, { data, routes: [assessRoute(needsOrgAssessment())] });
    await screen.findByRole('region', { name: 'Triage checklist' });
    return result.client;
  }

  it('blocks a form change to an entitlement form on an organization-less ticket, saying why', async () => {
    const client = await sidebarWith(zafTicket({ 'ticket.organization': null, 'ticket.form.id': OTHER_FORM }));
    client.data['ticket.form.id'] = SELF_MANAGED_FORM;
    const outcome = await client.runSaveHook();
    expect(outcome).toEqual({
      allowed: false,
      message:
        'Associate the organization first: form "Self-Managed" requires entitlement, and changing the form of a ticket without an organization re-runs triggers and sends the customer an auto-reply (non-contact tickets are auto-closed).',
    });
    expect(client.calls.invoke.filter(([name]) => name === 'notify')).toEqual([]);
  });

  it('still blocks once the sidebar has re-read the changed form (the agent looked before submitting)', async () => {
    const client = await sidebarWith(zafTicket({ 'ticket.organization': null, 'ticket.form.id': OTHER_FORM }));
    client.data['ticket.form.id'] = SELF_MANAGED_FORM;
    await act(() => client.fire('ticket.form.id.changed', SELF_MANAGED_FORM));
    // The 250 ms debounce, then the re-read: the sidebar's snapshot now holds the draft's form.
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
    expect(JSON.parse(client.requests('POST', '/v1/assessments')[1]!.data!).ticket.formId).toBe(SELF_MANAGED_FORM);
    await settle();
    const outcome = await client.runSaveHook();
    expect(outcome.allowed).toBe(false);
    expect((outcome as { message: string }).message).toMatch(/^Associate the organization first: form "Self-Managed" requires entitlement/);
  });

  it('takes the form of a saved ticket as the new baseline (ticket.saved)', async () => {
    const client = await sidebarWith(zafTicket({ 'ticket.organization': null, 'ticket.form.id': OTHER_FORM }));
    // Saved elsewhere in the agent's session (e.g. a save the guard did not see): the saved form is now Self-Managed.
    client.data['ticket.form.id'] = SELF_MANAGED_FORM;
    await act(() => client.fire('ticket.saved', {}));
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
    await settle();
    expect(await client.runSaveHook()).toEqual({ allowed: true });
  });

  it('keeps guarding an unsaved form change after someone else saves the ticket (ticket.updated)', async () => {
    const client = await sidebarWith(zafTicket({ 'ticket.organization': null, 'ticket.form.id': OTHER_FORM }));
    // Zendesk still has the old form; only the agent's draft holds Self-Managed.
    client.routes.push({ method: 'GET', path: `/api/v2/tickets/${TICKET_ID}.json`, answer: { status: 200, body: { ticket: { id: TICKET_ID, ticket_form_id: OTHER_FORM, priority: 'normal', status: 'open' } } } });
    client.data['ticket.form.id'] = SELF_MANAGED_FORM;
    await act(() => client.fire('ticket.updated', {}));
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
    await settle();
    expect(client.requests('GET', `/api/v2/tickets/${TICKET_ID}.json`)).toHaveLength(1);
    const outcome = await client.runSaveHook();
    expect(outcome.allowed).toBe(false);
    expect((outcome as { message: string }).message).toMatch(/^Associate the organization first: form "Self-Managed" requires entitlement/);
  });

  it('takes the form someone else saved as the baseline after ticket.updated', async () => {
    const client = await sidebarWith(zafTicket({ 'ticket.organization': null, 'ticket.form.id': OTHER_FORM }));
    client.routes.push({ method: 'GET', path: `/api/v2/tickets/${TICKET_ID}.json`, answer: { status: 200, body: { ticket: { id: TICKET_ID, ticket_form_id: SELF_MANAGED_FORM, priority: 'normal', status: 'open' } } } });
    client.data['ticket.form.id'] = SELF_MANAGED_FORM;
    await act(() => client.fire('ticket.updated', {}));
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
    await settle();
    expect(await client.runSaveHook()).toEqual({ allowed: true });
  });

  it('keeps the earlier baseline when Zendesk cannot tell the saved form after ticket.updated', async () => {
    const client = await sidebarWith(zafTicket({ 'ticket.organization': null, 'ticket.form.id': OTHER_FORM }));
    client.routes.push({ method: 'GET', path: `/api/v2/tickets/${TICKET_ID}.json`, answer: 'network-error' });
    client.data['ticket.form.id'] = SELF_MANAGED_FORM;
    await act(() => client.fire('ticket.updated', {}));
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
    await settle();
    expect((await client.runSaveHook()).allowed).toBe(false);
  });

  it('re-assesses when the agent edits a field the checklist reads (customer severity)', async () => {
    const client = await sidebarWith(zafTicket());
    await act(() => client.fire(`ticket.custom_field_${DEFAULT_SEVERITY_FIELD_ID}.changed`, 'severity_1'));
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
  });

  it("follows the service's own policy (POLICY_FILE): a form of the account's that needs entitlement is guarded", async () => {
    const acme: Policy = {
      ...GITLAB_POLICY,
      name: 'Acme Support',
      version: 3,
      forms: [...GITLAB_POLICY.forms, { id: 777_001, name: 'Acme Enterprise', requiresEntitlement: true, problemType: null, switchable: 'direct', generic: false, internal: false }],
      // The account's own severity field: read once the policy is known (the app's setting is left empty).
      fields: { ...GITLAB_POLICY.fields, customerSeverity: 555_001 },
    };
    const assessment = { ...needsOrgAssessment(), policy: { name: 'Acme Support', version: 3 } };
    const { client } = renderApp(<TicketSidebar />, {
      data: zafTicket({ 'ticket.organization': null, 'ticket.form.id': OTHER_FORM, 'ticket.customField:custom_field_555001': 'severity_1' }),
      routes: [assessRoute(assessment), { method: 'GET', path: '/v1/policy', answer: { status: 200, body: acme } }],
    });
    await screen.findByRole('region', { name: 'Triage checklist' });
    // Fetched once, then the ticket is read and assessed again under it.
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
    expect(client.requests('GET', '/v1/policy')).toHaveLength(1);
    const severities = client.requests('POST', '/v1/assessments').map((r) => JSON.parse(String(r.data)).ticket.customerSeverity);
    expect(severities).toEqual(['severity_2', 'severity_1']);
    client.data['ticket.form.id'] = 777_001;
    expect(await client.runSaveHook()).toEqual({
      allowed: false,
      message: expect.stringMatching(/^Associate the organization first: form "Acme Enterprise" requires entitlement/),
    });
    expect(JSON.parse(window.localStorage.getItem(POLICY_STORAGE_KEY) ?? 'null')).toMatchObject({ name: 'Acme Support', version: 3 });
  });

  it("re-assesses on edits to the fields the service's policy names (its severity field, its forms' problem-type fields)", async () => {
    const acmeForm = { id: 777_002, name: 'Acme Hosted', requiresEntitlement: false, switchable: 'direct' as const, generic: false, internal: false };
    const acme: Policy = {
      ...GITLAB_POLICY,
      name: 'Acme Support',
      version: 4,
      forms: [...GITLAB_POLICY.forms, { ...acmeForm, problemType: { fieldId: 555_002, name: 'Acme Problem Type', values: ['acme_login'], required: true } }],
      fields: { ...GITLAB_POLICY.fields, customerSeverity: 555_001 },
    };
    const assessment = { ...priorityAssessment(), policy: { name: 'Acme Support', version: 4 } };
    const { client } = renderApp(<TicketSidebar />, {
      data: zafTicket({ 'ticket.form.id': 777_002 }),
      routes: [assessRoute(assessment), { method: 'GET', path: '/v1/policy', answer: { status: 200, body: acme } }],
    });
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
    await act(() => client.fire('ticket.custom_field_555001.changed', 'severity_1'));
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(3));
    await act(() => client.fire('ticket.custom_field_555002.changed', 'acme_login'));
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(4));
  });

  it('warns and allows Pending with only an internal note', async () => {
    const client = await sidebarWith(zafTicket());
    Object.assign(client.data, { 'ticket.status': 'pending', 'comment.type': 'internalNote', 'comment.text': 'Waiting on logs' });
    expect(await client.runSaveHook()).toEqual({ allowed: true });
    expect(client.calls.invoke).toContainEqual([
      'notify',
      'Pending with only an internal note: the customer is not asked for anything, and the reply clock keeps running until a public reply.',
      'alert',
    ]);
  });

  it('warns and allows a form change whose SLA plan makes the first reply overdue, naming the form', async () => {
    // Fri 08:00 PT, the ticket written at 07:00 by a Premium customer: on Self-Managed at Normal, first reply is due
    // 15:00 PT. Emergencies is 30 min on 24x7 (07:30, gone): saved now, the ticket is breached at once.
    fakeClock('2026-11-27T16:00:00Z');
    const { client } = renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    await settle();
    client.data['ticket.form.id'] = EMERGENCIES_FORM;
    expect(await client.runSaveHook()).toEqual({ allowed: true });
    expect(client.calls.invoke.filter(([name]) => name === 'notify')).toEqual([
      ['notify', 'Changing the form to "Emergencies" moves the first-reply deadline from 15:00 PT to 08:00 PT, already past.', 'alert'],
    ]);
  });

  it('still allows a warned save when Zendesk fails to show the warning (a failed notice never blocks without a reason)', async () => {
    const client = await sidebarWith(zafTicket());
    const invoke = client.invoke.bind(client);
    client.invoke = async (name: string, ...args: unknown[]) => {
      if (name === 'notify') throw new Error('Invocation timed out');
      return invoke(name, ...args);
    };
    Object.assign(client.data, { 'ticket.status': 'pending', 'comment.type': 'internalNote', 'comment.text': 'Waiting on logs' });
    expect(await client.runSaveHook()).toEqual({ allowed: true });
  });

  it('allows a save that changes nothing the guard cares about', async () => {
    const client = await sidebarWith(zafTicket());
    expect(await client.runSaveHook()).toEqual({ allowed: true });
    expect(client.calls.invoke.filter(([name]) => name === 'notify')).toEqual([]);
  });
});

describe('degraded mode', () => {
  it('assesses locally with the bundled policy when the service is unreachable, then recovers by itself', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    const client = new FakeZafClient({ data: zafTicket(), routes: [{ method: 'POST', path: '/v1/assessments', answer: 'network-error' }] });
    renderApp(<TicketSidebar />, { client });
    const note = await screen.findByTestId('offline-note');
    expect(note).toHaveTextContent('Offline: local assessment');
    expect(note).toHaveTextContent('The triage service could not be reached');
    expect(note).toHaveTextContent('the policy “GitLab Support (default)”');
    // Local GitLab policy: Severity 2 means High, the ticket is Normal.
    expect(screen.getByTestId('check-priority')).toHaveTextContent('Priority is Normal but Customer Severity severity_2 maps to High.');

    client.routes = [assessRoute(priorityAssessment())];
    await act(async () => {
      jest.advanceTimersByTime(15_000);
    });
    await waitFor(() => expect(screen.queryByTestId('offline-note')).not.toBeInTheDocument());
    expect(screen.getByText('Plan: Priority Support (organization Acme Corp is tagged premium)')).toBeInTheDocument();
    expect(client.requests('POST', '/v1/assessments')).toHaveLength(2);
  });

  it('offline, says the organization fix is unavailable because the service is unreachable (not "save the ticket"), and offers it again once it is back', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    const client = new FakeZafClient({
      data: zafTicket({ 'ticket.organization': null, 'ticket.form.id': OTHER_FORM }),
      routes: [{ method: 'POST', path: '/v1/assessments', answer: 'network-error' }],
    });
    renderApp(<TicketSidebar />, { client });
    await screen.findByTestId('offline-note');
    const organization = screen.getByTestId('check-organization');
    expect(organization).toHaveTextContent(
      'The triage service is unreachable: the organization fix runs there and is unavailable until the service is back.',
    );
    expect(organization).not.toHaveTextContent('Save the ticket first');
    expect(within(organization).queryByRole('button')).not.toBeInTheDocument();

    client.routes = [assessRoute(needsOrgAssessment())];
    await act(async () => {
      jest.advanceTimersByTime(15_000);
    });
    await waitFor(() => expect(screen.queryByTestId('offline-note')).not.toBeInTheDocument());
    expect(within(screen.getByTestId('check-organization')).getByRole('button', { name: 'Associate organization, then change form' })).toBeInTheDocument();
    expect(screen.getByTestId('check-organization')).not.toHaveTextContent('unreachable');
  });

  it('keeps retrying when a retry cannot read the ticket, and recovers once Zendesk and the service answer', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    const client = new FakeZafClient({ data: zafTicket(), routes: [{ method: 'POST', path: '/v1/assessments', answer: 'network-error' }] });
    renderApp(<TicketSidebar />, { client });
    await screen.findByTestId('offline-note');
    // The first retry finds ZAF unable to read the ticket (the agent's Zendesk tab was busy reloading).
    const get = client.get.bind(client);
    client.get = () => Promise.reject(new Error('Invocation timed out'));
    await act(async () => {
      jest.advanceTimersByTime(15_000);
    });
    await settle();
    client.get = get;
    client.routes = [assessRoute(priorityAssessment())];
    await act(async () => {
      jest.advanceTimersByTime(15_000);
    });
    await waitFor(() => expect(screen.queryByTestId('offline-note')).not.toBeInTheDocument());
    expect(screen.getByText('Plan: Priority Support (organization Acme Corp is tagged premium)')).toBeInTheDocument();
  });

  it('falls back when the service takes longer than 2 s', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    const { client } = renderApp(<TicketSidebar />, { data: zafTicket(), routes: [{ method: 'POST', path: '/v1/assessments', answer: 'hang' }] });
    await settle();
    expect(client.requests('POST', '/v1/assessments')).toHaveLength(1);
    await act(async () => {
      jest.advanceTimersByTime(1999);
    });
    expect(screen.queryByTestId('offline-note')).not.toBeInTheDocument();
    await act(async () => {
      jest.advanceTimersByTime(1);
    });
    expect(await screen.findByTestId('offline-note')).toHaveTextContent('The triage service did not answer within 2 s');
  });
});

describe('first assessment started at registration (main.tsx)', () => {
  /** Holds ZAF's `currentUser` read until released: the time between registration and the sidebar's mount. */
  function holdAgentRead(client: FakeZafClient): () => void {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const get = client.get.bind(client);
    jest.spyOn(client, 'get').mockImplementation(async (paths) => {
      if ([paths].flat().includes('currentUser')) await held;
      return get(paths);
    });
    return release;
  }
  const ticketReads = (client: FakeZafClient) => client.calls.get.filter((paths) => paths.includes('ticket.id')).length;

  it('reads the ticket while the agent is still being read, then renders that read and its one assessment', async () => {
    const client = new FakeZafClient({ data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    const release = holdAgentRead(client);
    renderApp(<TicketSidebar />, { client, onRegistered: startFirstAssessment });
    await waitFor(() => expect(ticketReads(client)).toBe(1));
    expect(screen.getByRole('status', { name: 'Loading…' })).toBeInTheDocument();
    expect(client.calls.request).toHaveLength(0);
    await act(async () => release());
    expect(await screen.findByText('Plan: Priority Support (organization Acme Corp is tagged premium)')).toBeInTheDocument();
    expect(screen.getByTestId('check-priority')).toHaveTextContent('Priority: Normal, but Severity 2 means High');
    expect(ticketReads(client)).toBe(1);
    expect(client.requests('POST', '/v1/assessments')).toHaveLength(1);
  });

  it('reads again when the ticket changed before the sidebar mounted, and shows the changed ticket', async () => {
    const client = new FakeZafClient({
      data: zafTicket(),
      routes: [{ method: 'POST', path: '/v1/assessments', answer: (_, body) => ({ status: 200, body: (body as { ticket: { priority: string } }).ticket.priority === 'high' ? needsOrgAssessment() : priorityAssessment() }) }],
    });
    const release = holdAgentRead(client);
    renderApp(<TicketSidebar />, { client, onRegistered: startFirstAssessment });
    await waitFor(() => expect(ticketReads(client)).toBe(1));
    client.data['ticket.priority'] = 'high';
    await act(async () => void (await client.fire('ticket.priority.changed', 'high')));
    await act(async () => release());
    await waitFor(() => expect(within(screen.getByTestId('check-organization')).getByRole('button', { name: 'Associate organization, then change form' })).toBeInTheDocument());
    expect(ticketReads(client)).toBe(2);
    const bodies = client.requests('POST', '/v1/assessments').map((r) => JSON.parse(r.data!).ticket.priority);
    expect(bodies.at(-1)).toBe('high');
  });

  it('assesses a custom field edited just after the sidebar took the early read, before it follows the field itself', async () => {
    const client = new FakeZafClient({ data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    const release = holdAgentRead(client);
    // The agent edits the severity the moment the sidebar has taken the early read: when it subscribes to saves (the
    // early read did so first), after the take and before its own read names the custom fields it follows.
    const on = client.on.bind(client);
    let saveSubscriptions = 0;
    jest.spyOn(client, 'on').mockImplementation((event, handler) => {
      on(event, handler);
      if (event !== 'ticket.saved' || ++saveSubscriptions !== 2) return;
      client.data[`ticket.customField:custom_field_${SEVERITY_FIELD}`] = 'severity_1';
      void client.fire(`ticket.custom_field_${SEVERITY_FIELD}.changed`, 'severity_1');
    });
    renderApp(<TicketSidebar />, { client, onRegistered: startFirstAssessment });
    // The early read has ended (it follows the severity field from then on) before the sidebar mounts.
    await waitFor(() => expect(client.listeners(`ticket.custom_field_${SEVERITY_FIELD}.changed`)).toBe(1));
    await act(async () => release());
    await waitFor(() => expect(severitiesSent(client)).toEqual(['severity_2', 'severity_1']));
    expect(ticketReads(client)).toBe(2);
  });

  /** GitLab's policy as an account's own, with its own severity field (kept by an earlier session). */
  const acmePolicy = (): Policy => ({ ...GITLAB_POLICY, name: 'Acme Support', version: 3, fields: { ...GITLAB_POLICY.fields, customerSeverity: 555_001 } });
  const severitiesSent = (client: FakeZafClient) => client.requests('POST', '/v1/assessments').map((r) => JSON.parse(r.data!).ticket.customerSeverity);

  it("reads through the fields of the account's policy kept by an earlier session, and takes that read", async () => {
    window.localStorage.setItem(POLICY_STORAGE_KEY, JSON.stringify(acmePolicy()));
    const client = new FakeZafClient({
      data: zafTicket({ 'ticket.customField:custom_field_555001': 'severity_1' }),
      routes: [assessRoute({ ...priorityAssessment(), policy: { name: 'Acme Support', version: 3 } })],
    });
    renderApp(<TicketSidebar />, { client, onRegistered: startFirstAssessment });
    await screen.findByRole('region', { name: 'Triage checklist' });
    expect(ticketReads(client)).toBe(1);
    expect(severitiesSent(client)).toEqual(['severity_1']);
  });

  it('reads again when the kept policy turns out damaged: the early read went through fields the checked policy does not name', async () => {
    // Its severity field is readable, but the rest fails the policy schema: the sidebar drops it for the bundled one.
    window.localStorage.setItem(POLICY_STORAGE_KEY, JSON.stringify({ fields: { customerSeverity: 555_001 }, forms: [] }));
    const client = new FakeZafClient({
      data: zafTicket({ 'ticket.customField:custom_field_555001': 'severity_1' }),
      routes: [assessRoute(priorityAssessment())],
    });
    renderApp(<TicketSidebar />, { client, onRegistered: startFirstAssessment });
    await screen.findByRole('region', { name: 'Triage checklist' });
    await waitFor(() => expect(severitiesSent(client)).toEqual(['severity_1', 'severity_2']));
    expect(ticketReads(client)).toBe(2);
    expect(window.localStorage.getItem(POLICY_STORAGE_KEY)).toBeNull();
  });

  it('falls back to the local assessment when the service was unreachable at registration, without asking twice', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    const client = new FakeZafClient({ data: zafTicket(), routes: [{ method: 'POST', path: '/v1/assessments', answer: 'network-error' }] });
    renderApp(<TicketSidebar />, { client, onRegistered: startFirstAssessment });
    expect(await screen.findByTestId('offline-note')).toHaveTextContent('The triage service could not be reached');
    expect(screen.getByTestId('check-priority')).toHaveTextContent('Priority is Normal but Customer Severity severity_2 maps to High.');
    expect(client.requests('POST', '/v1/assessments')).toHaveLength(1);
    client.routes = [assessRoute(priorityAssessment())];
    await act(async () => {
      jest.advanceTimersByTime(15_000);
    });
    await waitFor(() => expect(screen.queryByTestId('offline-note')).not.toBeInTheDocument());
    expect(client.requests('POST', '/v1/assessments')).toHaveLength(2);
  });
});

describe('commitment', () => {
  it('puts the quick pick as the due time', async () => {
    const user = fakeClock('2026-11-27T16:00:00Z');
    const { client } = renderApp(<TicketSidebar />, {
      data: zafTicket(),
      routes: [
        assessRoute(priorityAssessment()),
        {
          method: 'PUT',
          path: `/v1/tickets/${TICKET_ID}/commitment`,
          answer: (_, body) => ({
            status: 200,
            body: { id: 'c1', ticketId: TICKET_ID, agentId: 501, dueAt: (body as { dueAt: string }).dueAt, note: '', createdAt: '2026-11-27T16:00:00Z', cancelledAt: null },
          }),
        },
      ],
    });
    // 08:00 in Los Angeles: end of the agent's day is 17:00 PST = 01:00Z the next day.
    await user.click(await screen.findByRole('button', { name: /^End of my day/ }));
    const [put] = client.requests('PUT', `/v1/tickets/${TICKET_ID}/commitment`);
    expect(JSON.parse(put!.data!)).toEqual({ dueAt: '2026-11-28T01:00:00.000Z', note: '' });
    // The sidebar re-assesses to show the new commitment's status, then re-enables the picks.
    await waitFor(() => expect(screen.getByRole('button', { name: /^End of my day/ })).toBeEnabled());
    expect(client.requests('POST', '/v1/assessments')).toHaveLength(2);
  });

  it("shows the service's reason when it refuses a commitment on a solved ticket", async () => {
    const user = fakeClock('2026-11-27T16:00:00Z');
    const message = `Ticket #${TICKET_ID} is solved: no update is due on a solved ticket (reopen it to promise one)`;
    renderApp(<TicketSidebar />, {
      data: zafTicket(),
      routes: [
        assessRoute(priorityAssessment()),
        {
          method: 'PUT',
          path: `/v1/tickets/${TICKET_ID}/commitment`,
          answer: { status: 409, body: { statusCode: 409, error: 'Conflict', code: 'ticket_solved', message } },
        },
      ],
    });
    const panel = await screen.findByRole('region', { name: 'Next update due' });
    await user.click(within(panel).getByRole('button', { name: /^End of my day/ }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(`Could not save the commitment: ${message}`);
    expect(panel).toHaveTextContent('No update promised yet.');
  });

  it('offers no new commitment on a ticket the agent sees solved, and says why', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    renderApp(<TicketSidebar />, { data: zafTicket({ 'ticket.status': 'solved' }), routes: [assessRoute(priorityAssessment())] });
    const panel = await screen.findByRole('region', { name: 'Next update due' });
    expect(within(panel).getByTestId('commitment-finished')).toHaveTextContent('The ticket is solved: no update is due.');
    expect(within(panel).getByRole('button', { name: /^End of my day/ })).toBeDisabled();
  });

  it('judges the ticket solved as saved, not by the unsaved status the agent picked', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    const { client } = renderApp(<TicketSidebar />, { data: zafTicket({ 'ticket.status': 'solved' }), routes: [assessRoute(priorityAssessment())] });
    const panel = await screen.findByRole('region', { name: 'Next update due' });
    expect(within(panel).getByTestId('commitment-finished')).toHaveTextContent('The ticket is solved');
    client.data['ticket.status'] = 'open';
    await act(() => client.fire('ticket.status.changed', 'open'));
    await act(() => jest.advanceTimersByTimeAsync(300));
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
    await settle();
    // Still solved in Zendesk until the agent submits: the service would refuse a promise (409 ticket_solved).
    expect(within(panel).getByTestId('commitment-finished')).toHaveTextContent('The ticket is solved');
    await act(() => client.fire('ticket.saved', {}));
    await act(() => jest.advanceTimersByTimeAsync(300));
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(3));
    await settle();
    expect(within(panel).queryByTestId('commitment-finished')).toBeNull();
    expect(within(panel).getByRole('button', { name: /^End of my day/ })).toBeEnabled();
  });

  it('puts a custom time read in the agent zone and clears with DELETE', async () => {
    const user = fakeClock('2026-11-27T16:00:00Z');
    const withCommitment = {
      ...priorityAssessment(),
      commitment: {
        commitment: { id: 'c1', ticketId: TICKET_ID, agentId: 501, dueAt: '2026-11-27T17:00:00Z', note: '', createdAt: '2026-11-27T15:00:00Z', cancelledAt: null },
        state: 'due_soon',
        metAt: null,
        minutesLeft: 60,
        reminderAt: [],
        explanation: 'Update due in 1 h',
      },
    };
    const { client } = renderApp(<TicketSidebar />, {
      data: zafTicket(),
      routes: [
        assessRoute(withCommitment),
        { method: 'PUT', path: `/v1/tickets/${TICKET_ID}/commitment`, answer: { status: 200, body: withCommitment.commitment.commitment } },
        { method: 'DELETE', path: `/v1/tickets/${TICKET_ID}/commitment`, answer: { status: 204 } },
      ],
    });
    const panel = await screen.findByRole('region', { name: 'Next update due' });
    expect(panel).toHaveTextContent('Due soon');
    expect(panel).toHaveTextContent('Fri, Nov 27, 9:00 AM PST');
    const input = within(panel).getByLabelText(/Custom time/);
    await user.type(input, '2026-11-30T10:15');
    await user.click(within(panel).getByRole('button', { name: 'Set' }));
    const [put] = client.requests('PUT', `/v1/tickets/${TICKET_ID}/commitment`);
    expect(JSON.parse(put!.data!)).toEqual({ dueAt: '2026-11-30T18:15:00.000Z', note: '' });
    const clear = within(panel).getByRole('button', { name: 'Clear' });
    await waitFor(() => expect(clear).toBeEnabled());
    await user.click(clear);
    expect(client.requests('DELETE', `/v1/tickets/${TICKET_ID}/commitment`)).toHaveLength(1);
    await waitFor(() => expect(within(panel).getByRole('button', { name: /^End of my day/ })).toBeEnabled());
    expect(client.requests('POST', '/v1/assessments')).toHaveLength(3);
  });
});

describe('commitment, with the sidebar left open (no re-assessment meanwhile)', () => {
  const commitmentAt = (dueAt: string, state: 'upcoming' | 'due_soon') => ({
    ...priorityAssessment(),
    commitment: {
      commitment: { id: 'c1', ticketId: TICKET_ID, agentId: 501, dueAt, note: '', createdAt: '2026-11-27T15:00:00Z', cancelledAt: null },
      state,
      metAt: null,
      minutesLeft: Math.round((Date.parse(dueAt) - Date.parse('2026-11-27T16:00:00Z')) / 60_000),
      reminderAt: [],
      explanation: 'Update promised',
    },
  });
  const putRoute: Route = {
    method: 'PUT',
    path: `/v1/tickets/${TICKET_ID}/commitment`,
    answer: (_, body) => ({
      status: 200,
      body: { id: 'c2', ticketId: TICKET_ID, agentId: 501, dueAt: (body as { dueAt: string }).dueAt, note: '', createdAt: '2026-11-27T18:00:00Z', cancelledAt: null },
    }),
  };

  let current: FakeZafClient | null = null;
  const client = () => current!;
  beforeEach(() => {
    current = null;
  });
  function renderOpen(assessment: unknown) {
    current = new FakeZafClient({ data: zafTicket(), routes: [assessRoute(assessment), putRoute] });
    return renderApp(<TicketSidebar />, { client: current });
  }

  it('turns the promised update to "Due soon", then "Overdue", as the clock passes its window and due time', async () => {
    fakeClock('2026-11-27T16:00:00Z');
    renderOpen(commitmentAt('2026-11-27T18:00:00Z', 'upcoming'));
    await settle();
    const panel = screen.getByRole('region', { name: 'Next update due' });
    expect(panel).toHaveTextContent('Upcoming');
    await act(async () => {
      jest.advanceTimersByTime(61 * 60_000);
    });
    expect(panel).toHaveTextContent('Due soon');
    await act(async () => {
      jest.advanceTimersByTime(60 * 60_000);
    });
    expect(panel).toHaveTextContent('Overdue');
    expect(client().requests('POST', '/v1/assessments')).toHaveLength(1);
  });

  it('a quick pick clicked two hours after the sidebar opened counts from the click, not from the opening', async () => {
    const user = fakeClock('2026-11-27T16:00:00Z');
    renderOpen(priorityAssessment());
    await settle();
    await act(async () => {
      jest.advanceTimersByTime(2 * 60 * 60_000);
    });
    // 18:00Z is Friday 10:00 PST; 4 business hours on the 24x5 schedule → 14:00 PST = 22:00Z.
    const pick = screen.getByRole('button', { name: /^\+4 business hours/ });
    expect(pick).toHaveAccessibleName('+4 business hours: Fri, Nov 27, 2:00 PM PST');
    await user.click(pick);
    const [put] = client().requests('PUT', `/v1/tickets/${TICKET_ID}/commitment`);
    expect(JSON.parse(put!.data!)).toEqual({ dueAt: '2026-11-27T22:00:00.000Z', note: '' });
  });

  it('refuses a custom time that has passed since the sidebar opened, saying why, without calling the service', async () => {
    const user = fakeClock('2026-11-27T16:00:00Z');
    renderOpen(priorityAssessment());
    await settle();
    await act(async () => {
      jest.advanceTimersByTime(3 * 60 * 60_000);
    });
    // Now 11:00 PST; 10:00 PST was still ahead when the sidebar opened at 08:00 PST.
    const panel = screen.getByRole('region', { name: 'Next update due' });
    const input = within(panel).getByLabelText(/Custom time/);
    await user.type(input, '2026-11-27T10:00');
    await user.click(within(panel).getByRole('button', { name: 'Set' }));
    expect(input).toHaveAccessibleDescription(/Choose a time in the future\./);
    expect(client().requests('PUT', `/v1/tickets/${TICKET_ID}/commitment`)).toHaveLength(0);
  });
});

describe('new ticket sidebar', () => {
  it('assesses an unsaved ticket, but asks to save before the service-side organization fix and offers no commitment', async () => {
    const { client } = renderApp(<TicketSidebar />, {
      context: { location: 'new_ticket_sidebar' },
      data: zafTicket({ 'ticket.id': 'new/1', 'ticket.organization': null, 'ticket.comments': [] }),
      routes: [assessRoute({ ...needsOrgAssessment(), ticketId: null })],
    });
    expect(await screen.findByText('Save the ticket first: the organization is associated on the saved ticket.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Associate organization, then change form' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Next update due' })).not.toBeInTheDocument();
    expect(JSON.parse(client.requests('POST', '/v1/assessments')[0]!.data!).ticket.id).toBeNull();
  });
});

describe('accessibility', () => {
  it('has no axe violations', async () => {
    jest.useRealTimers();
    const { container } = renderApp(<TicketSidebar />, { data: zafTicket(), routes: [assessRoute(priorityAssessment())] });
    await screen.findByRole('region', { name: 'Triage checklist' });
    expect(await axe(container)).toHaveNoViolations();
  });
});
