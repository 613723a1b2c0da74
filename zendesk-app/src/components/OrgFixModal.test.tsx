import userEvent from '@testing-library/user-event';
import { act, renderApp, screen, waitFor, within } from '../test/render';
import type { Assessment } from '@triage-assistant/shared';
import { needsOrgAssessment, zafTicket, TICKET_ID, SELF_MANAGED_FORM, OTHER_FORM } from '../test/fixtures';
import TicketSidebar from '../locations/TicketSidebar';

const suggestions = {
  ticketId: TICKET_ID,
  requester: { id: 20001, email: 'dana@acme.example' },
  suggestions: [
    {
      organizationId: 9001,
      name: 'Acme Corp',
      plan: { id: 'priority_support', name: 'Priority Support', sla: true },
      contactCount: 12,
      contactLimit: 30,
      score: 0.9,
      reasons: ['email domain acme.example is one of the organization’s domains'],
    },
    {
      organizationId: 9002,
      name: 'Acme Labs',
      plan: { id: 'standard', name: 'Standard', sla: true },
      contactCount: 29,
      contactLimit: 30,
      score: 0.4,
      reasons: ['Salesforce contact Dana Example'],
    },
  ],
};

function run(state: 'running' | 'succeeded', steps: ['pending' | 'running' | 'done', 'pending' | 'running' | 'done']) {
  return {
    id: 'run-1',
    ticketId: TICKET_ID,
    agentId: 501,
    state,
    steps: [
      { index: 0, kind: 'associate_organization', description: 'Associate Dana Example with Acme Corp', state: steps[0], detail: null, startedAt: null, finishedAt: null },
      { index: 1, kind: 'set_form', description: 'Change form to Self-Managed', state: steps[1], detail: null, startedAt: null, finishedAt: null },
    ],
    createdAt: '2026-11-27T16:00:00Z',
    updatedAt: '2026-11-27T16:00:01Z',
    error: null,
  };
}

afterEach(() => jest.useRealTimers());

it('associates the organization then changes the form: suggestions → confirm → fix run with Idempotency-Key → progress → re-read', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
  const user = userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });
  const polls = [run('succeeded', ['done', 'done'])];
  const { client } = renderApp(<TicketSidebar />, {
    // On L&R, which the plan proposes to leave for Self-Managed.
    data: zafTicket({ 'ticket.organization': null, 'ticket.form.id': OTHER_FORM }),
    routes: [
      { method: 'POST', path: '/v1/assessments', answer: { status: 200, body: needsOrgAssessment() } },
      { method: 'GET', path: `/v1/tickets/${TICKET_ID}/organization-suggestions`, answer: { status: 200, body: suggestions } },
      { method: 'POST', path: `/v1/tickets/${TICKET_ID}/fix-runs`, answer: { status: 201, body: run('running', ['running', 'pending']) } },
      { method: 'GET', path: '/v1/fix-runs/run-1', answer: () => ({ status: 200, body: polls.shift() }) },
    ],
  });

  await user.click(await screen.findByRole('button', { name: 'Associate organization, then change form' }));
  const dialog = await screen.findByRole('dialog');
  const acme = await within(dialog).findByRole('radio', { name: /Acme Corp/ });
  expect(acme).toBeChecked();
  expect(dialog).toHaveTextContent('email domain acme.example is one of the organization’s domains · 12 of 30 contacts');

  await user.type(within(dialog).getByLabelText('Filter organizations'), 'salesforce');
  expect(within(dialog).queryByRole('radio', { name: /Acme Corp/ })).not.toBeInTheDocument();
  expect(within(dialog).getByRole('radio', { name: /Acme Labs/ })).toBeInTheDocument();
  await user.clear(within(dialog).getByLabelText('Filter organizations'));
  // The plan's proposal is preselected; the current form is not among the directly switchable ones.
  expect(within(dialog).getByRole('combobox', { name: /Then move the ticket to form/ })).toHaveDisplayValue('Self-Managed');

  await user.click(within(dialog).getByRole('button', { name: 'Next' }));
  const steps = within(dialog).getAllByRole('listitem').map((li) => li.textContent);
  expect(steps).toEqual(['Associate the requester with Acme Corp', 'Change the form to Self-Managed']);
  expect(dialog).toHaveTextContent('A form change before association sends the customer an auto-reply.');

  await user.click(within(dialog).getByRole('button', { name: 'Run the fix' }));
  const [post] = client.requests('POST', `/v1/tickets/${TICKET_ID}/fix-runs`);
  expect(JSON.parse(post!.data!)).toEqual({
    actions: [
      { kind: 'associate_organization', organizationId: 9001 },
      { kind: 'set_form', formId: SELF_MANAGED_FORM, formName: 'Self-Managed' },
    ],
    internalNote: true,
    userNote: true,
  });
  expect(post!.headers!['Idempotency-Key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(await within(dialog).findByTestId('run-step-0')).toHaveTextContent('Associate Dana Example with Acme Corp — running');
  expect(within(dialog).getByTestId('run-step-1')).toHaveTextContent('Change form to Self-Managed — pending');
  expect(client.requests('GET', '/v1/fix-runs/run-1')).toHaveLength(0);

  const readsBefore = client.calls.get.filter((paths) => paths.includes('ticket.organization')).length;
  await act(async () => {
    jest.advanceTimersByTime(1000);
  });
  await waitFor(() => expect(within(dialog).getByTestId('run-step-1')).toHaveTextContent('Change form to Self-Managed — done'));
  expect(client.requests('GET', '/v1/fix-runs/run-1')).toHaveLength(1);
  expect(within(dialog).getByText('Done. The ticket was re-read.')).toBeInTheDocument();
  // The ticket is read through ZAF again and re-assessed.
  await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
  expect(client.calls.get.filter((paths) => paths.includes('ticket.organization')).length).toBe(readsBefore + 1);
});

