/**
 * SMS segments: how many billable segments a message is, and what one message costs.
 *
 * ## Two counting rules
 * - **`'flat-160'`** (the default, the seed product's rule): 160 characters per segment, every
 *   started segment counts. A character is a **UTF-16 code unit** (what `String.prototype.length`
 *   and a `<textarea maxlength>` count), so an emoji outside the Basic Multilingual Plane counts 2.
 *   That keeps the flat rule in step with the carrier rule's UCS-2 counting and never bills an
 *   emoji-heavy message for less than the carrier rule would. No character counts double.
 * - **`'carrier'`**: what carriers bill. A message made only of GSM-7 characters is sent in
 *   7-bit septets, 160 in a single message or 153 per part once it needs several (the rest of
 *   each part is the concatenation header). The GSM-7 extension characters
 *   `^ { } \ [ ~ ] | €` and form feed take an escape septet plus their own: 2 each. One
 *   character outside GSM-7 switches the whole message to UCS-2: 70 UTF-16 code units in a single
 *   message, 67 per part. A part never splits a surrogate pair (UCS-2) or an escape pair
 *   (GSM-7): a unit that does not fit in the current part starts the next one, so a part may
 *   hold one fewer unit than its capacity.
 *
 * ## Merge fields
 * `{{name}}` (spaces allowed inside the braces: `{{ name }}`) stands for personal data the
 * platform injects when it sends. It counts with the length the host gives in `fieldLengths`
 * (the most characters it may reach), assumed to be **GSM-7 basic characters**: a field never
 * switches a message to UCS-2 and never counts an escape. A host whose field content may hold
 * other characters should give a length in UTF-16 code units and count with the flat rule, or
 * add the margin it wants.
 *
 * A field with no length in `fieldLengths` counts as its literal placeholder text (as it would
 * go out if the platform could not fill it) and is listed in `unknownFields`, so the UI can warn
 * that the estimate may be low. It does not throw: an estimator updates on every keystroke.
 *
 * @module
 */
import type { DecimalString, PricingRule, ProductId, ProductPricing } from './contract.js';
import { PRODUCT_IDS } from './contract.js';
import { multiplyByInteger, toDecimal, toDecimalString } from './decimal.js';
import { type Quote, quote } from './pricing.js';

/** How segments are counted; see the module documentation. */
export type SmsSegmentRule = 'flat-160' | 'carrier';

/** The encoding a message would be sent in. */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentOptions {
  /** Default `'flat-160'`. */
  rule?: SmsSegmentRule | undefined;
  /**
   * Merge field name → the most characters its content may reach (a non-negative whole
   * number). Every entry is checked, used or not: a bad length throws a `RangeError`.
   */
  fieldLengths?: Readonly<Record<string, number>> | undefined;
}

export interface SmsSegmentCount {
  /** Billable segments; every started segment counts. 0 for an empty message. */
  segments: number;
  /**
   * `'GSM-7'` when every character is in the GSM-7 basic or extension set, else `'UCS-2'`.
   * Reported by both rules; only the carrier rule counts by it.
   */
  encoding: SmsEncoding;
  /**
   * The message's length in the units the rule counts, merge fields at their given lengths:
   * UTF-16 code units for `'flat-160'` and for carrier UCS-2; septets for carrier GSM-7
   * (extension characters count 2).
   */
  length: number;
  /**
   * Capacity of one segment for this message: 160 for `'flat-160'`; for `'carrier'` 160 / 70
   * while the message fits in one, 153 / 67 once it needs several.
   */
  perSegment: number;
  /**
   * Units still free in the last segment before another starts (for an empty message, the
   * first segment's capacity). With the carrier rule, a 2-unit character may not fit in the
   * last free unit.
   */
  remainingInSegment: number;
  /** The rule that counted. */
  rule: SmsSegmentRule;
  /** Merge fields found in the text with no length in `fieldLengths`, in order of first use. */
  unknownFields: string[];
}

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// ESC (0x1B) is left out of the basic set on purpose: it is the escape prefix itself, not a
// character a person writes; text containing it is sent as UCS-2.
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

const FLAT_SEGMENT = 160;
const GSM7_SINGLE = 160;
const GSM7_PART = 153;
const UCS2_SINGLE = 70;
const UCS2_PART = 67;

const MERGE_FIELD = /\{\{\s*([^\s{}]+)\s*\}\}/g;

