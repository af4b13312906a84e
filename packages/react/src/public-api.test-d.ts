/** Type tests of the public surface, checked by `tsc -p tsconfig.tests.json`. */
import type { DecimalString, PricingRule, ProductId, RebillingAdapter, RebillingError } from '@rebill-kit/core';
import { expectTypeOf } from 'vitest';
import { type RebillingProviderProps, type SaveStatus, type UsePricingResult, usePricing } from './index.js';

expectTypeOf(usePricing).parameter(0).toEqualTypeOf<ProductId>();
expectTypeOf<UsePricingResult['status']>().toEqualTypeOf<SaveStatus>();
expectTypeOf<SaveStatus>().toEqualTypeOf<'idle' | 'saving' | 'saved' | 'error' | 'conflict'>();
expectTypeOf<UsePricingResult['error']>().toEqualTypeOf<RebillingError | null>();
expectTypeOf<UsePricingResult['rule']>().toEqualTypeOf<PricingRule | undefined>();
expectTypeOf<UsePricingResult['setMultiplier']>().parameter(0).toEqualTypeOf<DecimalString>();
expectTypeOf<NonNullable<UsePricingResult['figures']>['profit']>().toEqualTypeOf<DecimalString>();
expectTypeOf<RebillingProviderProps['adapter']>().toEqualTypeOf<RebillingAdapter>();

// Money never crosses the boundary as a number.
// @ts-expect-error a multiplier is a decimal string, not a number
const numericRule: PricingRule = { type: 'multiplier', multiplier: 3.5 };
void numericRule;

// An adapter must implement every required method.
// @ts-expect-error savePricing, loadStripeConnection and connectStripe are missing
const halfAdapter: RebillingAdapter = { loadPricing: async () => ({ revision: '1', currency: 'USD', products: {} as never }) };
void halfAdapter;
