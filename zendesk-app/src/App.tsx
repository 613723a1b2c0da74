import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Alert } from '@zendeskgarden/react-notifications';
import { Dots } from '@zendeskgarden/react-loaders';
import { useZafApp } from './zaf/ZafClientProvider';
import { useI18n } from './i18n/I18nProvider';

type LocationModule = () => Promise<{ default: ComponentType }>;

const LOCATION_MODULES: Record<string, LocationModule> = {
  ticket_sidebar: () => import('./locations/TicketSidebar'),
  new_ticket_sidebar: () => import('./locations/TicketSidebar'),
  background: () => import('./locations/Background'),
  nav_bar: () => import('./locations/NavBar'),
};

/** One bundle, one lazy chunk per ZAF location (only the running location's code is fetched). */
export const LOCATIONS: Record<string, LazyExoticComponent<ComponentType>> = Object.fromEntries(
  Object.entries(LOCATION_MODULES).map(([location, load]) => [location, lazy(load)]),
);

/**
 * Starts fetching `location`'s chunk. Called as soon as ZAF's context names the location (main.tsx), so the chunk
 * downloads while the agent is still being read, instead of after: the lazy screen then finds it in the module
 * registry. A failed fetch is left to the lazy screen, which fetches again and shows the error.
 */
export function preloadLocation(location: string): void {
  LOCATION_MODULES[location]?.().catch(() => undefined);
}

export function App() {
  const { context } = useZafApp();
  const { t } = useI18n();
  const Location = LOCATIONS[context.location];
  if (!Location) return <Alert type="warning">{t('common.unknown_location', { location: context.location })}</Alert>;
  return (
    <Suspense
      fallback={
        <div role="status" aria-label={t('common.loading')}>
          <Dots size={32} />
        </div>
      }
    >
      <Location />
    </Suspense>
  );
}
