import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Ref, ref, refDivide, refMul, refRound, refString, refSub } from '../../../test/support/bigint-reference.js';
import type { PricingRule, ProductId, ProductPricing } from './contract.js';
import { createMemoryAdapter } from './memory-adapter.js';
import { marginErosion, projectProfit } from './pricing.js';
import { parseUsageSummary } from './reports.js';

/** A decimal with up to `decimals` places, as a string. */
const decimal = (maxUnits: bigint, decimals: number) =>
  fc.tuple(fc.bigInt({ min: 0n, max: maxUnits }), fc.integer({ min: 0, max: decimals })).map(([units, scale]) => refString({ n: units, s: scale }));

const refTimes = (a: Ref, n: number): Ref => ({ n: a.n * BigInt(n), s: a.s });

/** The reference: what moves per unit (card products: the two rounded card charges), times the volume. */
function referenceProfit(product: ProductId, youPay: string, rule: PricingRule, quantity: number, decimals: number): string {
  const pays = rule.type === 'multiplier' ? refMul(ref(youPay), ref(rule.multiplier)) : ref(rule.price);
  const perUnit =
    product === 'phoneNumbers' || product === 'listings'
      ? refSub(refRound(pays, decimals), refRound(ref(youPay), decimals))
      : refSub(pays, ref(youPay));
  return refString(refTimes(perUnit, quantity));
}

const multiplierProducts: ProductId[] = ['sms', 'email', 'phoneNumbers'];
const fixedProducts: ProductId[] = ['lightningDomains', 'listings'];

const caseArb = fc.oneof(
  fc.record({
    product: fc.constantFrom(...multiplierProducts),
    youPay: decimal(99_999_999n, 6),
    saved: fc.integer({ min: 10, max: 100 }).map((tenths) => refString({ n: BigInt(tenths), s: 1 })),
    live: fc.integer({ min: 10, max: 100 }).map((tenths) => refString({ n: BigInt(tenths), s: 1 })),
    quantity: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1_000_000_000 })),
    currency: fc.constantFrom('USD', 'JPY', 'KWD'),
  }).map(({ saved, live, ...rest }) => ({ ...rest, savedRule: { type: 'multiplier', multiplier: saved } as PricingRule, liveRule: { type: 'multiplier', multiplier: live } as PricingRule })),
  fc.record({
    product: fc.constantFrom(...fixedProducts),
    youPay: decimal(99_999_999n, 6),
    saved: decimal(9_999_999n, 2),
    live: decimal(9_999_999n, 2),
    quantity: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1_000_000_000 })),
    currency: fc.constant('USD'),
  }).map(({ saved, live, ...rest }) => ({ ...rest, savedRule: { type: 'fixed', price: saved } as PricingRule, liveRule: { type: 'fixed', price: live } as PricingRule })),
);

const DECIMALS: Record<string, number> = { USD: 2, JPY: 0, KWD: 3 };

