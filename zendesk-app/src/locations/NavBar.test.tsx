import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { renderApp, screen, within } from '../test/render';
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
