// Auto-recharge of the owner's main wallet on the database, with the deterministic test gateway:
// one top-up per threshold crossing under concurrency, the UTC month's cap, a decline notified
// once and not retried. Lightning Domains debit You Pay 12 from the main wallet per domain.
import { createHttpAdapter } from '@rebill-kit/adapter-http';
import { type OwnerNotification, type RebillingServer, type TestPayments, createTestPayments } from '@rebill-kit/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
let payments: TestPayments;
let server: RebillingServer;
let clock = new Date('2026-12-15T12:00:00Z');
const notified: (OwnerNotification & { accountId: string })[] = [];

beforeAll(async () => {
  payments = createTestPayments({ now: () => clock });
  server = await openTestServer(db, { payments, now: () => clock, onNotify: (n) => void notified.push(n) });
});
afterAll(() => db.close());

async function owner(main: string, autoRecharge: { threshold: string; target: string; monthlyCap: string }) {
  const account = server.account(uniqueAccountId());
  await account.addFunds({ wallet: 'main', amount: main, idempotencyKey: uniqueKey() });
  await account.addFunds({ wallet: { subAccountId: 'sub_1' }, amount: '10000', idempotencyKey: uniqueKey() });
  await account.adapter.saveAutoRecharge({ lowBalanceThreshold: null, autoRecharge: { enabled: true, ...autoRecharge } }, { idempotencyKey: uniqueKey() });
  const domains = (quantity = 1) => account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub_1', product: 'lightningDomains', quantity });
  const topUps = () => payments.charges.filter((charge) => charge.request.accountId === account.id);
  return { account, domains, topUps };
}

