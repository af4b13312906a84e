/** A host page for the strict-CSP test: the panel on the memory adapter, styles.css opted in. */
import '@rebill-kit/react/styles.css';
import { RebillingPanel, RebillingProvider, createMemoryAdapter } from '@rebill-kit/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const adapter = createMemoryAdapter({ stripe: 'disconnected' });

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <RebillingProvider adapter={adapter} locale="en-US">
      <RebillingPanel />
    </RebillingProvider>
  </StrictMode>,
);
