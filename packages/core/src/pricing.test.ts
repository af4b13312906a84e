import { describe, expect, it } from 'vitest';
import type { MultiplierLimits, ProductPricing } from './contract.js';
import { RebillingError } from './errors.js';
import {
  DEFAULT_MULTIPLIER_LIMITS,
  PRODUCTS,
  checkFixedPrice,
  checkMultiplier,
  multiplierAtStep,
  multiplierLimits,
  multiplierStepCount,
  quote,
  resalePrice,
  stepOfMultiplier,
  youPayFor,
} from './pricing.js';
import { SAMPLE_PRODUCTS } from './sample-data.js';

const DEFAULT: MultiplierLimits = { min: '1', max: '10', step: '0.1' };

describe('checkMultiplier', () => {
  it.each(['1', '1.0', '3.5', '9.9', '10'])('allows %s within 1x–10x by 0.1', (m) => {
    expect(checkMultiplier(m, DEFAULT)).toBeUndefined();
  });

  it.each([
    ['3.55', DEFAULT, 'must be a multiple of 0.1 from 1x'],
    ['1.01', DEFAULT, 'must be a multiple of 0.1'],
    ['0.9', DEFAULT, 'must be between 1x and 10x'],
    ['0', DEFAULT, 'must be between 1x and 10x'],
    ['-2', DEFAULT, 'must be between 1x and 10x'],
    ['10.1', DEFAULT, 'must be between 1x and 10x'],
    ['50', DEFAULT, 'must be between 1x and 10x'],
    ['1.6', { min: '1.5', max: '3', step: '0.25' }, 'must be a multiple of 0.25 from 1.5x'],
    ['1.25', { min: '1.5', max: '3', step: '0.25' }, 'must be between 1.5x and 3x'],
    ['3.5', { min: '1', max: '3', step: '0.5' }, 'must be between 1x and 3x'],
    ['3.5x', DEFAULT, 'must be a decimal string such as "3.5"'],
    ['', DEFAULT, 'must be a decimal string'],
    ['NaN', DEFAULT, 'must be a decimal string'],
  ] as const)('rejects %s with %j: %s', (m, limits, message) => {
    expect(checkMultiplier(m, limits)).toContain(message);
  });

  it('never clamps: a rejected value is reported, not moved to the nearest step', () => {
    expect(stepOfMultiplier(DEFAULT, '3.55')).toBeUndefined();
    expect(stepOfMultiplier(DEFAULT, '11')).toBeUndefined();
    expect(stepOfMultiplier(DEFAULT, '0.5')).toBeUndefined();
  });

  // Regression: a zero step made checkMultiplier throw a BigInt RangeError (division by zero).
  it('reports a zero step instead of throwing', () => {
    expect(checkMultiplier('2', { min: '1', max: '10', step: '0' })).toContain('step 0 must be above 0');
  });
});

describe('slider steps', () => {
  it.each<[MultiplierLimits, number]>([
    [{ min: '1', max: '10', step: '0.1' }, 90],
    [{ min: '1.5', max: '3', step: '0.25' }, 6],
    [{ min: '1', max: '5', step: '0.05' }, 80],
    [{ min: '2', max: '2.5', step: '0.001' }, 500],
    [{ min: '1', max: '1.5', step: '0.5' }, 1],
  ])('%j has %i steps, and every step round-trips', (limits, count) => {
    expect(multiplierStepCount(limits)).toBe(count);
    const seen = new Set<string>();
    for (let i = 0; i <= count; i++) {
      const m = multiplierAtStep(limits, i);
      expect(checkMultiplier(m, limits)).toBeUndefined();
      expect(stepOfMultiplier(limits, m)).toBe(i);
      seen.add(m);
    }
    expect(seen.size).toBe(count + 1);
    expect(multiplierAtStep(limits, 0)).toBe(limits.min.replace(/\.?0+$/, ''));
    expect(multiplierAtStep(limits, count)).toBe(limits.max);
  });

  it('steps are exact: 1 + 3 × 0.1 is 1.3, not 1.3000000000000003', () => {
    expect(multiplierAtStep(DEFAULT, 3)).toBe('1.3');
    expect(multiplierAtStep(DEFAULT, 25)).toBe('3.5');
  });

  it('refuses a position off the slider instead of returning a value out of range', () => {
    expect(() => multiplierAtStep(DEFAULT, -1)).toThrow(RangeError);
    expect(() => multiplierAtStep(DEFAULT, 91)).toThrow(/outside 0–90/);
    expect(() => multiplierAtStep(DEFAULT, 1.5)).toThrow(RangeError);
  });

  it('uses 1x–10x by 0.1 when a product has no limits', () => {
    expect(multiplierLimits({})).toEqual(DEFAULT);
    expect(DEFAULT_MULTIPLIER_LIMITS).toEqual(DEFAULT);
    expect(Object.isFrozen(DEFAULT_MULTIPLIER_LIMITS)).toBe(true);
  });
});

