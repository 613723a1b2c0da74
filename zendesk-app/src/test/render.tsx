import type { ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { AppShell, type AppShellProps } from '../AppShell';
import { FakeZafClient, type FakeZafOptions } from './fake-zaf-client';

export interface RenderOptions extends FakeZafOptions {
  /** A prepared fake; otherwise one is built from the other options. */
  client?: FakeZafClient;
  /** As in production (main.tsx): e.g. to start the sidebar's first assessment at registration. */
  onRegistered?: AppShellProps['onRegistered'];
}

/**
 * The one render helper: Garden theme + the real ZAF provider over a fake client + strict i18n (a missing key
 * throws). Wait for content with `findBy…`: registration is asynchronous like in Zendesk.
 */
export function renderApp(ui: ReactElement, options: RenderOptions = {}): RenderResult & { client: FakeZafClient } {
  const client = options.client ?? new FakeZafClient(options);
  const result = render(
    <AppShell client={client} onRegistered={options.onRegistered} strict>
      {ui}
    </AppShell>,
  );
  return { ...result, client };
}

export * from '@testing-library/react';
