import { createMemoryAdapter, type MemoryAdapter, type PriceChange, type RebillingAdapter } from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { WithPriceHistory } from './PriceHistory.js';
import { RebillingPanel } from './RebillingPanel.js';
import { ListingsWidget } from './widgets/FixedPriceWidget.js';
import { SmsWidget } from './widgets/MultiplierWidget.js';

const AT = '2026-11-20T15:30:00.000Z';
const smsChange = (id: string, from: string, to: string, actor: string | null = 'owner@agency.test'): PriceChange => ({
  id,
  at: AT,
  actor,
  product: 'sms',
  revision: id,
  from: { type: 'multiplier', multiplier: from },
  to: { type: 'multiplier', multiplier: to },
  youPayAtTheTime: '0.0075',
});

async function renderSmsWithHistory(adapter: MemoryAdapter) {
  const result = renderWithRebilling<MemoryAdapter>(
    <WithPriceHistory>
      <SmsWidget />
    </WithPriceHistory>,
    { adapter },
  );
  const root = await waitFor(() => {
    const widget = result.container.querySelector<HTMLElement>('[data-product="sms"]')!;
    expect(widget.dataset.state).toBe('idle');
    return widget;
  });
  return { ...result, root };
}

describe('PriceHistory in a widget', () => {
  it('loads nothing until opened, then lists who, when, from → to and You Pay then, newest first', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({
      stripe: 'connected',
      actor: 'you@agency.test',
      priceHistory: [smsChange('2', '3', '2.5', null), smsChange('1', '1', '3')],
    });
    const list = vi.spyOn(adapter, 'listPriceChanges');
    const { root } = await renderSmsWithHistory(adapter);
    expect(list).not.toHaveBeenCalled();
    await user.click(within(root).getByText('History'));
    const entries = await waitFor(() => {
      const found = root.querySelectorAll<HTMLElement>('[data-history-entry]');
      expect(found).toHaveLength(2);
      return found;
    });
    expect(list).toHaveBeenCalledWith({ product: 'sms', limit: 10 }, expect.anything());
    expect(entries[0]!.querySelector('[data-history-change]')!.textContent).toBe('3x → 2.5x');
    expect(entries[0]!.textContent).toContain('Unknown');
    expect(entries[0]!.textContent).toContain('$0.0075');
    // 2.5x is what the memory adapter holds now: that entry is the current price, not a revert.
    expect(within(entries[0]!).queryByRole('button')).toBeNull();
    expect(entries[0]!.textContent).toContain('Current price');
    expect(entries[1]!.textContent).toContain('owner@agency.test');
    expect(within(entries[1]!).getByRole('button', { name: /^Revert to this: SMS at 3x, set / })).toBeTruthy();
  });

  it('"Revert to this" saves that rule through the widget\'s save (one save, new revision) and the history grows by one', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected', actor: 'you@agency.test', priceHistory: [smsChange('1', '1', '3')] });
    const save = vi.spyOn(adapter, 'savePricing');
    const { root } = await renderSmsWithHistory(adapter);
    await user.click(within(root).getByText('History'));
    await user.click(await within(root).findByRole('button', { name: /^Revert to this: SMS at 3x,/ }));
    await waitFor(() => expect(root.querySelector('.rk-save-status')!.textContent).toContain('Saved'));
    expect(save).toHaveBeenCalledOnce();
    expect(save.mock.calls[0]![0]).toEqual({ products: { sms: { type: 'multiplier', multiplier: '3' } } });
    expect(save.mock.calls[0]![1]).toMatchObject({ expectedRevision: '1', idempotencyKey: expect.any(String) });
    expect(adapter.inspect.readPricing()).toMatchObject({ revision: '2', products: { sms: { rule: { multiplier: '3' } } } });
    expect(root.querySelector('.rk-slider-value')!.textContent).toBe('3x');
    await waitFor(() => expect(root.querySelectorAll('[data-history-entry]')).toHaveLength(2));
    const [newest] = root.querySelectorAll<HTMLElement>('[data-history-entry]');
    expect(newest!.textContent).toContain('you@agency.test');
    expect(newest!.querySelector('[data-history-change]')!.textContent).toBe('2.5x → 3x');

    // The revert is an ordinary save, so the widget's Undo takes it back: one more save and entry.
    await user.click(within(root).getByRole('button', { name: /^Undo/ }));
    await waitFor(() => expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.5' }));
    expect(save).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(root.querySelectorAll('[data-history-entry]')).toHaveLength(3));
  });

  it('an open history gains the change made elsewhere (another tab) once the prices reload', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected', priceHistory: [smsChange('1', '1', '3')] });
    const { root } = await renderSmsWithHistory(adapter);
    await user.click(within(root).getByText('History'));
    await waitFor(() => expect(root.querySelectorAll('[data-history-entry]')).toHaveLength(1));
    adapter.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } }, { actor: 'maria@agency.test' });
    await waitFor(() => expect(root.querySelector('.rk-slider-value')!.textContent).toBe('4x'));
    await waitFor(() => expect(root.querySelectorAll('[data-history-entry]')).toHaveLength(2));
    expect(root.querySelector('[data-history-entry]')!.textContent).toContain('maria@agency.test');
  });

  it('a fixed price below You Pay asks before reverting, and Cancel saves nothing', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({
      stripe: 'connected',
      priceHistory: [
        { id: '1', at: AT, actor: null, product: 'listings', revision: '1', from: { type: 'fixed', price: '30' }, to: { type: 'fixed', price: '1' }, youPayAtTheTime: '10' },
      ],
    });
    const save = vi.spyOn(adapter, 'savePricing');
    const result = renderWithRebilling(
      <WithPriceHistory>
        <ListingsWidget />
      </WithPriceHistory>,
      { adapter },
    );
    const root = await waitFor(() => {
      const widget = result.container.querySelector<HTMLElement>('[data-product="listings"]')!;
      expect(widget.dataset.state).toBe('idle');
      return widget;
    });
    await user.click(within(root).getByText('History'));
    await user.click(await within(root).findByRole('button', { name: /^Revert to this: Listings at \$1\.00,/ }));
    expect(within(root).getByRole('alert').textContent).toContain('below You Pay');
    await user.click(within(root).getByRole('button', { name: 'Cancel' }));
    expect(save).not.toHaveBeenCalled();
    await user.click(within(root).getByRole('button', { name: /^Revert to this: Listings at \$1\.00,/ }));
    await user.click(within(root).getByRole('button', { name: 'Revert anyway' }));
    await waitFor(() => expect(adapter.inspect.readPricing().products.listings.rule).toEqual({ type: 'fixed', price: '1' }));
    expect(save).toHaveBeenCalledOnce();
  });

  it('is left out of the widget and the panel when the adapter has no listPriceChanges', async () => {
    const { listPriceChanges: _absent, ...minimal } = createMemoryAdapter({ stripe: 'connected' });
    const result = renderWithRebilling<RebillingAdapter>(<RebillingPanel />, { adapter: minimal });
    await waitFor(() => expect(result.container.querySelector('[data-product="sms"]')!.getAttribute('data-state')).toBe('idle'));
    expect(result.container.querySelector('[data-history]')).toBeNull();
    expect(screen.queryByText('History')).toBeNull();
  });

  it('the panel shows History in every widget; a widget outside WithPriceHistory shows none', async () => {
    const panel = renderWithRebilling(<RebillingPanel />);
    await waitFor(() => expect(panel.container.querySelectorAll('[data-history]')).toHaveLength(5));
    panel.unmount();
    const single = renderWithRebilling(<SmsWidget />);
    await waitFor(() => expect(single.container.querySelector('[data-product="sms"]')!.getAttribute('data-state')).toBe('idle'));
    expect(single.container.querySelector('[data-history]')).toBeNull();
  });
});
