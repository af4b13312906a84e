import { createMemoryAdapter, type MemoryAdapter, type PriceChange, type ProductId, type RebillingAdapter } from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { WithProfitInsights } from './ProfitInsights.js';
import { RebillingPanel } from './RebillingPanel.js';
import { ListingsWidget } from './widgets/FixedPriceWidget.js';
import { SmsWidget } from './widgets/MultiplierWidget.js';

const AT = '2026-11-20T15:30:00.000Z';
function change(product: ProductId, youPayAtTheTime: string, to: PriceChange['to'], id = '1'): PriceChange {
  const from: PriceChange['from'] = to.type === 'fixed' ? { type: 'fixed', price: '40' } : { type: 'multiplier', multiplier: '1' };
  return { id, at: AT, actor: 'owner@agency.test', product, revision: id, from, to, youPayAtTheTime };
}

async function renderWidget(adapter: RebillingAdapter, widget: ReactElement, product: ProductId) {
  const result = renderWithRebilling<RebillingAdapter>(<WithProfitInsights>{widget}</WithProfitInsights>, { adapter });
  const root = await waitFor(() => {
    const found = result.container.querySelector<HTMLElement>(`[data-product="${product}"]`)!;
    expect(found.dataset.state).toBe('idle');
    return found;
  });
  return { ...result, root };
}

/** The element, once rendered (waitFor retries until this stops throwing). */
function found(root: ParentNode, selector: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`${selector} is not rendered yet`);
  return element;
}

const figure = (root: HTMLElement, name: string) => root.querySelector(`[data-figure="${name}"] .rk-figure-value`)!.textContent;

