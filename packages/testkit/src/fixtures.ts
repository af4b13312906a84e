/**
 * Typed fixtures for the conformance suite, derived from the adapter's own snapshot so that they
 * hold for any limits a backend configures. Every function returns a new object.
 */
import {
  PRODUCTS,
  PRODUCT_IDS,
  add,
  multiplierAtStep,
  multiplierLimits,
  multiplierStepCount,
  multiplyByInteger,
  stepOfMultiplier,
  subtract,
  toDecimal,
  toDecimalString,
  type DecimalString,
  type PricingChange,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type ProductPricing,
} from '@rebill-kit/core';

export interface ProductPicks {
  /** Two different multiplier-priced products. */
  multiplier: ProductId;
  otherMultiplier: ProductId;
  fixed: ProductId;
}

export function pickProducts(): ProductPicks {
  const multipliers = PRODUCT_IDS.filter((id) => PRODUCTS[id].rule === 'multiplier');
  const fixed = PRODUCT_IDS.find((id) => PRODUCTS[id].rule === 'fixed');
  if (multipliers.length < 2 || !fixed) throw new Error('The product table needs two multiplier products and one fixed one.');
  return { multiplier: multipliers[0]!, otherMultiplier: multipliers[1]!, fixed };
}

/** A multiplier within the limits, on the step, and different from the current one. */
export function validMultiplier(pricing: ProductPricing): DecimalString {
  const limits = multiplierLimits(pricing);
  const current = pricing.rule.type === 'multiplier' ? stepOfMultiplier(limits, pricing.rule.multiplier) : undefined;
  const last = multiplierStepCount(limits);
  const index = current === undefined ? Math.min(1, last) : current < last ? current + 1 : current - 1;
  return multiplierAtStep(limits, index);
}

/**
 * `count` valid changes of one multiplier product, each to a different value than the current
 * one where the limits have enough steps (values repeat otherwise), for parallel saves.
 */
export function distinctMultiplierChanges(snapshot: PricingSnapshot, count: number, id: ProductId = pickProducts().multiplier): PricingChange[] {
  const pricing = snapshot.products[id];
  const limits = multiplierLimits(pricing);
  const current = pricing.rule.type === 'multiplier' ? stepOfMultiplier(limits, pricing.rule.multiplier) : undefined;
  const positions = Array.from({ length: multiplierStepCount(limits) + 1 }, (_, index) => index).filter((index) => index !== current);
  return Array.from({ length: count }, (_, index) => ({
    products: { [id]: multiplierRule(multiplierAtStep(limits, positions[index % positions.length]!)) },
  }));
}

/** A fixed price that is valid and different from the current one. */
export function validFixedPrice(pricing: ProductPricing): DecimalString {
  return pricing.rule.type === 'fixed' && pricing.rule.price === '1.5' ? '2.5' : '1.5';
}

export function multiplierRule(multiplier: DecimalString): PricingRule {
  return { type: 'multiplier', multiplier };
}

export function fixedRule(price: DecimalString): PricingRule {
  return { type: 'fixed', price };
}

/** A valid change of one multiplier product. */
export function validMultiplierChange(snapshot: PricingSnapshot, id: ProductId = pickProducts().multiplier): PricingChange {
  return { products: { [id]: multiplierRule(validMultiplier(snapshot.products[id])) } };
}

/** Above the maximum by ten steps: `"11"` for the default 1x–10x by 0.1. On the step, so only the range is wrong. */
export function aboveRangeMultiplier(pricing: ProductPricing): DecimalString {
  const { max, step } = multiplierLimits(pricing);
  return toDecimalString(add(toDecimal(max), multiplyByInteger(toDecimal(step), 10)));
}

/** One step below the minimum: `"0.9"` for the default limits. */
export function belowRangeMultiplier(pricing: ProductPricing): DecimalString {
  const { min, step } = multiplierLimits(pricing);
  return toDecimalString(subtract(toDecimal(min), toDecimal(step)));
}

/** Half a step above the minimum: `"1.05"` for the default limits. In range, off the step. */
export function offStepMultiplier(pricing: ProductPricing): DecimalString {
  const { min, step } = multiplierLimits(pricing);
  const half = toDecimal(step);
  return toDecimalString(add(toDecimal(min), { units: half.units * 5n, scale: half.scale + 1 }));
}

/** A change naming a product that does not exist. Typed as a change on purpose: hosts can send one. */
export function unknownProductChange(): PricingChange {
  return { products: { fax: multiplierRule('2') } } as unknown as PricingChange;
}

export const NEGATIVE_PRICE: DecimalString = '-1';

/** Paths of every number in `value`: money must never be one. */
export function numberPaths(value: unknown, path = '(root)'): string[] {
  if (typeof value === 'number') return [path];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => numberPaths(item, path === '(root)' ? key : `${path}.${key}`));
}