/** The simulator's "Other request" form: not in the bundled policy, so the engine proposes no target form. */
const UNKNOWN_FORM = 360000000100;
const SAAS_FORM = 334447;

/** A needs-org ticket on a form the policy does not know: the plan only associates. */
function unknownFormAssessment(): Assessment {
  const base = needsOrgAssessment();
  return {
    ...base,
    findings: [
      base.findings[0]!,
      {
        code: 'form.unknown',
        check: 'form',
        severity: 'warning',
        message: `Form ${UNKNOWN_FORM} is not in policy "GitLab Support (default)": its entitlement and problem-type rules are unknown.`,
        slaImpact: null,
        fix: null,
      },
    ],
    fixPlan: [base.fixPlan[0]!],
  };
}

function oneStepRun() {
  const two = run('succeeded', ['done', 'done']);
  return { ...two, steps: [two.steps[0]!] };
}

function renderUnknownForm(formId: number) {
  return renderApp(<TicketSidebar />, {
    data: zafTicket({ 'ticket.organization': null, 'ticket.form.id': formId }),
    routes: [
      { method: 'POST', path: '/v1/assessments', answer: { status: 200, body: unknownFormAssessment() } },
      { method: 'GET', path: `/v1/tickets/${TICKET_ID}/organization-suggestions`, answer: { status: 200, body: suggestions } },
      { method: 'POST', path: `/v1/tickets/${TICKET_ID}/fix-runs`, answer: { status: 201, body: oneStepRun() } },
    ],
  });
}

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Associate organization, then change form' }));
  const dialog = await screen.findByRole('dialog');
  await within(dialog).findByRole('radio', { name: /Acme Corp/ });
  return { dialog, form: within(dialog).getByRole('combobox', { name: /Then move the ticket to form/ }) };
}