/** A run of `count` units that each take `size` units of a part (an escape pair or a surrogate pair is one unit of size 2). */
interface Run {
  size: 1 | 2;
  count: number;
}

type Piece = { kind: 'text'; text: string } | { kind: 'field'; length: number };

function checkFieldLengths(fieldLengths: Readonly<Record<string, number>>): void {
  for (const [name, length] of Object.entries(fieldLengths)) {
    if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(
        `fieldLengths[${JSON.stringify(name)}] must be a non-negative whole number of characters; got ${String(length)}.`,
      );
    }
  }
}

function splitMergeFields(text: string, fieldLengths: Readonly<Record<string, number>>, unknown: string[]): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(MERGE_FIELD)) {
    const name = match[1]!;
    const length = Object.hasOwn(fieldLengths, name) ? fieldLengths[name] : undefined;
    if (length === undefined) {
      if (!unknown.includes(name)) unknown.push(name);
      continue;
    }
    if (match.index > last) pieces.push({ kind: 'text', text: text.slice(last, match.index) });
    pieces.push({ kind: 'field', length });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}

function isGsm7(pieces: readonly Piece[]): boolean {
  for (const piece of pieces) {
    if (piece.kind === 'field') continue;
    for (const char of piece.text) {
      if (!GSM7_BASIC.has(char) && !GSM7_EXTENSION.has(char)) return false;
    }
  }
  return true;
}

function carrierRuns(pieces: readonly Piece[], encoding: SmsEncoding): Run[] {
  const runs: Run[] = [];
  const pushOnes = (count: number) => {
    const previous = runs[runs.length - 1];
    if (previous?.size === 1) previous.count += count;
    else if (count > 0) runs.push({ size: 1, count });
  };
  for (const piece of pieces) {
    if (piece.kind === 'field') {
      pushOnes(piece.length);
      continue;
    }
    // for…of walks code points: a surrogate pair arrives whole, a lone surrogate alone.
    for (const char of piece.text) {
      const size = encoding === 'UCS-2' ? char.length : GSM7_EXTENSION.has(char) ? 2 : 1;
      if (size === 1) pushOnes(1);
      else runs.push({ size: 2, count: 1 });
    }
  }
  return runs;
}

/** Greedy packing into parts of `capacity`; a unit that does not fit starts the next part. */
function pack(runs: readonly Run[], capacity: number): { parts: number; lastUsed: number } {
  let parts = 0;
  let used = capacity;
  for (const { size, count } of runs) {
    if (size === 1) {
      const take = Math.min(capacity - used, count);
      used += take;
      const rest = count - take;
      if (rest > 0) {
        const fullParts = Math.floor((rest - 1) / capacity);
        parts += fullParts + 1;
        used = rest - fullParts * capacity;
      }
    } else {
      for (let i = 0; i < count; i++) {
        if (used + size > capacity) {
          parts += 1;
          used = size;
        } else {
          used += size;
        }
      }
    }
  }
  return { parts, lastUsed: parts === 0 ? 0 : used };
}

/**
 * Counts the billable segments of an SMS.
 *
 * ```ts
 * countSmsSegments('Hi {{first_name}}, your table is ready', { fieldLengths: { first_name: 20 } });
 * // { segments: 1, encoding: 'GSM-7', length: 53, perSegment: 160, remainingInSegment: 107, … }
 * countSmsSegments('Café ☕', { rule: 'carrier' }); // UCS-2: 6 code units, 1 segment of 70
 * ```
 *
 * @throws {RangeError} when a `fieldLengths` entry is not a non-negative whole number, or
 *   `rule` is not `'flat-160'` or `'carrier'`.
 */
