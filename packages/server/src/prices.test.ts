import { isRebillingError } from '@rebill-kit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_CATALOG, databaseKind, openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
let clock = new Date('2026-12-01T12:00:00.000Z');
const server = await openTestServer(db, { now: () => clock, idempotencyKeyTtlMs: 60_000 });
afterAll(() => db.close());

const sms = (multiplier: string) => ({ products: { sms: { type: 'multiplier' as const, multiplier } } });

describe(`prices on ${databaseKind}`, () => {
  it('a new account starts with no markup: multipliers at 1x, fixed prices at You Pay, from the catalog', async () => {
    const snapshot = await server.account(uniqueAccountId()).adapter.loadPricing();
    expect(snapshot.revision).toBe('1');
    expect(snapshot.currency).toBe('USD');
    expect(snapshot.products.sms).toEqual({ ...TEST_CATALOG.products.sms, rule: { type: 'multiplier', multiplier: '1' } });
    expect(snapshot.products.listings.rule).toEqual({ type: 'fixed', price: TEST_CATALOG.products.listings.youPay });
  });

  it('50 concurrent saves on one revision: exactly one applied, the others are conflicts', async () => {
    const account = server.account(uniqueAccountId());
    const { revision } = await account.adapter.loadPricing();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        account.adapter.savePricing(sms(`${1 + Math.floor(i / 10)}.${i % 10}`), { expectedRevision: revision, idempotencyKey: uniqueKey() }),
      ),
    );
    const applied = outcomes.filter((o) => o.status === 'fulfilled');
    expect(applied).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(isRebillingError(outcome.reason) && outcome.reason.code).toBe('conflict');
    }
    const stored = await account.adapter.loadPricing();
    expect(stored.revision).toBe('2');
    expect(stored.products.sms.rule).toEqual((applied[0] as PromiseFulfilledResult<typeof stored>).value.products.sms.rule);
    expect((await account.listPriceChanges()).entries).toHaveLength(1);
  });

  it('20 concurrent saves with one key: one effect; each caller gets its result or a retryable conflict, never a second save', async () => {
    const account = server.account(uniqueAccountId());
    const { revision } = await account.adapter.loadPricing();
    const key = uniqueKey();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => account.adapter.savePricing(sms('3.3'), { expectedRevision: revision, idempotencyKey: key })),
    );
    const stored = await account.adapter.loadPricing();
    expect(stored.revision).toBe('2');
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') expect(outcome.value).toEqual(stored);
      else expect(outcome.reason).toMatchObject({ code: 'conflict', retryable: true });
    }
    // A retry after the first committed is a replay.
    expect(await account.adapter.savePricing(sms('3.3'), { expectedRevision: revision, idempotencyKey: key })).toEqual(stored);
    expect((await account.listPriceChanges()).entries).toHaveLength(1);
  });

  it('keeps price history: who, when, from, to and the You Pay of that moment', async () => {
    const id = uniqueAccountId();
    const owner = server.account(id, { actor: 'owner@example.com' });
    const first = await owner.adapter.loadPricing();
    clock = new Date('2026-12-01T12:05:00.000Z');
    const second = await owner.adapter.savePricing(
      { products: { sms: { type: 'multiplier', multiplier: '2.50' }, listings: { type: 'fixed', price: '45' } } },
      { expectedRevision: first.revision, idempotencyKey: uniqueKey() },
    );
    await server.account(id).adapter.savePricing(sms('3'), { expectedRevision: second.revision, idempotencyKey: uniqueKey() });
    const history = (await owner.listPriceChanges({ product: 'sms' })).entries;
    expect(history.map(({ id: _, ...change }) => change)).toEqual([
      { at: '2026-12-01T12:05:00.000Z', actor: null, product: 'sms', revision: '3', from: { type: 'multiplier', multiplier: '2.5' }, to: { type: 'multiplier', multiplier: '3' }, youPayAtTheTime: '0.0079' },
      { at: '2026-12-01T12:05:00.000Z', actor: 'owner@example.com', product: 'sms', revision: '2', from: { type: 'multiplier', multiplier: '1' }, to: { type: 'multiplier', multiplier: '2.5' }, youPayAtTheTime: '0.0079' },
    ]);
    expect((await owner.listPriceChanges()).entries.map((change) => change.product).sort()).toEqual(['listings', 'sms', 'sms']);
  });

  it('an idempotency key replays until it expires, then is a new key', async () => {
    const account = server.account(uniqueAccountId());
    const start = await account.adapter.loadPricing();
    const key = uniqueKey();
    const saved = await account.adapter.savePricing(sms('2'), { expectedRevision: start.revision, idempotencyKey: key });
    clock = new Date(clock.getTime() + 59_000);
    expect(await account.adapter.savePricing(sms('2'), { expectedRevision: start.revision, idempotencyKey: key })).toEqual(saved);
    await expect(account.adapter.savePricing(sms('4'), { expectedRevision: start.revision, idempotencyKey: key })).rejects.toMatchObject({
      code: 'validation',
      fields: [{ path: 'idempotencyKey' }],
    });
    clock = new Date(clock.getTime() + 2_000); // 61 s after the save: the key has expired
    await expect(account.adapter.savePricing(sms('2'), { expectedRevision: start.revision, idempotencyKey: key })).rejects.toMatchObject({
      code: 'conflict',
    });
    const again = await account.adapter.savePricing(sms('4'), { expectedRevision: saved.revision, idempotencyKey: key });
    expect(again.products.sms.rule).toEqual({ type: 'multiplier', multiplier: '4' });
  });

  it('pruneExpiredKeys deletes only expired keys, in batches; a live key still replays after it', async () => {
    const account = server.account(uniqueAccountId());
    const keysOf = async () =>
      (await server.database.query<{ idempotency_key: string }>(`SELECT idempotency_key FROM "${db.schema}".idempotency_keys WHERE account_id = $1 ORDER BY 1`, [account.id])).rows.map(
        (row) => row.idempotency_key,
      );
    const start = await account.adapter.loadPricing();
    const first = await account.adapter.savePricing(sms('2'), { expectedRevision: start.revision, idempotencyKey: 'old-save' });
    await account.addFunds({ wallet: 'main', amount: '1', idempotencyKey: 'old-funds' });
    clock = new Date(clock.getTime() + 61_000);
    const live = await account.adapter.savePricing(sms('3'), { expectedRevision: first.revision, idempotencyKey: 'live-save' });
    expect(await keysOf()).toEqual(['live-save', 'old-funds', 'old-save']);

    const { pruned } = await server.pruneExpiredKeys({ batch: 1 });
    expect(pruned).toBeGreaterThanOrEqual(2);
    expect(await keysOf()).toEqual(['live-save']);
    expect(await server.pruneExpiredKeys()).toEqual({ pruned: 0 });
    expect(await account.adapter.savePricing(sms('3'), { expectedRevision: first.revision, idempotencyKey: 'live-save' })).toEqual(live);
    await expect(server.pruneExpiredKeys({ batch: 0 })).rejects.toThrow(/batch/);
  });

  it('the same key on a charge expires the same way: a retry after the TTL charges again', async () => {
    const account = server.account(uniqueAccountId());
    await account.addFunds({ wallet: 'main', amount: '1', idempotencyKey: uniqueKey() });
    await account.addFunds({ wallet: { subAccountId: 'sub' }, amount: '1', idempotencyKey: uniqueKey() });
    const input = { idempotencyKey: uniqueKey(), subAccountId: 'sub', product: 'email' as const };
    expect(await account.chargeUsage(input)).toMatchObject({ status: 'charged', replayed: false });
    expect(await account.chargeUsage(input)).toMatchObject({ status: 'charged', replayed: true });
    clock = new Date(clock.getTime() + 60_000);
    expect(await account.chargeUsage(input)).toMatchObject({ status: 'charged', replayed: false });
    expect(await account.balances({ subAccountId: 'sub' })).toEqual({ main: '0.99865', subAccount: '0.99865' });
  });

  it('a top-up is applied once per key', async () => {
    const account = server.account(uniqueAccountId());
    const key = uniqueKey();
    const first = await account.addFunds({ wallet: 'main', amount: '10.50', idempotencyKey: key });
    expect(first).toMatchObject({ balance: '10.5', replayed: false, entry: { type: 'funds_added', amount: '10.5', balanceAfter: '10.5' } });
    expect(await account.addFunds({ wallet: 'main', amount: '10.5', idempotencyKey: key })).toEqual({ ...first, replayed: true });
    await expect(account.addFunds({ wallet: 'main', amount: '11', idempotencyKey: key })).rejects.toMatchObject({ code: 'validation' });
    await expect(account.addFunds({ wallet: 'main', amount: '-1', idempotencyKey: uniqueKey() })).rejects.toMatchObject({ fields: [{ path: 'amount' }] });
    await expect(account.addFunds({ wallet: 'main', amount: '0', idempotencyKey: uniqueKey() })).rejects.toMatchObject({ fields: [{ path: 'amount' }] });
    expect(await account.balances()).toEqual({ main: '10.5' });
  });

  it('refuses a catalog that lacks a product or has a bad You Pay, naming the field', () => {
    const { listings: _, ...four } = TEST_CATALOG.products;
    expect(() => server.setCatalog({ currency: 'USD', products: four as typeof TEST_CATALOG.products })).toThrow(/missing: listings/);
    expect(() => server.setCatalog({ ...TEST_CATALOG, currency: 'XAU' })).toThrow(/currency/);
    expect(() => server.setCatalog({ ...TEST_CATALOG, products: { ...TEST_CATALOG.products, sms: { youPay: '-1' } } })).toThrow(
      expect.objectContaining({ fields: expect.arrayContaining([expect.objectContaining({ path: 'products.sms.youPay' })]) }),
    );
  });
});