describe('auto-recharge', () => {
  it('200 concurrent charges crossing the threshold trigger exactly one top-up, to the target, through the ledger', async () => {
    const { account, domains, topUps } = await owner('1300', { threshold: '100', target: '2000', monthlyCap: '10000' });
    const results = await Promise.all(Array.from({ length: 200 }, () => domains()));
    const charged = results.filter((result) => result.status === 'charged').length;
    expect(topUps()).toHaveLength(1);
    // The 101st debit leaves 88: the top-up brings that back to 2000.
    expect(topUps()[0]!.request).toMatchObject({ payer: 'owner', amount: '1912', currency: 'USD' });
    expect((await account.balances()).main).toBe(String(1300 + 1912 - 12 * charged));
    const ledger = await account.listLedger({ wallet: 'main', limit: 200 });
    expect(ledger.entries.filter((entry) => entry.description === 'Auto-recharge').map((entry) => entry.amount)).toEqual(['1912']);
    expect(await account.adapter.loadWallet()).toMatchObject({ rechargedThisMonth: '1912', lastRechargeFailure: null });
  });

  it('never tops up more than the monthly cap over several crossings, and starts again in the next UTC month', async () => {
    const { account, domains, topUps } = await owner('60', { threshold: '50', target: '100', monthlyCap: '150' });
    await domains(); // 48: top-up 52
    await domains(5); // 40: top-up 60
    await domains(5); // 40: 38 left of the cap
    expect(topUps().map((charge) => charge.request.amount)).toEqual(['52', '60', '38']);
    expect((await account.balances()).main).toBe('78');
    await domains(3); // 42: the cap is used up
    expect(topUps()).toHaveLength(3);
    const wallet = await account.adapter.loadWallet();
    expect(wallet.rechargedThisMonth).toBe('150');
    expect(wallet.lastRechargeFailure?.message).toMatch(/cap of 150 USD is used up/);
    expect(notified.filter((n) => n.accountId === account.id)).toHaveLength(1);

    const saved = clock;
    clock = new Date('2027-01-01T00:00:01Z');
    try {
      await account.addFunds({ wallet: 'main', amount: '30', idempotencyKey: uniqueKey() }); // 72
      await domains(2); // 48: a new month's cap
      expect(topUps().map((charge) => charge.request.amount)).toEqual(['52', '60', '38', '52']);
      expect(await account.adapter.loadWallet()).toMatchObject({ rechargedThisMonth: '52', lastRechargeFailure: null, balance: '100' });
    } finally {
      clock = saved;
    }
  });

  it('a declined top-up notifies the owner once, is not retried by later charges, and the next crossing after funds are added tries again', async () => {
    const { account, domains, topUps } = await owner('60', { threshold: '50', target: '100', monthlyCap: '500' });
    payments.script({ payer: 'owner', outcome: 'decline' });
    await domains(); // 48: declined
    await domains(); // 36: below already, no crossing
    await domains();
    expect(topUps().map((charge) => charge.status)).toEqual(['declined']);
    const notes = (await account.listNotifications()).filter((n) => n.type === 'auto-recharge-failed');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ amount: '52', currency: 'USD', purchaseId: null });
    expect(notified.filter((n) => n.accountId === account.id)).toHaveLength(1);
    const wallet = await account.adapter.loadWallet();
    expect(wallet).toMatchObject({ balance: '24', rechargedThisMonth: '0' });
    expect(wallet.lastRechargeFailure?.message).toMatch(/declined/);

    await account.addFunds({ wallet: 'main', amount: '50', idempotencyKey: uniqueKey() }); // 74
    await domains(2); // 50: not below
    expect(topUps()).toHaveLength(1);
    await domains(); // 38: crosses again
    expect(topUps().map((charge) => charge.status)).toEqual(['declined', 'succeeded']);
    expect(await account.adapter.loadWallet()).toMatchObject({ balance: '100', rechargedThisMonth: '62', lastRechargeFailure: null });
  });

  it('a top-up whose answer was lost stays charging; processDuePurchases charges the same key again: one card charge, one ledger entry', async () => {
    const { account, domains, topUps } = await owner('60', { threshold: '50', target: '100', monthlyCap: '500' });
    // The charge is made at the processor, and its answer lost (a network error).
    payments.script({ payer: 'owner', outcome: 'error' });
    await domains(); // 48: crosses
    expect(topUps()).toHaveLength(1);
    expect((await account.balances()).main).toBe('48');
    // Too soon: an answer may still be on its way.
    expect(await server.processDuePurchases()).toMatchObject({ recharges: 0 });

    const saved = clock;
    clock = new Date(saved.getTime() + 61_000);
    try {
      // Two cron processes at once: the key makes them one charge and one top-up.
      const runs = await Promise.all([server.processDuePurchases(), server.processDuePurchases()]);
      expect(runs.map((run) => run.recharges).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(1);
      expect(topUps().map((charge) => charge.status)).toEqual(['succeeded']);
      expect((await account.balances()).main).toBe('100');
      const ledger = await account.listLedger({ wallet: 'main', limit: 50 });
      expect(ledger.entries.filter((entry) => entry.description === 'Auto-recharge').map((entry) => entry.amount)).toEqual(['52']);
      expect(await account.adapter.loadWallet()).toMatchObject({ balance: '100', rechargedThisMonth: '52', lastRechargeFailure: null });
      expect(await server.processDuePurchases()).toMatchObject({ recharges: 0 });
    } finally {
      clock = saved;
    }
  });

  it('a processing top-up is settled once by its webhook, however often it is delivered and while cron runs read it back; a failed one notifies the owner once', async () => {
    const { account, domains, topUps } = await owner('60', { threshold: '50', target: '100', monthlyCap: '500' });
    payments.script({ payer: 'owner', outcome: 'process' });
    await domains(); // 48: crosses, the card charge is processing
    expect((await account.balances()).main).toBe('48');
    const succeeded = payments.settle(topUps()[0]!.chargeId, 'succeeded');
    const saved = clock;
    clock = new Date(saved.getTime() + 61_000);
    try {
      // 20 deliveries of its event race 5 cron runs that read the charge back: one top-up.
      const [deliveries] = await Promise.all([
        Promise.all(Array.from({ length: 20 }, () => server.stripeWebhook(payments.webhookRequest(succeeded)))),
        Promise.all(Array.from({ length: 5 }, () => server.processDuePurchases())),
      ]);
      expect(deliveries.every((response) => response.status === 200)).toBe(true);
      expect(await server.processDuePurchases()).toMatchObject({ recharges: 0 });
    } finally {
      clock = saved;
    }
    expect((await account.balances()).main).toBe('100');
    const ledger = await account.listLedger({ wallet: 'main', limit: 50 });
    expect(ledger.entries.filter((entry) => entry.description === 'Auto-recharge').map((entry) => entry.amount)).toEqual(['52']);
    expect(await account.adapter.loadWallet()).toMatchObject({ rechargedThisMonth: '52', lastRechargeFailure: null });

    const declined = await owner('60', { threshold: '50', target: '100', monthlyCap: '500' });
    payments.script({ payer: 'owner', outcome: 'process' });
    await declined.domains(); // 48: processing
    const failed = payments.settle(declined.topUps()[0]!.chargeId, 'failed');
    await Promise.all([server.stripeWebhook(payments.webhookRequest(failed)), server.stripeWebhook(payments.webhookRequest(failed))]);
    expect((await declined.account.balances()).main).toBe('48');
    expect((await declined.account.listNotifications()).filter((n) => n.type === 'auto-recharge-failed')).toHaveLength(1);
    expect(notified.filter((n) => n.accountId === declined.account.id)).toHaveLength(1);
    const wallet = await declined.account.adapter.loadWallet();
    expect(wallet).toMatchObject({ rechargedThisMonth: '0' });
    expect(wallet.lastRechargeFailure?.message).toMatch(/declined/);
  });

  it('a processing top-up whose webhook never came is read back by processDuePurchases, not charged again', async () => {
    const { account, domains, topUps } = await owner('60', { threshold: '50', target: '100', monthlyCap: '500' });
    payments.script({ payer: 'owner', outcome: 'process' });
    await domains(); // 48: processing
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 61_000);
      // Still processing at the processor: nothing settles, and it is asked again a wait later.
      expect(await server.processDuePurchases()).toMatchObject({ recharges: 0 });
      expect(await server.processDuePurchases()).toMatchObject({ recharges: 0 });
      payments.settle(topUps()[0]!.chargeId, 'succeeded'); // its event is lost: never delivered
      expect(await server.processDuePurchases()).toMatchObject({ recharges: 0 }); // within the wait
      clock = new Date(saved.getTime() + 122_000);
      expect(await server.processDuePurchases()).toMatchObject({ recharges: 1 });
    } finally {
      clock = saved;
    }
    expect(topUps()).toHaveLength(1);
    expect((await account.balances()).main).toBe('100');
    const ledger = await account.listLedger({ wallet: 'main', limit: 50 });
    expect(ledger.entries.filter((entry) => entry.description === 'Auto-recharge').map((entry) => entry.amount)).toEqual(['52']);
  });

  it('saveAutoRecharge refuses bad settings naming the field, is off by default, and replays one key', async () => {
    const account = server.account(uniqueAccountId());
    expect(await account.adapter.loadWallet()).toMatchObject({ balance: '0', autoRecharge: { enabled: false }, lowBalanceThreshold: null });
    const settings = { lowBalanceThreshold: '20', autoRecharge: { enabled: true, threshold: '10', target: '10', monthlyCap: '100' } };
    await expect(account.adapter.saveAutoRecharge(settings, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'validation',
      fields: [expect.objectContaining({ path: 'autoRecharge.target' })],
    });
    const good = { ...settings, autoRecharge: { ...settings.autoRecharge, target: '50.5' } };
    const saved = await account.adapter.saveAutoRecharge(good, { idempotencyKey: 'k' });
    expect(saved).toMatchObject(good);
    expect(await account.adapter.saveAutoRecharge(good, { idempotencyKey: 'k' })).toEqual(saved);
    await expect(account.adapter.saveAutoRecharge({ ...good, lowBalanceThreshold: '1' }, { idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'validation' });
  });
});

