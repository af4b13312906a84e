// account.purchaseAddon on the database, with the deterministic test gateway: the seed's order
// of charges, declines on either side, the owner's retry and the refund deadline.
import { type OwnerNotification, type RebillingServer, type TestPayments, createTestPayments } from '@rebill-kit/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
let payments: TestPayments;
let server: RebillingServer;
let clock = new Date('2026-12-01T12:00:00Z');
const notified: (OwnerNotification & { accountId: string })[] = [];
const HOUR = 3_600_000;

beforeAll(async () => {
  payments = createTestPayments({ now: () => clock });
  server = await openTestServer(db, { payments, now: () => clock, refundDeadlineMs: 48 * HOUR, onNotify: (n) => void notified.push(n) });
});
afterAll(() => db.close());

/** A fresh owner with Stripe connected through the gateway (onboarding finished). */
async function connectedAccount() {
  const account = server.account(uniqueAccountId());
  const result = await account.adapter.connectStripe({ syncCustomersAs: 'people' });
  expect(result.status).toBe('pending');
  const { rows } = await server.database.query<{ id: string }>(
    `SELECT connected_account_id AS id FROM "${server.schema}".stripe_connections WHERE account_id = $1`,
    [account.id],
  );
  const connectedAccountId = rows[0]!.id;
  await server.stripeWebhook(payments.webhookRequest(payments.completeOnboarding(connectedAccountId, { name: 'Acme' })));
  expect(await account.adapter.loadStripeConnection()).toEqual({ status: 'connected', accountName: 'Acme' });
  // The owner's resale prices: phone numbers at 2× You Pay (1.15), listings at 49 (You Pay 30).
  const { revision } = await account.adapter.loadPricing();
  await account.adapter.savePricing(
    { products: { phoneNumbers: { type: 'multiplier', multiplier: '2' }, listings: { type: 'fixed', price: '49' } } },
    { expectedRevision: revision, idempotencyKey: uniqueKey() },
  );
  return { account, connectedAccountId };
}

const chargesOf = (purchaseId: string) => payments.charges.filter((c) => c.request.purchaseId === purchaseId);

