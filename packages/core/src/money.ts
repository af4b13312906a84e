/**
 * Money: currencies (minor units from the ISO 4217 table in `currencies.ts`), the one rounding
 * rule, formatting through `Intl.NumberFormat`, and parsing what a person types.
 *
 * ## The rounding rule
 * Unit prices (You Pay, Sub-account pays, Profit per unit) are kept exact, however many decimal
 * places they need. A charge is rounded **once**, on its total (unit price × quantity), to the
 * currency's minor unit, **half to even**. That rule is for money that moves on a card
 * (`chargeTotal`); OneBalance wallet debits are exact and never rounded:
 *
 * | unit price | quantity | exact total | charged (USD unless noted) |
 * |------------|----------|-------------|----------------------------|
 * | 0.02765    | 1000     | 27.65       | 27.65         |
 * | 0.0083     | 333      | 2.7639      | 2.76          |
 * | 0.0125     | 10       | 0.125       | 0.12 (tie → even) |
 * | 0.0135     | 10       | 0.135       | 0.14 (tie → even) |
 * | 1.15 (JPY 0 decimals: ¥1.15) | 3 | 3.45 | ¥3 |
 */
import type { DecimalString } from './contract.js';
import {
  MAX_DECIMAL_STRING_LENGTH,
  type Decimal,
  compare,
  multiplyByInteger,
  roundDecimal,
  toDecimal,
  toDecimalString,
} from './decimal.js';
import { CURRENCY_MINOR_UNITS } from './currencies.js';

/** Unit prices may carry this many decimal places of the major unit (sub-cent SMS rates). */
export const UNIT_PRICE_DECIMALS = 6;

/** The largest price a person may type, in major units. */
export const MAX_PRICE: DecimalString = '1000000000';

/** Whether `code` is an active ISO 4217 currency (see `CURRENCY_MINOR_UNITS`). */
export function isKnownCurrency(code: unknown): code is string {
  return typeof code === 'string' && Object.hasOwn(CURRENCY_MINOR_UNITS, code);
}

/**
 * Decimal places of the currency's minor unit by ISO 4217: 2 for USD, 0 for JPY, 3 for KWD.
 * @throws {RangeError} for a code that is not an active ISO 4217 currency.
 */
export function currencyDecimals(currency: string): number {
  if (!isKnownCurrency(currency)) {
    throw new RangeError(`currency must be an ISO 4217 code such as "USD"; got ${JSON.stringify(String(currency).slice(0, 20))}.`);
  }
  return CURRENCY_MINOR_UNITS[currency]!;
}

/**
 * What a **card** is charged for `quantity` units (a top-up, an add-on): the exact total rounded
 * once, to the currency's minor unit, half to even. Wallet (OneBalance) usage debits are never
 * rounded: they use the exact total (`usageCharges`).
 */
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
  // The value carries exactly the digits to show, so one formatter per locale and currency
  // serves every precision: building one costs milliseconds, and a slider step can need a new one.
  const format = formatter(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: currencyDecimals(currency),
    maximumFractionDigits: MAX_DISPLAY_DECIMALS,
  }).format as unknown as ExactFormat;
  return format(displayValue(amount));
}

/**
 * `Intl.NumberFormat` takes at most 20 fraction digits in older engines (Node 20). A value that
 * needs more is rounded here, by our rule, instead of throwing a `RangeError`.
 */
const MAX_DISPLAY_DECIMALS = 20;

/** The amount without trailing zeros, rounded (half to even) to at most 20 fraction digits. */
function displayValue(amount: DecimalString): DecimalString {
  return toDecimalString(roundDecimal(toDecimal(amount), MAX_DISPLAY_DECIMALS));
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
  const format = formatter(locale, {
    useGrouping: false,
    minimumFractionDigits: 0,
    maximumFractionDigits: MAX_DISPLAY_DECIMALS,
  }).format as unknown as ExactFormat;
  return format(displayValue(amount));
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
  /** This currency's symbols in the locale (and its ISO code), longest first. */
  currencySymbols: string[];
  /** 1234.56 as the locale writes it, for messages: "1,234.56", "1.234,56". */
  example: string;
  /** Folds text typed in this locale: {@link normalizeText}, plus the locale's own digits when they are not Unicode decimal digits (hanidec 〇一二…). */
  fold: (text: string) => string;
}

