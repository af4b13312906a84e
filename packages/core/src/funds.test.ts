import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUsageFunds, usageCharges, type UsageFundsInput, type UsageFundsResult } from './funds.js';
import { quote } from './pricing.js';
import { SAMPLE_PRODUCTS } from './sample-data.js';

// ---- An independent reference on scaled BigInts (no decimal.ts, no money.ts) ----

/** A value `units / 10^scale`. */
interface Scaled {
  units: bigint;
  scale: number;
}

function parse(text: string): Scaled {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

function format({ units, scale }: Scaled): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  let fraction = scale > 0 ? digits.slice(digits.length - scale) : '';
  digits = digits.slice(0, digits.length - scale);
  fraction = fraction.replace(/0+$/, '');
  const text = fraction ? `${digits}.${fraction}` : digits;
  return negative && text !== '0' ? `-${text}` : text;
}

const POW = (n: number) => 10n ** BigInt(n);
const at = (x: Scaled, scale: number) => x.units * POW(scale - x.scale);

/** `price × quantity`, exact: a wallet debit is never rounded. */
function refCharge(price: string, quantity: number): Scaled {
  const p = parse(price);
  return { units: p.units * BigInt(quantity), scale: p.scale };
}

function refCheck(subBalance: string, mainBalance: string, subCharge: Scaled, mainCharge: Scaled): UsageFundsResult {
  const scale = 12;
  const sb = at(parse(subBalance), scale);
  const mb = at(parse(mainBalance), scale);
  const sc = at(subCharge, scale);
  const mc = at(mainCharge, scale);
  const charges = { subAccount: format(subCharge), mainAccount: format(mainCharge) };
  if (sb < sc) return { ok: false, reason: 'sub-account-insufficient', shortfall: format({ units: sc - sb, scale }), charges };
  if (mb < mc) return { ok: false, reason: 'main-account-insufficient', shortfall: format({ units: mc - mb, scale }), charges };
  return {
    ok: true,
    debits: charges,
    balancesAfter: { subAccount: format({ units: sb - sc, scale }), mainAccount: format({ units: mb - mc, scale }) },
  };
}

// ---- Generators: decimals of up to 6 fraction digits, near each other so every branch is hit ----

const amount = (options: { negative: boolean }) =>
  fc
    .record({
      units: fc.oneof(
        fc.bigInt({ min: options.negative ? -10_000n : 0n, max: 10_000n }),
        fc.bigInt({ min: options.negative ? -(10n ** 15n) : 0n, max: 10n ** 15n }),
      ),
      scale: fc.integer({ min: 0, max: 6 }),
    })
    .map(format);
const balance = amount({ negative: true });
const price = amount({ negative: false });
const quantity = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 10_000_000 }));
const currency = fc.constantFrom(['USD', 2] as const, ['JPY', 0] as const, ['KWD', 3] as const, ['EUR', 2] as const);

const RUNS = { numRuns: 10_000 };

