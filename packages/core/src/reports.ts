/**
 * Validation of the reports the panel reads after it starts: the OneBalance log's ledger pages,
 * the price history and the usage behind projected profit. Apart from `validation.ts` so that a
 * bundle that only shows and saves prices ships none of their schemas.
 */
import * as v from 'valibot';
import { PRODUCT_IDS, type LedgerPage, type PriceChangePage, type ProductId, type UsageSummary } from './contract.js';
import { isNegative, toDecimal } from './decimal.js';
import { RebillingError, type FieldError } from './errors.js';
import { PRODUCTS } from './pricing.js';
import { decimalString, parseOrThrow, ruleSchema } from './validation.js';

const ledgerEntrySchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  at: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
  type: v.picklist(['funds_added', 'usage', 'refund', 'adjustment']),
  product: v.optional(v.picklist(PRODUCT_IDS as ProductId[])),
  quantity: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  amount: decimalString,
  balanceAfter: decimalString,
  description: v.pipe(v.string(), v.maxLength(1000, 'is too long')),
});

const ledgerPageSchema = v.object({
  entries: v.pipe(v.array(ledgerEntrySchema), v.maxLength(1000, 'has too many entries for one page')),
  nextCursor: v.nullable(v.pipe(v.string(), v.maxLength(1000))),
});

const priceChangeSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  at: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
  actor: v.nullable(v.pipe(v.string(), v.maxLength(500, 'is too long'))),
  product: v.picklist(PRODUCT_IDS as ProductId[], `must be one of ${PRODUCT_IDS.join(', ')}`),
  revision: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(200, 'is too long')),
  from: ruleSchema,
  to: ruleSchema,
  youPayAtTheTime: decimalString,
});

const priceChangePageSchema = v.object({
  entries: v.pipe(v.array(priceChangeSchema), v.maxLength(1000, 'has too many entries for one page')),
  nextCursor: v.nullable(v.pipe(v.string(), v.maxLength(1000))),
});

const usageSummarySchema = v.object({
  from: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
  to: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
  quantities: v.record(
    v.string(),
    v.pipe(v.number('must be a whole number of units'), v.safeInteger('must be a whole number of units'), v.minValue(0, 'cannot be negative')),
  ),
});


export function parseLedgerPage(data: unknown): LedgerPage {
  return parseOrThrow(ledgerPageSchema, data, 'The ledger page') as LedgerPage;
}

/**
 * Checks data claimed to be a `PriceChangePage`: structure, product ids, rules and amounts
 * (never negative), and that each entry's rules are of its product's rule type.
 * @throws {RebillingError} `validation`, listing every bad field.
 */
export function parsePriceChangePage(data: unknown): PriceChangePage {
  const page = parseOrThrow(priceChangePageSchema, data, 'The price history page') as PriceChangePage;
  const errors: FieldError[] = [];
  page.entries.forEach((entry, index) => {
    const path = `entries.${index}`;
    if (isNegative(toDecimal(entry.youPayAtTheTime))) errors.push({ path: `${path}.youPayAtTheTime`, message: 'cannot be negative' });
    for (const side of ['from', 'to'] as const) {
      const rule = entry[side];
      if (rule.type !== PRODUCTS[entry.product].rule) {
        errors.push({ path: `${path}.${side}.type`, message: `${entry.product} is priced by ${PRODUCTS[entry.product].rule === 'fixed' ? 'a fixed price' : 'multiplier'}` });
      } else if (isNegative(toDecimal(rule.type === 'multiplier' ? rule.multiplier : rule.price))) {
        errors.push({ path: `${path}.${side}.${rule.type === 'multiplier' ? 'multiplier' : 'price'}`, message: 'cannot be negative' });
      }
    }
  });
  if (errors.length > 0) throw RebillingError.validation('The price history page is invalid', errors);
  return page;
}

/**
 * Checks data claimed to be a `UsageSummary`: ISO 8601 `from` ≤ `to`, and `quantities` keyed by
 * product ids (by name, including `__proto__`), each a whole number ≥ 0. Returns a clean copy.
 * @throws {RebillingError} `validation`, listing every bad field.
 */
export function parseUsageSummary(data: unknown): UsageSummary {
  const unknown =
    typeof data === 'object' && data !== null && Object.hasOwn(data, 'quantities') && typeof (data as { quantities: unknown }).quantities === 'object'
      ? Object.keys((data as { quantities: object }).quantities ?? {})
          .filter((key) => !(PRODUCT_IDS as readonly string[]).includes(key))
          .slice(0, 20)
          .map((key) => ({ path: `quantities.${key.slice(0, 100)}`, message: `is not a product (expected one of ${PRODUCT_IDS.join(', ')})` }))
      : [];
  if (unknown.length > 0) throw RebillingError.validation('The usage summary is invalid', unknown);
  const summary = parseOrThrow(usageSummarySchema, data, 'The usage summary');
  if (Date.parse(summary.from) > Date.parse(summary.to)) {
    throw RebillingError.validation('The usage summary is invalid', [{ path: 'from', message: 'must not be after to' }]);
  }
  const quantities: UsageSummary['quantities'] = {};
  for (const id of PRODUCT_IDS) if (Object.hasOwn(summary.quantities, id)) quantities[id] = summary.quantities[id]!;
  return { from: summary.from, to: summary.to, quantities };
}