describe('the margin-erosion notice', () => {
  // Listings: sample You Pay $30, fixed price $49.
  it.each([
    ['30', false],
    ['30.00', false],
    ['25', true],
    ['36', true],
    ['29.99', true],
  ])('appears exactly when You Pay changed since the last price: then %s → %s', async (then, shown) => {
    const adapter = createMemoryAdapter({ stripe: 'connected', usage: {}, priceHistory: [change('listings', then, { type: 'fixed', price: '49' })] });
    const list = vi.spyOn(adapter, 'listPriceChanges');
    const { root } = await renderWidget(adapter, <ListingsWidget />, 'listings');
    await waitFor(() => expect(list).toHaveBeenCalledWith({ product: 'listings', limit: 1 }, expect.anything()));
    if (shown) await waitFor(() => expect(root.querySelector('[data-erosion]')).not.toBeNull());
    else {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(root.querySelector('[data-erosion]')).toBeNull();
    }
  });

  it('says nothing before the first price change, or when the adapter has no listPriceChanges', async () => {
    const { root } = await renderWidget(createMemoryAdapter({ stripe: 'connected', usage: {} }), <ListingsWidget />, 'listings');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(root.querySelector('[data-erosion]')).toBeNull();
    const { listPriceChanges: _absent, ...minimal } = createMemoryAdapter({ stripe: 'connected', usage: {}, priceHistory: [change('listings', '25', { type: 'fixed', price: '49' })] });
    const other = await renderWidget(minimal, <ListingsWidget />, 'listings');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(other.root.querySelector('[data-erosion]')).toBeNull();
  });

  it('Restore my margin previews the price raised by You Pay’s ratio in the figures, then saves it through the widget (one save, Undo)', async () => {
    const user = userEvent.setup();
    // Set at $49 when You Pay was $25; You Pay is $30 now: $49 × 30 / 25 = $58.80.
    const adapter = createMemoryAdapter({ stripe: 'connected', usage: {}, priceHistory: [change('listings', '25', { type: 'fixed', price: '49' })] });
    const save = vi.spyOn(adapter, 'savePricing');
    const { root } = await renderWidget(adapter, <ListingsWidget />, 'listings');
    const notice = await waitFor(() => found(root, '[data-erosion="rose"]'));
    expect(notice.textContent).toContain('You Pay went from $25.00 to $30.00. Profit per unit: $24.00 then, $19.00 now.');
    await user.click(within(notice).getByRole('button', { name: 'Restore my margin' }));
    expect(save).not.toHaveBeenCalled();
    expect(root.dataset.state).toBe('editing');
    expect(figure(root, 'sub-account-pays')).toBe('$58.80');
    expect(figure(root, 'profit')).toBe('$28.80');
    expect(root.querySelector('[data-erosion]')!.textContent).toContain('Preview: $58.80 keeps the margin you had.');
    // The pressed button is gone: focus is on its successor, not lost to <body>.
    expect(document.activeElement).toBe(within(root).getByRole('button', { name: 'Save this price' }));
    await user.click(within(root).getByRole('button', { name: 'Save this price' }));
    expect(document.activeElement).toBe(root.querySelector('.rk-save-status'));
    await waitFor(() => expect(adapter.inspect.readPricing().products.listings.rule).toEqual({ type: 'fixed', price: '58.8' }));
    expect(save).toHaveBeenCalledOnce();
    expect(save.mock.calls[0]![1]).toMatchObject({ expectedRevision: '1', idempotencyKey: expect.any(String) });
    // The save is the newest history entry, at today's You Pay: nothing eroded any more.
    await waitFor(() => expect(root.querySelector('[data-erosion]')).toBeNull());
    await user.click(within(root).getByRole('button', { name: /^Undo/ }));
    await waitFor(() => expect(adapter.inspect.readPricing().products.listings.rule).toEqual({ type: 'fixed', price: '49' }));
  });

  it('Cancel ends the preview: the saved price shows again and nothing is saved', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected', usage: {}, priceHistory: [change('listings', '25', { type: 'fixed', price: '49' })] });
    const save = vi.spyOn(adapter, 'savePricing');
    const { root } = await renderWidget(adapter, <ListingsWidget />, 'listings');
    await user.click(await within(root).findByRole('button', { name: 'Restore my margin' }));
    await user.click(within(root).getByRole('button', { name: 'Cancel' }));
    expect(figure(root, 'sub-account-pays')).toBe('$49.00');
    expect(document.activeElement).toBe(within(root).getByRole('button', { name: 'Restore my margin' }));
    expect(within(root).getByRole('button', { name: 'Restore my margin' })).toBeTruthy();
    expect(save).not.toHaveBeenCalled();
  });

  it('a multiplier says the margin is already kept and offers nothing to restore', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected', usage: {}, priceHistory: [change('sms', '0.0075', { type: 'multiplier', multiplier: '2.5' })] });
    const { root } = await renderWidget(adapter, <SmsWidget />, 'sms');
    const notice = await waitFor(() => found(root, '[data-erosion="rose"]'));
    expect(notice.textContent).toContain('$0.0075 to $0.0079');
    expect(notice.textContent).toContain('$0.01125 then, $0.01185 now');
    expect(notice.textContent).toContain('already keeps the margin');
    expect(within(notice).queryByRole('button')).toBeNull();
  });
});

