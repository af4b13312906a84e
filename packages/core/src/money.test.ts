import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Ref, pow10, ref, refString, refMul, refSub, refDivideToInteger, refRound, refDivide } from '../../../test/support/bigint-reference.js';
import {
  MAX_PRICE,
  UNIT_PRICE_DECIMALS,
  chargeTotal,
  currencyDecimals,
  formatPriceInput,
  formatTotal,
  formatUnitPrice,
  parsePrice,
  type PriceInputErrorCode,
} from './money.js';
import { quote } from './pricing.js';
import type { MultiplierLimits } from './contract.js';

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------
const RUNS = { numRuns: 10_000 };

/** A non-negative amount with up to `decimals` decimals, at most `maxWhole`, as a canonical string. */
function amount(decimals = UNIT_PRICE_DECIMALS, maxWhole = 999_999_999n): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.oneof(fc.bigInt({ min: 0n, max: 9n }), fc.bigInt({ min: 0n, max: 999n }), fc.bigInt({ min: 0n, max: maxWhole })),
      fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: decimals }),
    )
    .map(([whole, fraction]) => refString(ref(`${whole}${fraction.length ? `.${fraction.join('')}` : ''}`)));
}

const LIMITS: MultiplierLimits[] = [
  { min: '1', max: '10', step: '0.1' },
  { min: '1.5', max: '3', step: '0.25' },
  { min: '1', max: '5', step: '0.05' },
  { min: '1', max: '10', step: '1' },
  { min: '2', max: '2.5', step: '0.001' },
];

/** A multiplier on the step grid of one of LIMITS, computed by the reference. */
const onGrid = fc.constantFrom(...LIMITS).chain((limits) => {
  const span = refSub(ref(limits.max), ref(limits.min));
  const step = ref(limits.step);
  const steps = Number(refDivide(span, step, 0).n);
  return fc.integer({ min: 0, max: steps }).map((index) => {
    const offset = refMul(step, { n: BigInt(index), s: 0 });
    const multiplier = refString(refSub(ref(limits.min), { n: -offset.n, s: offset.s }));
    return { limits, multiplier };
  });
});

// ---------------------------------------------------------------------------------------------
describe('quote (property, against the BigInt reference)', () => {
  it('sub-account pays = You Pay × multiplier and margin %, to the last digit', () => {
    fc.assert(
      fc.property(amount(), onGrid, (youPay, { limits, multiplier }) => {
        const q = quote({ youPay, rule: { type: 'multiplier', multiplier }, limits });
        const pays = refMul(ref(youPay), ref(multiplier));
        const profit = refSub(pays, ref(youPay));
        expect(q.youPay).toBe(youPay);
        expect(q.subAccountPays).toBe(refString(pays));
        expect(q.profit).toBe(refString(profit));
        expect(q.marginPercent).toBe(pays.n === 0n ? null : refString(refDivide(refMul(profit, { n: 100n, s: 0 }), pays, 1)));
        expect(q.isLoss).toBe(false);
      }),
      RUNS,
    );
  });

  it('profit = sub-account pays − You Pay exactly, for fixed prices too (losses included)', () => {
    const rule = fc.oneof(
      onGrid.map(({ multiplier }) => ({ type: 'multiplier' as const, multiplier })),
      amount().map((price) => ({ type: 'fixed' as const, price })),
    );
    fc.assert(
      fc.property(amount(), rule, (youPay, rule) => {
        const q = quote({ youPay, rule });
        const profit = refSub(ref(q.subAccountPays), ref(q.youPay));
        expect(q.profit).toBe(refString(profit));
        expect(q.isLoss).toBe(profit.n < 0n);
        if (rule.type === 'fixed') expect(q.subAccountPays).toBe(rule.price);
      }),
      RUNS,
    );
  });
});

describe('chargeTotal (property)', () => {
  it('rounds once, on the total, half to even, to the minor unit', () => {
    fc.assert(
      fc.property(
        amount(UNIT_PRICE_DECIMALS, 9_999n),
        fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10_000_000 })),
        fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'),
        (unitPrice, quantity, currency) => {
          const exact = refMul(ref(unitPrice), { n: BigInt(quantity), s: 0 });
          expect(chargeTotal(unitPrice, quantity, currency)).toBe(refString(refRound(exact, currencyDecimals(currency))));
        },
      ),
      RUNS,
    );
  });
});

