/**
 * SAMPLE DATA for demos, Storybook and tests. These are plausible figures, not any vendor's
 * real prices: a host must load its own through its adapter.
 */
import type { LedgerEntry, PricingSnapshot, ProductId, ProductPricing, SubAccountOverrides, UsageSummary } from './contract.js';
import { add, toDecimal, toDecimalString } from './decimal.js';

export const SAMPLE_PRODUCTS: Readonly<Record<ProductId, ProductPricing>> = Object.freeze({
  sms: {
    youPay: '0.0079',
    rule: { type: 'multiplier', multiplier: '2.5' },
    limits: { min: '1', max: '10', step: '0.1' },
    countryRates: { US: '0.0079', CA: '0.0079', GB: '0.0416', DE: '0.0862', FR: '0.0781', AU: '0.0515', IN: '0.0048', MX: '0.0312', BR: '0.0205' },
  },
  email: {
    youPay: '0.000675',
    rule: { type: 'multiplier', multiplier: '3' },
    limits: { min: '1', max: '10', step: '0.1' },
  },
  lightningDomains: { youPay: '12', rule: { type: 'fixed', price: '19.99' } },
  phoneNumbers: {
    youPay: '1.15',
    rule: { type: 'multiplier', multiplier: '2' },
    limits: { min: '1', max: '10', step: '0.1' },
    countryRates: { US: '1.15', CA: '1.15', GB: '1.25', DE: '1.5', AU: '4', MX: '2.5' },
  },
  listings: { youPay: '30', rule: { type: 'fixed', price: '49' } },
});

/** Three sample sub-accounts (the example app's), none overriding a price. */
export const SAMPLE_SUB_ACCOUNTS: readonly SubAccountOverrides[] = Object.freeze([
  { subAccountId: 'sub_lumen_yoga', name: 'Lumen Yoga', overrides: {} },
  { subAccountId: 'sub_northside_dental', name: 'Northside Dental', overrides: {} },
  { subAccountId: 'sub_rosas_bakery', name: "Rosa's Bakery", overrides: {} },
]);

/** Sample last-30-days volume for the memory adapter's `loadUsageSummary` (add-ons: purchases). */
export const SAMPLE_USAGE: Readonly<UsageSummary['quantities']> = Object.freeze({
  sms: 12_400,
  email: 8_200,
  lightningDomains: 3,
  phoneNumbers: 14,
  listings: 6,
});

export function sampleSnapshot(): PricingSnapshot {
  return { revision: '1', currency: 'USD', products: structuredClone(SAMPLE_PRODUCTS) as Record<ProductId, ProductPricing> };
}

/**
 * A deterministic sample OneBalance ledger, newest first: top-ups and the usage that depleted
 * them, `count` entries ending at 2026-11-20.
 */
export function sampleLedger(count = 45): LedgerEntry[] {
  const oldestFirst: LedgerEntry[] = [];
  let balance = toDecimal('0');
  const start = Date.UTC(2026, 9, 1, 9, 0, 0);
  const usage: Array<{ product: ProductId; quantity: number; amount: string; label: string }> = [
    { product: 'sms', quantity: 1200, amount: '-23.7', label: 'SMS segments sent and received' },
    { product: 'email', quantity: 5000, amount: '-10.12', label: 'Emails sent' },
    { product: 'lightningDomains', quantity: 1, amount: '-19.99', label: 'Lightning Domain renewal' },
    { product: 'sms', quantity: 430, amount: '-8.49', label: 'SMS segments sent and received' },
  ];
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 26 * 3600 * 1000).toISOString();
    const id = `led_${String(i + 1).padStart(4, '0')}`;
    const item = usage[i % usage.length]!;
    let entry: Omit<LedgerEntry, 'balanceAfter'>;
    if (i % 6 === 0) {
      entry = { id, at, type: 'funds_added', amount: '100', description: 'Funds added by card' };
    } else if (i % 17 === 5) {
      entry = { id, at, type: 'refund', product: 'sms', quantity: 12, amount: '0.24', description: 'Refund for undelivered SMS' };
    } else {
      entry = { id, at, type: 'usage', product: item.product, quantity: item.quantity, amount: item.amount, description: item.label };
    }
    balance = add(balance, toDecimal(entry.amount));
    oldestFirst.push({ ...entry, balanceAfter: toDecimalString(balance) });
  }
  return oldestFirst.reverse();
}
