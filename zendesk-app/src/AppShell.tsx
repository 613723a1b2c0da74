import type { ReactNode } from 'react';
import { ThemeProvider, DEFAULT_THEME } from '@zendeskgarden/react-theming';
import { I18nProvider } from './i18n/I18nProvider';
import { ZafClientProvider, useZafApp, type ZafRegistration } from './zaf/ZafClientProvider';
import type { ZafClient } from './zaf/zaf-client';

function AgentI18n({ strict, children }: { strict: boolean; children: ReactNode }) {
  const { currentUser } = useZafApp();
  return (
    <I18nProvider locale={currentUser.locale} timeZone={currentUser.timeZone} strict={strict}>
      {children}
    </I18nProvider>
  );
}

export interface AppShellProps {
  client: ZafClient | null;
  /** See `ZafClientProvider`'s `onRegistered`. */
  onRegistered?: ((registration: ZafRegistration) => void) | undefined;
  /** Throw on missing translation keys (tests). */
  strict?: boolean;
  children: ReactNode;
}

/** Theme → ZAF registration → the agent's locale and zone. Production and tests render through this. */
export function AppShell({ client, onRegistered, strict = false, children }: AppShellProps) {
  return (
    <ThemeProvider theme={DEFAULT_THEME}>
      <ZafClientProvider client={client} onRegistered={onRegistered}>
        <AgentI18n strict={strict}>{children}</AgentI18n>
      </ZafClientProvider>
    </ThemeProvider>
  );
}