it('on a form the policy does not know, the agent picks the target form: the confirm lists both steps and the run carries both, associate first', async () => {
  const user = userEvent.setup();
  const { client } = renderUnknownForm(UNKNOWN_FORM);
  const { dialog, form } = await openDialog(user);
  // Directly switchable customer forms only (macro-switched and internal forms are not offered).
  expect(within(form).getAllByRole('option').map((o) => o.textContent)).toEqual(['Keep the current form', 'SaaS', 'SaaS Account', 'Self-Managed']);
  expect(form).toHaveDisplayValue('Keep the current form');

  await user.selectOptions(form, 'SaaS');
  await user.click(within(dialog).getByRole('button', { name: 'Next' }));
  expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Associate the requester with Acme Corp', 'Change the form to SaaS']);
  expect(dialog).toHaveTextContent('A form change before association sends the customer an auto-reply.');

  await user.click(within(dialog).getByRole('button', { name: 'Run the fix' }));
  await within(dialog).findByText('Done. The ticket was re-read.');
  const posts = client.requests('POST', `/v1/tickets/${TICKET_ID}/fix-runs`);
  expect(posts).toHaveLength(1);
  expect(JSON.parse(posts[0]!.data!).actions).toEqual([
    { kind: 'associate_organization', organizationId: 9001 },
    { kind: 'set_form', formId: SAAS_FORM, formName: 'SaaS' },
  ]);
});

it('leaving the form as it is only associates: one step in the confirm, one action in the run', async () => {
  const user = userEvent.setup();
  const { client } = renderUnknownForm(UNKNOWN_FORM);
  const { dialog } = await openDialog(user);
  await user.click(within(dialog).getByRole('radio', { name: /Acme Labs/ }));
  await user.click(within(dialog).getByRole('button', { name: 'Next' }));
  expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Associate the requester with Acme Labs']);
  expect(dialog).not.toHaveTextContent('auto-reply');

  await user.click(within(dialog).getByRole('button', { name: 'Run the fix' }));
  await within(dialog).findByText('Done. The ticket was re-read.');
  const [post] = client.requests('POST', `/v1/tickets/${TICKET_ID}/fix-runs`);
  expect(JSON.parse(post!.data!).actions).toEqual([{ kind: 'associate_organization', organizationId: 9002 }]);
});

it('preselects the current form when it is offered; keeping it sends no form change, picking another one does', async () => {
  const user = userEvent.setup();
  const { client } = renderUnknownForm(SAAS_FORM);
  const { dialog, form } = await openDialog(user);
  expect(form).toHaveDisplayValue('SaaS (current)');
  expect(within(form).queryByRole('option', { name: 'Keep the current form' })).not.toBeInTheDocument();

  await user.click(within(dialog).getByRole('button', { name: 'Next' }));
  expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Associate the requester with Acme Corp']);
  await user.click(within(dialog).getByRole('button', { name: 'Back' }));
  await user.selectOptions(within(dialog).getByRole('combobox', { name: /Then move the ticket to form/ }), 'Self-Managed');
  await user.click(within(dialog).getByRole('button', { name: 'Next' }));
  expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
    'Associate the requester with Acme Corp',
    'Change the form to Self-Managed',
  ]);
  await user.click(within(dialog).getByRole('button', { name: 'Run the fix' }));
  await within(dialog).findByText('Done. The ticket was re-read.');
  const [post] = client.requests('POST', `/v1/tickets/${TICKET_ID}/fix-runs`);
  expect(JSON.parse(post!.data!).actions).toEqual([
    { kind: 'associate_organization', organizationId: 9001 },
    { kind: 'set_form', formId: SELF_MANAGED_FORM, formName: 'Self-Managed' },
  ]);
});

