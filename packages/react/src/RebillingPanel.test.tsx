import { RebillingError, createMemoryAdapter } from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';
import { RebillingPanel } from './RebillingPanel.js';

const PRODUCTS = ['sms', 'email', 'lightningDomains', 'phoneNumbers', 'listings'];

async function expectNoAxeViolations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

function widgets(container: HTMLElement) {
  return PRODUCTS.map((id) => container.querySelector<HTMLElement>(`[data-product="${id}"]`)!);
}

async function waitForStates(container: HTMLElement, state: string) {
  await waitFor(() => expect(widgets(container).map((w) => w?.dataset.state)).toEqual(PRODUCTS.map(() => state)));
}

// The whole panel with axe in jsdom takes 3–5 s on a loaded 2-core machine: more than the default 5 s limit allows for.
describe('RebillingPanel', { timeout: 15_000 }, () => {
  it('lays out the two sections, the header actions and the notes', async () => {
    const { container } = renderWithRebilling(<RebillingPanel />);
    await waitForStates(container, 'idle');
    const general = screen.getByRole('region', { name: 'General' });
    const addOns = screen.getByRole('region', { name: 'Add-Ons' });
    expect([...general.querySelectorAll('[data-product]')].map((n) => n.getAttribute('data-product'))).toEqual(['sms', 'email', 'lightningDomains']);
    expect([...addOns.querySelectorAll('[data-product]')].map((n) => n.getAttribute('data-product'))).toEqual(['phoneNumbers', 'listings']);
    expect(container.textContent).toContain('Changes apply to all sub-accounts.');
    expect(container.textContent).toContain('US and Canada');
    expect(screen.getByRole('button', { name: 'View Logs' })).toBeTruthy();
    expect(screen.getByText('Stripe connected: Sample Agency LLC')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '+ Integrate Stripe' })).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('stays disabled until Stripe is connected, then unlocks every widget without a reload', async () => {
    const user = userEvent.setup();
    const { container, adapter } = renderWithRebilling(<RebillingPanel />, { adapterOptions: { stripe: 'disconnected' } });
    await waitForStates(container, 'disabled');
    // Issue 14: the reason shows once, in the panel's banner by "+ Integrate Stripe", not in every card.
    expect(screen.getAllByText('Connect Stripe to set prices')).toHaveLength(1);
    for (const widget of widgets(container)) expect(widget.textContent).not.toContain('Connect Stripe');
    await expectNoAxeViolations(container);

    const connect = vi.spyOn(adapter, 'connectStripe');
    await user.click(screen.getByRole('button', { name: '+ Integrate Stripe' }));
    const dialog = await screen.findByRole('dialog'); // the dialog's code loads when first wanted
    await expectNoAxeViolations(container);
    await user.click(within(dialog).getByRole('radio', { name: /Businesses/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await waitForStates(container, 'idle');
    expect(connect).toHaveBeenCalledWith({ syncCustomersAs: 'businesses' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('button', { name: '+ Integrate Stripe' })).toBeNull();
  }, 15_000); // two axe runs and the dialog's first (lazy) import on a loaded machine

  it('learns that Stripe was connected elsewhere (the Billing app) and unlocks', async () => {
    const { container, adapter } = renderWithRebilling(<RebillingPanel />, { adapterOptions: { stripe: 'pending' } });
    await waitForStates(container, 'disabled');
    expect(container.textContent).toContain('Stripe setup in progress');
    act(() => adapter.simulateStripeStatus('connected', 'Acme Ltd'));
    await waitForStates(container, 'idle');
    expect(screen.getByText('Stripe connected: Acme Ltd')).toBeTruthy();
  });

  it('"View Logs" opens the OneBalance log unless the host handles logs', async () => {
    const user = userEvent.setup();
    const { container } = renderWithRebilling(<RebillingPanel />);
    await waitForStates(container, 'idle');
    await user.click(screen.getByRole('button', { name: 'View Logs' }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(within(dialog).getAllByRole('row').length).toBeGreaterThan(1));
    await expectNoAxeViolations(container);
  }, 15_000);

  it('calls onViewLogs, or links to logsHref, instead of its own dialog', async () => {
    const user = userEvent.setup();
    const onViewLogs = vi.fn();
    const first = renderWithRebilling(<RebillingPanel />, { providerProps: { onViewLogs } });
    await user.click(screen.getByRole('button', { name: 'View Logs' }));
    expect(onViewLogs).toHaveBeenCalledOnce();
    expect(screen.queryByRole('dialog')).toBeNull();
    first.unmount();

    renderWithRebilling(<RebillingPanel />, { providerProps: { logsHref: '/billing/logs' } });
    expect(screen.getByRole('link', { name: 'View Logs' }).getAttribute('href')).toBe('/billing/logs');
  });

  it('refuses a javascript: logsHref', () => {
    renderWithRebilling(<RebillingPanel />, { providerProps: { logsHref: 'javascript:alert(1)' } });
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByRole('button', { name: 'View Logs' })).toBeTruthy();
  });

  it('has no axe violations while editing a price or after a failed save', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    vi.spyOn(adapter, 'savePricing').mockRejectedValue(new RebillingError('unavailable', 'Try again shortly.'));
    const { container } = renderWithRebilling(<RebillingPanel />, { adapter });
    await waitForStates(container, 'idle');
    const [sms, , domains] = widgets(container) as [HTMLElement, HTMLElement, HTMLElement];
    await user.click(within(domains).getByRole('button', { name: /Edit/ }));
    await expectNoAxeViolations(container);
    await user.keyboard('{Escape}');
    within(sms).getByRole('slider').focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(sms.dataset.state).toBe('error'));
    await expectNoAxeViolations(container);
  }, 15_000); // two axe runs, and the key step commits only once the keys go idle

  it('shows a Stripe load failure with Retry instead of a blank panel', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const load = vi.spyOn(adapter, 'loadStripeConnection').mockRejectedValue(new RebillingError('unavailable', 'Stripe status is unavailable.'));
    renderWithRebilling(<RebillingPanel />, { adapter });
    const alert = await screen.findByText(/Stripe status is unavailable/);
    load.mockRestore();
    await user.click(within(alert.closest('[role="alert"]')!).getByRole('button', { name: 'Retry' }));
    await screen.findByText('Stripe connected: Sample Agency LLC');
  });
});
