import { describe, expect, it } from 'vitest';
import { RebillingError } from './errors.js';
import { createMemoryAdapter } from './memory-adapter.js';
import { parseOverrideInput, parseSubAccountOverridesPage, pricingForSubAccount } from './overrides.js';
import { sampleSnapshot } from './sample-data.js';

function fieldsOf(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RebillingError);
    expect((error as RebillingError).code).toBe('validation');
    return [...(error as RebillingError).fields];
  }
  throw new Error('expected a validation error, but the input was accepted');
}

describe('parseOverrideInput: a rule is checked exactly like a savePricing rule', () => {
  const snapshot = sampleSnapshot();
  snapshot.products.sms.limits = { min: '1.5', max: '3', step: '0.25' };

  it('accepts a rule on the snapshot grid and returns it canonical', () => {
    expect(parseOverrideInput({ subAccountId: 'sub_1', product: 'sms', rule: { type: 'multiplier', multiplier: '2.750' } }, snapshot)).toEqual({
      subAccountId: 'sub_1',
      product: 'sms',
      rule: { type: 'multiplier', multiplier: '2.75' },
    });
  });

  it.each([
    ['above the range', { type: 'multiplier', multiplier: '3.25' }, 'rule.multiplier'],
    ['off the step', { type: 'multiplier', multiplier: '2.6' }, 'rule.multiplier'],
    ['of the wrong type', { type: 'fixed', price: '1' }, 'rule.type'],
    ['missing', undefined, 'rule'],
  ])('refuses a multiplier %s, naming the rule field', (_label, rule, path) => {
    const fields = fieldsOf(() => parseOverrideInput({ subAccountId: 'sub_1', product: 'sms', rule }, snapshot));
    expect(fields.map((field) => field.path)).toEqual([path]);
  });

  it('refuses a sub-cent fixed price in USD and a fractional yen price in JPY', () => {
    const usd = fieldsOf(() => parseOverrideInput({ subAccountId: 's', product: 'listings', rule: { type: 'fixed', price: '49.995' } }, snapshot));
    expect(usd).toEqual([{ path: 'rule.price', message: expect.stringMatching(/cent|minor|decimal/i) }]);
    const jpy = { ...sampleSnapshot(), currency: 'JPY' };
    expect(fieldsOf(() => parseOverrideInput({ subAccountId: 's', product: 'listings', rule: { type: 'fixed', price: '4900.5' } }, jpy))[0]?.path).toBe('rule.price');
    expect(parseOverrideInput({ subAccountId: 's', product: 'listings', rule: { type: 'fixed', price: '4900' } }, jpy).rule).toEqual({ type: 'fixed', price: '4900' });
  });

  it('names every bad field at once: the id, the product', () => {
    const fields = fieldsOf(() => parseOverrideInput({ subAccountId: 'x'.repeat(256), product: 'fax', rule: { type: 'fixed', price: '1' } }, snapshot));
    expect(fields.map((field) => field.path).sort()).toEqual(['product', 'subAccountId']);
    expect(fieldsOf(() => parseOverrideInput({ product: 'sms', rule: { type: 'multiplier', multiplier: '2' } }))).toEqual([{ path: 'subAccountId', message: 'is required' }]);
  });
});

describe('parseSubAccountOverridesPage', () => {
  it('refuses a rule of the wrong type, a negative price, an unknown product and a repeated sub-account', () => {
    const fields = fieldsOf(() =>
      parseSubAccountOverridesPage({
        subAccounts: [
          { subAccountId: 'a', name: 'A', overrides: { sms: { type: 'fixed', price: '1' }, listings: { type: 'fixed', price: '-1' } } },
          { subAccountId: 'a', name: 'A again', overrides: { fax: { type: 'fixed', price: '1' } } },
        ],
        nextCursor: null,
      }),
    );
    expect(fields.map((field) => field.path)).toEqual([
      'subAccounts.0.overrides.sms.type',
      'subAccounts.0.overrides.listings.price',
      'subAccounts.1.subAccountId',
      'subAccounts.1.overrides.fax',
    ]);
  });

  it('refuses a blank name (the picker would show nothing)', () => {
    expect(fieldsOf(() => parseSubAccountOverridesPage({ subAccounts: [{ subAccountId: 'a', name: '  ', overrides: {} }], nextCursor: null }))[0]?.path).toBe('subAccounts.0.name');
  });
});

