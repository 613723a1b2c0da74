import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { act, renderApp, screen, waitFor, within } from '../test/render';
import NavBar from './NavBar';

const commitments = {
  commitments: [
    {
      commitment: { id: 'c1', ticketId: 300, agentId: 501, dueAt: '2026-11-27T22:00:00Z', note: '', createdAt: '2026-11-27T15:00:00Z', cancelledAt: null },
      state: 'upcoming',
      metAt: null,
      minutesLeft: 360,
      reminderAt: [],
      explanation: 'Update promised by 14:00 PST',
    },
    {
      commitment: { id: 'c2', ticketId: 301, agentId: 501, dueAt: '2026-11-27T16:30:00Z', note: '', createdAt: '2026-11-27T15:00:00Z', cancelledAt: null },
      state: 'met',
      metAt: '2026-11-27T16:10:00Z',
      minutesLeft: 30,
      reminderAt: [],
      explanation: 'Met',
    },
  ],
};
const atRisk = {
  groupId: 9001,
  items: [
    { ticketId: 200, kind: 'frt_breach_soon', dueAt: '2026-11-27T17:15:00Z', priority: 'high', subject: 'Runners slow', assigneeId: null, message: 'First reply due in 75 min' },
    { ticketId: 100, kind: 'frt_breached', dueAt: '2026-11-27T15:45:00Z', priority: 'urgent', subject: null, assigneeId: 502, message: 'First reply 15 min overdue' },
  ],
};

function renderNavBar() {
  return renderApp(<NavBar />, {
    context: { location: 'nav_bar' },
    routes: [
      { method: 'GET', path: '/v1/agents/me/commitments', answer: { status: 200, body: commitments } },
      { method: 'GET', path: '/v1/groups/9001/at-risk', answer: { status: 200, body: atRisk } },
    ],
  });
}

it('lists my open commitments and my group’s at-risk tickets, soonest first', async () => {
  renderNavBar();
  const table = await screen.findByRole('table', { name: 'Commitments and at-risk tickets, soonest first' });
  const rows = within(table).getAllByRole('row').slice(1);
  expect(rows.map((row) => within(row).getAllByRole('cell').map((c) => c.textContent))).toEqual([
    ['#100', 'First reply breached', 'Fri, Nov 27, 7:45 AM PST', 'First reply 15 min overdue'],
    ['#200', 'First reply due soon', 'Fri, Nov 27, 9:15 AM PST', 'Runners slow — First reply due in 75 min'],
    ['#300', 'Commitment', 'Fri, Nov 27, 2:00 PM PST', 'Update promised by 14:00 PST'],
  ]);
});

it('opens the ticket with routeTo', async () => {
  const user = userEvent.setup();
  const { client } = renderNavBar();
  await user.click(await screen.findByRole('button', { name: '#200' }));
  expect(client.calls.invoke).toEqual([['routeTo', 'ticket', '200']]);
});

it('has no axe violations', async () => {
  const { container } = renderNavBar();
  await screen.findByRole('table');
  expect(await axe(container)).toHaveNoViolations();
});

it('shows my own due-soon commitment once, not again as a group at-risk row (the service lists it in both)', async () => {
  const mine = {
    commitment: { id: 'c9', ticketId: 400, agentId: 501, dueAt: '2026-11-27T16:30:00Z', note: '', createdAt: '2026-11-27T15:00:00Z', cancelledAt: null },
    state: 'due_soon',
    metAt: null,
    minutesLeft: 30,
    reminderAt: [],
    explanation: 'Update promised by Fri 08:30 PT — due in 30 min',
  };
  const groupItems = [
    { ticketId: 400, kind: 'commitment_due_soon', dueAt: '2026-11-27T16:30:00Z', priority: 'high', subject: 'Pipeline stuck', assigneeId: 501, message: "Agent 501's promised update is due in 30 min (Fri 08:30 PT)" },
    { ticketId: 401, kind: 'commitment_overdue', dueAt: '2026-11-27T15:30:00Z', priority: 'normal', subject: null, assigneeId: 502, message: "Agent 502's promised update is 30 min overdue (Fri 07:30 PT)" },
  ];
  renderApp(<NavBar />, {
    context: { location: 'nav_bar' },
    routes: [
      { method: 'GET', path: '/v1/agents/me/commitments', answer: { status: 200, body: { commitments: [mine] } } },
      { method: 'GET', path: '/v1/groups/9001/at-risk', answer: { status: 200, body: { groupId: 9001, items: groupItems } } },
    ],
  });
  const table = await screen.findByRole('table');
  const rows = within(table).getAllByRole('row').slice(1);
  expect(rows.map((row) => within(row).getAllByRole('cell').map((c) => c.textContent))).toEqual([
    ['#401', 'Commitment overdue', 'Fri, Nov 27, 7:30 AM PST', "Agent 502's promised update is 30 min overdue (Fri 07:30 PT)"],
    ['#400', 'Commitment due soon', 'Fri, Nov 27, 8:30 AM PST', 'Update promised by Fri 08:30 PT — due in 30 min'],
  ]);
});

it('reloads the list each time the agent opens the nav-bar pane again (the app stays loaded between opens)', async () => {
  let mine = commitments;
  const { client, unmount } = renderApp(<NavBar />, {
    context: { location: 'nav_bar' },
    routes: [
      { method: 'GET', path: '/v1/agents/me/commitments', answer: () => ({ status: 200, body: mine }) },
      { method: 'GET', path: '/v1/groups/9001/at-risk', answer: { status: 200, body: { groupId: 9001, items: [] } } },
    ],
  });
  const table = await screen.findByRole('table');
  expect(within(table).getAllByRole('row')).toHaveLength(2);
  // Meanwhile the agent set a commitment on ticket 302 in a ticket sidebar.
  mine = {
    commitments: [
      ...commitments.commitments,
      { ...commitments.commitments[0]!, commitment: { ...commitments.commitments[0]!.commitment, id: 'c3', ticketId: 302 } },
    ],
  };
  await act(() => client.fire('pane.activated'));
  await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(3));
  expect(screen.getByRole('button', { name: '#302' })).toBeInTheDocument();
  unmount();
  expect(client.listeners('pane.activated')).toBe(0);
});
