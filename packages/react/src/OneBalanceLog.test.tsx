import { type LedgerEntry, RebillingError, type RebillingAdapter, createMemoryAdapter, sampleLedger } from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { OneBalanceLog, OneBalanceLogDialog } from './OneBalanceLog.js';

const providerProps = { locale: 'en-US' };

function rowIds(container: HTMLElement) {
  return [...container.querySelectorAll<HTMLElement>('tbody tr')].map((row) => row.dataset.entryId);
}

function cell(row: HTMLElement, column: string) {
  return row.querySelector(`[data-column="${column}"]`)!.textContent;
}

async function renderLog(ui = <OneBalanceLog />, adapter: RebillingAdapter = createMemoryAdapter()) {
  const user = userEvent.setup();
  const result = renderWithRebilling(ui, { adapter, providerProps });
  return { ...result, user };
}

describe('OneBalanceLog', () => {
  it('shows each entry with time, type, product, quantity, signed amount and balance after', async () => {
    const { container } = await renderLog();
    const table = await screen.findByRole('table', { name: 'OneBalance activity' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Time',
      'Type',
      'Product',
      'Quantity',
      'Amount',
      'Balance after',
    ]);
    const ledger = sampleLedger();
    const newest = ledger[0]!;
    const row = container.querySelector<HTMLElement>(`tr[data-entry-id="${newest.id}"]`)!;
    expect(cell(row, 'time')).toBe(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(newest.at)));
    expect(row.querySelector('time')!.getAttribute('dateTime')).toBe(newest.at);
    expect(row.querySelector('.rk-log__type')!.textContent).toBe('Usage');
    expect(cell(row, 'product')).toBe('SMS');
    expect(cell(row, 'quantity')).toBe('1,200');
    expect(cell(row, 'amount')).toBe('\u2212$23.70');
    expect(row.querySelector('[data-column="amount"]')!.getAttribute('data-sign')).toBe('debit');

    const topUp = ledger.find((entry) => entry.type === 'funds_added')!;
    const topUpRow = container.querySelector<HTMLElement>(`tr[data-entry-id="${topUp.id}"]`)!;
    expect(topUpRow.querySelector('.rk-log__type')!.textContent).toBe('Funds added');
    expect(cell(topUpRow, 'product')).toBe('—');
    expect(cell(topUpRow, 'amount')).toBe('+$100.00');
    expect(cell(topUpRow, 'balance-after')).toBe(
      new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(topUp.balanceAfter)),
    );
  });

  it('rounds total amounts once, half to even, to the minor unit', async () => {
    const entry: LedgerEntry = {
      id: 'e1',
      at: '2026-11-20T10:00:00.000Z',
      type: 'usage',
      product: 'email',
      quantity: 5000,
      amount: '-10.125',
      balanceAfter: '89.875',
      description: 'Emails sent',
    };
    const { container } = await renderLog(<OneBalanceLog />, createMemoryAdapter({ ledger: [entry] }));
    await screen.findByRole('table');
    const row = container.querySelector<HTMLElement>('tr[data-entry-id="e1"]')!;
    expect(cell(row, 'amount')).toBe('\u2212$10.12');
    expect(cell(row, 'balance-after')).toBe('$89.88');
  });

  it('pages through all 45 sample entries with "Load more", without duplicates, then says it is the end', async () => {
    const adapter = createMemoryAdapter();
    const list = vi.spyOn(adapter, 'listLedger');
    const { container, user } = await renderLog(<OneBalanceLog />, adapter);
    await screen.findByRole('table');
    expect(rowIds(container)).toHaveLength(20);

    const more = screen.getByRole('button', { name: 'Load more' });
    await user.click(more);
    await waitFor(() => expect(rowIds(container)).toHaveLength(40));
    // Issue 14: the announcement says how many rows were added, then the total.
    expect(screen.getByText('20 more entries loaded. Showing 40 entries')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Load more' }));

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rowIds(container)).toHaveLength(45));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    const end = screen.getByText('That’s all the activity.');
    expect(document.activeElement).toBe(end);

    const ids = rowIds(container);
    expect(new Set(ids).size).toBe(45);
    expect(ids).toEqual(sampleLedger().map((entry) => entry.id));
    // StrictMode mounts twice, which may cancel and repeat the first request; later pages are asked once each.
    expect(list.mock.calls.map(([query]) => query).filter((query) => query.cursor !== undefined)).toEqual([
      { cursor: 'led_0026', limit: 20 },
      { cursor: 'led_0006', limit: 20 },
    ]);
  });

  it('honours pageSize', async () => {
    const { container } = await renderLog(<OneBalanceLog pageSize={7} />);
    await screen.findByRole('table');
    expect(rowIds(container)).toHaveLength(7);
  });

  it('has no axe violations with entries', async () => {
    const { container } = await renderLog();
    await screen.findByRole('table');
    expect((await axe.run(container)).violations).toEqual([]);
  });

  it('says "No activity yet" for an empty ledger, with no axe violations', async () => {
    const { container } = await renderLog(<OneBalanceLog />, createMemoryAdapter({ ledger: [] }));
    await screen.findByText('No activity yet');
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect((await axe.run(container)).violations).toEqual([]);
  });

  it('shows a loading state first', async () => {
    const { container } = await renderLog(<OneBalanceLog />, createMemoryAdapter({ latencyMs: 200 }));
    expect(screen.getByRole('status').textContent).toBe('Loading activity…');
    expect(container.querySelector('.rk-log')!.getAttribute('aria-busy')).toBe('true');
    await screen.findByRole('table');
  });

  it('shows the error with Retry, and Retry loads the entries', async () => {
    const adapter = createMemoryAdapter();
    const original = adapter.listLedger.bind(adapter);
    let down = true;
    vi.spyOn(adapter, 'listLedger').mockImplementation(async (query, options) => {
      if (down) throw new RebillingError('unavailable', 'The ledger service is down.');
      return original(query, options);
    });
    const { container, user } = await renderLog(<OneBalanceLog />, adapter);
    const alert = await screen.findByRole('alert');
    down = false;
    expect(alert.textContent).toContain('Couldn’t load the activity.');
    expect(alert.textContent).toContain('The ledger service is down.');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await screen.findByRole('table');
    expect(rowIds(container)).toHaveLength(20);
  });

  it('keeps the loaded entries when a later page fails, and Retry fetches that page', async () => {
    const adapter = createMemoryAdapter();
    const original = adapter.listLedger.bind(adapter);
    const list = vi.spyOn(adapter, 'listLedger');
    const { container, user } = await renderLog(<OneBalanceLog />, adapter);
    await screen.findByRole('table');
    list.mockImplementationOnce(async () => {
      throw new RebillingError('network', 'Could not reach the server.');
    });
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not reach the server.');
    expect(rowIds(container)).toHaveLength(20);
    list.mockImplementation(original);
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(rowIds(container)).toHaveLength(40));
    expect(new Set(rowIds(container)).size).toBe(40);
  });

  it('rejects a malformed page with a clear error instead of showing NaN', async () => {
    const adapter = createMemoryAdapter();
    vi.spyOn(adapter, 'listLedger').mockResolvedValue({ entries: [{ id: 'x', amount: 12 }], nextCursor: null } as never);
    await renderLog(<OneBalanceLog />, adapter);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/ledger page/i);
  });

  it('says the log is not available when the adapter has no listLedger', async () => {
    const { listLedger: _omitted, ...withoutLedger } = createMemoryAdapter();
    await renderLog(<OneBalanceLog />, withoutLedger);
    expect(screen.getByText('The activity log is not available here.')).toBeTruthy();
  });

  it('formats amounts in the snapshot currency (JPY has no minor unit)', async () => {
    const { container } = await renderLog(<OneBalanceLog />, createMemoryAdapter({
        pricing: {
          currency: 'JPY',
          products: { lightningDomains: { rule: { type: 'fixed', price: '3000' } }, listings: { rule: { type: 'fixed', price: '7400' } } },
        },
      }));
    await screen.findByRole('table');
    const row = container.querySelector<HTMLElement>('tbody tr')!;
    expect(cell(row, 'amount')).toBe('\u2212¥24');
  });

  it('uses the currency prop when given, without loading prices', async () => {
    const adapter = createMemoryAdapter();
    const loadPricing = vi.spyOn(adapter, 'loadPricing');
    const { container } = await renderLog(<OneBalanceLog currency="EUR" />, adapter);
    await screen.findByRole('table');
    expect(cell(container.querySelector<HTMLElement>('tbody tr')!, 'amount')).toBe('\u2212€23.70');
    expect(loadPricing).not.toHaveBeenCalled();
  });
});

describe('OneBalanceLogDialog', () => {
  function Harness() {
    const [open, setOpen] = useState(false);
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          View Logs
        </button>
        <OneBalanceLogDialog open={open} onOpenChange={setOpen} />
      </>
    );
  }

  it('loads nothing until opened, then shows the log in a labelled dialog with no axe violations', async () => {
    const adapter = createMemoryAdapter();
    const list = vi.spyOn(adapter, 'listLedger');
    const { container, user } = await renderLog(<Harness />, adapter);
    expect(list).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'View Logs' }));
    const dialog = screen.getByRole('dialog', { name: 'OneBalance activity' });
    await within(dialog).findByRole('table');
    expect((await axe.run(container)).violations).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'View Logs' }));
  });
});
