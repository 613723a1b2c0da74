import { renderApp, screen } from './test/render';
import { App, LOCATIONS } from './App';

it('maps each manifest location to a lazy screen', () => {
  expect(Object.keys(LOCATIONS).sort()).toEqual(['background', 'nav_bar', 'new_ticket_sidebar', 'ticket_sidebar']);
});

it('loads the nav bar screen for the nav_bar location', async () => {
  renderApp(<App />, {
    context: { location: 'nav_bar' },
    routes: [
      { method: 'GET', path: '/v1/agents/me/commitments', answer: { status: 200, body: { commitments: [] } } },
      { method: 'GET', path: '/v1/groups/9001/at-risk', answer: { status: 200, body: { groupId: 9001, items: [] } } },
    ],
  });
  expect(await screen.findByText('Nothing due. Well done.')).toBeInTheDocument();
});

it('says so for a location it does not support', async () => {
  renderApp(<App />, { context: { location: 'user_sidebar' } });
  expect(await screen.findByText('Triage Assistant does not run in the “user_sidebar” location.')).toBeInTheDocument();
});
