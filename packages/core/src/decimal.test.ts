import { describe, expect, it } from 'vitest';
import { divide, roundDecimal, toDecimal, toDecimalString } from './decimal.js';

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
});