describe('checkFixedPrice', () => {
  it.each([
    ['19.99', undefined],
    ['0', undefined],
    ['0.000001', undefined],
    ['1000000000', undefined],
    ['-1', 'cannot be negative'],
    ['0.0000001', 'at most 6 decimal places'],
    ['1000000000.5', 'must be at most 1000000000'],
    ['19,99', 'must be a decimal string such as "19.99"'],
  ])('%s → %s', (price, problem) => {
    const result = checkFixedPrice(price, 6);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(problem);
  });
});

describe('quote', () => {
  const sms: ProductPricing = structuredClone(SAMPLE_PRODUCTS.sms);

  it('multiplies You Pay by the multiplier exactly', () => {
    expect(quote(sms)).toEqual({ youPay: '0.0079', subAccountPays: '0.01975', profit: '0.01185', marginPercent: '60', isLoss: false });
    expect(quote(sms, { rule: { type: 'multiplier', multiplier: '3.5' } }).subAccountPays).toBe('0.02765');
    expect(quote(sms, { rule: { type: 'multiplier', multiplier: '1' } })).toMatchObject({ profit: '0', marginPercent: '0', isLoss: false });
  });

  it('applies the multiplier to the country rate', () => {
    expect(quote(sms, { country: 'GB' })).toMatchObject({ youPay: '0.0416', subAccountPays: '0.104', profit: '0.0624' });
    expect(quote(sms, { country: 'de' }).youPay).toBe('0.0862');
  });

  it('treats US and CA as the baseline even without a country table', () => {
    const email = structuredClone(SAMPLE_PRODUCTS.email);
    expect(youPayFor(email, 'US')).toBe('0.000675');
    expect(youPayFor(email, 'ca')).toBe('0.000675');
  });

  it('refuses an unknown country, naming those that have a rate', () => {
    const error = (() => {
      try {
        quote(sms, { country: 'ZZ' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RebillingError);
    expect(error).toMatchObject({ code: 'validation', fields: [{ path: 'country', message: 'has no rate' }] });
    expect((error as Error).message).toContain('No rate for country "ZZ". Countries with a rate: AU, BR, CA, DE, FR, GB, IN, MX, US.');
    expect(() => youPayFor(structuredClone(SAMPLE_PRODUCTS.email), 'GB')).toThrow('Countries with a rate: none');
    // Inherited object keys are not rates.
    expect(() => youPayFor(sms, 'constructor')).toThrow(RebillingError);
  });

  it('a fixed price below You Pay is a loss with a negative profit and margin', () => {
    const domains = structuredClone(SAMPLE_PRODUCTS.lightningDomains);
    expect(quote(domains, { rule: { type: 'fixed', price: '10' } })).toEqual({
      youPay: '12',
      subAccountPays: '10',
      profit: '-2',
      marginPercent: '-20',
      isLoss: true,
    });
    expect(quote(domains)).toMatchObject({ subAccountPays: '19.99', profit: '7.99', marginPercent: '40', isLoss: false });
    expect(quote(domains, { rule: { type: 'fixed', price: '12.01' } }).marginPercent).toBe('0.1');
  });

  it('a zero price has no margin percentage', () => {
    const listings = structuredClone(SAMPLE_PRODUCTS.listings);
    expect(quote(listings, { rule: { type: 'fixed', price: '0' } })).toEqual({
      youPay: '30',
      subAccountPays: '0',
      profit: '-30',
      marginPercent: null,
      isLoss: true,
    });
    expect(quote({ youPay: '0', rule: { type: 'multiplier', multiplier: '3' } }).marginPercent).toBeNull();
  });

  it('resalePrice returns a fixed price as given', () => {
    expect(resalePrice({ type: 'fixed', price: '49' }, '30')).toBe('49');
  });

  it('the product table matches the design', () => {
    expect(Object.values(PRODUCTS).map((p) => [p.id, p.rule, p.paidThrough])).toEqual([
      ['sms', 'multiplier', 'oneBalance'],
      ['email', 'multiplier', 'oneBalance'],
      ['lightningDomains', 'fixed', 'oneBalance'],
      ['phoneNumbers', 'multiplier', 'card'],
      ['listings', 'fixed', 'card'],
    ]);
  });
});
