/**
 * Validation of what crosses the adapter boundary: the shared pieces, the prices and Stripe (the
 * reports the panel reads later are in `reports.ts`). Structure is checked with valibot; the
 * money rules (range, step, sign, precision) after it, so that every problem is reported as a
 * field path with a message a host developer can act on.
 */
import * as v from 'valibot';
import {
  PRODUCT_IDS,
  type PricingChange,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type ProductPricing,
  type StripeConnectResult,
  type StripeConnection,
} from './contract.js';
import {
  MAX_DECIMAL_STRING_LENGTH,
  compare,
  divide,
  fractionDigits,
  isDecimalString,
  isNegative,
  subtract,
  toDecimal,
  toDecimalString,
} from './decimal.js';
import { type FieldError, RebillingError } from './errors.js';
import { UNIT_PRICE_DECIMALS, currencyDecimals, isKnownCurrency } from './money.js';
import { DEFAULT_MULTIPLIER_LIMITS, PRODUCTS, checkFixedPrice, checkMultiplier, multiplierLimits } from './pricing.js';

/** A decimal string's structure (its sign and precision are each field's rule). */
export const decimalString = v.pipe(
  v.string('must be a decimal string such as "0.0079", not a number'),
  v.maxLength(MAX_DECIMAL_STRING_LENGTH, `must be at most ${MAX_DECIMAL_STRING_LENGTH} characters`),
  v.check((value: string) => isDecimalString(value), 'must be a decimal string such as "0.0079"'),
);

/** A `PricingRule`'s structure (not its range or step): shared with the per-sub-account overrides. */
export const ruleSchema = v.variant(
  'type',
  [
    v.object({ type: v.literal('multiplier'), multiplier: decimalString }),
    v.object({ type: v.literal('fixed'), price: decimalString }),
  ],
  'must be { type: "multiplier", multiplier } or { type: "fixed", price }',
);

const productSchema = v.object({
  youPay: decimalString,
  rule: ruleSchema,
  limits: v.optional(v.object({ min: decimalString, max: decimalString, step: decimalString })),
  countryRates: v.optional(
    v.pipe(
      v.record(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'country codes are ISO 3166 alpha-2, e.g. "GB"')), decimalString),
      v.check((rates) => Object.keys(rates).length <= 300, 'has more countries than exist'),
    ),
  ),
});

const productsEntries = Object.fromEntries(PRODUCT_IDS.map((id) => [id, productSchema])) as Record<
  ProductId,
  typeof productSchema
>;

const snapshotSchema = v.object({
  revision: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'), v.maxLength(200, 'is too long')),
  currency: v.pipe(v.string('must be an ISO 4217 code such as "USD"'), v.check((value: string) => isKnownCurrency(value), 'must be an ISO 4217 code such as "USD"')),
  products: v.object(productsEntries, 'must list every product'),
});

const changeSchema = v.object({
  products: v.pipe(
    v.record(v.string(), ruleSchema),
    v.check((products) => Object.keys(products).length > 0, 'must change at least one product'),
  ),
});

const stripeConnectionSchema = v.object({
  status: v.picklist(['disconnected', 'pending', 'connected'], 'must be "disconnected", "pending" or "connected"'),
  accountName: v.optional(v.pipe(v.string(), v.maxLength(200, 'is too long'))),
});

const httpUrl = v.pipe(
  v.string(),
  v.maxLength(4096, 'is too long'),
  v.check((value: string) => isHttpUrl(value), 'must be an http: or https: URL'),
);

const connectResultSchema = v.variant('status', [
  v.object({ status: v.literal('connected') }),
  v.object({ status: v.literal('pending'), redirectUrl: httpUrl }),
], 'must be { status: "connected" } or { status: "pending", redirectUrl }');

/** Whether `url` is an absolute http: or https: URL (never `javascript:`). */
export function isHttpUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

const RECEIVED_LABELS: Record<string, string> = { NaN: 'an invalid number', Infinity: 'an infinite number', '-Infinity': 'an infinite number' };

/** valibot's default messages ("Invalid key: …") rewritten to say what to fix. */
function fieldMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.message.startsWith('Invalid key:')) return 'is required';
  // valibot names what it received: say "missing" rather than show "undefined" or "NaN" on screen.
  return issue.message.replace(/^Invalid type: Expected (.+) but received (.+)$/, (_match, expected: string, received: string) =>
    received === 'undefined' ? `is missing (must be ${expected})` : `must be ${expected}, not ${Object.hasOwn(RECEIVED_LABELS, received) ? RECEIVED_LABELS[received] : received}`,
  );
}

function structuralErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.slice(0, 20).map((issue) => ({ path: v.getDotPath(issue) ?? '(root)', message: fieldMessage(issue) }));
}

