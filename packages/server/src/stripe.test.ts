// The server with createStripePayments, through the real `stripe` SDK, against the local Stripe
// stand-in that delivers its signed events to server.stripeWebhook: Connect onboarding and
// add-on purchases end to end, as far as anything short of Stripe's test mode can show.
import { type RebillingServer, createStripePayments } from '@rebill-kit/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripeStandin, startStripeStandin } from '../../../test/support/stripe-standin.js';
import { openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
let standin: StripeStandin;
let server: RebillingServer;
let clock = new Date();
const cards = new Map<string, { customer: string; paymentMethod: string }>();

beforeAll(async () => {
  standin = await startStripeStandin({ webhook: (request) => server.stripeWebhook(request), now: () => clock });
  const payments = createStripePayments({
    stripe: standin.stripe(),
    returnUrl: 'https://agency.example.test/settings/rebilling?stripe=return',
    refreshUrl: 'https://agency.example.test/settings/rebilling?stripe=refresh',
    webhookSecret: [standin.platformWebhookSecret, standin.connectWebhookSecret],
    cardOnFile: async ({ payer, accountId, subAccountId }) => {
      const card = cards.get(payer === 'owner' ? `owner:${accountId}` : `sub:${accountId}:${subAccountId}`);
      if (!card) throw new Error(`no card on file for the ${payer}`);
      return card;
    },
  });
  server = await openTestServer(db, { payments, now: () => clock, refundDeadlineMs: 60 * 60_000 });
});
afterAll(async () => {
  await standin.flush();
  await standin.close();
  await db.close();
});

async function connectedAccountIdOf(accountId: string): Promise<string> {
  const { rows } = await server.database.query<{ id: string; sync: string | null }>(
    `SELECT connected_account_id AS id FROM "${server.schema}".stripe_connections WHERE account_id = $1`,
    [accountId],
  );
  return rows[0]!.id;
}

/** Connects through onboarding and gives the owner and sub-account saved cards. */
async function onboarded(sub = 'sub_1') {
  const account = server.account(uniqueAccountId());
  const result = await account.adapter.connectStripe({ syncCustomersAs: 'people' });
  if (result.status !== 'pending') throw new Error('expected onboarding');
  await fetch(result.redirectUrl, { redirect: 'manual' });
  await standin.flush();
  const connectedAccountId = await connectedAccountIdOf(account.id);
  cards.set(`owner:${account.id}`, standin.addCard());
  cards.set(`sub:${account.id}:${sub}`, standin.addCard({ stripeAccount: connectedAccountId }));
  const { revision } = await account.adapter.loadPricing();
  await account.adapter.savePricing(
    { products: { phoneNumbers: { type: 'multiplier', multiplier: '2' }, listings: { type: 'fixed', price: '49' } } },
    { expectedRevision: revision, idempotencyKey: uniqueKey() },
  );
  return { account, connectedAccountId };
}

describe('Integrate Stripe through Connect onboarding', () => {
  it('pending with an onboarding URL, then connected once the owner finishes and account.updated arrives', async () => {
    const account = server.account(uniqueAccountId());
    const events: string[] = [];
    const unsubscribe = account.adapter.subscribe!((event) => events.push(event.type));
    const result = await account.adapter.connectStripe({ syncCustomersAs: 'businesses' });
    expect(result).toEqual({ status: 'pending', redirectUrl: expect.stringMatching(new RegExp(`^${standin.url}/setup/e/acct_`)) });
    expect(await account.adapter.loadStripeConnection()).toEqual({ status: 'pending' });
    const { rows } = await server.database.query<{ sync: string }>(
      `SELECT sync_customers_as AS sync FROM "${server.schema}".stripe_connections WHERE account_id = $1`,
      [account.id],
    );
    expect(rows[0]!.sync).toBe('businesses');
    events.length = 0;

    // The owner completes Stripe's form; Stripe sends account.updated to the webhook.
    await fetch((result as { redirectUrl: string }).redirectUrl, { redirect: 'manual' });
    await standin.flush();
    expect(standin.events.at(-1)).toMatchObject({ type: 'account.updated' });
    expect(events).toEqual(['stripe']);
    expect(await account.adapter.loadStripeConnection()).toEqual({ status: 'connected', accountName: 'Acme Agency' });
    // Connecting again reuses the account and needs no onboarding.
    const accounts = standin.accountIds().length;
    expect(await account.adapter.connectStripe({ syncCustomersAs: 'businesses' })).toEqual({ status: 'connected' });
    expect(standin.accountIds().length).toBe(accounts);
    unsubscribe();
  });

  it('a lost account.updated: the next load reads the account from Stripe and turns connected', async () => {
    const account = server.account(uniqueAccountId());
    await account.adapter.connectStripe({ syncCustomersAs: null });
    standin.completeOnboarding(await connectedAccountIdOf(account.id), { name: 'Late Webhook Ltd' });
    // (the stand-in's delivery is not awaited: the load must not depend on it)
    expect(await account.adapter.loadStripeConnection()).toEqual({ status: 'connected', accountName: 'Late Webhook Ltd' });
    await standin.flush();
  });
});

describe('add-on purchases on Stripe', () => {
  it("charges the sub-account on the owner's connected account, then the owner on the platform; active", async () => {
    const { account, connectedAccountId } = await onboarded();
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_1', product: 'phoneNumbers', idempotencyKey: uniqueKey() });
    await standin.flush();
    expect(purchase.status).toBe('active');
    // The answer and the webhook may both drive the purchase on: a second request with the same
    // key is Stripe's replay, not a second charge.
    const intents = standin.requests.filter(
      (r) => r.path === '/v1/payment_intents' && !r.replayed && (r.params.metadata as Record<string, string>)?.rebill_kit_purchase === purchase.id,
    );
    expect(intents.map((r) => [r.stripeAccount, r.params.amount, r.idempotencyKey])).toEqual([
      [connectedAccountId, '230', `rebill-kit:purchase:${purchase.id}:sub-charge`],
      [null, '115', `rebill-kit:purchase:${purchase.id}:owner-charge:1`],
    ]);
    // Its webhooks (succeeded ×2, created ×2, charge.succeeded ×2) changed nothing more.
    expect((await account.getPurchase(purchase.id))!.status).toBe('active');
  });

  it("an owner decline: the owner is notified once (answer and webhook), the add-on waits; a fixed card and a retry activate it", async () => {
    const { account } = await onboarded();
    const ownerCard = cards.get(`owner:${account.id}`)!;
    standin.setCardBehaviour(ownerCard.paymentMethod, 'decline');
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_1', product: 'listings', idempotencyKey: uniqueKey() });
    await standin.flush();
    expect(purchase).toMatchObject({ status: 'awaiting-owner-payment', decline: { payer: 'owner', code: 'generic_decline' } });
    expect(await account.listNotifications()).toHaveLength(1);
    standin.setCardBehaviour(ownerCard.paymentMethod, 'succeed');
    expect((await account.retryOwnerCharge(purchase.id)).status).toBe('active');
    await standin.flush();
    expect((await account.getPurchase(purchase.id))!.status).toBe('active');
    expect(await account.listNotifications()).toHaveLength(1);
  });

  it('a sub-account decline: declined, and the owner is never charged', async () => {
    const { account, connectedAccountId } = await onboarded('sub_d');
    standin.setCardBehaviour(cards.get(`sub:${account.id}:sub_d`)!.paymentMethod, 'decline');
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_d', product: 'listings', idempotencyKey: uniqueKey() });
    await standin.flush();
    expect(purchase.status).toBe('declined');
    const intents = standin.requests.filter((r) => r.path === '/v1/payment_intents' && (r.params.metadata as Record<string, string>)?.rebill_kit_purchase === purchase.id);
    expect(intents.map((r) => r.stripeAccount)).toEqual([connectedAccountId]);
  });

  it('1,000 concurrent deliveries of one Stripe-signed payment_intent.payment_failed: one effect', async () => {
    const { account } = await onboarded();
    const ownerCard = cards.get(`owner:${account.id}`)!;
    standin.setCardBehaviour(ownerCard.paymentMethod, 'process');
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_1', product: 'listings', idempotencyKey: uniqueKey() });
    await standin.flush();
    await expect.poll(async () => (await account.getPurchase(purchase.id))!.status, { timeout: 15_000 }).toBe('charging-owner');
    const ownerKey = `rebill-kit:purchase:${purchase.id}:owner-charge:1`;
    const intentId = standin.events.find((e) => e.type === 'payment_intent.created' && e.request.idempotency_key === ownerKey)!.data.object.id as string;
    standin.setAutoDelivery(false);
    try {
      const failed = standin.settle(intentId, 'failed');
      const at = new Date();
      const responses = await Promise.all(Array.from({ length: 1000 }, () => standin.deliver(failed, { timestamp: at })));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ applied?: boolean }>));
      expect(bodies.filter((b) => b.applied)).toHaveLength(1);
    } finally {
      standin.setAutoDelivery(true);
    }
    expect(await account.getPurchase(purchase.id)).toMatchObject({ status: 'awaiting-owner-payment', decline: { payer: 'owner', code: 'generic_decline' } });
    expect(await account.listNotifications()).toHaveLength(1);
  }, 120_000);

  it('past the deadline the sub-account is refunded on the connected account', async () => {
    const { account, connectedAccountId } = await onboarded();
    standin.setCardBehaviour(cards.get(`owner:${account.id}`)!.paymentMethod, 'decline');
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_1', product: 'listings', idempotencyKey: uniqueKey() });
    // The answer and the sub-account charge's webhook race to charge the owner (one key, one
    // charge); let both settle before the clock moves, or the deadline starts later.
    await standin.flush();
    await expect.poll(async () => (await account.getPurchase(purchase.id))!.status, { timeout: 15_000 }).toBe('awaiting-owner-payment');
    clock = new Date(clock.getTime() + 61 * 60_000);
    await server.processDuePurchases();
    await standin.flush();
    expect((await account.getPurchase(purchase.id))!.status).toBe('refunded');
    const refund = standin.requests.find((r) => r.path === '/v1/refunds' && r.idempotencyKey === `rebill-kit:purchase:${purchase.id}:sub-refund`)!;
    expect(refund).toMatchObject({ stripeAccount: connectedAccountId, status: 200 });
  });

  it("an auto-recharge Stripe answers processing is funded by its payment_intent.succeeded, once", async () => {
    const { account, topUpIntent } = await processingTopUp();
    standin.setAutoDelivery(false);
    try {
      const succeeded = standin.settle(topUpIntent, 'succeeded');
      const responses = await Promise.all(Array.from({ length: 10 }, () => standin.deliver(succeeded)));
      expect(responses.every((r) => r.status === 200)).toBe(true);
    } finally {
      standin.setAutoDelivery(true);
    }
    expect((await account.balances()).main).toBe('100');
    const ledger = await account.listLedger({ wallet: 'main', limit: 50 });
    expect(ledger.entries.filter((entry) => entry.description === 'Auto-recharge').map((entry) => entry.amount)).toEqual(['52']);
  });

  it('a processing auto-recharge whose webhook is lost: processDuePurchases reads the PaymentIntent back and funds it', async () => {
    const { account, topUpIntent } = await processingTopUp();
    standin.setAutoDelivery(false);
    try {
      standin.settle(topUpIntent, 'succeeded'); // never delivered
    } finally {
      standin.setAutoDelivery(true);
    }
    clock = new Date(clock.getTime() + 61_000);
    expect(await server.processDuePurchases()).toMatchObject({ recharges: 1 });
    expect(standin.requests.filter((r) => r.method === 'GET' && r.path === `/v1/payment_intents/${topUpIntent}`)).toHaveLength(1);
    expect((await account.balances()).main).toBe('100');
    expect(standin.events.filter((e) => e.type === 'payment_intent.created' && e.data.object.id === topUpIntent)).toHaveLength(1);
  });
});

/** An onboarded owner whose card answers processing, and the auto-recharge that crossing 50 started. */
async function processingTopUp() {
  const { account } = await onboarded();
  standin.setCardBehaviour(cards.get(`owner:${account.id}`)!.paymentMethod, 'process');
  await account.addFunds({ wallet: 'main', amount: '60', idempotencyKey: uniqueKey() });
  await account.addFunds({ wallet: { subAccountId: 'sub_1' }, amount: '100', idempotencyKey: uniqueKey() });
  await account.adapter.saveAutoRecharge(
    { lowBalanceThreshold: null, autoRecharge: { enabled: true, threshold: '50', target: '100', monthlyCap: '500' } },
    { idempotencyKey: uniqueKey() },
  );
  await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub_1', product: 'lightningDomains', quantity: 1 }); // 48
  await standin.flush();
  const created = standin.events.find((e) => e.type === 'payment_intent.created' && String(e.request.idempotency_key).startsWith(`rebill-kit:auto-recharge:${account.id}:`))!;
  expect(created.data.object).toMatchObject({ amount: 5200, currency: 'usd' });
  expect((await account.balances()).main).toBe('48');
  return { account, topUpIntent: created.data.object.id as string };
}
