import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Ref, pow10, refString, refDivideToInteger } from '../../../test/support/bigint-reference.js';
import {
  MAX_DECIMAL_STRING_LENGTH,
  add,
  compare,
  divide,
  fractionDigits,
  isDecimalString,
  multiply,
  multiplyByInteger,
  roundDecimal,
  subtract,
  toDecimal,
  toDecimalString,
  toFixedScaleString,
} from './decimal.js';

const RUNS = { numRuns: 10_000 };
const ref = fc.record({
  n: fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n })),
  s: fc.integer({ min: 0, max: 12 }),
});
/** Values that end in 5 at some digit: the ties that a rounding bug gets wrong. */
const tie = fc
  .record({ n: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), s: fc.integer({ min: 1, max: 10 }) })
  .map(({ n, s }) => ({ n: n * 10n + (n < 0n ? -5n : 5n), s: s + 1 }));

describe('decimal', () => {
  it('rounds half to even, once', () => {
    expect(toDecimalString(roundDecimal(toDecimal('0.125'), 2))).toBe('0.12');
    expect(toDecimalString(roundDecimal(toDecimal('0.135'), 2))).toBe('0.14');
    expect(toDecimalString(roundDecimal(toDecimal('-0.135'), 2))).toBe('-0.14');
  });
  it('divides exactly, with a remainder lifting an apparent tie', () => {
    expect(toDecimalString(divide(toDecimal('1'), toDecimal('3'), 4))).toBe('0.3333');
    expect(toDecimalString(divide(toDecimal('0.2500001'), toDecimal('1'), 1))).toBe('0.3');
    expect(toDecimalString(divide(toDecimal('0.25'), toDecimal('1'), 1))).toBe('0.2');
    expect(toDecimalString(divide(toDecimal('-2'), toDecimal('3'), 2))).toBe('-0.67');
  });

  it('parses only canonical decimal strings', () => {
    for (const good of ['0', '12', '-0.0079', '0.10', '123456789012345678901234567890.123456789']) {
      expect(isDecimalString(good)).toBe(true);
    }
    for (const bad of ['', ' 1', '1 ', '+1', '01', '1.', '.5', '1e3', 'NaN', 'Infinity', '1,5', '0x10', '--1', '１', '1'.repeat(MAX_DECIMAL_STRING_LENGTH + 1)]) {
      expect(isDecimalString(bad), bad).toBe(false);
      expect(() => toDecimal(bad)).toThrow(RangeError);
    }
    expect(isDecimalString(12)).toBe(false);
    expect(isDecimalString(null)).toBe(false);
  });

  it('writes one canonical string per value: no trailing zeros, no "-0"', () => {
    expect(toDecimalString(toDecimal('0.0790'))).toBe('0.079');
    expect(toDecimalString(toDecimal('-0'))).toBe('0');
    expect(toDecimalString(toDecimal('-0.000'))).toBe('0');
    expect(toDecimalString(toDecimal('100'))).toBe('100');
    expect(fractionDigits(toDecimal('0.0790'))).toBe(3);
    expect(toFixedScaleString(toDecimal('1.5'), 3)).toBe('1.500');
    expect(toFixedScaleString(toDecimal('-0.0079'), 2)).toBe('-0.0079');
  });

  it('refuses to divide by zero and to multiply by a fraction of a count', () => {
    expect(() => divide(toDecimal('1'), toDecimal('0'), 2)).toThrow(/Division by zero/);
    expect(() => multiplyByInteger(toDecimal('1'), 1.5)).toThrow(RangeError);
    expect(() => multiplyByInteger(toDecimal('1'), Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(toDecimalString(multiplyByInteger(toDecimal('0.0079'), 10n ** 20n))).toBe('790000000000000000');
  });

  it('roundDecimal is half to even, matching the reference (property)', () => {
    fc.assert(
      fc.property(fc.oneof(ref, tie), fc.integer({ min: 0, max: 12 }), (value, scale) => {
        const expected = value.s <= scale ? value : { n: refDivideToInteger(value.n, pow10(value.s - scale)), s: scale };
        expect(toDecimalString(roundDecimal(toDecimal(refString(value)), scale))).toBe(refString(expected));
      }),
      RUNS,
    );
  });

  it('divide rounds the exact quotient half to even, matching the reference (property)', () => {
    const divisor = ref.filter((d) => d.n !== 0n);
    fc.assert(
      fc.property(fc.oneof(ref, tie), divisor, fc.integer({ min: 0, max: 10 }), (a, b, scale) => {
        const expected = { n: refDivideToInteger(a.n * pow10(b.s + scale), b.n * pow10(a.s)), s: scale };
        expect(toDecimalString(divide(toDecimal(refString(a)), toDecimal(refString(b)), scale))).toBe(refString(expected));
      }),
      RUNS,
    );
  });

  it('add, subtract, multiply and compare are exact (property)', () => {
    fc.assert(
      fc.property(ref, ref, (a, b) => {
        const s = Math.max(a.s, b.s);
        const x = a.n * pow10(s - a.s);
        const y = b.n * pow10(s - b.s);
        const da = toDecimal(refString(a));
        const db = toDecimal(refString(b));
        expect(toDecimalString(add(da, db))).toBe(refString({ n: x + y, s }));
        expect(toDecimalString(subtract(da, db))).toBe(refString({ n: x - y, s }));
        expect(toDecimalString(multiply(da, db))).toBe(refString({ n: a.n * b.n, s: a.s + b.s }));
        expect(compare(da, db)).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
      { numRuns: 2_000 },
    );
  });
});
