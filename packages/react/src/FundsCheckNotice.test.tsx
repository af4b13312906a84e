import { checkUsageFunds, createMemoryAdapter, quote, sampleSnapshot } from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import type { ReactElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { FundsCheckNotice } from './FundsCheckNotice.js';

const smsPrices = quote(sampleSnapshot().products.sms); // sub-account $0.01975, You Pay $0.0079 a segment

function check(subAccountBalance: string, mainAccountBalance: string, quantity = 100) {
  return checkUsageFunds({ subAccountBalance, mainAccountBalance, unitPrices: smsPrices, quantity, currency: 'USD' });
}

const render = (ui: ReactElement) =>
  renderWithRebilling(ui, { adapter: createMemoryAdapter(), providerProps: { locale: 'en-US' } });

describe('FundsCheckNotice', () => {
  it('sub-account short: asks it to add the missing amount, with an optional Add funds action', async () => {
    const user = userEvent.setup();
    const onAddFunds = vi.fn();
    const result = check('1', '100'); // charge exactly $1.975 (wallet debits are not rounded) → $0.975 short
    expect(result).toMatchObject({ ok: false, reason: 'sub-account-insufficient', shortfall: '0.975' });
    const { container } = render(<FundsCheckNotice result={result} currency="USD" onAddFunds={onAddFunds} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Not enough funds in your OneBalance wallet. Add at least $0.975 to continue.');
    expect(alert.dataset.reason).toBe('sub-account-insufficient');
    await user.click(screen.getByRole('button', { name: 'Add funds' }));
    expect(onAddFunds).toHaveBeenCalledTimes(1);
    expect((await axe.run(container)).violations).toEqual([]);
  });

  it('takes the currency from the loaded prices when none is given', async () => {
    render(<FundsCheckNotice result={check('0', '100')} />);
    expect(await screen.findByText('Not enough funds in your OneBalance wallet. Add at least $1.975 to continue.')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('main account short: tells the sub-account to contact its administrator, without amounts', async () => {
    const result = check('100', '0.5'); // You Pay charge $0.79
    expect(result).toMatchObject({ ok: false, reason: 'main-account-insufficient' });
    const { container } = render(<FundsCheckNotice result={result} currency="USD" onAddFunds={() => {}} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('This can’t be charged right now. Contact your administrator.');
    expect(alert.textContent).not.toMatch(/\$/);
    expect(screen.queryByRole('button', { name: 'Add funds' })).toBeNull();
    expect((await axe.run(container)).violations).toEqual([]);
  });

  it('both hold: shows nothing by default', () => {
    const result = check('100', '100');
    expect(result.ok).toBe(true);
    const { container } = render(<FundsCheckNotice result={result} currency="USD" />);
    expect(container.querySelector('.rk-funds-notice')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('both hold, success requested: a polite status line', () => {
    render(<FundsCheckNotice result={check('100', '100')} success />);
    expect(screen.getByRole('status').textContent).toBe('Enough funds for this charge.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('custom success content', () => {
    render(<FundsCheckNotice result={check('100', '100')} success="Ready to send 100 segments." />);
    expect(screen.getByRole('status').textContent).toBe('Ready to send 100 segments.');
  });
});
