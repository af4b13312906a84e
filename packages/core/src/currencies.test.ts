import { describe, expect, it } from 'vitest';
import { CURRENCY_MINOR_UNITS } from './currencies.js';
import { chargeTotal, currencyDecimals, isKnownCurrency } from './money.js';

describe('ISO 4217 minor units (regression, issue 11: Intl disagreed with ISO for 17 currencies)', () => {
  it.each([
    ['IQD', 3],
    ['HUF', 2],
    ['COP', 2],
    ['IDR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['TND', 3],
    ['CLP', 0],
    ['ISK', 0],
    ['UYI', 0],
    ['UGX', 0],
    ['KRW', 0],
    ['CLF', 4],
    ['UYW', 4],
    ['MGA', 2],
    ['USD', 2],
    ['EUR', 2],
  ])('%s has %i decimals', (code, digits) => {
    expect(currencyDecimals(code)).toBe(digits);
    expect(isKnownCurrency(code)).toBe(true);
  });

  it('rounds a card charge by the table, not by Intl: 1.2345 IQD is charged 1.234 (tie → even), 99.5 HUF stays 99.5', () => {
    expect(chargeTotal('1.2345', 1, 'IQD')).toBe('1.234');
    expect(chargeTotal('99.5', 1, 'HUF')).toBe('99.5');
    expect(chargeTotal('0.12345', 1, 'CLF')).toBe('0.1234');
  });

  it('knows no code without a minor unit, withdrawn code or malformed code', () => {
    for (const code of ['XAU', 'XDR', 'XXX', 'XTS', 'HRK', 'usd', 'US', 'USDD', '', 'toString', '__proto__']) {
      expect(isKnownCurrency(code), code).toBe(false);
    }
    expect(isKnownCurrency(undefined)).toBe(false);
    expect(() => currencyDecimals('XAU')).toThrow(/ISO 4217 code such as "USD"; got "XAU"/);
  });

  it('holds only three-letter upper-case codes with 0, 2, 3 or 4 decimals', () => {
    const entries = Object.entries(CURRENCY_MINOR_UNITS);
    expect(entries.length).toBeGreaterThan(150);
    for (const [code, digits] of entries) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(digits);
    }
  });
});