export function parseOrThrow<T>(schema: v.GenericSchema<unknown, T>, data: unknown, what: string): T {
  // valibot's object schemas accept arrays; none of our payloads is one.
  if (Array.isArray(data)) {
    throw RebillingError.validation(`${what} is malformed`, [{ path: '(root)', message: 'must be an object, not an array' }]);
  }
  const result = v.safeParse(schema, data);
  if (!result.success) throw RebillingError.validation(`${what} is malformed`, structuralErrors(result.issues));
  return result.output;
}

function limitErrors(pricing: ProductPricing, path: string): FieldError[] {
  if (!pricing.limits) return [];
  const { min, max, step } = pricing.limits;
  const errors: FieldError[] = [];
  // The snapshot may narrow the design's range, never widen it.
  const widest = DEFAULT_MULTIPLIER_LIMITS;
  if (compare(toDecimal(min), toDecimal(widest.min)) < 0) {
    errors.push({ path: `${path}.limits.min`, message: `must be at least ${widest.min} (multipliers range ${widest.min}x–${widest.max}x)` });
  }
  if (compare(toDecimal(max), toDecimal(widest.max)) > 0) {
    errors.push({ path: `${path}.limits.max`, message: `must be at most ${widest.max} (multipliers range ${widest.min}x–${widest.max}x)` });
  }
  if (compare(toDecimal(max), toDecimal(min)) <= 0) errors.push({ path: `${path}.limits.max`, message: 'must be above min' });
  if (compare(toDecimal(step), toDecimal('0')) <= 0) errors.push({ path: `${path}.limits.step`, message: 'must be above 0' });
  else if (errors.length === 0 && checkMultiplier(max, pricing.limits) !== undefined) {
    errors.push({ path: `${path}.limits.step`, message: 'must divide max − min into whole steps' });
  } else if (errors.length === 0 && divide(subtract(toDecimal(max), toDecimal(min)), toDecimal(step), 0).units > 10_000n) {
    errors.push({ path: `${path}.limits.step`, message: 'makes more than 10,000 slider steps' });
  }
  return errors;
}

/**
 * Without the product's pricing, only the default range is known: a snapshot may narrow it and
 * choose another step (1.5x–3x by 0.25 puts 2.75 on the grid, off the default 0.1 grid).
 */
function multiplierRangeProblem(multiplier: string): string | undefined {
  const { min, max } = DEFAULT_MULTIPLIER_LIMITS;
  const value = toDecimal(multiplier);
  return compare(value, toDecimal(min)) < 0 || compare(value, toDecimal(max)) > 0 ? `must be between ${min}x and ${max}x` : undefined;
}

function ruleErrors(
  productId: ProductId,
  rule: PricingRule,
  pricing: Pick<ProductPricing, 'limits'> | undefined,
  path: string,
  currency: string | undefined,
): FieldError[] {
  const expected = PRODUCTS[productId].rule;
  if (rule.type !== expected) {
    return [{ path: `${path}.type`, message: `${productId} is priced by ${expected === 'fixed' ? 'a fixed price' : 'multiplier'}` }];
  }
  const problem =
    rule.type === 'fixed'
      ? // A fixed price is a price-list and card amount: whole minor units once the currency is known.
        checkFixedPrice(rule.price, currency && isKnownCurrency(currency) ? currencyDecimals(currency) : UNIT_PRICE_DECIMALS, currency)
      : pricing
        ? checkMultiplier(rule.multiplier, multiplierLimits(pricing))
        : multiplierRangeProblem(rule.multiplier);
  return problem ? [{ path: `${path}.${rule.type === 'multiplier' ? 'multiplier' : 'price'}`, message: problem }] : [];
}

/**
 * Checks data claimed to be a `PricingSnapshot`. Returns a clean copy (unknown fields dropped).
 * @throws {RebillingError} `validation`, listing every bad field.
 */
export function parsePricingSnapshot(data: unknown, source = 'The pricing snapshot'): PricingSnapshot {
  const snapshot = parseOrThrow(snapshotSchema, data, source) as PricingSnapshot;
  const errors: FieldError[] = [];
  for (const id of PRODUCT_IDS) {
    const pricing = snapshot.products[id];
    const path = `products.${id}`;
    if (isNegative(toDecimal(pricing.youPay))) errors.push({ path: `${path}.youPay`, message: 'cannot be negative' });
    for (const [country, rate] of Object.entries(pricing.countryRates ?? {})) {
      if (isNegative(toDecimal(rate))) errors.push({ path: `${path}.countryRates.${country}`, message: 'cannot be negative' });
    }
    const limitProblems = limitErrors(pricing, path);
    errors.push(...limitProblems);
    if (limitProblems.length === 0) errors.push(...ruleErrors(id, pricing.rule, pricing, `${path}.rule`, snapshot.currency));
  }
  if (errors.length > 0) throw RebillingError.validation(`${source} is invalid`, errors);
  return snapshot;
}

