import userEvent from '@testing-library/user-event';
import { act, renderApp, screen, waitFor, within } from '../test/render';
import { needsOrgAssessment, zafTicket, TICKET_ID, SELF_MANAGED_FORM } from '../test/fixtures';
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
    data: zafTicket({ 'ticket.organization': null }),
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
