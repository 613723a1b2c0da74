import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { Dots } from '@zendeskgarden/react-loaders';
import { Alert, Title } from '@zendeskgarden/react-notifications';
import { createTranslator } from '../i18n/i18n';
import { agentTimeZone, safeLocale } from '../format/format';
import { getOne, type ZafClient, type ZafContext, type ZafMetadata } from './zaf-client';
import { parseSettings, type AppSettings } from './settings';
import { MARK_REGISTERED, markOnce } from './perf-marks';

/** The agent as ZAF's `currentUser` describes them (fields we use). */
export interface CurrentUser {
  id: number;
  locale: string;
  timeZone: string;
  groups: { id: number; name?: string }[];
}

/** Everything known once ZAF has registered the app. */
export interface ZafApp {
  client: ZafClient;
  context: ZafContext;
  metadata: ZafMetadata;
  settings: AppSettings;
  currentUser: CurrentUser;
}

// null default: a hook used outside the provider must fail, not get an empty (truthy) object.
const ZafAppContext = createContext<ZafApp | null>(null);

const en = createTranslator({ locale: 'en' });

export function parseCurrentUser(raw: unknown): CurrentUser {
  const user = (raw ?? {}) as Record<string, unknown>;
  const groups = Array.isArray(user['groups']) ? (user['groups'] as { id?: unknown; name?: unknown }[]) : [];
  return {
    id: Number(user['id']),
    locale: safeLocale(user['locale']),
    timeZone: agentTimeZone(user['timeZone']),
    groups: groups
      .filter((g) => typeof g.id === 'number')
      .map((g) => ({ id: g.id as number, ...(typeof g.name === 'string' ? { name: g.name } : {}) })),
  };
}

/**
 * What is known the moment ZAF registers the app. The agent is still being read: `currentUser` is that one read,
 * shared, so work started at registration (the location's code, the sidebar's first assessment) need not read it again.
 */
export interface ZafRegistration {
  client: ZafClient;
  context: ZafContext;
  metadata: ZafMetadata;
  settings: AppSettings;
  currentUser: Promise<CurrentUser>;
}

export interface ZafClientProviderProps {
  /** null outside Zendesk (`ZAFClient.init()` returned false). */
  client: ZafClient | null;
  /** Called once ZAF has registered the app, while the agent is read (e.g. to start fetching the location's code). */
  onRegistered?: ((registration: ZafRegistration) => void) | undefined;
  children: ReactNode;
}

/** Waits for `app.registered` (through context()/metadata()), then reads the agent; renders a Garden loader meanwhile. */
export function ZafClientProvider({ client, onRegistered, children }: ZafClientProviderProps) {
  const [app, setApp] = useState<ZafApp | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (client === null) return;
    let live = true;
    // The SDK's context() and metadata() resolve once `app.registered` has arrived (immediately if it already has),
    // so there is no race with a handshake that completes before this effect subscribes.
    Promise.all([client.context(), client.metadata()])
      .then(async ([context, metadata]) => {
        markOnce(MARK_REGISTERED);
        const settings = parseSettings(metadata.settings ?? {});
        const currentUser = getOne(client, 'currentUser').then(parseCurrentUser);
        try {
          onRegistered?.({ client, context, metadata, settings, currentUser });
        } catch {
          // A hint (e.g. a prefetch) that failed must not fail the app's start.
        }
        const user = await currentUser;
        if (live) setApp({ client, context, metadata, settings, currentUser: user });
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
    // onRegistered is read at registration only: a new function identity must not restart the handshake.
  }, [client]);

  if (client === null || failed) {
    return (
      <Alert type="error">
        <Title>{en('common.unavailable_title')}</Title>
        {en(client === null ? 'common.outside_zendesk' : 'common.init_failed')}
      </Alert>
    );
  }
  if (app === null) {
    return (
      <div role="status" aria-label={en('common.loading')} style={{ display: 'flex', justifyContent: 'center', padding: 16 }}>
        <Dots size={32} />
      </div>
    );
  }
  return <ZafAppContext.Provider value={app}>{children}</ZafAppContext.Provider>;
}

/** The registered app (client, context, settings, agent). Throws outside `<ZafClientProvider>`. */
export function useZafApp(): ZafApp {
  const app = useContext(ZafAppContext);
  if (app === null) throw new Error('useZafApp/useZafClient must be used inside <ZafClientProvider>');
  return app;
}

/** The typed ZAF client. Throws outside `<ZafClientProvider>`. */
export function useZafClient(): ZafClient {
  return useZafApp().client;
}