/** The locale's digits, 0 to 9, as Intl writes them. */
function localeDigits(locale: string | undefined): string[] {
  const nineToZero = [...new Intl.NumberFormat(locale, { useGrouping: false }).format(9876543210)];
  return nineToZero.length === 10 ? nineToZero.reverse() : [];
}

const symbolsCache = new Map<string, LocaleSymbols>();

function localeSymbols(locale: string | undefined, currency: string): LocaleSymbols {
  const key = `${locale ?? ''}|${currency}`;
  let symbols = symbolsCache.get(key);
  if (!symbols) {
    const digits = localeDigits(locale).filter((digit) => !/^[0-9]$/.test(digit) && !DECIMAL_DIGIT.test(digit));
    const fold =
      digits.length === 10
        ? (text: string) => normalizeText([...text].map((char) => (digits.includes(char) ? String(digits.indexOf(char)) : char)).join(''))
        : normalizeText;
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(11111.5);
    const currencySymbols = new Set<string>([currency]);
    for (const currencyDisplay of ['symbol', 'narrowSymbol', 'code'] as const) {
      const part = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay })
        .formatToParts(1)
        .find((p) => p.type === 'currency');
      if (part) currencySymbols.add(fold(part.value));
    }
    symbols = {
      group: fold(parts.find((p) => p.type === 'group')?.value ?? ','),
      decimal: fold(parts.find((p) => p.type === 'decimal')?.value ?? '.'),
      currencySymbols: [...currencySymbols].sort((a, b) => b.length - a.length),
      example: fold((formatter(locale, { minimumFractionDigits: 2 }).format as unknown as ExactFormat)('1234.56')),
      fold,
    };
    symbolsCache.set(key, symbols);
  }
  return symbols;
}

const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * Every Unicode decimal digit (Arabic-Indic ٣, Extended Arabic-Indic ۳, Devanagari ३, Bengali ৩,
 * Thai ๓, Myanmar ၃, …) as its ASCII digit. Unicode encodes decimal digits in runs of ten, 0 to
 * 9 (a stability policy), so a digit's value is its distance from the start of its run.
 */
function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0)!;
    let start = code;
    while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
    return String((code - start) % 10);
  });
}

/**
 * Folds characters that people and `Intl` use interchangeably: every kind of space (Intl writes
 * U+202F and U+00A0 in fr-FR) becomes " ", full-width forms become ASCII, "￥" becomes "¥",
 * native digits become ASCII digits, the Arabic decimal and thousands separators (٫ ٬) become
 * "." and ",", and bidi marks (which Intl writes around Arabic numbers) are dropped.
 */
function normalizeText(text: string): string {
  return asciiDigits(
    text
      .replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/\s/g, ' ')
      .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/\uffe5/g, '¥')
      .replace(/\u066b/g, '.')
      .replace(/\u066c/g, ','),
  );
}

function fail(code: PriceInputErrorCode, message: string): ParsePriceResult {
  return { ok: false, error: { code, message } };
}

const MAX_INPUT_LENGTH = 64;

function quoted(separator: string): string {
  return separator === ' ' ? 'a space' : `“${separator}”`;
}

/**
 * Parses a price as a person types it, in their locale: `12`, `12.5`, `$1,000.50` (en-US),
 * `1.000,50 €` (de-DE), `1 000,50` (fr-FR), `¥1,200` (ja-JP). Grouping is optional but must be
 * well formed. Never returns a float; every rejection has a `code` and a message naming the fix.
 */
