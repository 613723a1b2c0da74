import userEvent from '@testing-library/user-event';
import type { CommitmentStatus } from '@triage-assistant/shared';
import { renderApp, screen, waitFor, within } from '../test/render';
import { TICKET_ID } from '../test/fixtures';
import { CommitmentPanel, type DueTimeChoice, type CommitmentPanelProps } from './CommitmentPanel';

const NOW = new Date('2026-11-27T16:00:00Z');

const choices: DueTimeChoice[] = [{ label: 'End of my day', at: new Date('2026-11-28T01:00:00Z'), title: 'Fri, Nov 27, 5:00 PM PST' }];

const active: CommitmentStatus = {
  commitment: { id: 'c1', ticketId: TICKET_ID, agentId: 501, dueAt: '2026-11-27T17:00:00Z', note: '', createdAt: '2026-11-27T15:00:00Z', cancelledAt: null },
  state: 'due_soon',
  metAt: null,
  minutesLeft: 60,
  reminderAt: [],
  explanation: 'Update due in 1 h',
};

async function renderPanel(props: Partial<CommitmentPanelProps> = {}) {
  const onSet = jest.fn<Promise<void>, [Date]>().mockResolvedValue(undefined);
  const onClear = jest.fn<Promise<void>, []>().mockResolvedValue(undefined);
  renderApp(<CommitmentPanel status={active} choices={choices} now={NOW} disabled={false} onSet={onSet} onClear={onClear} {...props} />);
  const panel = await screen.findByRole('region', { name: 'Next update due' });
  return { panel, input: within(panel).getByLabelText(/Custom time/), onSet, onClear };
}

const refused = new Error('The triage service answered 503');

it('names the save that failed at the panel level, not under the custom-time input, when a quick pick is refused', async () => {
  const user = userEvent.setup();
  const { panel, input } = await renderPanel({ onSet: jest.fn().mockRejectedValue(refused) });
  await user.click(within(panel).getByRole('button', { name: /^End of my day/ }));
  expect(await within(panel).findByRole('alert')).toHaveTextContent('Could not save the commitment: The triage service answered 503');
  expect(input).not.toHaveAttribute('aria-invalid', 'true');
  expect(input).not.toHaveAccessibleDescription(/503/);
});

it('names the clear that failed at the panel level', async () => {
  const user = userEvent.setup();
  const { panel, input } = await renderPanel({ onClear: jest.fn().mockRejectedValue(refused) });
  await user.click(within(panel).getByRole('button', { name: 'Clear' }));
  expect(await within(panel).findByRole('alert')).toHaveTextContent('Could not clear the commitment: The triage service answered 503');
  expect(input).not.toHaveAccessibleDescription(/503/);
});

it('a refused custom time is a failed save (panel level); a time in the past is the input’s own error (under it)', async () => {
  const user = userEvent.setup();
  const onSet = jest.fn().mockRejectedValueOnce(refused).mockResolvedValue(undefined);
  const { panel, input } = await renderPanel({ onSet });
  await user.type(input, '2026-11-30T10:15');
  await user.click(within(panel).getByRole('button', { name: 'Set' }));
  expect(await within(panel).findByRole('alert')).toHaveTextContent('Could not save the commitment: The triage service answered 503');
  expect(input).not.toHaveAccessibleDescription(/503/);

  await user.clear(input);
  await user.type(input, '2026-11-26T10:15');
  await user.click(within(panel).getByRole('button', { name: 'Set' }));
  expect(input).toHaveAccessibleDescription(/Choose a time in the future\./);
  // The earlier failure is not left on screen next to the new problem.
  expect(panel).not.toHaveTextContent('Could not save the commitment');

  await user.clear(input);
  await user.type(input, '2026-11-30T10:15');
  await user.click(within(panel).getByRole('button', { name: 'Set' }));
  await waitFor(() => expect(onSet).toHaveBeenCalledTimes(2));
  await waitFor(() => expect(within(panel).getByRole('button', { name: 'Set' })).toBeEnabled());
  expect(within(panel).queryByRole('alert')).not.toBeInTheDocument();
  expect(input).not.toHaveAccessibleDescription(/Choose a time/);
});

it('says why its buttons are disabled while the service is unreachable', async () => {
  const { panel } = await renderPanel({ disabled: true });
  expect(within(panel).getByText(/^Commitments are kept by the triage service, which is unreachable/)).toBeInTheDocument();
  expect(within(panel).getByRole('button', { name: 'Clear' })).toBeDisabled();
  expect(within(panel).getByRole('button', { name: /^End of my day/ })).toBeDisabled();
});

it('shows no unavailability note while the service answers', async () => {
  const { panel } = await renderPanel();
  expect(within(panel).queryByText(/which is unreachable/)).toBeNull();
});

describe("the policy's own due-soon window (an account's POLICY_FILE)", () => {
  const upcoming: CommitmentStatus = { ...active, state: 'upcoming', minutesLeft: 90, commitment: { ...active.commitment, dueAt: '2026-11-27T17:30:00Z' } };

  it("is GitLab's 60 min until the sidebar knows the policy: 90 min ahead is upcoming", async () => {
    const { panel } = await renderPanel({ status: upcoming });
    expect(panel).toHaveTextContent('Upcoming');
  });

  it('turns the same promise due soon under a 120 min window', async () => {
    const { panel } = await renderPanel({ status: upcoming, dueSoonMinutes: 120 });
    expect(panel).toHaveTextContent('Due soon');
    expect(panel).not.toHaveTextContent('Upcoming');
  });
});

it('offers no new promise on a solved ticket, says why, and still lets the agent clear the one left open', async () => {
  const user = userEvent.setup();
  const { panel, input, onClear } = await renderPanel({ ticketStatus: 'solved' });
  expect(within(panel).getByTestId('commitment-finished')).toHaveTextContent('The ticket is solved: no update is due. Reopen it to promise one.');
  expect(within(panel).getByRole('button', { name: /^End of my day/ })).toBeDisabled();
  expect(input).toBeDisabled();
  await user.click(within(panel).getByRole('button', { name: 'Clear' }));
  await waitFor(() => expect(onClear).toHaveBeenCalledTimes(1));
});

it('offers promises as usual on an open ticket', async () => {
  const { panel, input } = await renderPanel({ ticketStatus: 'open' });
  expect(within(panel).queryByTestId('commitment-finished')).toBeNull();
  expect(within(panel).getByRole('button', { name: /^End of my day/ })).toBeEnabled();
  expect(input).toBeEnabled();
});
