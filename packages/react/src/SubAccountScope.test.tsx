import { createMemoryAdapter } from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';
import { RebillingPanel } from './RebillingPanel.js';

const PRODUCTS = ['sms', 'email', 'lightningDomains', 'phoneNumbers', 'listings'];

async function expectNoAxeViolations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const widget = (container: HTMLElement, id: string) => container.querySelector<HTMLElement>(`[data-product="${id}"]`)!;
const statusOf = (container: HTMLElement, id: string) => widget(container, id).querySelector<HTMLElement>('[data-override]')?.textContent ?? null;
const subAccountPays = (container: HTMLElement, id: string) => widget(container, id).querySelector('[data-figure="sub-account-pays"]')?.textContent;

describe('RebillingPanel sub-account picker (per-sub-account overrides)', { timeout: 20_000 }, () => {
  it('is absent without listOverrides; the default panel says changes apply to all sub-accounts', async () => {
    const { listOverrides: _l, saveOverride: _s, removeOverride: _r, ...minimal } = createMemoryAdapter({ stripe: 'connected' });
    const { container } = renderWithRebilling(<RebillingPanel />, { adapter: minimal });
    await waitFor(() => expect(widget(container, 'sms').dataset.state).toBe('idle'));
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(container.textContent).toContain('Changes apply to all sub-accounts.');
    expect(container.querySelector('[data-override]')).toBeNull();
  });

  it('with a sub-account chosen, an edit saves an override for it alone; "Use the account-wide price" removes it', async () => {
    const user = userEvent.setup();
    const { container, adapter } = renderWithRebilling(<RebillingPanel />);
    const savePricing = vi.spyOn(adapter, 'savePricing');
    await waitFor(() => expect(widget(container, 'sms').dataset.state).toBe('idle'));
    const picker = await screen.findByRole('combobox', { name: 'Prices for' });
    await waitFor(() => expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['All sub-accounts', 'Lumen Yoga', 'Northside Dental', "Rosa's Bakery"]));
    expect(container.querySelector('[data-override]')).toBeNull();

    await user.selectOptions(picker, 'Lumen Yoga');
    await waitFor(() => expect(PRODUCTS.map((id) => statusOf(container, id))).toEqual(PRODUCTS.map(() => 'Inherited')));
    expect(container.textContent).toContain('Changes apply to Lumen Yoga only.');
    expect(container.textContent).not.toContain('Changes apply to all sub-accounts.');
    await expectNoAxeViolations(container);

    // 2.5x → 3x by keyboard on the SMS slider: saved as Lumen Yoga's override, not account-wide.
    const thumb = within(widget(container, 'sms')).getByRole('slider');
    thumb.focus();
    await user.keyboard('{ArrowRight>5}{/ArrowRight}');
    await waitFor(() => expect(widget(container, 'sms').dataset.state).toBe('saved'));
    await waitFor(() => expect(statusOf(container, 'sms')).toContain('Overridden for Lumen Yoga'));
    expect(savePricing).not.toHaveBeenCalled();
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.5' });
    expect(adapter.inspect.readOverrides().find((s) => s.subAccountId === 'sub_lumen_yoga')?.overrides).toEqual({ sms: { type: 'multiplier', multiplier: '3' } });
    expect(subAccountPays(container, 'sms')).toContain('$0.0237');
    expect(statusOf(container, 'email')).toBe('Inherited');

    // Back to all sub-accounts: the account-wide 2.5x shows again.
    await user.selectOptions(picker, 'All sub-accounts');
    await waitFor(() => expect(subAccountPays(container, 'sms')).toContain('$0.01975'));
    expect(container.textContent).toContain('Changes apply to all sub-accounts.');

    await user.selectOptions(picker, 'Lumen Yoga');
    await waitFor(() => expect(subAccountPays(container, 'sms')).toContain('$0.0237'));
    await user.click(within(widget(container, 'sms')).getByRole('button', { name: 'Use the account-wide price' }));
    await waitFor(() => expect(statusOf(container, 'sms')).toBe('Inherited'));
    await waitFor(() => expect(subAccountPays(container, 'sms')).toContain('$0.01975'));
    expect(adapter.inspect.readOverrides().find((s) => s.subAccountId === 'sub_lumen_yoga')?.overrides).toEqual({});
  });

  it('shows a failed override save with Retry, which saves it with the same key', async () => {
    const user = userEvent.setup();
    const { container, adapter } = renderWithRebilling(<RebillingPanel />);
    const real = adapter.saveOverride.bind(adapter);
    const keys: string[] = [];
    const save = vi.spyOn(adapter, 'saveOverride').mockImplementation(async (input, options) => {
      keys.push(options.idempotencyKey);
      if (keys.length === 1) throw new (await import('@rebill-kit/core')).RebillingError('unavailable', 'down');
      return real(input, options);
    });
    const picker = await screen.findByRole('combobox', { name: 'Prices for' });
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(4));
    await user.selectOptions(picker, "Rosa's Bakery");
    await waitFor(() => expect(statusOf(container, 'sms')).toBe('Inherited'));
    within(widget(container, 'sms')).getByRole('slider').focus();
    await user.keyboard('{ArrowRight}{/ArrowRight}');
    await waitFor(() => expect(widget(container, 'sms').dataset.state).toBe('error'));
    await user.click(within(widget(container, 'sms')).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(widget(container, 'sms').dataset.state).toBe('saved'));
    expect(save).toHaveBeenCalledTimes(2);
    expect(keys[1]).toBe(keys[0]);
    await waitFor(() => expect(statusOf(container, 'sms')).toContain("Overridden for Rosa's Bakery"));
  });
});
