import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Alert } from '@zendeskgarden/react-notifications';
import { Dots } from '@zendeskgarden/react-loaders';
import { useZafApp } from './zaf/ZafClientProvider';
import { useI18n } from './i18n/I18nProvider';

/** One bundle, one lazy chunk per ZAF location (only the running location's code is fetched). */
export const LOCATIONS: Record<string, LazyExoticComponent<ComponentType>> = {
  ticket_sidebar: lazy(() => import('./locations/TicketSidebar')),
  new_ticket_sidebar: lazy(() => import('./locations/TicketSidebar')),
  background: lazy(() => import('./locations/Background')),
  nav_bar: lazy(() => import('./locations/NavBar')),
};

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
