import '@zendeskgarden/css-bedrock';
import { createRoot } from 'react-dom/client';
import { App, preloadLocation } from './App';
import { AppShell } from './AppShell';
import { initZafClient } from './zaf/zaf-client';
import { loadCore } from './domain/loaders';

// Start fetching the schema/policy chunk now, in parallel with the ZAF handshake (see domain/core.ts).
void loadCore();

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <AppShell client={initZafClient()} onRegistered={(context) => preloadLocation(context.location)}>
      <App />
    </AppShell>,
  );
}
