/**
 * The projected profit under a real pointer drag in Chromium: it changes with the figures on the
 * way, and the usage summary is loaded once, not per frame.
 */
import './styles.css';
import { createMemoryAdapter } from '@rebill-kit/core';
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from 'vitest/browser';
import { RebillingProvider } from './context.js';
import { WithProfitInsights } from './ProfitInsights.js';
import { SmsWidget } from './widgets/MultiplierWidget.js';

afterEach(cleanup);

describe('projected profit while dragging (Chromium)', () => {
  it('follows every drag frame from the summary already loaded, and lands on the saved value', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected', usage: { sms: 12_400 } });
    const loads = vi.spyOn(adapter, 'loadUsageSummary');
    const { container } = render(
      <div style={{ width: 480 }}>
        <RebillingProvider adapter={adapter} locale="en-US">
          <WithProfitInsights>
            <SmsWidget />
          </WithProfitInsights>
        </RebillingProvider>
      </div>,
    );
    const projection = () => container.querySelector('[data-projection]')?.textContent ?? null;
    await waitFor(() => expect(projection()).toBe('At last 30 days’ volume (12,400 segments): $146.94 / month profit'));
    const loadsBefore = loads.mock.calls.length;
    const seen = new Set<string | null>();
    const observer = new MutationObserver(() => seen.add(projection()));
    observer.observe(container, { subtree: true, characterData: true, childList: true });

    await commands.pointerDrag({ selector: '[data-product="sms"] .rk-slider', path: [0.16, 0.3, 0.5, 0.75, 1] });
    observer.disconnect();

    // More than three distinct projections on the way, each with its delta against 2.5x.
    expect([...seen].filter((text) => text?.includes('vs the saved price')).length).toBeGreaterThan(3);
    // 10x: 12,400 × 0.0079 × 9 = 881.64; +734.70 against 2.5x; then saved, so no delta.
    await waitFor(() => expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '10' }));
    await waitFor(() => expect(projection()).toBe('At last 30 days’ volume (12,400 segments): $881.64 / month profit'));
    expect(seen).toContain('At last 30 days’ volume (12,400 segments): $881.64 / month profit, +$734.70 vs the saved price');
    expect(loads.mock.calls.length).toBe(loadsBefore);
  });
});
