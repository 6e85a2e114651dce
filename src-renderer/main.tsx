import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router';
import { ApiProvider } from './api-context.js';
import { AppShell } from './app-shell.js';
import { connectToCore } from './transport/select-transport.js';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');

const connection = connectToCore(window, (connected) => {
  document.documentElement.dataset.events = connected ? 'connected' : 'disconnected';
});
document.documentElement.dataset.transport = connection.kind;

createRoot(container).render(
  <StrictMode>
    <FluentProvider theme={webLightTheme}>
      <ApiProvider client={connection.client} onEvent={connection.onEvent} download={connection.download}>
        <HashRouter>
          <AppShell />
        </HashRouter>
      </ApiProvider>
    </FluentProvider>
  </StrictMode>,
);