describe('checkUsageFunds, examples', () => {
  const sms = quote(SAMPLE_PRODUCTS.sms); // You Pay 0.0079, sub-account pays 0.01975

  it('debits both wallets when both hold: the sub-account its price, the main account You Pay', () => {
    expect(
      checkUsageFunds({ subAccountBalance: '100', mainAccountBalance: '50', unitPrices: sms, quantity: 1000, currency: 'USD' }),
    ).toEqual({
      ok: true,
      debits: { subAccount: '19.75', mainAccount: '7.9' },
      balancesAfter: { subAccount: '80.25', mainAccount: '42.1' },
    });
  });

  it('checks the sub-account first: short there means "add funds", whatever the main account holds', () => {
    expect(
      checkUsageFunds({ subAccountBalance: '19.74', mainAccountBalance: '0', unitPrices: sms, quantity: 1000, currency: 'USD' }),
    ).toMatchObject({ ok: false, reason: 'sub-account-insufficient', shortfall: '0.01' });
  });

  it('then the main account: short there means "contact your administrator"', () => {
    expect(
      checkUsageFunds({ subAccountBalance: '19.75', mainAccountBalance: '7.89', unitPrices: sms, quantity: 1000, currency: 'USD' }),
    ).toEqual({
      ok: false,
      reason: 'main-account-insufficient',
      shortfall: '0.01',
      charges: { subAccount: '19.75', mainAccount: '7.9' },
    });
  });

  it('accepts a balance exactly equal to the charge', () => {
    expect(
      checkUsageFunds({ subAccountBalance: '19.75', mainAccountBalance: '7.9', unitPrices: sms, quantity: 1000, currency: 'USD' }),
    ).toMatchObject({ ok: true, balancesAfter: { subAccount: '0', mainAccount: '0' } });
  });

  // Regression (issue 11): rounding each usage debit to the cent charged $0 for a $0.002025
  // email and about 27% too much for an SMS segment at $0.0079 (billed $0.01).
  it('debits usage exactly, never rounded to the minor unit, in every currency', () => {
    expect(usageCharges({ unitPrices: { subAccountPays: '0.002025', youPay: '0.00135' }, quantity: 1, currency: 'USD' })).toEqual({
      subAccount: '0.002025',
      mainAccount: '0.00135',
    });
    expect(usageCharges({ unitPrices: { subAccountPays: '0.002025', youPay: '0.00135' }, quantity: 10_000 })).toEqual({
      subAccount: '20.25',
      mainAccount: '13.5',
    });
    expect(usageCharges({ unitPrices: { subAccountPays: '0.0079', youPay: '0.0079' }, quantity: 1, currency: 'USD' }).subAccount).toBe('0.0079');
    expect(usageCharges({ unitPrices: { subAccountPays: '0.0083', youPay: '0.0125' }, quantity: 333, currency: 'USD' })).toEqual({
      subAccount: '2.7639',
      mainAccount: '4.1625',
    });
    expect(usageCharges({ unitPrices: { subAccountPays: '1.15', youPay: '0.5' }, quantity: 3, currency: 'JPY' })).toEqual({
      subAccount: '3.45',
      mainAccount: '1.5',
    });
  });

  it('an email at $0.002025 is short against a wallet of $0.002, so usage cannot run for free', () => {
    expect(
      checkUsageFunds({ subAccountBalance: '0.002', mainAccountBalance: '1', unitPrices: { subAccountPays: '0.002025', youPay: '0.00135' }, quantity: 1 }),
    ).toMatchObject({ ok: false, reason: 'sub-account-insufficient', shortfall: '0.000025' });
  });

  it('takes given charges exactly as given', () => {
    expect(
      checkUsageFunds({ subAccountBalance: '1', mainAccountBalance: '1', subAccountCharge: '0.123456', mainAccountCharge: '0.1' }),
    ).toEqual({
      ok: true,
      debits: { subAccount: '0.123456', mainAccount: '0.1' },
      balancesAfter: { subAccount: '0.876544', mainAccount: '0.9' },
    });
  });

  it('blocks an overdrawn wallet, even for a zero charge', () => {
    expect(checkUsageFunds({ subAccountBalance: '-2.5', mainAccountBalance: '10', subAccountCharge: '0', mainAccountCharge: '0' })).toMatchObject({
      ok: false,
      reason: 'sub-account-insufficient',
      shortfall: '2.5',
    });
    expect(checkUsageFunds({ subAccountBalance: '0', mainAccountBalance: '0', unitPrices: sms, quantity: 0, currency: 'USD' })).toMatchObject({
      ok: true,
      debits: { subAccount: '0', mainAccount: '0' },
    });
  });

  it('names the field of a bad input', () => {
    const base = { subAccountBalance: '1', mainAccountBalance: '1', unitPrices: sms, quantity: 1, currency: 'USD' };
    expect(() => checkUsageFunds({ ...base, subAccountBalance: 12 as unknown as string })).toThrow(
      /subAccountBalance must be a decimal string.*got number 12/,
    );
    expect(() => checkUsageFunds({ ...base, mainAccountBalance: '1e3' })).toThrow(/mainAccountBalance/);
    expect(() => checkUsageFunds({ ...base, quantity: 1.5 })).toThrow(/quantity must be a non-negative whole number/);
    expect(() => checkUsageFunds({ ...base, quantity: -1 })).toThrow(/quantity/);
    expect(() => checkUsageFunds({ ...base, currency: 'usd' })).toThrow(/currency must be an ISO 4217 code/);
    expect(() => checkUsageFunds({ ...base, unitPrices: { youPay: '0.1', subAccountPays: '-0.1' } })).toThrow(
      /unitPrices.subAccountPays cannot be negative/,
    );
    expect(() => checkUsageFunds({ ...base, unitPrices: { youPay: 0.1 as unknown as string, subAccountPays: '0.1' } })).toThrow(
      /unitPrices.youPay/,
    );
    expect(() =>
      checkUsageFunds({ subAccountBalance: '1', mainAccountBalance: '1', subAccountCharge: '0.1', mainAccountCharge: '-0.1' }),
    ).toThrow(/mainAccountCharge cannot be negative/);
  });

  it('refuses an input that mixes or lacks both forms', () => {
    const mixed = { subAccountBalance: '1', mainAccountBalance: '1', unitPrices: sms, quantity: 1, currency: 'USD', subAccountCharge: '1' };
    expect(() => checkUsageFunds(mixed as UsageFundsInput)).toThrow(/either unitPrices.*or subAccountCharge/);
    expect(() => checkUsageFunds({ subAccountBalance: '1', mainAccountBalance: '1' } as UsageFundsInput)).toThrow(RangeError);
  });
});

