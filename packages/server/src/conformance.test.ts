import { createTestPayments } from '@rebill-kit/server';
import { runAdapterConformanceTests } from '@rebill-kit/testkit';
import { afterAll } from 'vitest';
import { databaseKind, openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
// With a gateway, so the wallet rules may turn auto-recharge on.
const server = await openTestServer(db, { payments: createTestPayments() });
afterAll(() => db.close());

runAdapterConformanceTests({
  name: `server.account(id).adapter on ${databaseKind}`,
  timeoutMs: 30_000,
  async create() {
    const account = server.account(uniqueAccountId());
    // A ledger of 12 entries on the main wallet, so that paging is exercised.
    await account.addFunds({ wallet: 'main', amount: '50', idempotencyKey: uniqueKey() });
    await account.addFunds({ wallet: { subAccountId: 'sub_1' }, amount: '20', idempotencyKey: uniqueKey() });
    for (let i = 0; i < 11; i++) {
      await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub_1', product: 'email', quantity: i + 1 });
    }
    // Named sub-accounts, so the per-sub-account override rules run.
    await account.upsertSubAccount({ subAccountId: 'sub_1', name: 'First' });
    await account.upsertSubAccount({ subAccountId: 'sub_2', name: 'Second' });
    return { adapter: account.adapter, inspect: { readPricing: () => server.account(account.id).adapter.loadPricing() } };
  },
});
