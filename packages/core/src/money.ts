/**
 * Money: currencies, the one rounding rule, formatting through `Intl.NumberFormat`, and parsing
 * what a person types.
 *
 * ## The rounding rule
 * Unit prices (You Pay, Sub-account pays, Profit per unit) are kept exact, however many decimal
 * places they need. A charge is rounded **once**, on its total (unit price × quantity), to the
 * currency's minor unit, **half to even**:
 *
 * | unit price | quantity | exact total | charged (USD) |
 * |------------|----------|-------------|---------------|
 * | 0.02765    | 1000     | 27.65       | 27.65         |
 * | 0.0083     | 333      | 2.7639      | 2.76          |
 * | 0.0125     | 10       | 0.125       | 0.12 (tie → even) |
 * | 0.0135     | 10       | 0.135       | 0.14 (tie → even) |
 * | 1.15 (JPY 0 decimals: ¥1.15) | 3 | 3.45 | ¥3 |
 */
import type { DecimalString } from './contract.js';
import {
  type Decimal,
  compare,
  fractionDigits,
  isDecimalString,
  multiplyByInteger,
  roundDecimal,
  toDecimal,
  toDecimalString,
} from './decimal.js';

/** Unit prices may carry this many decimal places of the major unit (sub-cent SMS rates). */
export const UNIT_PRICE_DECIMALS = 6;

/** The largest price a person may type, in major units. */
export const MAX_PRICE: DecimalString = '1000000000';

const currencyDigitsCache = new Map<string, number>();

/** Whether `code` is an ISO 4217 currency this runtime knows. */
export function isKnownCurrency(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return false;
  const supported = (Intl as { supportedValuesOf?: (key: 'currency') => string[] }).supportedValuesOf;
  if (supported) return supported('currency').includes(code);
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

/** Decimal places of the currency's minor unit: 2 for USD, 0 for JPY, 3 for KWD. */
export function currencyDecimals(currency: string): number {
  let digits = currencyDigitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    currencyDigitsCache.set(currency, digits);
  }
  return digits;
}

/** The total charged for `quantity` units: rounded once, to the minor unit, half to even. */
export function chargeTotal(unitPrice: DecimalString, quantity: number, currency: string): DecimalString {
  return toDecimalString(roundDecimal(multiplyByInteger(toDecimal(unitPrice), quantity), currencyDecimals(currency)));
}

export interface FormatOptions {
  locale?: string | undefined;
  currency: string;
}

// Intl formats a numeric string exactly (no float conversion): ECMA-402 "Intl.NumberFormat v3".
type ExactFormat = (value: string) => string;

const formatterCache = new Map<string, Intl.NumberFormat>();

function formatter(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let cached = formatterCache.get(key);
  if (!cached) {
    cached = new Intl.NumberFormat(locale, options);
    formatterCache.set(key, cached);
  }
  return cached;
}

/**
 * A unit price with its significant sub-cent digits: "$0.0079", "$0.02765", "0,03 €" only if
 * the value is 0.03. At least the currency's minor digits, at most what the value needs.
 */
export function formatUnitPrice(amount: DecimalString, { locale, currency }: FormatOptions): string {
  const minimum = currencyDecimals(currency);
  const needed = fractionDigits(toDecimal(amount));
  const format = formatter(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: minimum,
    maximumFractionDigits: Math.max(minimum, needed),
  }).format as unknown as ExactFormat;
  return format(amount);
}

/** A total, rounded by the rounding rule and shown in the currency's minor unit: "$27.65". */
export function formatTotal(amount: DecimalString, { locale, currency }: FormatOptions): string {
  const digits = currencyDecimals(currency);
  const rounded = toDecimalString(roundDecimal(toDecimal(amount), digits));
  const format = formatter(locale, { style: 'currency', currency }).format as unknown as ExactFormat;
  return format(rounded);
}

/** A plain decimal for an input field, in the locale's separators, no grouping: "19,99". */
export function formatPriceInput(amount: DecimalString, locale?: string): string {
  const digits = fractionDigits(toDecimal(amount));
  const format = formatter(locale, {
    useGrouping: false,
    minimumFractionDigits: 0,
    maximumFractionDigits: Math.max(digits, 0),
  }).format as unknown as ExactFormat;
  return format(amount);
}

export type PriceInputErrorCode =
  | 'empty'
  | 'not-a-number'
  | 'negative'
  | 'exponent'
  | 'not-finite'
  | 'too-many-decimals'
  | 'too-large'
  | 'grouping'
  | 'wrong-currency';

export interface PriceInputError {
  code: PriceInputErrorCode;
  /** English text that names the fix; the React layer may translate by `code`. */
  message: string;
}

export type ParsePriceResult = { ok: true; value: DecimalString } | { ok: false; error: PriceInputError };

export interface ParsePriceOptions {
  locale?: string | undefined;
  currency: string;
  /** Fraction digits allowed; default {@link UNIT_PRICE_DECIMALS}. */
  maxDecimals?: number;
}

interface LocaleSymbols {
  group: string;
  decimal: string;
  currencySymbols: string[];
}

const symbolsCache = new Map<string, LocaleSymbols>();

