/**
 * Per-sub-account overrides: a sub-account's own rule for a product, replacing the account-wide
 * rule for it alone. An override rule is checked exactly like a `savePricing` rule against the
 * account's snapshot (type, range, step, whole minor units for a fixed price), so a backend, the
 * HTTP handler and the memory adapter refuse the same things.
 */
import * as v from 'valibot';
import {
  PRODUCT_IDS,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type SubAccountOverrides,
  type SubAccountOverridesPage,
} from './contract.js';
import { isNegative, toDecimal } from './decimal.js';
import { type FieldError, RebillingError } from './errors.js';
import { PRODUCTS } from './pricing.js';
import { parseOrThrow, parsePricingChange, ruleSchema } from './validation.js';

/** Longest sub-account id (the REST contract's path segment, the server's column). */
export const MAX_SUB_ACCOUNT_ID_LENGTH = 255;
/** Longest sub-account name shown in the picker. */
export const MAX_SUB_ACCOUNT_NAME_LENGTH = 200;

const subAccountId = v.pipe(
  v.string('must be the sub-account id, a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(MAX_SUB_ACCOUNT_ID_LENGTH, `must be at most ${MAX_SUB_ACCOUNT_ID_LENGTH} characters`),
);

const productId = v.picklist(PRODUCT_IDS as ProductId[], `must be one of ${PRODUCT_IDS.join(', ')}`);

const subAccountSchema = v.object({
  subAccountId,
  name: v.pipe(
    v.string('must be the sub-account name, a string'),
    v.check((name: string) => name.trim() !== '', 'must not be empty'),
    v.maxLength(MAX_SUB_ACCOUNT_NAME_LENGTH, `must be at most ${MAX_SUB_ACCOUNT_NAME_LENGTH} characters`),
  ),
  overrides: v.record(v.string(), ruleSchema),
});

const pageSchema = v.object({
  subAccounts: v.pipe(v.array(subAccountSchema), v.maxLength(1000, 'has too many sub-accounts for one page')),
  nextCursor: v.nullable(v.pipe(v.string(), v.maxLength(1000))),
});

function isProductId(value: unknown): value is ProductId {
  return typeof value === 'string' && (PRODUCT_IDS as readonly string[]).includes(value);
}

/** Rules of the wrong type or negative, and keys that are not products, under `path`. */
function storedRuleErrors(overrides: Record<string, PricingRule>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [id, rule] of Object.entries(overrides)) {
    if (!isProductId(id)) {
      errors.push({ path: `${path}.${id.slice(0, 100)}`, message: `is not a product (expected one of ${PRODUCT_IDS.join(', ')})` });
    } else if (rule.type !== PRODUCTS[id].rule) {
      errors.push({ path: `${path}.${id}.type`, message: `${id} is priced by ${PRODUCTS[id].rule === 'fixed' ? 'a fixed price' : 'multiplier'}` });
    } else if (isNegative(toDecimal(rule.type === 'multiplier' ? rule.multiplier : rule.price))) {
      errors.push({ path: `${path}.${id}.${rule.type === 'multiplier' ? 'multiplier' : 'price'}`, message: 'cannot be negative' });
    }
  }
  return errors;
}

/**
 * Checks data claimed to be a `SubAccountOverrides` (one sub-account with its rules).
 * @throws {RebillingError} `validation`, listing every bad field.
 */
export function parseSubAccountOverrides(data: unknown, source = 'The sub-account overrides'): SubAccountOverrides {
  const parsed = parseOrThrow(subAccountSchema, data, source) as SubAccountOverrides;
  const errors = storedRuleErrors(parsed.overrides as Record<string, PricingRule>, 'overrides');
  if (errors.length > 0) throw RebillingError.validation(`${source} are invalid`, errors);
  return parsed;
}

/**
 * Checks data claimed to be a `SubAccountOverridesPage`: structure, names, products and rule
 * types, amounts never negative, each sub-account listed once.
 * @throws {RebillingError} `validation`, listing every bad field.
 */
export function parseSubAccountOverridesPage(data: unknown): SubAccountOverridesPage {
  const page = parseOrThrow(pageSchema, data, 'The sub-account overrides page') as SubAccountOverridesPage;
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  page.subAccounts.forEach((subAccount, index) => {
    if (seen.has(subAccount.subAccountId)) errors.push({ path: `subAccounts.${index}.subAccountId`, message: 'is listed twice' });
    seen.add(subAccount.subAccountId);
    errors.push(...storedRuleErrors(subAccount.overrides as Record<string, PricingRule>, `subAccounts.${index}.overrides`));
  });
  if (errors.length > 0) throw RebillingError.validation('The sub-account overrides page is invalid', errors.slice(0, 20));
  return page;
}

export interface OverrideInput {
  subAccountId: string;
  product: ProductId;
  rule: PricingRule;
}

/**
 * Checks a `saveOverride` input. The rule is validated exactly as `savePricing` validates it
 * against `snapshot` (type, range, step, decimals, whole minor units for a fixed price; without a
 * snapshot, the default range only) and returned canonical (`"2.50"` → `"2.5"`). Field paths are
 * the input's: `subAccountId`, `product`, `rule.multiplier`, `rule.price`.
 * @throws {RebillingError} `validation`, listing every bad field.
 */
export function parseOverrideInput(data: unknown, snapshot?: PricingSnapshot): OverrideInput {
  const record = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  if (!record) throw RebillingError.validation('The override is malformed', [{ path: '(root)', message: 'must be { subAccountId, product, rule }' }]);
  const errors: FieldError[] = [];
  const id = v.safeParse(subAccountId, record.subAccountId);
  if (!id.success) errors.push({ path: 'subAccountId', message: record.subAccountId === undefined ? 'is required' : id.issues[0].message });
  const product = record.product;
  if (!isProductId(product)) errors.push({ path: 'product', message: `must be one of ${PRODUCT_IDS.join(', ')}` });
  let rule: PricingRule | undefined;
  if (isProductId(product)) {
    try {
      rule = parsePricingChange({ products: { [product]: record.rule } }, snapshot).products[product];
    } catch (error) {
      const prefix = `products.${product}`;
      const fields = error instanceof RebillingError && error.fields.length > 0 ? error.fields : [{ path: prefix, message: 'is invalid' }];
      errors.push(...fields.map((field) => ({ path: field.path.startsWith(prefix) ? `rule${field.path.slice(prefix.length)}` : field.path, message: field.message })));
    }
  }
  if (errors.length > 0 || !rule || !id.success) throw RebillingError.validation('The override was rejected', errors);
  return { subAccountId: id.output, product: product as ProductId, rule };
}

/**
 * The snapshot as one sub-account sees it: each product it overrides carries its override rule,
 * the others the account-wide rule. The revision is the account's (an override save does not
 * change it).
 */
export function pricingForSubAccount(snapshot: PricingSnapshot, subAccount: Pick<SubAccountOverrides, 'overrides'>): PricingSnapshot {
  const products = { ...snapshot.products };
  for (const id of PRODUCT_IDS) {
    const rule = subAccount.overrides[id];
    if (rule) products[id] = { ...products[id], rule };
  }
  return { ...snapshot, products };
}
