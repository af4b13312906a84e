import { PRODUCT_IDS, SAMPLE_PRODUCTS } from '@rebill-kit/core';
import type { Catalog } from '@rebill-kit/server';

/** The sample products' costs as the platform catalog (You Pay, country rates, limits). */
export const TEST_CATALOG: Catalog = {
  currency: 'USD',
  products: Object.fromEntries(
    PRODUCT_IDS.map((id) => {
      const { youPay, countryRates, limits } = SAMPLE_PRODUCTS[id];
      return [id, { youPay, ...(countryRates ? { countryRates } : {}), ...(limits ? { limits } : {}) }];
    }),
  ) as Catalog['products'],
};
