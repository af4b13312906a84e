import { multiply, resalePrice, toDecimal, toDecimalString } from '@rebill-kit/core';
import { createTestPayments, type RebillingAccount } from '@rebill-kit/server';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_CATALOG, databaseKind, openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
const payments = createTestPayments();
const server = await openTestServer(db, { payments });
afterAll(() => db.close());

const SMS_YOU_PAY = TEST_CATALOG.products.sms.youPay; // 0.0079

/** An account with funded main, two funded registered sub-accounts, SMS at 2.5x and listings at $49 account-wide. */
async function accountWithTwoSubAccounts(): Promise<RebillingAccount> {
  const account = server.account(uniqueAccountId());
  const { revision } = await account.adapter.loadPricing();
  await account.adapter.savePricing(
    { products: { sms: { type: 'multiplier', multiplier: '2.5' }, listings: { type: 'fixed', price: '49' } } },
    { expectedRevision: revision, idempotencyKey: uniqueKey() },
  );
  await account.addFunds({ wallet: 'main', amount: '100', idempotencyKey: uniqueKey() });
  for (const [subAccountId, name] of [['sub_rosa', "Rosa's Bakery"], ['sub_lumen', 'Lumen Yoga']] as const) {
    await account.upsertSubAccount({ subAccountId, name });
    await account.addFunds({ wallet: { subAccountId }, amount: '50', idempotencyKey: uniqueKey() });
  }
  return account;
}

const charge = (account: RebillingAccount, subAccountId: string, quantity: number) =>
  account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId, product: 'sms', quantity });

