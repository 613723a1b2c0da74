import { render, screen, act, waitFor } from '@testing-library/react';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import { FakeZafClient } from '../test/fake-zaf-client';
import { ZafClientProvider, useZafApp, useZafClient } from './ZafClientProvider';

function Agent() {
  const app = useZafApp();
  return <p>{`${app.context.location} ${app.currentUser.id} ${app.currentUser.timeZone} ${app.settings.warningWindowMinutes}`}</p>;
}

it('shows a Garden loader until app.registered, then the app', async () => {
  const client = new FakeZafClient({ autoRegister: false });
  render(
    <ThemeProvider>
      <ZafClientProvider client={client}>
        <Agent />
      </ZafClientProvider>
    </ThemeProvider>,
  );
  await act(async () => undefined);
  expect(screen.getByRole('status', { name: 'Loading…' })).toBeInTheDocument();
  await act(() => client.register());
  expect(await screen.findByText('ticket_sidebar 501 America/Los_Angeles 120')).toBeInTheDocument();
});

it('names the location to onRegistered as soon as ZAF registers, while the agent is still being read', async () => {
  const client = new FakeZafClient();
  let releaseAgent!: () => void;
  const agentRead = new Promise<void>((resolve) => (releaseAgent = resolve));
  const get = client.get.bind(client);
  jest.spyOn(client, 'get').mockImplementation(async (paths) => {
    await agentRead;
    return get(paths);
  });
  const named: string[] = [];
  render(
    <ThemeProvider>
      <ZafClientProvider client={client} onRegistered={({ context }) => named.push(context.location)}>
        <Agent />
      </ZafClientProvider>
    </ThemeProvider>,
  );
  await waitFor(() => expect(named).toEqual(['ticket_sidebar']));
  expect(screen.getByRole('status', { name: 'Loading…' })).toBeInTheDocument();
  await act(async () => releaseAgent());
  expect(await screen.findByText('ticket_sidebar 501 America/Los_Angeles 120')).toBeInTheDocument();
  expect(named).toEqual(['ticket_sidebar']);
});

it('starts the app even when onRegistered throws (a failed prefetch is only a hint)', async () => {
  render(
    <ThemeProvider>
      <ZafClientProvider
        client={new FakeZafClient()}
        onRegistered={() => {
          throw new Error('no such chunk');
        }}
      >
        <Agent />
      </ZafClientProvider>
    </ThemeProvider>,
  );
  expect(await screen.findByText('ticket_sidebar 501 America/Los_Angeles 120')).toBeInTheDocument();
});

it('explains instead of rendering blank outside Zendesk', () => {
  render(
    <ThemeProvider>
      <ZafClientProvider client={null}>
        <Agent />
      </ZafClientProvider>
    </ThemeProvider>,
  );
  expect(screen.getByRole('alert')).toHaveTextContent('This page must be opened by Zendesk');
});

it('useZafClient throws outside the provider', () => {
  function Orphan() {
    useZafClient();
    return null;
  }
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  expect(() => render(<Orphan />)).toThrow('useZafApp/useZafClient must be used inside <ZafClientProvider>');
  spy.mockRestore();
});
