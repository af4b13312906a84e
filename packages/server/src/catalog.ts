/**
 * The platform's catalog: You Pay per product (and per country), the currency and multiplier
 * limits. Process configuration, the same in every server process; owners cannot change it.
 */
import {
  PRODUCT_IDS,
  PRODUCTS,
  RebillingError,
  parsePricingSnapshot,
  type DecimalString,
  type MultiplierLimits,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
} from '@rebill-kit/core';

export interface CatalogProduct {
  /** Baseline (US/CA) cost per unit to the owner. */
  youPay: DecimalString;
  /** ISO 3166 alpha-2 → You Pay per unit in that country (SMS, phone numbers). */
  countryRates?: Record<string, DecimalString>;
  /** Multiplier products: range and step owners may choose. Default 1x–10x by 0.1. */
  limits?: MultiplierLimits;
}

export interface Catalog {
  /** ISO 4217; every account's prices and wallets are in it. */
  currency: string;
  products: Record<ProductId, CatalogProduct>;
}

/**
 * A new account's rule, before its owner saves one: no markup. Multiplier products start at the
 * lowest multiplier allowed (1x by default), fixed-price products at You Pay.
 */
export function defaultRule(productId: ProductId, product: CatalogProduct): PricingRule {
  return PRODUCTS[productId].rule === 'multiplier'
    ? { type: 'multiplier', multiplier: product.limits?.min ?? '1' }
    : { type: 'fixed', price: product.youPay };
}

/** Checks a catalog with core's snapshot validation, so a bad one fails at `setCatalog`, not at a charge. */
export function parseCatalog(input: unknown): Catalog {
  const candidate = input as Partial<Catalog> | null;
  const products = candidate?.products ?? ({} as Partial<Record<ProductId, CatalogProduct>>);
  const missing = PRODUCT_IDS.filter((id) => !products[id]);
  if (typeof candidate !== 'object' || candidate === null || missing.length > 0) {
    throw RebillingError.validation(
      `server.setCatalog({ currency, products }) needs You Pay for every product; missing: ${missing.join(', ') || 'products'}.`,
      missing.map((id) => ({ path: `products.${id}`, message: 'is required ({ youPay, countryRates?, limits? })' })),
    );
  }
  const snapshot = parsePricingSnapshot(
    {
      revision: '1',
      currency: candidate.currency,
      products: Object.fromEntries(
        PRODUCT_IDS.map((id) => {
          const product = products[id]!;
          return [id, { ...product, rule: defaultRule(id, product) }];
        }),
      ),
    },
    'server.setCatalog()',
  );
  return catalogOf(snapshot);
}

function catalogOf(snapshot: PricingSnapshot): Catalog {
  const products = {} as Record<ProductId, CatalogProduct>;
  for (const id of PRODUCT_IDS) {
    const { youPay, countryRates, limits } = snapshot.products[id];
    products[id] = { youPay, ...(countryRates ? { countryRates } : {}), ...(limits ? { limits } : {}) };
  }
  return Object.freeze({ currency: snapshot.currency, products });
}