describe('checkUsageFunds, properties (10,000 runs each)', () => {
  it('charges equal the exact product by an independent BigInt reference, whatever the currency', () => {
    fc.assert(
      fc.property(price, price, quantity, currency, (sub, you, n, [code]) => {
        const charges = usageCharges({ unitPrices: { subAccountPays: sub, youPay: you }, quantity: n, currency: code });
        expect(charges).toEqual({ subAccount: format(refCharge(sub, n)), mainAccount: format(refCharge(you, n)) });
      }),
      RUNS,
    );
  });

  it('the whole result equals the reference, from unit prices', () => {
    fc.assert(
      fc.property(balance, balance, price, price, quantity, currency, (sb, mb, sub, you, n, [code]) => {
        const result = checkUsageFunds({
          subAccountBalance: sb,
          mainAccountBalance: mb,
          unitPrices: { subAccountPays: sub, youPay: you },
          quantity: n,
          currency: code,
        });
        expect(result).toEqual(refCheck(sb, mb, refCharge(sub, n), refCharge(you, n)));
      }),
      RUNS,
    );
  });

  it('the whole result equals the reference, from given charges', () => {
    fc.assert(
      fc.property(balance, balance, price, price, (sb, mb, sc, mc) => {
        const result = checkUsageFunds({ subAccountBalance: sb, mainAccountBalance: mb, subAccountCharge: sc, mainAccountCharge: mc });
        expect(result).toEqual(refCheck(sb, mb, parse(sc), parse(mc)));
      }),
      RUNS,
    );
  });

  it('when ok, debits never exceed balances and balances after are never negative', () => {
    fc.assert(
      fc.property(balance, balance, price, price, quantity, currency, (sb, mb, sub, you, n, [code]) => {
        const result = checkUsageFunds({
          subAccountBalance: sb,
          mainAccountBalance: mb,
          unitPrices: { subAccountPays: sub, youPay: you },
          quantity: n,
          currency: code,
        });
        if (!result.ok) return;
        expect(at(parse(result.debits.subAccount), 12)).toBeLessThanOrEqual(at(parse(sb), 12));
        expect(at(parse(result.debits.mainAccount), 12)).toBeLessThanOrEqual(at(parse(mb), 12));
        expect(result.balancesAfter.subAccount.startsWith('-')).toBe(false);
        expect(result.balancesAfter.mainAccount.startsWith('-')).toBe(false);
      }),
      RUNS,
    );
  });

  it('reason order: the sub-account is checked first, the main account only when the sub-account holds', () => {
    fc.assert(
      fc.property(balance, balance, price, price, (sb, mb, sc, mc) => {
        const result = checkUsageFunds({ subAccountBalance: sb, mainAccountBalance: mb, subAccountCharge: sc, mainAccountCharge: mc });
        const subHolds = at(parse(sb), 12) >= at(parse(sc), 12);
        const mainHolds = at(parse(mb), 12) >= at(parse(mc), 12);
        const expected = !subHolds ? 'sub-account-insufficient' : !mainHolds ? 'main-account-insufficient' : 'ok';
        expect(result.ok ? 'ok' : result.reason).toBe(expected);
        if (!result.ok) {
          expect(at(parse(result.shortfall), 12)).toBeGreaterThan(0n);
          // Topping the short wallet up by exactly the shortfall is enough; a hair less is not.
          const retry = (topUpUnits: bigint) => {
            const add = (x: string) => format({ units: at(parse(x), 12) + topUpUnits, scale: 12 });
            return result.reason === 'sub-account-insufficient'
              ? checkUsageFunds({ subAccountBalance: add(sb), mainAccountBalance: mb, subAccountCharge: sc, mainAccountCharge: mc })
              : checkUsageFunds({ subAccountBalance: sb, mainAccountBalance: add(mb), subAccountCharge: sc, mainAccountCharge: mc });
          };
          const shortfallUnits = at(parse(result.shortfall), 12);
          const enough = retry(shortfallUnits);
          expect(enough.ok || enough.reason !== result.reason).toBe(true);
          expect(retry(shortfallUnits - 1n)).toMatchObject({ ok: false, reason: result.reason });
        }
      }),
      RUNS,
    );
  });
});