describe('a fix run the service does not confirm in time', () => {
  /** Opens the dialog on the needs-org ticket and confirms the plan's two steps. */
  type Answer = 'hang' | ReturnType<typeof run> | Promise<ReturnType<typeof run>>;

  async function runFix(fixRunAnswers: Answer[], polls: Array<ReturnType<typeof run>> = []) {
    jest.useFakeTimers({ now: new Date('2026-11-27T16:00:00Z') });
    const user = userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });
    const { client } = renderApp(<TicketSidebar />, {
      data: zafTicket({ 'ticket.organization': null, 'ticket.form.id': OTHER_FORM }),
      routes: [
        { method: 'POST', path: '/v1/assessments', answer: { status: 200, body: needsOrgAssessment() } },
        { method: 'GET', path: `/v1/tickets/${TICKET_ID}/organization-suggestions`, answer: { status: 200, body: suggestions } },
        {
          method: 'POST',
          path: `/v1/tickets/${TICKET_ID}/fix-runs`,
          answer: async () => {
            const next = await (fixRunAnswers.shift() ?? 'hang');
            return next === 'hang' ? 'hang' : { status: 202, body: next };
          },
        },
        { method: 'GET', path: '/v1/fix-runs/run-1', answer: () => ({ status: 200, body: polls.shift() }) },
      ],
    });
    const { dialog } = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await user.click(within(dialog).getByRole('button', { name: 'Run the fix' }));
    return { client, dialog };
  }

  const advance = (ms: number) =>
    act(async () => {
      jest.advanceTimersByTime(ms);
    });

  it('waits longer than the service holds a fix run (8 s) before giving up on the answer', async () => {
    const { client, dialog } = await runFix(['hang']);
    const [post] = client.requests('POST', `/v1/tickets/${TICKET_ID}/fix-runs`);
    expect(post!.timeout).toBeGreaterThan(8000);
    // Past the 2 s every other call gets, and past the service's 8 s budget: still waiting, nothing reported.
    await advance(9000);
    expect(within(dialog).getByRole('status', { name: 'Fix in progress' })).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent('could not be completed');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('on a timeout says the fix may still be running, asks again with the same key and follows the run to the end', async () => {
    let answerAgain!: (r: ReturnType<typeof run>) => void;
    const again = new Promise<ReturnType<typeof run>>((resolve) => (answerAgain = resolve));
    const { client, dialog } = await runFix(['hang', again], [run('succeeded', ['done', 'done'])]);
    await advance(15_000);
    expect(
      await within(dialog).findByText('The triage service did not answer within 15 s. The fix may still be running: checking its progress…'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('status', { name: 'Fix in progress' })).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent('could not be completed');
    expect(dialog).not.toHaveTextContent('failed');
    const posts = client.requests('POST', `/v1/tickets/${TICKET_ID}/fix-runs`);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.headers!['Idempotency-Key']).toBe(posts[0]!.headers!['Idempotency-Key']);
    expect(posts[1]!.data).toBe(posts[0]!.data);

    await act(async () => answerAgain(run('running', ['done', 'running'])));

    expect(await within(dialog).findByTestId('run-step-1')).toHaveTextContent('Change form to Self-Managed — running');
    await advance(1000);
    await waitFor(() => expect(within(dialog).getByTestId('run-step-1')).toHaveTextContent('Change form to Self-Managed — done'));
    expect(within(dialog).getByText('Done. The ticket was re-read.')).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent('may still be running');
  });

  it('when the service never confirms the run, says it may still be running (not failed), re-reads the ticket and lets the agent close', async () => {
    const { client, dialog } = await runFix(['hang', 'hang']);
    await advance(15_000);
    await advance(15_000);
    expect(
      await within(dialog).findByText(
        'The triage service did not answer within 15 s. The fix may still be running or may have finished: it was not reported as failed. The ticket was re-read; check it before running the fix again.',
      ),
    ).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent('could not be completed');
    expect(within(dialog).queryByRole('status', { name: 'Fix in progress' })).not.toBeInTheDocument();
    await waitFor(() => expect(client.requests('POST', '/v1/assessments')).toHaveLength(2));
    expect(within(dialog).getAllByRole('button', { name: 'Close' })[0]).toBeEnabled();
  });

  it('keeps following a running run when one progress poll goes unanswered', async () => {
    const { client, dialog } = await runFix([run('running', ['running', 'pending'])]);
    const polls: Array<'hang' | ReturnType<typeof run>> = ['hang', run('succeeded', ['done', 'done'])];
    client.routes.unshift({
      method: 'GET',
      path: '/v1/fix-runs/run-1',
      answer: () => {
        const next = polls.shift()!;
        return next === 'hang' ? 'hang' : { status: 200, body: next };
      },
    });
    expect(await within(dialog).findByTestId('run-step-0')).toHaveTextContent('running');
    await advance(1000); // first poll: no answer within 2 s
    await advance(2000);
    expect(dialog).not.toHaveTextContent('could not be completed');
    await advance(1000); // second poll
    await waitFor(() => expect(within(dialog).getByText('Done. The ticket was re-read.')).toBeInTheDocument());
    expect(client.requests('GET', '/v1/fix-runs/run-1')).toHaveLength(2);
  });
});