export function countSmsSegments(text: string, options: SmsSegmentOptions = {}): SmsSegmentCount {
  const rule = options.rule ?? 'flat-160';
  if (rule !== 'flat-160' && rule !== 'carrier') {
    throw new RangeError(`Unknown SMS segment rule ${JSON.stringify(rule)}; use 'flat-160' or 'carrier'.`);
  }
  if (typeof text !== 'string') throw new RangeError('The SMS text must be a string.');
  const fieldLengths = options.fieldLengths ?? {};
  checkFieldLengths(fieldLengths);

  const unknownFields: string[] = [];
  const pieces = splitMergeFields(text, fieldLengths, unknownFields);
  const encoding: SmsEncoding = isGsm7(pieces) ? 'GSM-7' : 'UCS-2';

  if (rule === 'flat-160') {
    const length = pieces.reduce((sum, p) => sum + (p.kind === 'field' ? p.length : p.text.length), 0);
    const segments = Math.ceil(length / FLAT_SEGMENT);
    const remainingInSegment = segments === 0 ? FLAT_SEGMENT : segments * FLAT_SEGMENT - length;
    return { segments, encoding, length, perSegment: FLAT_SEGMENT, remainingInSegment, rule, unknownFields };
  }

  const runs = carrierRuns(pieces, encoding);
  const length = runs.reduce((sum, r) => sum + r.size * r.count, 0);
  const single = encoding === 'GSM-7' ? GSM7_SINGLE : UCS2_SINGLE;
  if (length <= single) {
    return {
      segments: length === 0 ? 0 : 1,
      encoding,
      length,
      perSegment: single,
      remainingInSegment: single - length,
      rule,
      unknownFields,
    };
  }
  const perSegment = encoding === 'GSM-7' ? GSM7_PART : UCS2_PART;
  const { parts, lastUsed } = pack(runs, perSegment);
  return { segments: parts, encoding, length, perSegment, remainingInSegment: perSegment - lastUsed, rule, unknownFields };
}

/**
 * Whether usage of `product` in `direction` is billed. SMS: inbound and outbound. Email:
 * outbound only. Lightning Domains, Phone Numbers and Listings are not messages; direction does
 * not apply to them and every unit is billed, so they return `true` for either direction.
 *
 * @throws {RangeError} for an unknown product or direction (a host bug, not a free message).
 */
export function isBillableUsage(product: ProductId, direction: 'inbound' | 'outbound'): boolean {
  if (!PRODUCT_IDS.includes(product)) {
    throw new RangeError(`Unknown product ${JSON.stringify(product)}; expected one of ${PRODUCT_IDS.join(', ')}.`);
  }
  if (direction !== 'inbound' && direction !== 'outbound') {
    throw new RangeError(`Unknown direction ${JSON.stringify(direction)}; expected 'inbound' or 'outbound'.`);
  }
  return product === 'email' ? direction === 'outbound' : true;
}

export interface SmsMessageCostOptions extends SmsSegmentOptions {
  /** The SMS product's pricing (`snapshot.products.sms`). */
  pricing: ProductPricing;
  /** ISO 3166 alpha-2 destination; the baseline You Pay when omitted. */
  country?: string | undefined;
  /** A pricing rule to quote instead of `pricing.rule` (a multiplier being dragged). */
  pricingRule?: PricingRule | undefined;
}

export interface SmsMessageCost {
  /** The full segment count the costs are based on. */
  count: SmsSegmentCount;
  /** `count.segments`, for convenience. */
  segments: number;
  /** The per-segment figures. */
  segmentQuote: Quote;
  /** What the sub-account pays for the message: segments × its per-segment price, exact. */
  subAccountPays: DecimalString;
  /** What the owner pays the platform for the message (You Pay): segments × You Pay, exact. */
  youPay: DecimalString;
  /** `subAccountPays − youPay`, exact; negative is a loss. */
  profit: DecimalString;
}

/**
 * What one SMS costs: its segments times the per-segment quote, for the sub-account (its price)
 * and for the owner (You Pay), with the profit. Every amount is exact, not rounded: a charge is
 * rounded once on its total (see `chargeTotal`), and one message is rarely charged alone.
 * Inbound and outbound messages cost the same.
 *
 * @throws {RangeError} as {@link countSmsSegments} does; `RebillingError` `validation` when
 *   `country` has no rate.
 */
export function smsMessageCost(text: string, options: SmsMessageCostOptions): SmsMessageCost {
  const count = countSmsSegments(text, options);
  const segmentQuote = quote(options.pricing, {
    ...(options.pricingRule === undefined ? {} : { rule: options.pricingRule }),
    ...(options.country === undefined ? {} : { country: options.country }),
  });
  const times = (amount: DecimalString) => toDecimalString(multiplyByInteger(toDecimal(amount), count.segments));
  return {
    count,
    segments: count.segments,
    segmentQuote,
    subAccountPays: times(segmentQuote.subAccountPays),
    youPay: times(segmentQuote.youPay),
    profit: times(segmentQuote.profit),
  };
}