describe('purchaseAddon', () => {
  it("charges the sub-account the resale price on the owner's connected account, then the owner You Pay; active after both", async () => {
    const { account, connectedAccountId } = await connectedAccount();
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_1', product: 'phoneNumbers', idempotencyKey: uniqueKey() });
    // Sample prices: You Pay 1.15, multiplier 2 → the sub-account pays 2.30.
    expect(purchase).toMatchObject({ status: 'active', active: true, subAccountAmount: '2.3', ownerAmount: '1.15', currency: 'USD', ownerAttempts: 1, decline: null });
    const [sub, owner] = chargesOf(purchase.id);
    expect(sub!.request).toMatchObject({
      payer: 'sub-account', connectedAccountId, amount: '2.3', currency: 'USD', attempt: 1,
      idempotencyKey: `rebill-kit:purchase:${purchase.id}:sub-charge`,
    });
    expect(owner!.request).toMatchObject({ payer: 'owner', amount: '1.15', idempotencyKey: `rebill-kit:purchase:${purchase.id}:owner-charge:1` });
    expect(owner!.request.connectedAccountId).toBeUndefined();
    expect(chargesOf(purchase.id)).toHaveLength(2);
  });

  it('rounds a multiplier price once, half to even, to the cent', async () => {
    const { account } = await connectedAccount();
    const pricing = await account.adapter.loadPricing();
    // 1.15 × 2.5 = 2.875 → 2.88 (half to even: 7 is odd, so up).
    await account.adapter.savePricing({ products: { phoneNumbers: { type: 'multiplier', multiplier: '2.5' } } }, { expectedRevision: pricing.revision, idempotencyKey: uniqueKey() });
    const purchase = await account.purchaseAddon({ subAccountId: 's', product: 'phoneNumbers', idempotencyKey: uniqueKey() });
    expect(purchase.subAccountAmount).toBe('2.88');
    // The GB rate 1.25 × 2.5 = 3.125 → 3.12 (tie → even).
    const gb = await account.purchaseAddon({ subAccountId: 's', product: 'phoneNumbers', country: 'GB', idempotencyKey: uniqueKey() });
    expect(gb).toMatchObject({ subAccountAmount: '3.12', ownerAmount: '1.25' });
  });

  it("a sub-account decline ends declined and charges nobody else", async () => {
    const { account } = await connectedAccount();
    payments.script({ payer: 'sub-account', outcome: 'decline' });
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_2', product: 'listings', idempotencyKey: uniqueKey() });
    expect(purchase).toMatchObject({ status: 'declined', active: false, decline: { payer: 'sub-account', code: 'card_declined' } });
    expect(chargesOf(purchase.id).map((c) => [c.request.payer, c.status])).toEqual([['sub-account', 'declined']]);
    expect(await account.listNotifications()).toEqual([]);
  });

  it('an owner decline notifies the owner once and waits; the retry that succeeds activates it', async () => {
    const { account } = await connectedAccount();
    payments.script({ payer: 'owner', outcome: 'decline', times: 2 });
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_3', product: 'listings', idempotencyKey: uniqueKey() });
    expect(purchase).toMatchObject({ status: 'awaiting-owner-payment', active: false, subAccountAmount: '49', ownerAmount: '30', decline: { payer: 'owner' } });
    expect(purchase.refundDeadline).toBe(new Date(clock.getTime() + 48 * HOUR).toISOString());
    const notes = await account.listNotifications();
    expect(notes).toEqual([expect.objectContaining({ type: 'owner-charge-declined', purchaseId: purchase.id, attempt: 1, amount: '30', subAccountId: 'sub_3' })]);
    expect(notes[0]!.message).toMatch(/declined.*stays inactive until the payment goes through/);
    expect(notified.filter((n) => n.purchaseId === purchase.id)).toHaveLength(1);

    // The decline's webhook as well: still one notification for that attempt.
    const failed = payments.events.filter((e) => e.type === 'charge.failed' && e.purchaseId === purchase.id);
    for (const event of failed) expect((await server.stripeWebhook(payments.webhookRequest(event))).status).toBe(200);
    expect(await account.listNotifications()).toHaveLength(1);

    const second = await account.retryOwnerCharge(purchase.id);
    expect(second).toMatchObject({ status: 'awaiting-owner-payment', ownerAttempts: 2 });
    expect((await account.listNotifications()).map((n) => n.attempt)).toEqual([2, 1]);
    // The deadline runs from the first decline.
    expect(second.refundDeadline).toBe(purchase.refundDeadline);
    const third = await account.retryOwnerCharge(purchase.id);
    expect(third).toMatchObject({ status: 'active', ownerAttempts: 3 });
    expect(chargesOf(purchase.id).map((c) => c.request.idempotencyKey)).toEqual([
      `rebill-kit:purchase:${purchase.id}:sub-charge`,
      `rebill-kit:purchase:${purchase.id}:owner-charge:1`,
      `rebill-kit:purchase:${purchase.id}:owner-charge:2`,
      `rebill-kit:purchase:${purchase.id}:owner-charge:3`,
    ]);
    expect(await account.retryOwnerCharge(purchase.id)).toMatchObject({ status: 'active', ownerAttempts: 3 });
  });

  it('past the deadline the sub-account is refunded and the purchase ends refunded', async () => {
    const { account, connectedAccountId } = await connectedAccount();
    payments.script({ payer: 'owner', outcome: 'decline' });
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_4', product: 'phoneNumbers', idempotencyKey: uniqueKey() });
    clock = new Date(clock.getTime() + 47 * HOUR);
    await server.processDuePurchases();
    expect((await account.getPurchase(purchase.id))!.status).toBe('awaiting-owner-payment');
    clock = new Date(clock.getTime() + 2 * HOUR);
    const result = await server.processDuePurchases();
    expect(result.refunded).toBeGreaterThanOrEqual(1);
    expect(await account.getPurchase(purchase.id)).toMatchObject({ status: 'refunded', active: false });
    const sub = chargesOf(purchase.id).find((c) => c.request.payer === 'sub-account')!;
    expect(sub.status).toBe('refunded');
    expect(payments.refunds.filter((r) => r.request.purchaseId === purchase.id)).toEqual([
      { refundId: expect.any(String), request: { chargeId: sub.chargeId, payer: 'sub-account', connectedAccountId, purchaseId: purchase.id, idempotencyKey: `rebill-kit:purchase:${purchase.id}:sub-refund` } },
    ]);
    await expect(account.retryOwnerCharge(purchase.id)).rejects.toThrow(/passed its deadline and the sub-account was refunded/);
    // Its charge.refunded webhook changes nothing more.
    const refunded = payments.events.find((e) => e.type === 'charge.refunded' && e.purchaseId === purchase.id)!;
    expect((await server.stripeWebhook(payments.webhookRequest(refunded))).status).toBe(200);
    expect((await account.getPurchase(purchase.id))!.status).toBe('refunded');
  });

  it('one purchase per idempotency key, even when the same purchase is sent 20 times at once', async () => {
    const { account } = await connectedAccount();
    const key = uniqueKey();
    const results = await Promise.all(Array.from({ length: 20 }, () => account.purchaseAddon({ subAccountId: 'sub_5', product: 'listings', idempotencyKey: key })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(chargesOf(results[0]!.id).filter((c) => c.request.payer === 'sub-account')).toHaveLength(1);
    await expect(account.purchaseAddon({ subAccountId: 'sub_5', product: 'phoneNumbers', idempotencyKey: key })).rejects.toThrow(
      /already used for another purchase/,
    );
  });

  it('a lost answer leaves the purchase in flight; processDuePurchases re-issues the same key and finishes it', async () => {
    const { account } = await connectedAccount();
    payments.script({ payer: 'owner', outcome: 'error' });
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_6', product: 'listings', idempotencyKey: uniqueKey() });
    expect(purchase.status).toBe('charging-owner');
    clock = new Date(clock.getTime() + 61_000);
    await server.processDuePurchases();
    expect((await account.getPurchase(purchase.id))!.status).toBe('active');
    expect(chargesOf(purchase.id)).toHaveLength(2);
  });

  it('a processing charge whose webhook was lost is read back by processDuePurchases, for either payer and a retried attempt, and never charged twice', async () => {
    const { account } = await connectedAccount();
    payments.script({ payer: 'sub-account', outcome: 'process' });
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_8', product: 'listings', idempotencyKey: uniqueKey() });
    expect(purchase.status).toBe('charging-sub-account');
    const sub = chargesOf(purchase.id).find((c) => c.request.payer === 'sub-account')!;
    clock = new Date(clock.getTime() + 61_000);
    await server.processDuePurchases(); // still processing: nothing moves
    expect((await account.getPurchase(purchase.id))!.status).toBe('charging-sub-account');
    payments.script({ payer: 'owner', outcome: 'decline' });
    payments.settle(sub.chargeId, 'succeeded'); // its event is lost
    clock = new Date(clock.getTime() + 61_000);
    await server.processDuePurchases();
    expect((await account.getPurchase(purchase.id))!.status).toBe('awaiting-owner-payment');

    // The retry's charge answers processing too, and its webhook is lost as well.
    payments.script({ payer: 'owner', outcome: 'process' });
    expect((await account.retryOwnerCharge(purchase.id)).status).toBe('charging-owner');
    const retry = chargesOf(purchase.id).find((c) => c.request.payer === 'owner' && c.request.attempt === 2)!;
    payments.settle(retry.chargeId, 'succeeded');
    clock = new Date(clock.getTime() + 61_000);
    await server.processDuePurchases();
    expect((await account.getPurchase(purchase.id))!.status).toBe('active');
    expect(chargesOf(purchase.id).map((c) => [c.request.payer, c.request.attempt, c.status])).toEqual([
      ['sub-account', 1, 'succeeded'],
      ['owner', 1, 'declined'],
      ['owner', 2, 'succeeded'],
    ]);
  });

  it('refuses without Stripe connected, and names the fix for bad input', async () => {
    const account = server.account(uniqueAccountId());
    await expect(account.purchaseAddon({ subAccountId: 's', product: 'listings', idempotencyKey: uniqueKey() })).rejects.toThrow(/connect Stripe/);
    await expect(account.purchaseAddon({ subAccountId: 's', product: 'sms' as 'listings', idempotencyKey: uniqueKey() })).rejects.toThrow(
      /usage products are charged with chargeUsage/,
    );
    await expect(account.purchaseAddon({ subAccountId: 's', product: 'listings', idempotencyKey: '' })).rejects.toThrow(/idempotencyKey/);
  });
});
