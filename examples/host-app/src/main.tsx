/**
 * The host dashboard: the rebilling panel over HTTP (createHttpAdapter → the server's REST
 * contract on the same origin) and a Sub-accounts page whose usage moves the wallets.
 */
import { createHttpAdapter } from '@rebill-kit/adapter-http';
import type { RebillingAdapter } from '@rebill-kit/core';
import { RebillingPanel, RebillingProvider } from '@rebill-kit/react';
import '@rebill-kit/react/styles.css';
import { StrictMode, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { type Overview, api } from './api.ts';
import './dashboard.css';
import { SubAccountsPage, formatExact } from './SubAccounts.tsx';

type Listener = Parameters<NonNullable<RebillingAdapter['subscribe']>>[0];
const listeners = new Set<Listener>();
const http = createHttpAdapter({ baseUrl: '/api/rebilling' });
// The HTTP adapter has no push channel; this page is where usage happens, so it tells the
// panel itself: after a charge the log and prices reload instead of waiting for staleness.
const adapter: RebillingAdapter = {
  ...http,
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
const ledgerChanged = () => listeners.forEach((listener) => listener({ type: 'ledger' }));

const PAGES = { rebilling: 'Rebilling', 'sub-accounts': 'Sub-accounts' } as const;
type Page = keyof typeof PAGES;
const NAV = ['Dashboard', 'Conversations', 'Contacts', 'Billing', 'Settings'];

function subscribeHash(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
const currentPage = (): Page => (window.location.hash === '#/sub-accounts' ? 'sub-accounts' : 'rebilling');

function App() {
  const page = useSyncExternalStore(subscribeHash, currentPage);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    try {
      setOverview(await api<Overview>('/api/overview'));
      setLoadError(null);
    } catch (error) {
      setLoadError((error as Error).message);
    }
    ledgerChanged();
  }, []);
  useEffect(() => void refresh(), [refresh]);

  return (
    <div className="demo-app">
      <aside className="demo-sidebar">
        <p className="demo-brand">Acme Agency</p>
        <nav aria-label="Main">
          <ul className="demo-nav">
            {(Object.keys(PAGES) as Page[]).map((id) => (
              <li key={id}>
                <a href={`#/${id}`} aria-current={page === id ? 'page' : undefined}>
                  {PAGES[id]}
                </a>
              </li>
            ))}
            {NAV.map((item) => (
              <li key={item}>
                <a href="#" aria-disabled="true" onClick={(event) => event.preventDefault()}>
                  {item}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <main className="demo-main">
        <header className="demo-header">
          <div>
            <p className="demo-breadcrumb">Settings / {PAGES[page]}</p>
            <h1 className="demo-title">{PAGES[page]}</h1>
          </div>
          <p className="demo-wallet" data-wallet="main">
            Main OneBalance wallet{' '}
            <strong data-testid="main-balance">{overview ? formatExact(overview.mainBalance, overview.currency) : '…'}</strong>
          </p>
        </header>
        {loadError ? (
          <p className="demo-alert" role="alert">
            Could not load the sub-accounts: {loadError}
          </p>
        ) : null}
        <RebillingProvider adapter={adapter} locale="en-US">
          {page === 'rebilling' ? <RebillingPanel /> : <SubAccountsPage overview={overview} refresh={refresh} />}
        </RebillingProvider>
      </main>
    </div>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