function localeSymbols(locale: string | undefined, currency: string): LocaleSymbols {
  const key = `${locale ?? ''}|${currency}`;
  let symbols = symbolsCache.get(key);
  if (!symbols) {
    const parts = new Intl.NumberFormat(locale, { style: 'decimal', useGrouping: true }).formatToParts(11111.5);
    const currencySymbols = new Set<string>([currency]);
    for (const currencyDisplay of ['symbol', 'narrowSymbol', 'code'] as const) {
      const part = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay })
        .formatToParts(1)
        .find((p) => p.type === 'currency');
      if (part) currencySymbols.add(part.value);
    }
    symbols = {
      group: normalizeSpaces(parts.find((p) => p.type === 'group')?.value ?? ','),
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
      currencySymbols: [...currencySymbols].sort((a, b) => b.length - a.length),
    };
    symbolsCache.set(key, symbols);
  }
  return symbols;
}

function normalizeSpaces(text: string): string {
  return text.replace(/[\s\u00a0\u202f\u2009]/g, ' ');
}

function fail(code: PriceInputErrorCode, message: string): ParsePriceResult {
  return { ok: false, error: { code, message } };
}

const MAX_INPUT_LENGTH = 64;

/**
 * Parses a price as a person types it, in their locale: `12`, `12.5`, `$1,000.50` (en-US),
 * `1.000,50 €` (de-DE). Never returns a float; every rejection says what to fix.
 */
export function parsePrice(input: string, options: ParsePriceOptions): ParsePriceResult {
  const { locale, currency } = options;
  const maxDecimals = options.maxDecimals ?? UNIT_PRICE_DECIMALS;
  const symbols = localeSymbols(locale, currency);
  let text = normalizeSpaces(String(input)).trim();
  if (text === '') return fail('empty', 'Enter a price.');
  if (text.length > MAX_INPUT_LENGTH) return fail('too-large', 'That price is far too long. Enter a price such as 19.99.');

  if (/nan|infinity|∞/i.test(text)) return fail('not-finite', 'Enter a finite price, such as 19.99.');
  for (const symbol of symbols.currencySymbols) {
    if (text.includes(symbol)) {
      text = text.replace(symbol, ' ').trim();
      break;
    }
  }
  if (/[¤$€£¥₹₩]/u.test(text)) return fail('wrong-currency', `Enter the price in ${currency}.`);
  const negative = /^[-−‒–(]/.test(text) || /[-−)]$/.test(text);
  if (negative) return fail('negative', 'The price cannot be negative.');
  text = text.replace(/^\+/, '').trim();
  if (/^\d*[.,]?\d*e[+-]?\d+$/i.test(text.replace(/[ ,.](?=\d{3})/g, ''))) {
    return fail('exponent', 'Write the price in full, without an exponent (e.g. 0.0079, not 7.9e-3).');
  }
  if (/[^\d.,' ]/.test(text)) return fail('not-a-number', 'Enter a number, such as 19.99.');
  if (!/\d/.test(text)) return fail('not-a-number', 'Enter a number, such as 19.99.');

  const decimalIndex = text.lastIndexOf(symbols.decimal);
  const otherSeparator = symbols.decimal === ',' ? '.' : ',';
  let whole = decimalIndex >= 0 ? text.slice(0, decimalIndex) : text;
  const fraction = decimalIndex >= 0 ? text.slice(decimalIndex + symbols.decimal.length) : '';
  if (!/^\d*$/.test(fraction)) {
    if (fraction.includes(otherSeparator) || fraction.includes(symbols.group)) {
      return fail('grouping', `Use “${symbols.decimal}” for decimals and “${symbols.group.trim() || ' '}” between thousands.`);
    }
    return fail('not-a-number', 'Enter a number, such as 19.99.');
  }
  if (whole.includes(symbols.decimal)) return fail('grouping', `Use “${symbols.decimal}” only once, for decimals.`);

  const groupSeparators = new Set([symbols.group, ' ', "'"]);
  if (symbols.group === '.' || symbols.group === ',') groupSeparators.add(symbols.group);
  const groups = whole.split(/[ .,']/);
  if (groups.length > 1) {
    const separatorsUsed = whole.replace(/\d/g, '');
    const allowed = [...separatorsUsed].every((c) => groupSeparators.has(c)) && new Set(separatorsUsed).size === 1;
    const wellFormed = groups[0] !== '' && groups[0]!.length <= 3 && groups.slice(1).every((g) => g.length === 3);
    if (!allowed || !wellFormed) {
      return fail('grouping', `Use “${symbols.decimal}” for decimals and “${symbols.group.trim() || ' '}” between thousands.`);
    }
    whole = groups.join('');
  }
  if (whole === '') whole = '0';
  if (fraction.length > maxDecimals) {
    return fail(
      'too-many-decimals',
      maxDecimals === 0 ? `${currency} prices have no decimals.` : `Use at most ${maxDecimals} decimal places.`,
    );
  }
  const digits = whole.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_PRICE.length) return fail('too-large', `That price is too large; the most is ${MAX_PRICE}.`);
  const value = toDecimalString(toDecimal(`${digits}${fraction ? `.${fraction}` : ''}`));
  if (compare(toDecimal(value), toDecimal(MAX_PRICE)) > 0) {
    return fail('too-large', `That price is too large; the most is ${MAX_PRICE}.`);
  }
  return { ok: true, value };
}

export type { Decimal };
