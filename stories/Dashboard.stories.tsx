import { createMemoryAdapter, type MemoryAdapter } from '@rebill-kit/core';
import { RebillingPanel, RebillingProvider } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, within } from 'storybook/test';
import './demo/dashboard.css';

/** Where the demo keeps its prices and Stripe status, so a reload finds them. Only this key is ever touched. */
const DEMO_STORAGE_KEY = 'rebill-kit:storybook-demo';

function createDemoAdapter(): MemoryAdapter {
  return createMemoryAdapter({
    stripe: 'disconnected',
    // A little network-like latency, with jitter, so saves and loading are visible.
    latencyMs: () => 250 + Math.round(Math.random() * 150),
    storage: window.localStorage,
    storageKey: DEMO_STORAGE_KEY,
  });
}

// One adapter per page load: re-rendering the story keeps it, reloading reads localStorage.
let demoAdapter: MemoryAdapter | undefined;
function getDemoAdapter(): MemoryAdapter {
  demoAdapter ??= createDemoAdapter();
  return demoAdapter;
}

const NAV = ['Dashboard', 'Conversations', 'Contacts', 'Sub-accounts', 'Billing', 'Rebilling', 'Settings'];

function HostDashboard({ theme = 'light' }: { theme?: 'light' | 'dark' }) {
  const [adapter, setAdapter] = useState(getDemoAdapter);
  const [generation, setGeneration] = useState(0);

  const resetDemo = () => {
    window.localStorage.removeItem(DEMO_STORAGE_KEY);
    demoAdapter = createDemoAdapter();
    setAdapter(demoAdapter);
    setGeneration((value) => value + 1);
  };

  return (
    <div className="demo-app" data-theme={theme}>
      <aside className="demo-sidebar">
        <p className="demo-brand">Acme Agency</p>
        <nav aria-label="Main">
          <ul className="demo-nav">
            {NAV.map((item) => (
              <li key={item}>
                <a href="#" aria-current={item === 'Rebilling' ? 'page' : undefined} onClick={(event) => event.preventDefault()}>
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
            <p className="demo-breadcrumb">Settings / Rebilling</p>
            <h1 className="demo-title">Rebilling</h1>
            <p className="demo-note">Demo data lives in this browser only. Reload the page: your prices stay.</p>
          </div>
          <button type="button" className="demo-reset" onClick={resetDemo}>
            Reset demo data
          </button>
        </header>
        {/* key: a reset starts a fresh provider and cache on the fresh backend. */}
        <RebillingProvider key={generation} adapter={adapter} locale="en-US" appearance={{ theme }}>
          <RebillingPanel />
        </RebillingProvider>
      </main>
    </div>
  );
}

/**
 * The README's demo: the full `RebillingPanel` inside a plausible host dashboard, on the
 * in-memory adapter with 250–400 ms latency, persisted to `localStorage`. Connect Stripe, drag
 * the sliders, edit prices, open the logs, then reload: the prices are still there.
 */
const meta = {
  title: 'Demo/Host dashboard',
  parameters: { layout: 'fullscreen' },
  args: { theme: 'light' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark'] } },
  render: ({ theme }) => <HostDashboard theme={theme} />,
} satisfies Meta<{ theme: 'light' | 'dark' }>;
export default meta;

type Story = StoryObj<typeof meta>;

export const HostDashboardDemo: Story = {
  name: 'Host dashboard',
  // Read-only on purpose: playing must never change the demo data a person left behind.
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(canvas.getByRole('heading', { level: 1, name: 'Rebilling' })).toBeVisible();
    await expect(await canvas.findByRole('heading', { level: 2, name: 'Rebilling' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Reset demo data' })).toBeVisible();
    await expect(await canvas.findAllByRole('slider', {}, { timeout: 4000 })).toHaveLength(3);
  },
};