describe(`per-sub-account overrides on ${databaseKind}`, () => {
  it("an override changes what chargeUsage debits for that sub-account only; removing it restores the account-wide price", async () => {
    const account = await accountWithTwoSubAccounts();
    const { revision } = await account.adapter.loadPricing();
    const accountWide = { type: 'multiplier', multiplier: '2.5' } as const;
    const override = { type: 'multiplier', multiplier: '4.3' } as const;
    const exact = (rule: typeof accountWide | typeof override, quantity: number) =>
      toDecimalString(multiply(toDecimal(resalePrice(rule, SMS_YOU_PAY)), toDecimal(String(quantity))));

    await account.adapter.saveOverride({ subAccountId: 'sub_rosa', product: 'sms', rule: override }, { idempotencyKey: uniqueKey() });
    expect((await account.adapter.loadPricing()).revision, 'an override is not an account-wide save').toBe(revision);

    const rosa = await charge(account, 'sub_rosa', 7);
    const lumen = await charge(account, 'sub_lumen', 7);
    expect(rosa).toMatchObject({ status: 'charged', subAccountDebit: exact(override, 7), mainAccountDebit: '0.0553' });
    expect(rosa.status === 'charged' && rosa.subAccountDebit).toBe('0.23779');
    expect(lumen).toMatchObject({ status: 'charged', subAccountDebit: exact(accountWide, 7), mainAccountDebit: '0.0553' });
    // An unregistered sub-account is charged the account-wide price as before.
    await account.addFunds({ wallet: { subAccountId: 'sub_other' }, amount: '1', idempotencyKey: uniqueKey() });
    expect(await charge(account, 'sub_other', 7)).toMatchObject({ subAccountDebit: exact(accountWide, 7) });
    expect(await account.balances({ subAccountId: 'sub_rosa' })).toMatchObject({ subAccount: '49.76221' });

    await account.adapter.removeOverride({ subAccountId: 'sub_rosa', product: 'sms' });
    expect(await charge(account, 'sub_rosa', 7)).toMatchObject({ subAccountDebit: exact(accountWide, 7) });
  });

  it("a fixed-price override of an add-on is what that sub-account's card is charged", async () => {
    const account = await accountWithTwoSubAccounts();
    await account.adapter.connectStripe({ syncCustomersAs: 'people' });
    const { rows } = await server.database.query<{ id: string }>(
      `SELECT connected_account_id AS id FROM "${server.schema}".stripe_connections WHERE account_id = $1`,
      [account.id],
    );
    await server.stripeWebhook(payments.webhookRequest(payments.completeOnboarding(rows[0]!.id, { name: 'Acme' })));
    await account.adapter.saveOverride({ subAccountId: 'sub_rosa', product: 'listings', rule: { type: 'fixed', price: '39.5' } }, { idempotencyKey: uniqueKey() });
    const rosa = await account.purchaseAddon({ subAccountId: 'sub_rosa', product: 'listings', idempotencyKey: uniqueKey() });
    const lumen = await account.purchaseAddon({ subAccountId: 'sub_lumen', product: 'listings', idempotencyKey: uniqueKey() });
    expect(rosa).toMatchObject({ status: 'active', subAccountAmount: '39.5', ownerAmount: '30' });
    expect(lumen).toMatchObject({ status: 'active', subAccountAmount: '49', ownerAmount: '30' });
  });

  it('validates an override like savePricing against the account snapshot, and refuses unknown sub-accounts', async () => {
    const account = await accountWithTwoSubAccounts();
    const save = (subAccountId: string, product: 'sms' | 'listings', rule: unknown) =>
      account.adapter.saveOverride({ subAccountId, product, rule } as never, { idempotencyKey: uniqueKey() });
    await expect(save('sub_rosa', 'sms', { type: 'multiplier', multiplier: '10.5' })).rejects.toMatchObject({ code: 'validation', fields: [{ path: 'rule.multiplier' }] });
    await expect(save('sub_rosa', 'sms', { type: 'multiplier', multiplier: '2.55' })).rejects.toMatchObject({ fields: [{ path: 'rule.multiplier' }] });
    await expect(save('sub_rosa', 'listings', { type: 'fixed', price: '39.999' })).rejects.toMatchObject({ fields: [{ path: 'rule.price' }] });
    await expect(save('sub_nobody', 'sms', { type: 'multiplier', multiplier: '3' })).rejects.toMatchObject({
      fields: [{ path: 'subAccountId' }],
      message: expect.stringContaining('upsertSubAccount'),
    });
    const page = await account.adapter.listOverrides({ limit: 10 });
    expect(page.subAccounts.map((s) => [s.name, s.overrides])).toEqual([
      ['Lumen Yoga', {}],
      ["Rosa's Bakery", {}],
    ]);
  });

  it('upsertSubAccount renames and keeps the overrides; lists by name with keyset paging; refuses a blank name', async () => {
    const account = await accountWithTwoSubAccounts();
    await account.adapter.saveOverride({ subAccountId: 'sub_rosa', product: 'email', rule: { type: 'multiplier', multiplier: '5' } }, { idempotencyKey: uniqueKey() });
    await account.upsertSubAccount({ subAccountId: 'sub_rosa', name: 'Aardvark Co' });
    await account.upsertSubAccount({ subAccountId: 'sub_zed', name: 'Zed' });
    const first = await account.adapter.listOverrides({ limit: 2 });
    expect(first.subAccounts).toEqual([
      { subAccountId: 'sub_rosa', name: 'Aardvark Co', overrides: { email: { type: 'multiplier', multiplier: '5' } } },
      { subAccountId: 'sub_lumen', name: 'Lumen Yoga', overrides: {} },
    ]);
    const second = await account.adapter.listOverrides({ limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ subAccounts: [{ subAccountId: 'sub_zed', name: 'Zed', overrides: {} }], nextCursor: null });
    await expect(account.upsertSubAccount({ subAccountId: 'sub_x', name: '   ' })).rejects.toMatchObject({ fields: [{ path: 'name' }] });
    await expect(account.adapter.listOverrides({ limit: 2, cursor: 'not-a-cursor' })).rejects.toMatchObject({ fields: [{ path: 'cursor' }] });
  });

  it('another account never sees or uses these overrides', async () => {
    const account = await accountWithTwoSubAccounts();
    const other = await accountWithTwoSubAccounts();
    await account.adapter.saveOverride({ subAccountId: 'sub_rosa', product: 'sms', rule: { type: 'multiplier', multiplier: '9' } }, { idempotencyKey: uniqueKey() });
    expect((await other.adapter.listOverrides({ limit: 10 })).subAccounts.every((s) => Object.keys(s.overrides).length === 0)).toBe(true);
    expect(await charge(other, 'sub_rosa', 1)).toMatchObject({ subAccountDebit: '0.01975' });
  });
});
