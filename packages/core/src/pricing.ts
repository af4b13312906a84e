/**
 * Pricing rules and quotes: what a sub-account pays for a unit, and what the owner keeps.
 */
import type { DecimalString, MultiplierLimits, PricingRule, ProductId, ProductPricing } from './contract.js';
import {
  type Decimal,
  add,
  compare,
  divide,
  isNegative,
  isZero,
  multiply,
  multiplyByInteger,
  subtract,
  toDecimal,
  toDecimalString,
  ZERO,
} from './decimal.js';
import { RebillingError } from './errors.js';
import { MAX_PRICE, chargeTotal, currencyDecimals } from './money.js';

/** Countries whose You Pay is the baseline `youPay`. */
const BASELINE_COUNTRIES = ['US', 'CA'];

export const DEFAULT_MULTIPLIER_LIMITS: Readonly<MultiplierLimits> = Object.freeze({ min: '1', max: '10', step: '0.1' });

export interface ProductInfo {
  id: ProductId;
  /** What one unit is, for docs and labels. */
  unit: 'segment' | 'email' | 'domain' | 'number-month' | 'listing-month';
  rule: PricingRule['type'];
  paidThrough: 'oneBalance' | 'card';
}

/** The product table from the design: unit, rule type and how each product is paid. */
export const PRODUCTS: Readonly<Record<ProductId, ProductInfo>> = Object.freeze({
  sms: { id: 'sms', unit: 'segment', rule: 'multiplier', paidThrough: 'oneBalance' },
  email: { id: 'email', unit: 'email', rule: 'multiplier', paidThrough: 'oneBalance' },
  lightningDomains: { id: 'lightningDomains', unit: 'domain', rule: 'fixed', paidThrough: 'oneBalance' },
  phoneNumbers: { id: 'phoneNumbers', unit: 'number-month', rule: 'multiplier', paidThrough: 'card' },
  listings: { id: 'listings', unit: 'listing-month', rule: 'fixed', paidThrough: 'card' },
});

export function multiplierLimits(pricing: Pick<ProductPricing, 'limits'>): MultiplierLimits {
  return pricing.limits ?? DEFAULT_MULTIPLIER_LIMITS;
}

/** Number of slider positions above `min`: the slider moves by whole steps, never by floats. */
export function multiplierStepCount(limits: MultiplierLimits): number {
  const span = subtract(toDecimal(limits.max), toDecimal(limits.min));
  const steps = divide(span, toDecimal(limits.step), 0);
  return Number(steps.units);
}

/**
 * The multiplier at slider position `index` (0 = min): exactly `min + index × step`.
 * @throws {RangeError} when `index` is not a whole position from 0 to {@link multiplierStepCount}.
 */
export function multiplierAtStep(limits: MultiplierLimits, index: number): DecimalString {
  const count = multiplierStepCount(limits);
  if (!Number.isInteger(index) || index < 0 || index > count) {
    throw new RangeError(`Slider position ${index} is outside 0–${count} for ${limits.min}x–${limits.max}x by ${limits.step}`);
  }
  return toDecimalString(add(toDecimal(limits.min), multiplyByInteger(toDecimal(limits.step), index)));
}

/** The slider position of `multiplier`; `undefined` when it is off the step or out of range. */
export function stepOfMultiplier(limits: MultiplierLimits, multiplier: DecimalString): number | undefined {
  return checkMultiplier(multiplier, limits) === undefined
    ? Number(divide(subtract(toDecimal(multiplier), toDecimal(limits.min)), toDecimal(limits.step), 0).units)
    : undefined;
}

/** Why `multiplier` is not allowed by `limits`, or `undefined` when it is. Never clamps. */
export function checkMultiplier(multiplier: DecimalString, limits: MultiplierLimits): string | undefined {
  let value;
  try {
    value = toDecimal(multiplier);
  } catch {
    return 'must be a decimal string such as "3.5"';
  }
  const min = toDecimal(limits.min);
  const max = toDecimal(limits.max);
  if (compare(value, min) < 0 || compare(value, max) > 0) {
    return `must be between ${limits.min}x and ${limits.max}x`;
  }
  const offset = subtract(value, min);
  const step = toDecimal(limits.step);
  if (compare(step, ZERO) <= 0) return `cannot be checked: the step ${limits.step} must be above 0`;
  const scale = Math.max(offset.scale, step.scale);
  const offsetUnits = offset.units * 10n ** BigInt(scale - offset.scale);
  const stepUnits = step.units * 10n ** BigInt(scale - step.scale);
  if (offsetUnits % stepUnits !== 0n) return `must be a multiple of ${limits.step} from ${limits.min}x`;
  return undefined;
}