describe('pricingForSubAccount', () => {
  it('replaces only the overridden products and keeps the revision', () => {
    const snapshot = sampleSnapshot();
    const scoped = pricingForSubAccount(snapshot, { overrides: { sms: { type: 'multiplier', multiplier: '4' } } });
    expect(scoped.products.sms.rule).toEqual({ type: 'multiplier', multiplier: '4' });
    expect(scoped.products.sms.youPay).toBe(snapshot.products.sms.youPay);
    expect(scoped.products.email).toEqual(snapshot.products.email);
    expect(scoped.revision).toBe(snapshot.revision);
    expect(snapshot.products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.5' });
  });
});

describe('memory adapter overrides', () => {
  const key = () => crypto.randomUUID();

  it('lists sub-accounts by name, pages by cursor, and refuses an unknown cursor', async () => {
    const adapter = createMemoryAdapter({
      subAccounts: [
        { subAccountId: 'z', name: 'Beta', overrides: {} },
        { subAccountId: 'b', name: 'Alpha', overrides: {} },
        { subAccountId: 'a', name: 'Alpha', overrides: {} },
      ],
    });
    const first = await adapter.listOverrides({ limit: 2 });
    expect(first.subAccounts.map((s) => s.subAccountId)).toEqual(['a', 'b']);
    const second = await adapter.listOverrides({ limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ subAccounts: [{ subAccountId: 'z', name: 'Beta', overrides: {} }], nextCursor: null });
    await expect(adapter.listOverrides({ limit: 2, cursor: 'nope' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('saves an override for one sub-account without touching the account-wide prices, and removes it', async () => {
    const adapter = createMemoryAdapter();
    const before = adapter.inspect.readPricing();
    const events: string[] = [];
    adapter.subscribe((event) => events.push(event.type));
    const saved = await adapter.saveOverride({ subAccountId: 'sub_lumen_yoga', product: 'sms', rule: { type: 'multiplier', multiplier: '4.0' } }, { idempotencyKey: key() });
    expect(saved).toEqual({ subAccountId: 'sub_lumen_yoga', name: 'Lumen Yoga', overrides: { sms: { type: 'multiplier', multiplier: '4' } } });
    expect(adapter.inspect.readPricing()).toEqual(before);
    expect(adapter.inspect.readOverrides().filter((s) => Object.keys(s.overrides).length > 0).map((s) => s.subAccountId)).toEqual(['sub_lumen_yoga']);
    expect(events).toEqual(['overrides']);
    const removed = await adapter.removeOverride({ subAccountId: 'sub_lumen_yoga', product: 'sms' });
    expect(removed.overrides).toEqual({});
    // Removing again is not an error.
    expect((await adapter.removeOverride({ subAccountId: 'sub_lumen_yoga', product: 'sms' })).overrides).toEqual({});
  });

  it('applies one idempotency key once: a late replay does not undo a newer override; another change under it is refused', async () => {
    const adapter = createMemoryAdapter();
    const idempotencyKey = key();
    const input = { subAccountId: 'sub_lumen_yoga', product: 'sms' as const, rule: { type: 'multiplier' as const, multiplier: '4' } };
    const first = await adapter.saveOverride(input, { idempotencyKey });
    // The caller's copy: changing it changes neither the store nor what the replay answers.
    first.overrides.sms = { type: 'multiplier', multiplier: '9' };
    await adapter.saveOverride({ ...input, rule: { type: 'multiplier', multiplier: '5' } }, { idempotencyKey: key() });
    const replay = await adapter.saveOverride(input, { idempotencyKey });
    expect(replay.overrides.sms).toEqual({ type: 'multiplier', multiplier: '4' });
    expect(adapter.inspect.readOverrides().find((s) => s.subAccountId === 'sub_lumen_yoga')?.overrides.sms).toEqual({ type: 'multiplier', multiplier: '5' });
    await expect(adapter.saveOverride({ ...input, rule: { type: 'multiplier', multiplier: '6' } }, { idempotencyKey })).rejects.toMatchObject({
      code: 'validation',
      fields: [{ path: 'idempotencyKey', message: expect.any(String) }],
    });
  });

  it('refuses an unknown sub-account and an out-of-range rule, applying nothing', async () => {
    const adapter = createMemoryAdapter();
    await expect(adapter.saveOverride({ subAccountId: 'sub_nobody', product: 'sms', rule: { type: 'multiplier', multiplier: '2' } }, { idempotencyKey: key() })).rejects.toMatchObject({
      fields: [{ path: 'subAccountId', message: expect.any(String) }],
    });
    await expect(adapter.saveOverride({ subAccountId: 'sub_lumen_yoga', product: 'sms', rule: { type: 'multiplier', multiplier: '11' } }, { idempotencyKey: key() })).rejects.toMatchObject({
      fields: [{ path: 'rule.multiplier', message: expect.any(String) }],
    });
    expect(adapter.inspect.readOverrides().every((s) => Object.keys(s.overrides).length === 0)).toBe(true);
  });

  it('keeps overrides across a reload through storage', async () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    await createMemoryAdapter({ storage }).saveOverride({ subAccountId: 'sub_rosas_bakery', product: 'listings', rule: { type: 'fixed', price: '39' } }, { idempotencyKey: key() });
    const reloaded = await createMemoryAdapter({ storage }).listOverrides({ limit: 10 });
    expect(reloaded.subAccounts.find((s) => s.subAccountId === 'sub_rosas_bakery')?.overrides).toEqual({ listings: { type: 'fixed', price: '39' } });
  });
});