const LOCALES = [
  { locale: 'en-US', currency: 'USD' },
  { locale: 'de-DE', currency: 'EUR' },
  { locale: 'fr-FR', currency: 'EUR' },
  { locale: 'ja-JP', currency: 'JPY' },
] as const;

describe('parsePrice ∘ format (property)', () => {
  it('parsePrice(formatPriceInput(x)) returns x in every locale', () => {
    fc.assert(
      fc.property(amount(), fc.constantFrom(...LOCALES), (x, { locale, currency }) => {
        expect(parsePrice(formatPriceInput(x, locale), { locale, currency })).toEqual({ ok: true, value: x });
      }),
      RUNS,
    );
  });

  it('parsePrice(formatUnitPrice(x)) returns x, with the currency symbol and grouping', () => {
    fc.assert(
      fc.property(amount(), fc.constantFrom(...LOCALES), (x, { locale, currency }) => {
        expect(parsePrice(formatUnitPrice(x, { locale, currency }), { locale, currency })).toEqual({ ok: true, value: x });
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe('the rounding table in the doc comment of money.ts', () => {
  it.each([
    ['0.02765', 1000, 'USD', '27.65', '$27.65'],
    ['0.0083', 333, 'USD', '2.76', '$2.76'],
    ['0.0125', 10, 'USD', '0.12', '$0.12'],
    ['0.0135', 10, 'USD', '0.14', '$0.14'],
    ['1.15', 3, 'JPY', '3', '¥3'],
  ])('%s × %i in %s is charged %s', (unitPrice, quantity, currency, charged, shown) => {
    expect(chargeTotal(unitPrice, quantity, currency)).toBe(charged);
    const exact = refString(refMul(ref(unitPrice), { n: BigInt(quantity), s: 0 }));
    expect(formatTotal(exact, { locale: 'en-US', currency })).toBe(shown);
  });
});

describe('formatting', () => {
  it('shows the significant sub-cent digits of unit prices and the minor unit of totals', () => {
    expect(formatUnitPrice('0.0079', { locale: 'en-US', currency: 'USD' })).toBe('$0.0079');
    expect(formatUnitPrice('0.02765', { locale: 'en-US', currency: 'USD' })).toBe('$0.02765');
    expect(formatUnitPrice('0.03', { locale: 'de-DE', currency: 'EUR' })).toBe('0,03\u00a0€');
    expect(formatUnitPrice('19.9', { locale: 'en-US', currency: 'USD' })).toBe('$19.90');
    expect(formatUnitPrice('1200', { locale: 'ja-JP', currency: 'JPY' })).toBe('￥1,200');
    expect(formatUnitPrice('-0.0079', { locale: 'en-US', currency: 'USD' })).toBe('-$0.0079');
    expect(formatTotal('2.7639', { locale: 'en-US', currency: 'USD' })).toBe('$2.76');
    expect(formatTotal('1234.5', { locale: 'ja-JP', currency: 'JPY' })).toBe('￥1,234');
    expect(formatPriceInput('1234.5', 'de-DE')).toBe('1234,5');
  });

  it('formats digits that no float can hold without losing one', () => {
    expect(formatUnitPrice('123456789.123456789', { locale: 'en-US', currency: 'USD' })).toBe('$123,456,789.123456789');
  });

  // Building an Intl.NumberFormat costs milliseconds; one per precision made a slider step that
  // reached a new digit count pay for one, and a cold mount pay for several.
  it('builds one formatter per locale and currency, whatever the precision of the prices', () => {
    const original = Intl.NumberFormat;
    let built = 0;
    const counting = new Proxy(original, {
      construct(target, args: Parameters<typeof Intl.NumberFormat>) {
        built += 1;
        return new target(...args);
      },
    });
    Object.defineProperty(Intl, 'NumberFormat', { value: counting, configurable: true, writable: true });
    try {
      const amounts = ['0.0079', '0.02765', '0.000675', '19.9', '3', '0.123456789', '0.0079000'];
      expect(amounts.map((amount) => formatUnitPrice(amount, { locale: 'en-NZ', currency: 'NZD' }))).toEqual([
        '$0.0079',
        '$0.02765',
        '$0.000675',
        '$19.90',
        '$3.00',
        '$0.123456789',
        '$0.0079',
      ]);
      expect(built).toBe(1);
    } finally {
      Object.defineProperty(Intl, 'NumberFormat', { value: original, configurable: true, writable: true });
    }
  });

  // Regression: Intl.NumberFormat on Node 20 throws a RangeError above 20 fraction digits.
  it('rounds a value needing more than 20 decimals half to even instead of throwing', () => {
    const long = `0.${'1'.repeat(20)}5`;
    expect(formatUnitPrice(long, { locale: 'en-US', currency: 'USD' })).toBe(`$0.${'1'.repeat(19)}2`);
    expect(formatPriceInput(long, 'en-US')).toBe(`0.${'1'.repeat(19)}2`);
  });
});

// ---------------------------------------------------------------------------------------------
type Bad = [input: string, locale: string, currency: string, maxDecimals: number | undefined, code: PriceInputErrorCode, says: string];

const US = ['en-US', 'USD', undefined] as const;
const DE = ['de-DE', 'EUR', undefined] as const;
const FR = ['fr-FR', 'EUR', undefined] as const;
const JP = ['ja-JP', 'JPY', undefined] as const;

const MALFORMED: Bad[] = [
  ['', ...US, 'empty', 'Enter a price'],
  ['   ', ...US, 'empty', 'Enter a price'],
  ['\t\u00a0\n', ...US, 'empty', 'Enter a price'],
  ['abc', ...US, 'not-a-number', 'Enter a number, such as 1,234.56'],
  ['12a', ...US, 'not-a-number', 'Enter a number'],
  ['a12', ...US, 'not-a-number', 'Enter a number'],
  ['0x10', ...US, 'not-a-number', 'Enter a number'],
  ['1_000', ...US, 'not-a-number', 'Enter a number'],
  ['12#', ...US, 'not-a-number', 'Enter a number'],
  ['.', ...US, 'not-a-number', 'Enter a number'],
  ['$', ...US, 'not-a-number', 'Enter a number'],
  ['1e', ...US, 'not-a-number', 'Enter a number'],
  ['abc', ...DE, 'not-a-number', 'Enter a number, such as 1.234,56'],
  ['-1', ...US, 'negative', 'cannot be negative'],
  ['−1', ...US, 'negative', 'cannot be negative'],
  ['–3', ...US, 'negative', 'cannot be negative'],
  ['(5)', ...US, 'negative', 'cannot be negative'],
  ['5-', ...US, 'negative', 'cannot be negative'],
  ['-$5', ...US, 'negative', 'cannot be negative'],
  ['$-5', ...US, 'negative', 'cannot be negative'],
  ['+-5', ...US, 'negative', 'cannot be negative'],
  ['-0,5 €', ...DE, 'negative', 'cannot be negative'],
  ['NaN', ...US, 'not-finite', 'finite price'],
  ['nan', ...US, 'not-finite', 'finite price'],
  ['Infinity', ...US, 'not-finite', 'finite price'],
  ['-Infinity', ...US, 'not-finite', 'finite price'],
  ['∞', ...US, 'not-finite', 'finite price'],
  ['$∞', ...US, 'not-finite', 'finite price'],
  ['1e309', ...US, 'exponent', 'without an exponent'],
  ['1E3', ...US, 'exponent', 'without an exponent'],
  ['7.9e-3', ...US, 'exponent', 'not 7.9e-3'],
  ['1e+2', ...US, 'exponent', 'without an exponent'],
  ['1,5e3', ...DE, 'exponent', 'without an exponent'],
  ['0.1234567', ...US, 'too-many-decimals', 'at most 6 decimal places'],
  ['19.9999999', ...US, 'too-many-decimals', 'at most 6 decimal places'],
  ['12,1234567', ...DE, 'too-many-decimals', 'at most 6 decimal places'],
  ['19.999', 'en-US', 'USD', 2, 'too-many-decimals', 'at most 2 decimal places'],
  ['1200.5', 'ja-JP', 'JPY', 0, 'too-many-decimals', 'whole amount of JPY, without decimals'],
  ['¥1.5', 'ja-JP', 'JPY', 0, 'too-many-decimals', 'whole amount of JPY'],
  ['0.00000001', ...JP, 'too-many-decimals', 'at most 6 decimal places'],
  ['99999999999', ...US, 'too-large', 'The largest is 1,000,000,000'],
  ['1000000000.01', ...US, 'too-large', 'The largest is 1,000,000,000'],
  ['9.999.999.999', ...DE, 'too-large', 'The largest is 1.000.000.000'],
  ['1'.repeat(70), ...US, 'too-large', 'too long for a price'],
  ['x'.repeat(70), ...US, 'too-large', 'too long for a price'],
  ['1,00.50', ...US, 'grouping', 'Use “.” for decimals and “,” between thousands'],
  ['1,0000', ...US, 'grouping', 'between thousands'],
  [',100', ...US, 'grouping', 'between thousands'],
  ['1,000,00', ...US, 'grouping', 'between thousands'],
  ['12,5', ...US, 'grouping', 'Use “.” for decimals'],
  ['1 2', ...US, 'grouping', 'between thousands'],
  ['1,000 000', ...US, 'grouping', 'between thousands'],
  ['12.5', ...DE, 'grouping', 'Use “,” for decimals and “.” between thousands, as in 1.234,56'],
  ['1,000.50', ...DE, 'grouping', 'Use “,” for decimals'],
  ['1.00,5', ...DE, 'grouping', 'between thousands'],
  ['1.000,50', ...FR, 'grouping', 'Use “,” for decimals and a space between thousands'],
  ['12.5', ...FR, 'grouping', 'Use “,” for decimals'],
  ['1.000.5', ...US, 'grouping', 'Use “.” only once'],
  ['1.2.3', ...US, 'grouping', 'Use “.” only once'],
  ['12..5', ...US, 'grouping', 'Use “.” only once'],
  ['1,2,3', ...DE, 'grouping', 'Use “,” only once'],
  ['€5', ...US, 'wrong-currency', 'Enter the price in USD; “€” is another currency'],
  ['£5', ...US, 'wrong-currency', 'Enter the price in USD'],
  ['5 EUR', ...US, 'wrong-currency', 'Enter the price in USD; “EUR” is another currency'],
  ['$5', ...DE, 'wrong-currency', 'Enter the price in EUR'],
  ['$12', ...JP, 'wrong-currency', 'Enter the price in JPY'],
  ['¥12', ...US, 'wrong-currency', 'Enter the price in USD'],
];

describe('parsePrice rejects malformed input, naming the fix', () => {
  it('has at least 50 cases', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(50);
  });

  it.each(MALFORMED)('%j (%s %s, max %s decimals) → %s', (input, locale, currency, maxDecimals, code, says) => {
    const result = parsePrice(input, { locale, currency, ...(maxDecimals === undefined ? {} : { maxDecimals }) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(says);
  });
});

describe('parsePrice accepts what people type', () => {
  it.each<[string, string, string, string]>([
    ['12', 'en-US', 'USD', '12'],
    ['12.5', 'en-US', 'USD', '12.5'],
    ['$1,000.50', 'en-US', 'USD', '1000.5'],
    ['1.000,50 €', 'de-DE', 'EUR', '1000.5'],
    ['1.000', 'de-DE', 'EUR', '1000'],
    ['0.0079', 'en-US', 'USD', '0.0079'],
    [' 19.99 ', 'en-US', 'USD', '19.99'],
    ['1\u202f000,50', 'fr-FR', 'EUR', '1000.5'],
    ['1\u00a0000,50\u00a0€', 'fr-FR', 'EUR', '1000.5'],
    ['¥1,200', 'ja-JP', 'JPY', '1200'],
    ['￥1,200', 'ja-JP', 'JPY', '1200'],
    ['１２００', 'ja-JP', 'JPY', '1200'],
    ['¥1,200.5', 'ja-JP', 'JPY', '1200.5'],
    ['¥1,200', 'en-US', 'JPY', '1200'],
    ['₹12,34,567.50', 'en-IN', 'INR', '1234567.5'],
    ['0', 'en-US', 'USD', '0'],
    ['.5', 'en-US', 'USD', '0.5'],
    ['5.', 'en-US', 'USD', '5'],
    ['007', 'en-US', 'USD', '7'],
    ['12.500000', 'en-US', 'USD', '12.5'],
    ['0.000001', 'en-US', 'USD', '0.000001'],
    ['+5', 'en-US', 'USD', '5'],
    ['USD 5', 'en-US', 'USD', '5'],
    ['5 $', 'en-US', 'USD', '5'],
    ['1 000', 'en-US', 'USD', '1000'],
    ["1'000.25", 'en-US', 'USD', '1000.25'],
    [MAX_PRICE, 'en-US', 'USD', MAX_PRICE],
    ['CA$19.99', 'en-US', 'CAD', '19.99'],
  ])('%j (%s %s) → %s', (input, locale, currency, value) => {
    expect(parsePrice(input, { locale, currency })).toEqual({ ok: true, value });
  });
});