/** Fraction digits a change may write: a price's precision, or a finer step's. */
function writtenDecimalsProblem(rule: PricingRule, pricing: Pick<ProductPricing, 'limits'> | undefined): string | undefined {
  const value = rule.type === 'multiplier' ? rule.multiplier : rule.price;
  const written = value.split('.')[1]?.length ?? 0;
  const allowed =
    rule.type === 'multiplier' ? Math.max(UNIT_PRICE_DECIMALS, fractionDigits(toDecimal(multiplierLimits(pricing ?? {}).step))) : UNIT_PRICE_DECIMALS;
  return written > allowed ? `must be written with at most ${allowed} decimal places` : undefined;
}

/**
 * Every problem with `change` against the current snapshot; empty when it may be applied.
 * Without `snapshot`, multipliers are only checked against the default range (1x–10x), which
 * every snapshot's limits lie within; their step is checked once the snapshot is known.
 * Decimals are checked as written too: `"3.0000000000000000000000000000000000000"` is refused
 * rather than stored with 37 decimals.
 */
export function pricingChangeErrors(change: PricingChange, snapshot?: PricingSnapshot): FieldError[] {
  const errors: FieldError[] = [];
  for (const [id, rule] of Object.entries(change.products)) {
    const path = `products.${id}`;
    if (!(PRODUCT_IDS as string[]).includes(id)) {
      errors.push({ path, message: `is not a product (expected one of ${PRODUCT_IDS.join(', ')})` });
      continue;
    }
    const productId = id as ProductId;
    if (!rule) continue;
    const ruleProblems = ruleErrors(productId, rule, snapshot?.products[productId], path, snapshot?.currency);
    const written = ruleProblems.length === 0 ? writtenDecimalsProblem(rule, snapshot?.products[productId]) : undefined;
    errors.push(...ruleProblems, ...(written ? [{ path: `${path}.${rule.type === 'multiplier' ? 'multiplier' : 'price'}`, message: written }] : []));
  }
  return errors;
}

/**
 * Product keys of a raw change that are not products, read before the schema runs: a schema
 * drops keys such as `__proto__` and `constructor` silently, and a change must name them.
 */
function unknownProductKeys(data: unknown): FieldError[] {
  if (typeof data !== 'object' || data === null || !Object.hasOwn(data, 'products')) return [];
  const products = (data as { products: unknown }).products;
  if (typeof products !== 'object' || products === null || Array.isArray(products)) return [];
  return Object.keys(products)
    .filter((key) => !(PRODUCT_IDS as readonly string[]).includes(key))
    .slice(0, 20)
    .map((key) => ({ path: `products.${key.slice(0, 100)}`, message: `is not a product (expected one of ${PRODUCT_IDS.join(', ')})` }));
}

function canonicalRule(rule: PricingRule): PricingRule {
  return rule.type === 'multiplier'
    ? { type: 'multiplier', multiplier: toDecimalString(toDecimal(rule.multiplier)) }
    : { type: 'fixed', price: toDecimalString(toDecimal(rule.price)) };
}

/**
 * Checks data claimed to be a `PricingChange`: its structure, product ids (by name, including
 * `__proto__`), rule types, prices, and multipliers against `snapshot`'s limits (only the
 * default range without one). Returns a clean copy with every decimal canonical (`"-0.000"` →
 * `"0"`, `"2.50"` → `"2.5"`), so what is stored is one spelling of the value.
 * @throws {RebillingError} `validation`, listing every bad field.
 */
export function parsePricingChange(data: unknown, snapshot?: PricingSnapshot): PricingChange {
  const unknown = unknownProductKeys(data);
  if (unknown.length > 0) throw RebillingError.validation('The pricing change was rejected', unknown);
  const change = parseOrThrow(changeSchema, data, 'The pricing change') as PricingChange;
  const errors = pricingChangeErrors(change, snapshot);
  if (errors.length > 0) throw RebillingError.validation('The pricing change was rejected', errors);
  const products: PricingChange['products'] = {};
  for (const [id, rule] of Object.entries(change.products) as Array<[ProductId, PricingRule]>) products[id] = canonicalRule(rule);
  return { products };
}

export function parseStripeConnection(data: unknown): StripeConnection {
  return parseOrThrow(stripeConnectionSchema, data, 'The Stripe connection') as StripeConnection;
}

export function parseStripeConnectResult(data: unknown): StripeConnectResult {
  return parseOrThrow(connectResultSchema, data, 'The Stripe connect result') as StripeConnectResult;
}
