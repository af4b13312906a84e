import { createHttpAdapter } from '@rebill-kit/adapter-http';
import type { PriceChange } from '@rebill-kit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseKind, openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
let clock = new Date('2026-12-01T09:00:00.000Z');
const server = await openTestServer(db, { now: () => clock });
afterAll(() => db.close());

const owner = { token: 'token-owner', accountId: uniqueAccountId('history'), actor: 'owner@agency.test' };
const handler = server.handler({
  authorize: (request) => (request.headers.get('Authorization') === `Bearer ${owner.token}` ? { accountId: owner.accountId, actor: owner.actor } : null),
});
const http = createHttpAdapter({
  baseUrl: 'http://rebilling.test',
  fetch: (input, init) => handler(new Request(input, init)),
  headers: { Authorization: `Bearer ${owner.token}` },
});
const sms = (multiplier: string) => ({ products: { sms: { type: 'multiplier' as const, multiplier } } });

async function saveAt(at: string, multiplier: string) {
  clock = new Date(at);
  const { revision } = await http.loadPricing();
  return http.savePricing(sms(multiplier), { expectedRevision: revision, idempotencyKey: uniqueKey() });
}

describe(`price history through the REST contract on ${databaseKind}`, () => {
  it('revert round trip: "Revert to this" saves the old rule as a new change, and undo saves back', async () => {
    await saveAt('2026-12-01T09:00:00.000Z', '2');
    await saveAt('2026-12-01T10:00:00.000Z', '3.5');
    const before = await http.listPriceChanges!({ product: 'sms', limit: 10 });
    expect(before.entries.map((entry) => [entry.at, entry.from, entry.to, entry.actor, entry.youPayAtTheTime])).toEqual([
      ['2026-12-01T10:00:00.000Z', { type: 'multiplier', multiplier: '2' }, { type: 'multiplier', multiplier: '3.5' }, owner.actor, '0.0079'],
      ['2026-12-01T09:00:00.000Z', { type: 'multiplier', multiplier: '1' }, { type: 'multiplier', multiplier: '2' }, owner.actor, '0.0079'],
    ]);

    // Revert to the 09:00 change: its `to` rule, through the ordinary save (revision, key).
    const target = before.entries[1]!;
    const key = uniqueKey();
    const current = await http.loadPricing();
    const reverted = await http.savePricing({ products: { sms: target.to } }, { expectedRevision: current.revision, idempotencyKey: key });
    expect(reverted.products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2' });
    expect(reverted.revision).not.toBe(current.revision);
    // A retried revert (same key) is the same save, not a second history entry.
    expect(await http.savePricing({ products: { sms: target.to } }, { expectedRevision: current.revision, idempotencyKey: key })).toEqual(reverted);

    const after = await http.listPriceChanges!({ product: 'sms', limit: 10 });
    expect(after.entries).toHaveLength(before.entries.length + 1);
    expect(after.entries[0]).toMatchObject({ revision: reverted.revision, from: { multiplier: '3.5' }, to: { multiplier: '2' } });

    // Undo of the revert: a save of the rule it replaced.
    const undone = await http.savePricing({ products: { sms: after.entries[0]!.from } }, { expectedRevision: reverted.revision, idempotencyKey: uniqueKey() });
    expect(undone.products.sms.rule).toEqual({ type: 'multiplier', multiplier: '3.5' });
    expect((await http.listPriceChanges!({ product: 'sms', limit: 10 })).entries).toHaveLength(before.entries.length + 2);
  });

  it('pages newest first without skipping or repeating, even when a save lands between pages', async () => {
    const account = server.account(uniqueAccountId('pages'));
    for (const multiplier of ['1.1', '1.2', '1.3', '1.4', '1.5']) {
      const { revision } = await account.adapter.loadPricing();
      await account.adapter.savePricing(sms(multiplier), { expectedRevision: revision, idempotencyKey: uniqueKey() });
    }
    const seen: PriceChange[] = [];
    let page = await account.adapter.listPriceChanges({ limit: 2 });
    seen.push(...page.entries);
    const { revision } = await account.adapter.loadPricing();
    await account.adapter.savePricing(sms('9'), { expectedRevision: revision, idempotencyKey: uniqueKey() });
    while (page.nextCursor) {
      page = await account.adapter.listPriceChanges({ limit: 2, cursor: page.nextCursor });
      seen.push(...page.entries);
    }
    expect(seen.map((entry) => entry.to)).toEqual(['1.5', '1.4', '1.3', '1.2', '1.1'].map((multiplier) => ({ type: 'multiplier', multiplier })));
  });

  it('refuses a bad query with the field to fix, over HTTP too', async () => {
    await expect(http.listPriceChanges!({ limit: 0 })).rejects.toMatchObject({ code: 'validation', fields: [{ path: 'limit' }] });
    await expect(http.listPriceChanges!({ limit: 5, cursor: 'nope' })).rejects.toMatchObject({ code: 'validation', fields: [{ path: 'cursor' }] });
    await expect(http.listPriceChanges!({ limit: 5, product: 'fax' as never })).rejects.toMatchObject({ code: 'validation', fields: [{ path: 'product' }] });
  });
});
