import '@zendeskgarden/css-bedrock';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AppShell } from './AppShell';
import { initZafClient } from './zaf/zaf-client';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <AppShell client={initZafClient()}>
      <App />
    </AppShell>,
  );
}