/**
 * Why `price` is not a valid fixed resale price, or `undefined` when it is. Pass
 * `currencyDecimals(currency)` as `maxDecimals` (and the currency, for the message): a fixed price
 * is on a price list and, for add-ons, charged to a card, so it is whole cents for USD and whole
 * yen for JPY.
 */
export function checkFixedPrice(price: DecimalString, maxDecimals: number, currency?: string): string | undefined {
  let value;
  try {
    value = toDecimal(price);
  } catch {
    return 'must be a decimal string such as "19.99"';
  }
  if (isNegative(value)) return 'cannot be negative';
  if (value.scale > maxDecimals) {
    const unit = currency ? `${currency} prices are charged in whole minor units` : 'prices are charged in whole minor units';
    return maxDecimals === 0
      ? `must be a whole amount, without decimals (${unit})`
      : `must have at most ${maxDecimals} decimal places (${unit})`;
  }
  if (compare(value, toDecimal(MAX_PRICE)) > 0) return `must be at most ${MAX_PRICE}`;
  return undefined;
}

export interface Quote {
  /** Cost per unit to the owner, exact. */
  youPay: DecimalString;
  /** Price per unit to the sub-account, exact. */
  subAccountPays: DecimalString;
  /** `subAccountPays − youPay`, exact; negative is a loss. */
  profit: DecimalString;
  /** Profit as a percentage of what the sub-account pays, 1 decimal, half to even; `null` when it pays 0. */
  marginPercent: DecimalString | null;
  isLoss: boolean;
}

/**
 * You Pay per unit for `country` (ISO 3166 alpha-2), or the baseline when none is given. US and
 * CA are the baseline, so they fall back to `youPay` when `countryRates` does not list them.
 * @throws {RebillingError} `validation` for any other country without a rate.
 */
export function youPayFor(pricing: ProductPricing, country?: string): DecimalString {
  if (country === undefined) return pricing.youPay;
  const code = country.toUpperCase();
  const rates = pricing.countryRates ?? {};
  const rate = Object.hasOwn(rates, code) ? rates[code] : BASELINE_COUNTRIES.includes(code) ? pricing.youPay : undefined;
  if (rate === undefined) {
    const known = Object.keys(pricing.countryRates ?? {}).sort().join(', ') || 'none';
    throw new RebillingError('validation', `No rate for country "${country}". Countries with a rate: ${known}.`, {
      fields: [{ path: 'country', message: 'has no rate' }],
    });
  }
  return rate;
}

/** What the sub-account pays per unit when the owner's cost is `youPay`. */
export function resalePrice(rule: PricingRule, youPay: DecimalString): DecimalString {
  return rule.type === 'multiplier'
    ? toDecimalString(multiply(toDecimal(youPay), toDecimal(rule.multiplier)))
    : rule.price;
}

/**
 * The per-unit figures for a product: You Pay, Sub-account pays, Profit and margin. Pass `rule`
 * to quote a value being dragged or typed; pass `country` for an international rate.
 */
export function quote(pricing: ProductPricing, options: { rule?: PricingRule; country?: string } = {}): Quote {
  const rule = options.rule ?? pricing.rule;
  const youPay = youPayFor(pricing, options.country);
  const pays = toDecimal(resalePrice(rule, youPay));
  const profit = subtract(pays, toDecimal(youPay));
  return {
    youPay,
    subAccountPays: toDecimalString(pays),
    profit: toDecimalString(profit),
    marginPercent: isZero(pays) ? null : toDecimalString(divide(multiplyByInteger(profit, 100), pays, 1)),
    isLoss: isNegative(profit),
  };
}

// ── Projected profit and margin erosion (issue 15) ───────────────────────────────────────────

/**
 * Profit per unit as money moves: exact for OneBalance products (wallet debits are never
 * rounded); for a card-charged add-on, per purchase, the two card charges (the sub-account's
 * resale price and the owner's You Pay, each rounded once, half to even, as `purchaseAddon`
 * charges them).
 */
function profitPerUnit(pricing: ProductPricing, productId: ProductId, rule: PricingRule, currency: string): Decimal {
  if (PRODUCTS[productId].paidThrough === 'card') {
    return subtract(
      toDecimal(chargeTotal(resalePrice(rule, pricing.youPay), 1, currency)),
      toDecimal(chargeTotal(pricing.youPay, 1, currency)),
    );
  }
  return subtract(toDecimal(resalePrice(rule, pricing.youPay)), toDecimal(pricing.youPay));
}