export function parsePrice(input: string, options: ParsePriceOptions): ParsePriceResult {
  const { locale, currency } = options;
  const maxDecimals = options.maxDecimals ?? UNIT_PRICE_DECIMALS;
  const { group, decimal, currencySymbols, example, fold } = localeSymbols(locale, currency);
  const largest = formatter(locale, {}).format(BigInt(MAX_PRICE));
  const plainNumber = `Enter a number, such as ${example}.`;
  const separators = `Use ${quoted(decimal)} for decimals and ${quoted(group)} between thousands, as in ${example}.`;

  let text = fold(String(input)).trim();
  if (text === '') return fail('empty', `Enter a price, such as ${example}.`);
  if (text.length > MAX_INPUT_LENGTH) return fail('too-large', `That is too long for a price. The largest is ${largest}.`);
  if (/\b(nan|inf|infinity)\b|∞/i.test(text)) return fail('not-finite', `Enter a finite price, such as ${example}.`);

  const own = currencySymbols.find((symbol) => text.includes(symbol));
  if (own) text = text.split(own).join(' ').trim();
  const foreign = text.match(/\p{Sc}/u)?.[0] ?? text.match(/\b[A-Z]{3}\b/)?.find((code) => isKnownCurrency(code));
  if (foreign) return fail('wrong-currency', `Enter the price in ${currency}; “${foreign}” is another currency.`);

  text = text.replace(/^\+\s*/, '');
  if (/^[-−‒–—(]|[-−)]$/.test(text)) return fail('negative', 'The price cannot be negative. Enter 0 or more.');
  if (/\d\s*e\s*[+-]?\d/i.test(text)) {
    return fail('exponent', 'Write the price in full, without an exponent: 0.0079, not 7.9e-3.');
  }
  if (!/^[\d.,' ]*$/.test(text) || !/\d/.test(text)) return fail('not-a-number', plainNumber);

  const at = text.lastIndexOf(decimal);
  const whole = at < 0 ? text : text.slice(0, at);
  const fraction = at < 0 ? '' : text.slice(at + decimal.length);
  if (!/^\d*$/.test(fraction)) return fail('grouping', separators);
  if (whole.includes(decimal)) return fail('grouping', `Use ${quoted(decimal)} only once, before the decimals, as in ${example}.`);

  // Grouping is optional; when used, one separator the locale allows, between groups of three
  // (or the Indian 2-2-3 pattern, which en-IN writes).
  const separator = whole.match(/\D/)?.[0];
  if (separator !== undefined) {
    const allowed = separator === group || separator === ' ' || separator === "'";
    const s = separator === '.' ? '\\.' : separator;
    const wellFormed = new RegExp(`^(\\d{1,3}(${s}\\d{3})+|\\d{1,2}(${s}\\d{2})+${s}\\d{3})$`).test(whole);
    if (!allowed || !wellFormed) return fail('grouping', separators);
  }
  if (fraction.length > maxDecimals) {
    return fail(
      'too-many-decimals',
      maxDecimals === 0
        ? `Enter a whole amount of ${currency}, without decimals.`
        : maxDecimals === currencyDecimals(currency)
          ? `Use at most ${maxDecimals} decimal place${maxDecimals === 1 ? '' : 's'}: ${currency} prices are charged in whole ${maxDecimals === 2 ? 'cents' : 'minor units'}.`
          : `Use at most ${maxDecimals} decimal place${maxDecimals === 1 ? '' : 's'}.`,
    );
  }
  const wholeDigits = whole.replace(/\D/g, '').replace(/^0+(?=\d)/, '') || '0';
  // Checked on the digits, before toDecimal: 41–64 characters pass the input limit but not its 40.
  if (wholeDigits.length > MAX_PRICE.length) return fail('too-large', `That price is too large. The largest is ${largest}.`);
  const digits = `${wholeDigits}${fraction ? `.${fraction}` : ''}`;
  if (digits.length > MAX_DECIMAL_STRING_LENGTH) return fail('too-many-decimals', `Use at most ${maxDecimals} decimal places.`);
  const value = toDecimal(digits);
  if (compare(value, toDecimal(MAX_PRICE)) > 0) return fail('too-large', `That price is too large. The largest is ${largest}.`);
  return { ok: true, value: toDecimalString(value) };
}

export type { Decimal };
