/**
 * Issue 13 #11: a `logsHref` such as `/\evil.example/logs` passed the "same-origin path" check
 * but the browser resolves it off-site. Issue 13 #12: host text (Stripe accountName, ledger
 * descriptions, adapter error messages) was rendered with U+202E and other bidi controls intact.
 */
import { type LedgerEntry, type MemoryAdapter, RebillingError, createMemoryAdapter, sampleLedger } from '@rebill-kit/core';
import { OneBalanceLog, RebillingPanel, RebillingProvider } from '@rebill-kit/react';
import { createTestQueryClient } from '@rebill-kit/testkit/react';
import { render, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';

function renderTree(adapter: MemoryAdapter, ui: ReactElement, props: Record<string, unknown> = {}) {
  return render(
    <RebillingProvider adapter={adapter} queryClient={createTestQueryClient()} locale="en-US" {...props}>
      {ui}
    </RebillingProvider>,
  );
}

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

describe('issue 13 #11: logsHref must resolve to this origin (or be an explicit http(s) URL)', () => {
  const OFF_SITE = ['/\\evil.example/logs', '/\t/evil.example/logs', '/\n/evil.example/logs', '/\\/evil.example', '/\r/evil.example', '//evil.example/logs'];

  it.each(OFF_SITE)('issue 13 #11: logsHref=%j renders no link (the built-in log instead)', async (href) => {
    // What a browser does with it: off-site.
    expect(new URL(href, 'https://host.example/dashboard').origin).toBe('https://evil.example');
    const { container } = renderTree(createMemoryAdapter({ stripe: 'connected' }), <RebillingPanel />, { logsHref: href });
    await waitFor(() => expect(within(container).getByRole('button', { name: 'View Logs' })).toBeTruthy());
    for (const link of container.querySelectorAll('a')) expect(new URL(link.href).origin).toBe(location.origin);
    expect([...container.querySelectorAll('a')].map((link) => link.getAttribute('href'))).not.toContain(href);
  });

  it.each(['/billing/logs', '/billing/logs?tab=onebalance#top', 'https://dashboard.example/logs'])('logsHref=%j is still a link', async (href) => {
    renderTree(createMemoryAdapter({ stripe: 'connected' }), <RebillingPanel />, { logsHref: href });
    expect((await screen.findByRole('link', { name: 'View Logs' })).getAttribute('href')).toBe(href);
  });
});

describe('issue 13 #12: host text is isolated, without bidi controls', () => {
  const SPOOF = 'Acme\u202E gnp.exe\u2069\u202D';

  it('issue 13 #12: a Stripe accountName with U+202E is shown without its controls, isolated in a <bdi> with its message', async () => {
    const adapter = createMemoryAdapter({ stripe: 'disconnected' });
    adapter.simulateStripeStatus('connected', SPOOF);
    const { container } = renderTree(adapter, <RebillingPanel />);
    const label = await screen.findByText('Stripe connected: Acme gnp.exe');
    expect(label.tagName).toBe('BDI');
    expect(label.closest('.rk-badge')).not.toBeNull();
    expect(BIDI_CONTROLS.test(container.textContent ?? '')).toBe(false);
  });

  it('issue 13 #12: a ledger description with bidi controls is shown in a <bdi> without them', async () => {
    const [first, ...rest] = sampleLedger(5);
    const entry: LedgerEntry = { ...first!, description: `Top-up \u202Eevil\u2066 ok` };
    const { container } = renderTree(createMemoryAdapter({ stripe: 'connected', ledger: [entry, ...rest] }), <OneBalanceLog />);
    const description = await waitFor(() => {
      const element = container.querySelector('.rk-log__description');
      expect(element).not.toBeNull();
      return element!;
    });
    expect(description.tagName).toBe('BDI');
    expect(description.textContent).toBe('Top-up evil ok');
    expect(BIDI_CONTROLS.test(container.textContent ?? '')).toBe(false);
  });

  it('issue 13 #12: an adapter error message with bidi controls is shown isolated in the widget details', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    adapter.loadPricing = async () => {
      throw new RebillingError('unavailable', 'Database \u202Enwod\u202C is down');
    };
    const { container } = renderTree(adapter, <RebillingPanel />);
    await waitFor(() => expect(container.querySelector('.rk-details-body bdi')).not.toBeNull(), { timeout: 5000 });
    expect(container.querySelector('.rk-details-body bdi')!.textContent).toBe('Database nwod is down');
    expect(BIDI_CONTROLS.test(container.textContent ?? '')).toBe(false);
  });
});
