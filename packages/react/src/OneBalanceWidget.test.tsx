import { RebillingError, type RebillingEvent, createMemoryAdapter } from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';
import { OneBalanceWidget } from './OneBalanceWidget.js';
import { RebillingPanel } from './RebillingPanel.js';

const providerProps = { locale: 'en-US' };

describe('OneBalanceWidget', () => {
  it('shows the exact balance with its sub-cent digits and warns below the low-balance threshold', async () => {
    const adapter = createMemoryAdapter({ wallet: { balance: '12.3456', lowBalanceThreshold: '20' } });
    const { container } = renderWithRebilling(<OneBalanceWidget />, { adapter, providerProps });
    expect(await screen.findByText('$12.3456')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('below $20.00');
    expect((await axe.run(container)).violations).toEqual([]);
  });

  it('refuses a target not above the threshold and a sub-cent amount with field messages, then saves once with Saved', async () => {
    const adapter = createMemoryAdapter();
    const save = vi.spyOn(adapter, 'saveAutoRecharge');
    const user = userEvent.setup();
    renderWithRebilling(<OneBalanceWidget />, { adapter, providerProps });
    await user.click(await screen.findByRole('checkbox', { name: 'Auto-recharge' }));
    const target = screen.getByRole('textbox', { name: 'Top up to' });
    await user.clear(target);
    await user.type(target, '5');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(target.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Must be above \$10\.00/)).toBeTruthy();
    await user.clear(target);
    await user.type(target, '75.005');
    expect(target.getAttribute('aria-invalid')).toBe('true');
    expect(save).not.toHaveBeenCalled();
    await user.clear(target);
    await user.type(target, '75');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect(save).toHaveBeenCalledOnce();
    expect(adapter.inspect.readWallet().autoRecharge).toEqual({ enabled: true, threshold: '10', target: '75', monthlyCap: '200' });
  });

  it("says Couldn't save with a Retry that reuses the idempotency key, and shows the last failure", async () => {
    const adapter = createMemoryAdapter({ wallet: { lastRechargeFailure: { at: '2026-12-01T10:00:00.000Z', message: 'Card declined.' } } });
    const real = adapter.saveAutoRecharge.bind(adapter);
    const save = vi.spyOn(adapter, 'saveAutoRecharge').mockRejectedValueOnce(new RebillingError('network', 'down')).mockImplementation(real);
    const user = userEvent.setup();
    renderWithRebilling(<OneBalanceWidget />, { adapter, providerProps });
    expect((await screen.findByText(/Last auto-recharge failed/)).textContent).toContain('Card declined.');
    await user.click(screen.getByRole('checkbox', { name: 'Auto-recharge' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Couldn’t save')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(adapter.inspect.readWallet().autoRecharge.enabled).toBe(true));
    expect(save.mock.calls[0]![1].idempotencyKey).toBe(save.mock.calls[1]![1].idempotencyKey);
  });

  it('shows the new balance after a wallet or ledger event from the backend (a top-up, usage in another tab)', async () => {
    const base = createMemoryAdapter({ wallet: { balance: '12.3456' } });
    let balance = '12.3456';
    const listeners = new Set<(event: RebillingEvent) => void>();
    const adapter: typeof base = {
      ...base,
      loadWallet: async (options) => ({ ...(await base.loadWallet(options)), balance }),
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const emit = (type: RebillingEvent['type']) => act(() => listeners.forEach((listener) => listener({ type })));
    renderWithRebilling(<OneBalanceWidget />, { adapter, providerProps });
    expect(await screen.findByText('$12.3456')).toBeTruthy();
    balance = '62.3456';
    emit('wallet');
    expect(await screen.findByText('$62.3456')).toBeTruthy();
    balance = '61.9956';
    emit('ledger');
    expect(await screen.findByText('$61.9956')).toBeTruthy();
  });

  it('renders nothing without loadWallet', () => {
    const { loadWallet: _omit, ...minimal } = createMemoryAdapter();
    const { container } = renderWithRebilling(<OneBalanceWidget />, { adapter: minimal, providerProps });
    expect(container.querySelector('.rk-wallet')).toBeNull();
  });

  it('the panel renders it (loaded lazily) only when the adapter has a wallet', async () => {
    renderWithRebilling(<RebillingPanel />, { adapter: createMemoryAdapter({ stripe: 'connected' }), providerProps });
    expect(await screen.findByRole('region', { name: 'Main OneBalance' })).toBeTruthy();
  });

  it('the panel leaves it out for an adapter without loadWallet', async () => {
    const { loadWallet: _load, saveAutoRecharge: _save, ...minimal } = createMemoryAdapter({ stripe: 'connected' });
    renderWithRebilling(<RebillingPanel />, { adapter: minimal, providerProps });
    await screen.findAllByText('You Pay');
    // Long enough for the lazy chunk to arrive had it been asked for (it loads in a few ms here).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByRole('region', { name: 'Main OneBalance' })).toBeNull();
  });
});
