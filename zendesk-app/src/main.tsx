import '@zendeskgarden/css-bedrock';
import { createRoot } from 'react-dom/client';
import { App, preloadLocation } from './App';
import { AppShell } from './AppShell';
import { initZafClient } from './zaf/zaf-client';
import type { ZafRegistration } from './zaf/ZafClientProvider';
import { loadCore } from './domain/loaders';
import { startFirstAssessment } from './ticket/first-assessment';

// Start fetching the schema/policy chunk now, in parallel with the ZAF handshake (see domain/core.ts).
void loadCore();

/** At registration: the location's code, and a ticket sidebar's first read and assessment, start while the agent is read. */
function onRegistered(registration: ZafRegistration): void {
  preloadLocation(registration.context.location);
  startFirstAssessment(registration);
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <AppShell client={initZafClient()} onRegistered={onRegistered}>
      <App />
    </AppShell>,
  );
}
