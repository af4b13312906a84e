import { describe, expect, it } from 'vitest';
import type { PricingSnapshot } from './contract.js';
import { RebillingError } from './errors.js';
import { sampleLedger, sampleSnapshot } from './sample-data.js';
import { parseLedgerPage } from './reports.js';
import {
  isHttpUrl,
  parsePricingChange,
  parsePricingSnapshot,
  parseStripeConnectResult,
  parseStripeConnection,
} from './validation.js';

/** The validation error `run` throws; fails the test when it throws anything else or nothing. */
function validationError(run: () => unknown): RebillingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RebillingError);
    const e = error as RebillingError;
    expect(e.code).toBe('validation');
    expect(e.retryable).toBe(false);
    return e;
  }
  throw new Error('expected a validation error, but the payload was accepted');
}

type Json = Record<string, any>;
/** A fresh sample snapshot as plain JSON, changed by `edit`. */
function snapshotWith(edit: (s: Json) => void): unknown {
  const s = JSON.parse(JSON.stringify(sampleSnapshot())) as Json;
  edit(s);
  return s;
}

describe('parsePricingSnapshot', () => {
  it('accepts the sample snapshot and returns an equal copy', () => {
    const sample = sampleSnapshot();
    const parsed = parsePricingSnapshot(sample);
    expect(parsed).toEqual(sample);
  });

  it('drops fields it does not know, at every level', () => {
    const parsed = parsePricingSnapshot(
      snapshotWith((s) => {
        s.extra = 'x';
        s.products.sms.margin = '99';
        s.products.sms.rule.note = 'hi';
        s.products.sms.limits.hint = 1;
        s.products.telepathy = { youPay: '1', rule: { type: 'fixed', price: '2' } };
      }),
    ) as PricingSnapshot & Json;
    expect(parsed).not.toHaveProperty('extra');
    expect(parsed.products).not.toHaveProperty('telepathy');
    expect(parsed.products.sms).not.toHaveProperty('margin');
    expect(parsed.products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.5' });
    expect(parsed.products.sms.limits).toEqual({ min: '1', max: '10', step: '0.1' });
  });

  const MEGABYTE = '1'.repeat(1_000_000);

  it.each<[string, string, () => unknown, string?]>([
    ['null', '(root)', () => null, 'must be Object, not null'],
    ['an array', '(root)', () => [], 'must be an object, not an array'],
    ['a string', '(root)', () => 'pricing'],
    ['a number', '(root)', () => 42],
    ['undefined', '(root)', () => undefined],
    ['no products', 'products', () => snapshotWith((s) => delete s.products), 'is required'],
    ['products as an array', 'products.sms', () => snapshotWith((s) => (s.products = [])), 'must list every product'],
    ['a missing product', 'products.listings', () => snapshotWith((s) => delete s.products.listings), 'must list every product'],
    ['no revision', 'revision', () => snapshotWith((s) => delete s.revision)],
    ['an empty revision', 'revision', () => snapshotWith((s) => (s.revision = '')), 'must not be empty'],
    ['a numeric revision', 'revision', () => snapshotWith((s) => (s.revision = 7)), 'must be a string'],
    ['currency "XYZ"', 'currency', () => snapshotWith((s) => (s.currency = 'XYZ')), 'ISO 4217'],
    ['currency "usd"', 'currency', () => snapshotWith((s) => (s.currency = 'usd')), 'ISO 4217'],
    ['You Pay as a number', 'products.sms.youPay', () => snapshotWith((s) => (s.products.sms.youPay = 0.0079)), 'not a number'],
    ['You Pay NaN', 'products.sms.youPay', () => snapshotWith((s) => (s.products.sms.youPay = Number.NaN)), 'decimal string'],
    ['You Pay "NaN"', 'products.email.youPay', () => snapshotWith((s) => (s.products.email.youPay = 'NaN')), 'decimal string'],
    ['You Pay "1e-3"', 'products.email.youPay', () => snapshotWith((s) => (s.products.email.youPay = '1e-3')), 'decimal string'],
    ['You Pay "0,0079"', 'products.sms.youPay', () => snapshotWith((s) => (s.products.sms.youPay = '0,0079'))],
    ['negative You Pay', 'products.listings.youPay', () => snapshotWith((s) => (s.products.listings.youPay = '-30')), 'cannot be negative'],
    ['a 1 MB You Pay', 'products.sms.youPay', () => snapshotWith((s) => (s.products.sms.youPay = MEGABYTE)), 'at most 40 characters'],
    ['a 1 MB revision', 'revision', () => snapshotWith((s) => (s.revision = MEGABYTE)), 'too long'],
    ['multiplier 50', 'products.sms.rule.multiplier', () => snapshotWith((s) => (s.products.sms.rule.multiplier = '50')), 'between 1x and 10x'],
    ['multiplier 0.5', 'products.email.rule.multiplier', () => snapshotWith((s) => (s.products.email.rule.multiplier = '0.5')), 'between 1x and 10x'],
    ['an off-step multiplier', 'products.phoneNumbers.rule.multiplier', () => snapshotWith((s) => (s.products.phoneNumbers.rule.multiplier = '3.55')), 'multiple of 0.1'],
    ['a numeric multiplier', 'products.sms.rule.multiplier', () => snapshotWith((s) => (s.products.sms.rule.multiplier = 2.5)), 'decimal string'],
    ['no rule', 'products.sms.rule', () => snapshotWith((s) => delete s.products.sms.rule)],
    ['an unknown rule type', 'products.sms.rule.type', () => snapshotWith((s) => (s.products.sms.rule = { type: 'percent', percent: '10' }))],
    ['a fixed rule on sms', 'products.sms.rule.type', () => snapshotWith((s) => (s.products.sms.rule = { type: 'fixed', price: '0.02' })), 'sms is priced by multiplier'],
    ['a multiplier on listings', 'products.listings.rule.type', () => snapshotWith((s) => (s.products.listings.rule = { type: 'multiplier', multiplier: '2' })), 'listings is priced by a fixed price'],
    ['a fixed rule without a price', 'products.listings.rule.price', () => snapshotWith((s) => (s.products.listings.rule = { type: 'fixed' }))],
    ['a negative fixed price', 'products.lightningDomains.rule.price', () => snapshotWith((s) => (s.products.lightningDomains.rule.price = '-1')), 'cannot be negative'],
    // Issue 14: a fixed price is whole minor units of the snapshot's currency (cents for USD).
    ['a sub-cent fixed price (49.999 USD)', 'products.listings.rule.price', () => snapshotWith((s) => (s.products.listings.rule.price = '49.999')), 'at most 2 decimal places (USD prices are charged in whole minor units)'],
    ['a fractional yen price', 'products.listings.rule.price', () => snapshotWith((s) => ((s.currency = 'JPY'), (s.products.listings.rule.price = '7400.5'))), 'whole amount, without decimals'],
    ['an absurd fixed price', 'products.listings.rule.price', () => snapshotWith((s) => (s.products.listings.rule.price = '99999999999')), 'at most 1000000000'],
    ['limits with max < min', 'products.sms.limits.max', () => snapshotWith((s) => (s.products.sms.limits = { min: '5', max: '2', step: '0.1' })), 'must be above min'],
    ['limits wider than 1x–10x', 'products.sms.limits.max', () => snapshotWith((s) => (s.products.sms.limits = { min: '1', max: '20', step: '0.1' })), 'at most 10'],
    ['limits below 1x', 'products.sms.limits.min', () => snapshotWith((s) => (s.products.sms.limits = { min: '0.5', max: '10', step: '0.1' })), 'at least 1'],
    ['a zero step', 'products.sms.limits.step', () => snapshotWith((s) => (s.products.sms.limits.step = '0')), 'must be above 0'],
    ['a step that does not divide the range', 'products.sms.limits.step', () => snapshotWith((s) => (s.products.sms.limits.step = '0.7')), 'whole steps'],
    ['too many steps', 'products.sms.limits.step', () => snapshotWith((s) => (s.products.sms.limits.step = '0.0001')), 'more than 10,000'],
    ['limits missing step', 'products.sms.limits.step', () => snapshotWith((s) => delete s.products.sms.limits.step), 'is required'],
    ['country code "usa"', 'products.sms.countryRates.usa', () => snapshotWith((s) => (s.products.sms.countryRates.usa = '0.0079')), 'ISO 3166 alpha-2'],
    ['a negative country rate', 'products.sms.countryRates.GB', () => snapshotWith((s) => (s.products.sms.countryRates.GB = '-0.04')), 'cannot be negative'],
    ['a numeric country rate', 'products.phoneNumbers.countryRates.AU', () => snapshotWith((s) => (s.products.phoneNumbers.countryRates.AU = 4)), 'decimal string'],
    ['country rates as an array', 'products.sms.countryRates.0', () => snapshotWith((s) => (s.products.sms.countryRates = ['0.1'])), 'ISO 3166'],
  ])('rejects %s, naming %s', (_name, path, payload, message) => {
    const error = validationError(() => parsePricingSnapshot(payload()));
    const field = error.fields.find((f) => f.path === path);
    expect(field, `fields: ${JSON.stringify(error.fields)}`).toBeDefined();
    if (message) expect(field!.message).toContain(message);
    expect(error.message).toContain(path);
    expect(error.message.length).toBeLessThan(3000);
  });

  it('lists every bad field at once', () => {
    const error = validationError(() =>
      parsePricingSnapshot(
        snapshotWith((s) => {
          s.products.sms.youPay = '-1';
          s.products.email.rule.multiplier = '11';
        }),
      ),
    );
    expect(error.fields.map((f) => f.path)).toEqual(['products.sms.youPay', 'products.email.rule.multiplier']);
  });

  it('names the source in the message', () => {
    expect(validationError(() => parsePricingSnapshot(null, 'GET /pricing')).message).toMatch(/^GET \/pricing is malformed/);
  });
});

describe('parsePricingChange', () => {
  const snapshot = sampleSnapshot();

  it('accepts a valid change, dropping unknown fields', () => {
    const change = { products: { sms: { type: 'multiplier', multiplier: '3.5', extra: 1 } }, note: 'x' };
    expect(parsePricingChange(change, snapshot)).toEqual({ products: { sms: { type: 'multiplier', multiplier: '3.5' } } });
    expect(parsePricingChange({ products: { listings: { type: 'fixed', price: '0' } } })).toEqual({
      products: { listings: { type: 'fixed', price: '0' } },
    });
  });

  it.each<[string, unknown, string, string]>([
    ['null', null, '(root)', 'must be Object'],
    ['no products', {}, 'products', 'is required'],
    ['no product changed', { products: {} }, 'products', 'at least one product'],
    ['an unknown product', { products: { fax: { type: 'fixed', price: '1' } } }, 'products.fax', 'is not a product'],
    ['11x', { products: { sms: { type: 'multiplier', multiplier: '11' } } }, 'products.sms.multiplier', 'between 1x and 10x'],
    ['an off-step multiplier', { products: { email: { type: 'multiplier', multiplier: '2.05' } } }, 'products.email.multiplier', 'multiple of 0.1'],
    ['a multiplier on a fixed product', { products: { listings: { type: 'multiplier', multiplier: '2' } } }, 'products.listings.type', 'fixed price'],
    ['a negative fixed price', { products: { lightningDomains: { type: 'fixed', price: '-5' } } }, 'products.lightningDomains.price', 'cannot be negative'],
    ['a numeric price', { products: { listings: { type: 'fixed', price: 49 } } }, 'products.listings.price', 'not a number'],
    ['an undefined rule', { products: { sms: null } }, 'products.sms', ''],
  ])('rejects %s, naming %s', (_name, change, path, message) => {
    const error = validationError(() => parsePricingChange(change, snapshot));
    const field = error.fields.find((f) => f.path === path);
    expect(field, `fields: ${JSON.stringify(error.fields)}`).toBeDefined();
    expect(field!.message).toContain(message);
  });

  // Regression: without a snapshot, unknown products and out-of-range rules passed unchecked.
  it('checks products, rule types and the default range even without a snapshot', () => {
    expect(validationError(() => parsePricingChange({ products: { fax: { type: 'fixed', price: '1' } } })).fields[0]?.path).toBe('products.fax');
    expect(validationError(() => parsePricingChange({ products: { sms: { type: 'multiplier', multiplier: '50' } } })).fields[0]?.path).toBe(
      'products.sms.multiplier',
    );
  });

  it('checks multipliers against the snapshot’s narrowed limits', () => {
    const narrowed = sampleSnapshot();
    narrowed.products.sms.limits = { min: '1.5', max: '3', step: '0.25' };
    const change = { products: { sms: { type: 'multiplier', multiplier: '3.5' } } };
    expect(parsePricingChange(change)).toEqual(change);
    expect(validationError(() => parsePricingChange(change, narrowed)).fields[0]?.message).toContain('between 1.5x and 3x');
  });

  it('without a snapshot, leaves the step to the snapshot: 2.75 is on a 1.5x–3x by 0.25 grid', () => {
    const narrowed = sampleSnapshot();
    narrowed.products.sms.limits = { min: '1.5', max: '3', step: '0.25' };
    const change = { products: { sms: { type: 'multiplier', multiplier: '2.75' } } };
    expect(parsePricingChange(change)).toEqual(change);
    expect(parsePricingChange(change, narrowed)).toEqual(change);
    expect(validationError(() => parsePricingChange(change, sampleSnapshot())).fields[0]?.message).toContain('multiple of 0.1');
  });
});

describe('parseLedgerPage', () => {
  it('accepts the sample ledger', () => {
    const entries = sampleLedger();
    expect(parseLedgerPage({ entries, nextCursor: null })).toEqual({ entries, nextCursor: null });
  });

  it.each<[string, (page: Json) => void, string]>([
    ['a numeric amount', (p) => (p.entries[0].amount = 100), 'entries.0.amount'],
    ['a bad timestamp', (p) => (p.entries[1].at = 'yesterday'), 'entries.1.at'],
    ['an unknown type', (p) => (p.entries[2].type = 'gift'), 'entries.2.type'],
    ['an unknown product', (p) => (p.entries[3].product = 'fax'), 'entries.3.product'],
    ['a fractional quantity', (p) => (p.entries[4].quantity = 1.5), 'entries.4.quantity'],
    ['a negative quantity', (p) => (p.entries[4].quantity = -1), 'entries.4.quantity'],
    ['a missing balance', (p) => delete p.entries[0].balanceAfter, 'entries.0.balanceAfter'],
    ['a missing cursor', (p) => delete p.nextCursor, 'nextCursor'],
    ['a numeric cursor', (p) => (p.nextCursor = 5), 'nextCursor'],
    ['entries not an array', (p) => (p.entries = {}), 'entries'],
  ])('rejects %s, naming %s', (_name, edit, path) => {
    const page = JSON.parse(JSON.stringify({ entries: sampleLedger(6), nextCursor: 'led_0001' })) as Json;
    edit(page);
    expect(validationError(() => parseLedgerPage(page)).fields.map((f) => f.path)).toContain(path);
  });
});

describe('Stripe', () => {
  it('accepts a connected result and an https redirect', () => {
    expect(parseStripeConnectResult({ status: 'connected' })).toEqual({ status: 'connected' });
    expect(parseStripeConnectResult({ status: 'pending', redirectUrl: 'https://connect.stripe.com/setup/x' })).toEqual({
      status: 'pending',
      redirectUrl: 'https://connect.stripe.com/setup/x',
    });
    expect(parseStripeConnection({ status: 'connected', accountName: 'Acme' })).toEqual({ status: 'connected', accountName: 'Acme' });
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(document.cookie)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['/relative/path'],
    ['not a url'],
  ])('refuses the redirect %s', (redirectUrl) => {
    const error = validationError(() => parseStripeConnectResult({ status: 'pending', redirectUrl }));
    expect(error.fields).toEqual([{ path: 'redirectUrl', message: 'must be an http: or https: URL' }]);
  });

  it('refuses a pending result without a redirect, and unknown statuses', () => {
    expect(validationError(() => parseStripeConnectResult({ status: 'pending' })).fields[0]?.path).toBe('redirectUrl');
    expect(validationError(() => parseStripeConnectResult({ status: 'done' })).fields[0]?.path).toBe('status');
    expect(validationError(() => parseStripeConnection({ status: 'active' })).fields[0]?.path).toBe('status');
  });

  it('isHttpUrl', () => {
    expect(isHttpUrl('https://example.com')).toBe(true);
    expect(isHttpUrl('http://localhost:3000/x')).toBe(true);
    expect(isHttpUrl('javascript:void(0)')).toBe(false);
    expect(isHttpUrl(42)).toBe(false);
  });
});

describe('parsePricingChange: odd prices (issue 13 #6)', () => {
  it('issue 13 #6: names __proto__ and constructor as unknown products instead of dropping them silently', () => {
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const raw = JSON.parse(`{"products":{"sms":{"type":"multiplier","multiplier":"3"},"${key}":{"type":"fixed","price":"1"}}}`) as unknown;
      const error = validationError(() => parsePricingChange(raw));
      expect(error.fields).toEqual([{ path: `products.${key}`, message: expect.stringContaining('is not a product') }]);
    }
  });

  it('issue 13 #6: returns every decimal canonical ("-0.000" → "0", "2.50" → "2.5")', () => {
    const change = parsePricingChange({
      products: { listings: { type: 'fixed', price: '-0.000' }, sms: { type: 'multiplier', multiplier: '2.50' }, lightningDomains: { type: 'fixed', price: '7.10' } },
    });
    expect(change).toEqual({
      products: { listings: { type: 'fixed', price: '0' }, sms: { type: 'multiplier', multiplier: '2.5' }, lightningDomains: { type: 'fixed', price: '7.1' } },
    });
  });

  it('issue 13 #6: refuses a multiplier written with 37 decimals, even when its value is on the step', () => {
    const multiplier = `3.${'0'.repeat(37)}`;
    const error = validationError(() => parsePricingChange({ products: { sms: { type: 'multiplier', multiplier } } }, sampleSnapshot()));
    expect(error.fields).toEqual([{ path: 'products.sms.multiplier', message: 'must be written with at most 6 decimal places' }]);
    const price = validationError(() => parsePricingChange({ products: { listings: { type: 'fixed', price: '1.0000000' } } }));
    expect(price.fields[0]?.path).toBe('products.listings.price');
  });
});