export interface ProfitProjection {
  /** The volume projected on: the usage summary's quantity (units, or purchases for add-ons). */
  quantity: number;
  /** Profit over that volume at the projected rule, exact (round only to show it). */
  profit: DecimalString;
  /** Profit over that volume at the saved rule, exact. */
  savedProfit: DecimalString;
  /** `profit − savedProfit`, exact: what the projected rule earns against today's. */
  delta: DecimalString;
}

/**
 * What a rule would have earned on `quantity` units (last 30 days' volume, so "per month"):
 * quantity × profit per unit, exact on BigInt decimals, with the delta against the saved rule.
 * Card-charged add-ons count purchases, each profiting the difference of the two rounded card
 * charges; OneBalance products profit the exact difference per unit.
 * @throws {RangeError} when `quantity` is not a whole number ≥ 0.
 */
export function projectProfit(
  pricing: ProductPricing,
  productId: ProductId,
  quantity: number,
  options: { rule?: PricingRule; currency: string },
): ProfitProjection {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`quantity must be a whole number ≥ 0; got ${quantity}`);
  const projected = multiplyByInteger(profitPerUnit(pricing, productId, options.rule ?? pricing.rule, options.currency), quantity);
  const saved = multiplyByInteger(profitPerUnit(pricing, productId, pricing.rule, options.currency), quantity);
  return {
    quantity,
    profit: toDecimalString(projected),
    savedProfit: toDecimalString(saved),
    delta: toDecimalString(subtract(projected, saved)),
  };
}

export interface MarginErosion {
  youPayThen: DecimalString;
  youPayNow: DecimalString;
  /** Profit per unit of the rule set then, at then's You Pay. */
  profitThen: DecimalString;
  /** Profit per unit of today's rule at today's You Pay. */
  profitNow: DecimalString;
  marginThen: DecimalString | null;
  marginNow: DecimalString | null;
  /** Which way You Pay moved. */
  cost: 'rose' | 'fell';
  /**
   * What the rule implies. `kept`: a multiplier scales with You Pay, so the margin % is already
   * the same (profit per unit moved with cost); nothing to restore. `restore`: a fixed price
   * whose margin % shrank because You Pay rose; `rule` is the price raised by the same ratio as
   * You Pay, rounded half to even to the currency's minor unit. `none`: nothing to restore (the
   * cost fell, so the margin grew; or You Pay was 0 then, so there is no ratio to raise by).
   */
  remedy: { kind: 'kept' } | { kind: 'restore'; rule: PricingRule & { type: 'fixed' } } | { kind: 'none' };
}

/** Whether You Pay differs from what it was at `lastChange`, as decimals ("0.0080" and "0.008" agree). */
export function youPayChangedSince(pricing: Pick<ProductPricing, 'youPay'>, lastChange: { youPayAtTheTime: DecimalString }): boolean {
  return compare(toDecimal(lastChange.youPayAtTheTime), toDecimal(pricing.youPay)) !== 0;
}

/**
 * Whether You Pay changed since the owner last set this product's price, from the newest price
 * history entry (its `to` rule and `youPayAtTheTime`), and what restores the margin. `undefined`
 * when You Pay is the same ({@link youPayChangedSince}).
 */
export function marginErosion(
  pricing: ProductPricing,
  lastChange: { to: PricingRule; youPayAtTheTime: DecimalString },
  currency: string,
): MarginErosion | undefined {
  if (!youPayChangedSince(pricing, lastChange)) return undefined;
  const then = toDecimal(lastChange.youPayAtTheTime);
  const now = toDecimal(pricing.youPay);
  const before = quote({ ...pricing, youPay: lastChange.youPayAtTheTime, countryRates: {} }, { rule: lastChange.to });
  const after = quote(pricing);
  const cost = compare(now, then) > 0 ? 'rose' : 'fell';
  let remedy: MarginErosion['remedy'] = { kind: 'none' };
  if (pricing.rule.type === 'multiplier') remedy = { kind: 'kept' };
  else if (cost === 'rose' && !isZero(then) && lastChange.to.type === 'fixed') {
    const price = toDecimalString(divide(multiply(toDecimal(lastChange.to.price), now), then, currencyDecimals(currency)));
    if (checkFixedPrice(price, currencyDecimals(currency), currency) === undefined && compare(toDecimal(price), toDecimal(pricing.rule.price)) !== 0) {
      remedy = { kind: 'restore', rule: { type: 'fixed', price } };
    }
  }
  return {
    youPayThen: lastChange.youPayAtTheTime,
    youPayNow: pricing.youPay,
    profitThen: before.profit,
    profitNow: after.profit,
    marginThen: before.marginPercent,
    marginNow: after.marginPercent,
    cost,
    remedy,
  };
}