describe('projectProfit', () => {
  it('equals a BigInt reference over 10,000 random volumes and prices (profit, saved profit and delta)', () => {
    fc.assert(
      fc.property(caseArb, ({ product, youPay, savedRule, liveRule, quantity, currency }) => {
        const pricing: ProductPricing = { youPay, rule: savedRule };
        const projection = projectProfit(pricing, product, quantity, { rule: liveRule, currency });
        const decimals = DECIMALS[currency]!;
        const profit = referenceProfit(product, youPay, liveRule, quantity, decimals);
        const saved = referenceProfit(product, youPay, savedRule, quantity, decimals);
        expect(projection).toEqual({ quantity, profit, savedProfit: saved, delta: refString(refSub(ref(profit), ref(saved))) });
      }),
      { numRuns: 10_000 },
    );
  });

  it('projects the issue example exactly: 12,400 SMS segments at 3x over $0.0079 earn $195.92, +$48.98 against 2.5x', () => {
    const projection = projectProfit({ youPay: '0.0079', rule: { type: 'multiplier', multiplier: '2.5' } }, 'sms', 12_400, {
      rule: { type: 'multiplier', multiplier: '3' },
      currency: 'USD',
    });
    expect(projection).toEqual({ quantity: 12_400, profit: '195.92', savedProfit: '146.94', delta: '48.98' });
  });

  it('counts an add-on by its rounded card charges: 14 numbers at 2.5x over $1.15 charge $2.88 (2.875, tie to even) each', () => {
    const projection = projectProfit({ youPay: '1.15', rule: { type: 'multiplier', multiplier: '2.5' } }, 'phoneNumbers', 14, { currency: 'USD' });
    expect(projection.profit).toBe('24.22'); // 14 × (2.88 − 1.15), not 14 × 1.725 = 24.15
    expect(projection.delta).toBe('0');
  });

  it('refuses a volume that is not a whole number ≥ 0', () => {
    const pricing: ProductPricing = { youPay: '1', rule: { type: 'fixed', price: '2' } };
    expect(() => projectProfit(pricing, 'listings', -1, { currency: 'USD' })).toThrow(RangeError);
    expect(() => projectProfit(pricing, 'listings', 1.5, { currency: 'USD' })).toThrow(/whole number/);
  });
});

describe('marginErosion', () => {
  it('is undefined exactly when You Pay is unchanged (as a decimal: "0.0080" equals "0.008")', () => {
    fc.assert(
      fc.property(decimal(9_999_999n, 6), decimal(9_999_999n, 6), (then, now) => {
        const pricing: ProductPricing = { youPay: now, rule: { type: 'fixed', price: '10' } };
        const erosion = marginErosion(pricing, { to: { type: 'fixed', price: '10' }, youPayAtTheTime: then }, 'USD');
        const same = refString(ref(then)) === refString(ref(now));
        expect(erosion === undefined).toBe(same);
      }),
      { numRuns: 2_000 },
    );
    expect(marginErosion({ youPay: '0.008', rule: { type: 'multiplier', multiplier: '2' } }, { to: { type: 'multiplier', multiplier: '2' }, youPayAtTheTime: '0.0080' }, 'USD')).toBeUndefined();
  });

  it('a fixed price: restores the margin by raising the price by You Pay’s ratio, rounded half to even to the minor unit', () => {
    fc.assert(
      fc.property(decimal(999_999n, 4), decimal(999_999n, 4), decimal(9_999_999n, 2), (then, now, price) => {
        fc.pre(ref(then).n > 0n && refString(refSub(ref(now), ref(then))).startsWith('-') === false && refString(ref(now)) !== refString(ref(then)));
        const erosion = marginErosion({ youPay: now, rule: { type: 'fixed', price } }, { to: { type: 'fixed', price }, youPayAtTheTime: then }, 'USD')!;
        expect(erosion.cost).toBe('rose');
        const expected = refString(refDivide(refMul(ref(price), ref(now)), ref(then), 2));
        // Above MAX_PRICE (1,000,000,000) no price can be saved, so none is proposed.
        const tooLarge = refSub(ref(expected), ref('1000000000')).n > 0n;
        if (expected === refString(ref(price)) || tooLarge) expect(erosion.remedy).toEqual({ kind: 'none' });
        else expect(erosion.remedy).toEqual({ kind: 'restore', rule: { type: 'fixed', price: expected } });
        expect(erosion.profitThen).toBe(refString(refSub(ref(price), ref(then))));
        expect(erosion.profitNow).toBe(refString(refSub(ref(price), ref(now))));
      }),
      { numRuns: 2_000 },
    );
  });

  it('Listings at $49 over $30 You Pay, now $36: "restore" saves $58.80 (49 × 36 / 30), profit $19 then, $13 now', () => {
    const erosion = marginErosion({ youPay: '36', rule: { type: 'fixed', price: '49' } }, { to: { type: 'fixed', price: '49' }, youPayAtTheTime: '30' }, 'USD');
    expect(erosion).toMatchObject({ youPayThen: '30', youPayNow: '36', profitThen: '19', profitNow: '13', cost: 'rose', remedy: { kind: 'restore', rule: { type: 'fixed', price: '58.8' } } });
    expect(erosion?.marginThen).toBe(erosion && marginErosion({ youPay: '36', rule: { type: 'fixed', price: '58.8' } }, { to: { type: 'fixed', price: '58.8' }, youPayAtTheTime: '36.0001' }, 'USD')?.marginNow);
  });

  it('a multiplier keeps its margin ratio: profit per unit moves with cost, nothing to restore', () => {
    const erosion = marginErosion({ youPay: '0.0083', rule: { type: 'multiplier', multiplier: '2.5' } }, { to: { type: 'multiplier', multiplier: '2.5' }, youPayAtTheTime: '0.0079' }, 'USD');
    expect(erosion).toMatchObject({ profitThen: '0.01185', profitNow: '0.01245', marginThen: '60', marginNow: '60', remedy: { kind: 'kept' } });
  });

  it('a cost that fell (the margin grew) or a You Pay of 0 then (no ratio) offers no restore; zero-decimal JPY rounds to the yen', () => {
    expect(marginErosion({ youPay: '25', rule: { type: 'fixed', price: '49' } }, { to: { type: 'fixed', price: '49' }, youPayAtTheTime: '30' }, 'USD')).toMatchObject({ cost: 'fell', remedy: { kind: 'none' } });
    expect(marginErosion({ youPay: '1', rule: { type: 'fixed', price: '49' } }, { to: { type: 'fixed', price: '49' }, youPayAtTheTime: '0' }, 'USD')?.remedy).toEqual({ kind: 'none' });
    expect(marginErosion({ youPay: '3100', rule: { type: 'fixed', price: '4900' } }, { to: { type: 'fixed', price: '4900' }, youPayAtTheTime: '3000' }, 'JPY')?.remedy).toEqual({ kind: 'restore', rule: { type: 'fixed', price: '5063' } });
  });
});

