// loadUsageSummary on the database: last 30 days' billable quantity per product, as billed.
import { createHttpAdapter } from '@rebill-kit/adapter-http';
import { type RebillingServer, type TestPayments, createTestPayments } from '@rebill-kit/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKind, openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
let clock = new Date('2026-11-01T12:00:00.000Z');
let payments: TestPayments;
let server: RebillingServer;
const DAY = 24 * 3_600_000;

beforeAll(async () => {
  payments = createTestPayments({ now: () => clock });
  server = await openTestServer(db, { payments, now: () => clock });
});
afterAll(() => db.close());

async function fundedAccount() {
  const account = server.account(uniqueAccountId('usage'));
  await account.addFunds({ wallet: 'main', amount: '1000', idempotencyKey: uniqueKey() });
  await account.addFunds({ wallet: { subAccountId: 'sub_a' }, amount: '1000', idempotencyKey: uniqueKey() });
  await account.addFunds({ wallet: { subAccountId: 'sub_b' }, amount: '1000', idempotencyKey: uniqueKey() });
  return account;
}

async function connect(account: ReturnType<RebillingServer['account']>) {
  await account.adapter.connectStripe({ syncCustomersAs: null });
  const { rows } = await server.database.query<{ id: string }>(
    `SELECT connected_account_id AS id FROM "${server.schema}".stripe_connections WHERE account_id = $1`,
    [account.id],
  );
  await server.stripeWebhook(payments.webhookRequest(payments.completeOnboarding(rows[0]!.id, { name: 'Acme' })));
}

describe(`loadUsageSummary on ${databaseKind}`, () => {
  it('sums the last 30 days per product, once per charge (not once per wallet), leaving out older usage and other accounts', async () => {
    const account = await fundedAccount();
    const other = await fundedAccount();
    clock = new Date('2026-11-01T12:00:00.000Z');
    await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub_a', product: 'email', quantity: 999 }); // 30 days + before the window
    clock = new Date('2026-11-20T12:00:00.000Z');
    await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub_a', product: 'sms', quantity: 12_000 });
    await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub_b', product: 'sms', sms: { text: 'x'.repeat(161), direction: 'inbound' } }); // 2 segments
    await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub_b', product: 'sms', quantity: 398 });
    const key = uniqueKey();
    await account.chargeUsage({ idempotencyKey: key, subAccountId: 'sub_a', product: 'email', quantity: 8_200 });
    await account.chargeUsage({ idempotencyKey: key, subAccountId: 'sub_a', product: 'email', quantity: 8_200 }); // a replay, no second charge
    await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub_a', product: 'email', email: { direction: 'inbound' } }); // not billable
    await other.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub_a', product: 'sms', quantity: 5 });

    clock = new Date('2026-12-01T13:00:00.000Z');
    const summary = await account.adapter.loadUsageSummary();
    expect(summary).toEqual({ from: '2026-11-01T13:00:00.000Z', to: '2026-12-01T13:00:00.000Z', quantities: { sms: 12_400, email: 8_200 } });
    expect((await other.adapter.loadUsageSummary()).quantities).toEqual({ sms: 5 });
    clock = new Date(clock.getTime() + 30 * DAY);
    expect((await account.adapter.loadUsageSummary()).quantities).toEqual({});
  });

  it('counts add-ons by their purchases that became active (a declined card earns nothing), through the REST contract', async () => {
    const account = await fundedAccount();
    clock = new Date('2026-11-20T12:00:00.000Z');
    await connect(account);
    for (let i = 0; i < 3; i++) await account.purchaseAddon({ subAccountId: 'sub_a', product: 'phoneNumbers', idempotencyKey: uniqueKey() });
    await account.purchaseAddon({ subAccountId: 'sub_b', product: 'listings', idempotencyKey: uniqueKey() });
    payments.script({ payer: 'sub-account', outcome: 'decline' });
    expect((await account.purchaseAddon({ subAccountId: 'sub_b', product: 'listings', idempotencyKey: uniqueKey() })).status).toBe('declined');
    await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub_a', product: 'lightningDomains', quantity: 2 });

    const handler = server.handler({ authorize: () => ({ accountId: account.id }) });
    const http = createHttpAdapter({ baseUrl: 'http://rebilling.test', fetch: (input, init) => handler(new Request(input, init)) });
    expect((await http.loadUsageSummary!()).quantities).toEqual({ phoneNumbers: 3, listings: 1, lightningDomains: 2 });
  });

  it('answers an empty summary for an account without usage, and rejects an aborted call with its reason', async () => {
    const account = server.account(uniqueAccountId('usage-none'));
    expect((await account.adapter.loadUsageSummary()).quantities).toEqual({});
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(account.adapter.loadUsageSummary({ signal: controller.signal })).rejects.toBe(reason);
  });
});
