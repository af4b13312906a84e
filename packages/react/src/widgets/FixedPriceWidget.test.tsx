import { type RenderWithRebillingOptions, renderWithRebilling } from '@rebill-kit/testkit/react';
import type { MemoryAdapter } from '@rebill-kit/core';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { LightningDomainsWidget, ListingsWidget } from './FixedPriceWidget.js';

function figure(root: HTMLElement, name: 'you-pay' | 'sub-account-pays' | 'profit') {
  return root.querySelector<HTMLElement>(`[data-figure="${name}"] .rk-figure-value`)!.textContent;
}

async function renderDomains(options: RenderWithRebillingOptions<MemoryAdapter> = {}) {
  const result = renderWithRebilling<MemoryAdapter>(<LightningDomainsWidget />, options);
  const root = await waitFor(() => {
    const widget = result.container.querySelector<HTMLElement>('[data-product="lightningDomains"]')!;
    expect(widget.dataset.state).toBe('idle');
    return widget;
  });
  return { ...result, root };
}

describe('LightningDomainsWidget', () => {
  it('edits inline: Profit follows valid typing, Enter saves, focus returns to Edit', async () => {
    const user = userEvent.setup();
    const { root, adapter } = await renderDomains();
    expect(figure(root, 'sub-account-pays')).toBe('$19.99');
    expect(figure(root, 'profit')).toBe('$7.99');
    await user.click(within(root).getByRole('button', { name: /Edit/ }));
    const input = within(root).getByRole('textbox', { name: /Lightning Domains price/ });
    expect(input).toHaveProperty('value', '19.99');
    expect(document.activeElement).toBe(input);
    await user.clear(input);
    await user.type(input, '24.5');
    expect(figure(root, 'profit')).toBe('$12.50');
    expect(root.dataset.state).toBe('editing');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(root.dataset.state).toBe('saved'));
    expect(adapter.inspect.readPricing().products.lightningDomains.rule).toEqual({ type: 'fixed', price: '24.5' });
    expect(document.activeElement).toBe(within(root).getByRole('button', { name: /Edit/ }));
  });

  it.each([
    ['abc', 'Enter a number'],
    ['-1', 'cannot be negative'],
    ['1e309', 'without an exponent'],
    // Issue 14: a fixed price is whole cents in USD (was: up to 6 decimals).
    ['19.9999999', 'at most 2 decimal places: USD prices are charged in whole cents'],
    ['49.999', 'at most 2 decimal places'],
  ])('keeps editing and explains %j without saving', async (typed, message) => {
    const user = userEvent.setup();
    const { root, adapter } = await renderDomains();
    const save = vi.spyOn(adapter, 'savePricing');
    await user.click(within(root).getByRole('button', { name: /Edit/ }));
    const input = within(root).getByRole('textbox');
    await user.clear(input);
    await user.type(input, typed);
    await user.keyboard('{Enter}');
    expect(within(root).getByRole('alert').textContent).toContain(message);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(within(root).getByRole('textbox')).toBe(input);
    expect(save).not.toHaveBeenCalled();
  });

  it('accepts a price typed with a currency symbol and grouping', async () => {
    const user = userEvent.setup();
    const { root, adapter } = await renderDomains();
    await user.click(within(root).getByRole('button', { name: /Edit/ }));
    const input = within(root).getByRole('textbox');
    await user.clear(input);
    await user.type(input, '$1,000.50');
    await user.keyboard('{Enter}');
    // Issue 14: over 10× You Pay ($12) asks first, as a loss does.
    expect(within(root).getByRole('alert').textContent).toContain('more than ten times what you pay ($12.00)');
    expect(adapter.inspect.appliedSaves()).toBe(0);
    await user.click(within(root).getByRole('button', { name: 'Save this price' }));
    await waitFor(() => expect(adapter.inspect.readPricing().products.lightningDomains.rule).toEqual({ type: 'fixed', price: '1000.5' }));
  });

  it('Escape cancels: the saved price shows again and nothing is saved', async () => {
    const user = userEvent.setup();
    const { root, adapter } = await renderDomains();
    const save = vi.spyOn(adapter, 'savePricing');
    await user.click(within(root).getByRole('button', { name: /Edit/ }));
    const input = within(root).getByRole('textbox');
    await user.clear(input);
    await user.type(input, '5');
    expect(figure(root, 'sub-account-pays')).toBe('$5.00');
    await user.keyboard('{Escape}');
    expect(within(root).queryByRole('textbox')).toBeNull();
    expect(figure(root, 'sub-account-pays')).toBe('$19.99');
    expect(save).not.toHaveBeenCalled();
  });

  it('asks before saving a price below You Pay, and shows the loss', async () => {
    const user = userEvent.setup();
    const { root, adapter } = await renderDomains();
    await user.click(within(root).getByRole('button', { name: /Edit/ }));
    const input = within(root).getByRole('textbox');
    await user.clear(input);
    await user.type(input, '10');
    expect(root.querySelector('[data-figure="profit"]')!.hasAttribute('data-loss')).toBe(true);
    expect(figure(root, 'profit')).toBe('-$2.00');
    await user.keyboard('{Enter}');
    expect(within(root).getByRole('alert').textContent).toContain('below what you pay ($12.00)');
    expect(adapter.inspect.appliedSaves()).toBe(0);
    await user.click(within(root).getByRole('button', { name: 'Save at a loss' }));
    await waitFor(() => expect(adapter.inspect.readPricing().products.lightningDomains.rule).toEqual({ type: 'fixed', price: '10' }));
  });

  it('cannot be edited while Stripe is disconnected', async () => {
    const { container } = renderWithRebilling(<ListingsWidget />, { adapterOptions: { stripe: 'disconnected' } });
    await waitFor(() => expect(container.querySelector<HTMLElement>('[data-product="listings"]')!.dataset.state).toBe('disabled'));
    expect(screen.getByRole('button', { name: /Edit/ })).toHaveProperty('disabled', true);
  });

  it('parses prices in the host locale (de-DE) and formats them back', async () => {
    const user = userEvent.setup();
    const { root, adapter } = await renderDomains({ providerProps: { locale: 'de-DE' } });
    expect(figure(root, 'sub-account-pays')).toBe('19,99\u00a0$');
    await user.click(within(root).getByRole('button', { name: /Bearbeiten/ }));
    const input = within(root).getByRole('textbox');
    expect(input).toHaveProperty('value', '19,99');
    await user.clear(input);
    await user.type(input, '1.000,5');
    await user.keyboard('{Enter}');
    await user.click(await within(root).findByRole('button', { name: 'Diesen Preis speichern' }));
    await waitFor(() => expect(adapter.inspect.readPricing().products.lightningDomains.rule).toEqual({ type: 'fixed', price: '1000.5' }));
  });
});