describe('parseUsageSummary', () => {
  it('keeps whole quantities per product and names each bad field', () => {
    const summary = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', quantities: { sms: 12400, listings: 0 } };
    expect(parseUsageSummary(summary)).toEqual(summary);
    expect(() => parseUsageSummary({ ...summary, quantities: { sms: 1.5 } })).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: 'quantities.sms' })] }));
    expect(() => parseUsageSummary({ ...summary, quantities: { sms: '12' } })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => parseUsageSummary({ ...summary, quantities: { fax: 1 } })).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: 'quantities.fax' })] }));
    expect(() => parseUsageSummary({ ...summary, quantities: { sms: -1 } })).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: 'quantities.sms', message: 'cannot be negative' })] }));
    expect(() => parseUsageSummary({ ...summary, from: summary.to, to: summary.from })).toThrow(expect.objectContaining({ fields: [{ path: 'from', message: 'must not be after to' }] }));
  });
});

describe('memory adapter loadUsageSummary', () => {
  it('answers the configured 30 days ending now, the sample by default, nothing with usage: {}', async () => {
    const now = Date.UTC(2026, 11, 1);
    const adapter = createMemoryAdapter({ usage: { sms: 12_400 }, now: () => now });
    expect(await adapter.loadUsageSummary()).toEqual({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', quantities: { sms: 12_400 } });
    expect((await createMemoryAdapter().loadUsageSummary()).quantities.sms).toBe(12_400);
    expect((await createMemoryAdapter({ usage: {} }).loadUsageSummary()).quantities).toEqual({});
    expect(() => createMemoryAdapter({ usage: { sms: -3 } })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('createMemoryAdapter({ usage })'), fields: [{ path: 'usage.sms', message: 'cannot be negative' }] }),
    );
  });
});


