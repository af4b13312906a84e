import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ref, refString, pow10 } from '../../../test/support/bigint-reference.js';
import { RebillingError } from './errors.js';
import { createMemoryAdapter } from './memory-adapter.js';
import { DEFAULT_WALLET_SETTINGS, autoRechargeAmount, parseOwnerWallet, parseWalletSettings } from './wallet.js';

const settings = (autoRecharge: Partial<typeof DEFAULT_WALLET_SETTINGS.autoRecharge>, lowBalanceThreshold: string | null = null) => ({
  lowBalanceThreshold,
  autoRecharge: { ...DEFAULT_WALLET_SETTINGS.autoRecharge, ...autoRecharge },
});

function fieldsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RebillingError);
    return Object.fromEntries(((error as RebillingError).fields ?? []).map((field) => [field.path, field.message]));
  }
  throw new Error('expected a validation error');
}

describe('parseWalletSettings', () => {
  it('returns canonical decimals', () => {
    expect(parseWalletSettings(settings({ enabled: true, threshold: '10.00', target: '50.50', monthlyCap: '0' }, '5.10'), 'USD')).toEqual({
      lowBalanceThreshold: '5.1',
      autoRecharge: { enabled: true, threshold: '10', target: '50.5', monthlyCap: '0' },
    });
  });

  it('refuses amounts finer than the minor unit, negative amounts, and a target not above the threshold, naming each field', () => {
    expect(fieldsOf(() => parseWalletSettings(settings({ threshold: '10.005' }, '-1'), 'USD'))).toEqual({
      lowBalanceThreshold: 'cannot be negative',
      'autoRecharge.threshold': 'must have at most 2 decimal places (USD top-ups are charged in whole minor units)',
    });
    expect(fieldsOf(() => parseWalletSettings(settings({ threshold: '1000', target: '1000' }), 'USD'))['autoRecharge.target']).toMatch(/must be above the threshold \(1000\)/);
    expect(fieldsOf(() => parseWalletSettings(settings({ target: '50.5' }), 'JPY'))['autoRecharge.target']).toMatch(/whole amount, without decimals/);
  });

  it('refuses numbers and missing fields with what to write instead', () => {
    const fields = fieldsOf(() => parseWalletSettings({ lowBalanceThreshold: 5, autoRecharge: { enabled: 'yes', threshold: '1', target: '2' } }, 'USD'));
    expect(fields.lowBalanceThreshold).toMatch(/decimal string/);
    expect(fields['autoRecharge.enabled']).toBe('must be true or false');
    expect(fields['autoRecharge.monthlyCap']).toMatch(/missing|required/);
  });
});

describe('parseOwnerWallet', () => {
  it('keeps a balance with sub-cent digits exact and refuses a negative one', () => {
    const wallet = { ...DEFAULT_WALLET_SETTINGS, currency: 'USD', balance: '12.345678', rechargedThisMonth: '0', lastRechargeFailure: null };
    expect(parseOwnerWallet(wallet).balance).toBe('12.345678');
    expect(fieldsOf(() => parseOwnerWallet({ ...wallet, balance: '-0.01' }))).toEqual({ balance: 'cannot be negative' });
  });
});

describe('autoRechargeAmount', () => {
  it('tops up to the target, rounded once half to even, and never beyond what the monthly cap leaves', () => {
    const currency = 'USD';
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }), // balance in millionths
        fc.bigInt({ min: 1n, max: 10n ** 8n }), // target in cents
        fc.bigInt({ min: 0n, max: 10n ** 8n }), // cap in cents
        fc.bigInt({ min: 0n, max: 10n ** 8n }), // recharged this month in cents
        (balance, target, cap, recharged) => {
          const result = autoRechargeAmount({
            balance: refString({ n: balance, s: 6 }),
            settings: { target: refString({ n: target, s: 2 }), monthlyCap: refString({ n: cap, s: 2 }) },
            rechargedThisMonth: refString({ n: recharged, s: 2 }),
            currency,
          });
          // Reference: target − balance in millionths, to cents half to even, then the cap.
          const gap = target * pow10(4) - balance;
          let cents = gap >= 0n ? gap / 10_000n : -((-gap) / 10_000n);
          const rest = gap - cents * 10_000n;
          if (rest * 2n > 10_000n || (rest * 2n === 10_000n && cents % 2n !== 0n)) cents += 1n;
          if (rest * 2n < -10_000n || (rest * 2n === -10_000n && cents % 2n !== 0n)) cents -= 1n;
          const left = cap - recharged;
          const amount = cents < left ? cents : left;
          const expected =
            cents <= 0n ? { status: 'none' } : left <= 0n ? { status: 'cap-reached' } : { status: 'charge', amount: refString({ n: amount, s: 2 }), capped: cents > left };
          expect(result).toEqual(expected);
          if (result.status === 'charge') expect(ref(result.amount).s).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe('memory adapter wallet', () => {
  it('loads the configured wallet, saves settings once per key, and tells subscribers', async () => {
    const adapter = createMemoryAdapter({ wallet: { balance: '12.3456' } });
    const events: string[] = [];
    adapter.subscribe((event) => events.push(event.type));
    expect(await adapter.loadWallet()).toMatchObject({ currency: 'USD', balance: '12.3456', autoRecharge: { enabled: false } });
    const next = settings({ enabled: true, threshold: '20', target: '100', monthlyCap: '300' }, '25');
    const saved = await adapter.saveAutoRecharge(next, { idempotencyKey: 'k1' });
    expect(saved).toMatchObject(next);
    expect(await adapter.saveAutoRecharge(next, { idempotencyKey: 'k1' })).toEqual(saved);
    expect(events).toEqual(['wallet']);
    await expect(adapter.saveAutoRecharge(settings({ target: '5' }), { idempotencyKey: 'k2' })).rejects.toMatchObject({ code: 'validation' });
    await expect(adapter.saveAutoRecharge(settings({ target: '99' }), { idempotencyKey: 'k1' })).rejects.toMatchObject({ code: 'validation' });
    expect(adapter.inspect.readWallet()).toMatchObject(next);
  });
});
