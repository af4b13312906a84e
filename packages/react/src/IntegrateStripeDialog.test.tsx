import { type CustomerSync, type MemoryAdapter, RebillingError, createMemoryAdapter } from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { IntegrateStripeDialog } from './IntegrateStripeDialog.js';
import { useStripeConnection } from './use-stripe.js';

function Harness({ onOpenChange }: { onOpenChange?: (open: boolean) => void }) {
  const [open, setOpen] = useState(false);
  const status = useStripeConnection((connection) => connection.status);
  return (
    <>
      <p data-testid="status">{status.data ?? 'loading'}</p>
      <button type="button" onClick={() => setOpen(true)}>
        + Integrate Stripe
      </button>
      <IntegrateStripeDialog
        open={open}
        onOpenChange={(next) => {
          onOpenChange?.(next);
          setOpen(next);
        }}
      />
    </>
  );
}

function setup(adapter: MemoryAdapter = createMemoryAdapter({ stripe: 'disconnected' }), onStripeRedirect = vi.fn()) {
  const user = userEvent.setup();
  const onOpenChange = vi.fn();
  const result = renderWithRebilling(<Harness onOpenChange={onOpenChange} />, {
    adapter,
    providerProps: { locale: 'en-US', onStripeRedirect },
  });
  const opener = screen.getByRole('button', { name: '+ Integrate Stripe' });
  return { ...result, user, opener, onOpenChange, onStripeRedirect };
}

describe('IntegrateStripeDialog', () => {
  it('asks how Stripe customers sync, People selected, with no axe violations', async () => {
    const { user, opener, container } = setup();
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Integrate Stripe' });
    const group = screen.getByRole('group', { name: 'Sync Stripe customers as' });
    expect(dialog.contains(group)).toBe(true);
    expect(screen.getByRole('radio', { name: 'People' })).toHaveProperty('checked', true);
    expect(screen.getByRole('radio', { name: 'Businesses' })).toHaveProperty('checked', false);
    expect(screen.getByRole('radio', { name: 'Skip' })).toHaveProperty('checked', false);
    // Focus enters at the checked option of the group.
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'People' }));
    expect((await axe.run(container)).violations).toEqual([]);
  });

  it.each<[string, CustomerSync]>([
    ['People', 'people'],
    ['Businesses', 'businesses'],
    ['Skip', null],
  ])('%s → connectStripe({ syncCustomersAs: %s }), then closes and unlocks', async (label, value) => {
    const adapter = createMemoryAdapter({ stripe: 'disconnected' });
    const connect = vi.spyOn(adapter, 'connectStripe');
    const { user, opener, onOpenChange } = setup(adapter);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('disconnected'));
    await user.click(opener);
    await user.click(screen.getByRole('radio', { name: label }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(connect).toHaveBeenCalledTimes(1);
    expect(connect).toHaveBeenCalledWith({ syncCustomersAs: value });
    expect(onOpenChange).toHaveBeenLastCalledWith(false);
    expect(screen.getByTestId('status').textContent).toBe('connected');
    expect(document.activeElement).toBe(opener);
  });

  it('shows "Connecting…" (busy, not clickable twice) while the adapter answers', async () => {
    const adapter = createMemoryAdapter({ stripe: 'disconnected', latencyMs: 40 });
    const connect = vi.spyOn(adapter, 'connectStripe');
    const { user, opener } = setup(adapter);
    await user.click(opener);
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const button = screen.getByRole('button', { name: 'Connecting…' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(document.activeElement).toBe(button);
    await user.click(button);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('shows the adapter error, and Retry sends the same choice again', async () => {
    const adapter = createMemoryAdapter({ stripe: 'disconnected' });
    const original = adapter.connectStripe.bind(adapter);
    const connect = vi
      .spyOn(adapter, 'connectStripe')
      .mockImplementationOnce(async () => {
        throw new RebillingError('unavailable', 'Stripe is not reachable right now.');
      })
      .mockImplementation(original);
    const { user, opener } = setup(adapter);
    await user.click(opener);
    await user.click(screen.getByRole('radio', { name: 'Businesses' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Couldn’t connect Stripe.');
    expect(alert.textContent).toContain('Stripe is not reachable right now.');
    expect(screen.getByRole('dialog')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(connect).toHaveBeenCalledTimes(2);
    expect(connect).toHaveBeenLastCalledWith({ syncCustomersAs: 'businesses' });
    expect(adapter.inspect.readStripe().status).toBe('connected');
    expect(document.activeElement).toBe(opener);
  });

  it('on pending, hands the onboarding URL to onStripeRedirect and says to finish in Stripe', async () => {
    const redirectUrl = 'https://connect.stripe.com/setup/s/acct_123';
    const adapter = createMemoryAdapter({ stripe: 'disconnected', stripeConnect: { redirectUrl } });
    const { user, opener, onStripeRedirect } = setup(adapter);
    await user.click(opener);
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    await waitFor(() => expect(onStripeRedirect).toHaveBeenCalledWith(redirectUrl));
    expect(onStripeRedirect).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toMatch(/^Finish setup in Stripe…/);
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(screen.getByTestId('status').textContent).toBe('pending');
    expect(screen.getByRole('button', { name: 'Continue' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('Cancel closes without connecting and restores focus', async () => {
    const adapter = createMemoryAdapter({ stripe: 'disconnected' });
    const connect = vi.spyOn(adapter, 'connectStripe');
    const { user, opener } = setup(adapter);
    await user.click(opener);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(connect).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(opener);
  });

  it('starts fresh each time it opens (no stale error)', async () => {
    const adapter = createMemoryAdapter({ stripe: 'disconnected' });
    vi.spyOn(adapter, 'connectStripe').mockRejectedValue(new RebillingError('network', 'Offline.'));
    const { user, opener } = setup(adapter);
    await user.click(opener);
    await user.click(screen.getByRole('radio', { name: 'Skip' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('alert');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(opener);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('radio', { name: 'People' })).toHaveProperty('checked', true);
  });
});
