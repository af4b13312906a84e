/**
 * Exact decimal arithmetic on BigInt. A `Decimal` is `units / 10^scale`; nothing here ever
 * touches a JavaScript number, so no amount is ever rounded by accident. Rounding happens only
 * where a caller asks for it (`roundDecimal`), by one rule: half to even.
 */
import type { DecimalString } from './contract.js';

export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const CANONICAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** Longest decimal string accepted anywhere; longer input is a bug or an attack, not a price. */
export const MAX_DECIMAL_STRING_LENGTH = 40;

export function isDecimalString(value: unknown): value is DecimalString {
  return typeof value === 'string' && value.length <= MAX_DECIMAL_STRING_LENGTH && CANONICAL.test(value);
}

/** Parses a canonical decimal string ("12", "-0.0079"). Throws `RangeError` on anything else. */
export function toDecimal(value: DecimalString): Decimal {
  if (!isDecimalString(value)) {
    throw new RangeError(`Not a decimal string: ${JSON.stringify(String(value).slice(0, 50))}`);
  }
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const units = BigInt(whole + fraction);
  return normalize({ units: negative ? -units : units, scale: fraction.length });
}

/** Drops trailing zeros so that equal values have one representation. */
function normalize(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** The canonical string: no exponent, no trailing zeros, "-0" never appears. */
export function toDecimalString(d: Decimal): DecimalString {
  const { units, scale } = normalize(d);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Renders with exactly `scale` fraction digits (pads with zeros, never rounds). */
export function toFixedScaleString(d: Decimal, scale: number): string {
  const value = rescale(d, Math.max(scale, d.scale));
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = value.scale > 0 ? `.${digits.slice(digits.length - value.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

function rescale(d: Decimal, scale: number): Decimal {
  if (scale < d.scale) throw new RangeError('rescale would lose digits; round instead');
  return { units: d.units * 10n ** BigInt(scale - d.scale), scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [rescale(a, scale).units, rescale(b, scale).units, scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize({ units: x + y, scale });
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize({ units: x - y, scale });
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return normalize({ units: a.units * b.units, scale: a.scale + b.scale });
}

/** Multiplies by a whole count (segments, messages, months). */
export function multiplyByInteger(a: Decimal, n: number | bigint): Decimal {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`Not a whole count: ${n}`);
  return normalize({ units: a.units * BigInt(n), scale: a.scale });
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isNegative(d: Decimal): boolean {
  return d.units < 0n;
}

export function isZero(d: Decimal): boolean {
  return d.units === 0n;
}

export function negate(d: Decimal): Decimal {
  return { units: -d.units, scale: d.scale };
}

/** Number of fraction digits the value really needs ("0.0790" → 3). */
export function fractionDigits(d: Decimal): number {
  return normalize(d).scale;
}

/** Rounds to `scale` fraction digits, half to even ("banker's rounding"). */
export function roundDecimal(d: Decimal, scale: number): Decimal {
  if (d.scale <= scale) return normalize(d);
  const divisor = 10n ** BigInt(d.scale - scale);
  const negative = d.units < 0n;
  const magnitude = negative ? -d.units : d.units;
  let quotient = magnitude / divisor;
  const remainder = magnitude % divisor;
  const twice = remainder * 2n;
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) quotient += 1n;
  return normalize({ units: negative ? -quotient : quotient, scale });
}

/** `a / b` rounded to `scale` fraction digits, half to even. Throws on division by zero. */
export function divide(a: Decimal, b: Decimal, scale: number): Decimal {
  if (b.units === 0n) throw new RangeError('Division by zero');
  const [x, y] = align(a, b);
  const negative = (x < 0n) !== (y < 0n);
  const dividend = (x < 0n ? -x : x) * 10n ** BigInt(scale + 1);
  const divisor = y < 0n ? -y : y;
  // One guard digit plus a sticky digit: a remainder, however small, lifts an apparent tie.
  const sticky = dividend % divisor === 0n ? 0n : 1n;
  const magnitude = (dividend / divisor) * 10n + sticky;
  return roundDecimal({ units: negative ? -magnitude : magnitude, scale: scale + 2 }, scale);
}

export const ZERO: Decimal = { units: 0n, scale: 0 };