describe('the wallet over the REST contract', () => {
  it('GET /wallet and PUT /wallet/settings through server.handler and the HTTP adapter', async () => {
    const accountId = uniqueAccountId();
    const handler = server.handler({ authorize: async () => ({ accountId }) });
    const adapter = createHttpAdapter({ baseUrl: 'http://rebill.test', fetch: (async (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init))) as typeof fetch, retry: false });
    await server.account(accountId).addFunds({ wallet: 'main', amount: '7.123456', idempotencyKey: uniqueKey() });
    expect(await adapter.loadWallet!()).toMatchObject({ balance: '7.123456', currency: 'USD', autoRecharge: { enabled: false } });
    const settings = { lowBalanceThreshold: '10', autoRecharge: { enabled: true, threshold: '5', target: '25', monthlyCap: '100' } };
    expect(await adapter.saveAutoRecharge!(settings, { idempotencyKey: uniqueKey() })).toMatchObject(settings);
    expect(await server.account(accountId).adapter.loadWallet()).toMatchObject(settings);
    await expect(adapter.saveAutoRecharge!({ ...settings, lowBalanceThreshold: '0.001' }, { idempotencyKey: uniqueKey() })).rejects.toMatchObject({
      code: 'validation',
      fields: [expect.objectContaining({ path: 'lowBalanceThreshold' })],
    });
  });
});