describe('the projected profit', () => {
  it('projects last 30 days’ volume under the figures, live while the rule changes, with no call per frame', async () => {
    const adapter: MemoryAdapter = createMemoryAdapter({ stripe: 'connected', usage: { sms: 12_400 } });
    const load = vi.spyOn(adapter, 'loadUsageSummary');
    const { root } = await renderWidget(adapter, <SmsWidget />, 'sms');
    // 12,400 × (2.5 × 0.0079 − 0.0079) = 146.94
    const projection = await waitFor(() => found(root, '[data-projection]'));
    expect(projection.textContent).toBe('At last 30 days’ volume (12,400 segments): $146.94 / month profit');
    const slider = within(root).getByRole('slider');
    const loads = load.mock.calls.length;
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    // 2.6x: 12,400 × 0.0079 × 1.6 = 156.736 → $156.74, +$9.796 → +$9.80.
    expect(root.querySelector('[data-projection]')!.textContent).toBe('At last 30 days’ volume (12,400 segments): $156.74 / month profit, +$9.80 vs the saved price');
    fireEvent.keyDown(slider, { key: 'ArrowLeft' });
    fireEvent.keyDown(slider, { key: 'ArrowLeft' });
    expect(root.querySelector('[data-projection]')!.textContent).toContain('$137.14 / month profit, \u2212$9.80 vs the saved price');
    // Every frame is computed from the summary already loaded: no call per step.
    expect(load).toHaveBeenCalledTimes(loads);
  });

  it('is hidden without usage for the product, and when the adapter has no loadUsageSummary', async () => {
    const { root } = await renderWidget(createMemoryAdapter({ stripe: 'connected', usage: { email: 5 } }), <SmsWidget />, 'sms');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(root.querySelector('[data-projection]')).toBeNull();
    const { loadUsageSummary: _absent, ...minimal } = createMemoryAdapter({ stripe: 'connected' });
    const other = await renderWidget(minimal, <SmsWidget />, 'sms');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(other.root.querySelector('[data-projection]')).toBeNull();
  });

  it('counts an add-on by purchases at its rounded card charge', async () => {
    // Phone numbers: sample You Pay $1.15 at 2.5x → each card charged $2.88 (2.875, tie to even).
    const { root } = await renderWidget(createMemoryAdapter({ stripe: 'connected', usage: { phoneNumbers: 14 } }), <ListingsWidget />, 'listings');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(root.querySelector('[data-projection]')).toBeNull();
    const adapter = createMemoryAdapter({
      stripe: 'connected',
      usage: { phoneNumbers: 14 },
      pricing: { products: { phoneNumbers: { rule: { type: 'multiplier', multiplier: '2.5' } } } },
    });
    const panel = renderWithRebilling(<RebillingPanel />, { adapter });
    const projection = await waitFor(() => found(panel.container, '[data-product="phoneNumbers"] [data-projection]'));
    expect(projection.textContent).toBe('At last 30 days’ volume (14 phone numbers bought): $24.22 / month profit');
  });
});

describe('the panel’s Price changes', () => {
  it('opens every product’s history, newest first, next to View Logs; left out without listPriceChanges', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({
      stripe: 'connected',
      usage: {},
      priceHistory: [change('listings', '30', { type: 'fixed', price: '49' }, '2'), change('sms', '0.0079', { type: 'multiplier', multiplier: '2.5' }, '1')],
    });
    renderWithRebilling(<RebillingPanel />, { adapter });
    await user.click(await screen.findByRole('button', { name: 'Price changes' }));
    const dialog = await screen.findByRole('dialog', { name: 'Price changes' });
    const entries = await waitFor(() => {
      const found = dialog.querySelectorAll<HTMLElement>('[data-history-entry]');
      expect(found).toHaveLength(2);
      return found;
    });
    expect([...entries].map((entry) => entry.dataset.product)).toEqual(['listings', 'sms']);
    expect(entries[0]!.textContent).toContain('Listings');
    expect(entries[0]!.querySelector('[data-history-change]')!.textContent).toBe('$40.00 → $49.00');
    expect(entries[1]!.textContent).toContain('owner@agency.test');
  });

  it('has no Price changes action when the adapter has no listPriceChanges', async () => {
    const { listPriceChanges: _absent, ...minimal } = createMemoryAdapter({ stripe: 'connected' });
    const result = renderWithRebilling<RebillingAdapter>(<RebillingPanel />, { adapter: minimal });
    await waitFor(() => expect(result.container.querySelector('[data-product="sms"]')!.getAttribute('data-state')).toBe('idle'));
    expect(screen.queryByRole('button', { name: 'Price changes' })).toBeNull();
  });
});
