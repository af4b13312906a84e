// server.stripeWebhook: one effect per event however often and however concurrently it is
// delivered; nothing applied for a bad signature or a stale timestamp.
import { type OwnerNotification, type RebillingServer, type TestPayments, createTestPayments } from '@rebill-kit/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
let payments: TestPayments;
let server: RebillingServer;
const notified: OwnerNotification[] = [];

beforeAll(async () => {
  payments = createTestPayments();
  server = await openTestServer(db, { payments, onNotify: (n) => void notified.push(n) });
});
afterAll(() => db.close());

async function connectedAccount() {
  const account = server.account(uniqueAccountId());
  await account.adapter.connectStripe({ syncCustomersAs: null });
  const { rows } = await server.database.query<{ id: string }>(
    `SELECT connected_account_id AS id FROM "${server.schema}".stripe_connections WHERE account_id = $1`,
    [account.id],
  );
  expect((await server.stripeWebhook(payments.webhookRequest(payments.completeOnboarding(rows[0]!.id)))).status).toBe(200);
  return account;
}

/** A purchase whose owner charge is processing, and the signed event that says it failed. */
async function purchaseWithPendingOwnerDecline() {
  const account = await connectedAccount();
  payments.script({ payer: 'owner', outcome: 'process' });
  const purchase = await account.purchaseAddon({ subAccountId: 'sub_w', product: 'listings', idempotencyKey: uniqueKey() });
  expect(purchase.status).toBe('charging-owner');
  const owner = payments.charges.find((c) => c.request.purchaseId === purchase.id && c.request.payer === 'owner')!;
  return { account, purchase, event: payments.settle(owner.chargeId, 'failed') };
}

async function eventRows(eventId: string) {
  const { rows } = await server.database.query(`SELECT 1 FROM "${server.schema}".stripe_events WHERE event_id = $1`, [eventId]);
  return rows.length;
}

describe('server.stripeWebhook', () => {
  it('1,000 concurrent deliveries of one signed event: one effect (one notification, one state change)', async () => {
    const { account, purchase, event } = await purchaseWithPendingOwnerDecline();
    const at = new Date();
    const responses = await Promise.all(Array.from({ length: 1000 }, () => server.stripeWebhook(payments.webhookRequest(event, { timestamp: at }))));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ applied?: boolean; duplicate?: boolean }>));
    expect(bodies.filter((b) => b.applied)).toHaveLength(1);
    expect(bodies.filter((b) => b.duplicate)).toHaveLength(999);
    expect(await account.getPurchase(purchase.id)).toMatchObject({ status: 'awaiting-owner-payment', decline: { payer: 'owner', code: 'card_declined' } });
    expect(await account.listNotifications()).toHaveLength(1);
    expect(notified.filter((n) => n.purchaseId === purchase.id)).toHaveLength(1);
    expect(await eventRows(event.id)).toBe(1);
  }, 120_000);

  it('a bad signature or a stale timestamp: 400 and nothing applied; the genuine delivery then applies', async () => {
    const { account, purchase, event } = await purchaseWithPendingOwnerDecline();
    const tampered = payments.webhookRequest(event);
    const forged = new Request(tampered.url, {
      method: 'POST',
      headers: tampered.headers,
      body: JSON.stringify({ ...event, type: 'charge.succeeded' }),
    });
    const responses = [
      await server.stripeWebhook(forged),
      await server.stripeWebhook(payments.webhookRequest(event, { secret: 'whsec_not_ours' })),
      await server.stripeWebhook(payments.webhookRequest(event, { timestamp: new Date(Date.now() - 10 * 60_000) })),
      await server.stripeWebhook(new Request('http://localhost/webhooks/stripe', { method: 'POST', body: JSON.stringify(event) })),
    ];
    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(((await responses[2]!.json()) as { error: string }).error).toMatch(/more than 300 s/);
    expect((await account.getPurchase(purchase.id))!.status).toBe('charging-owner');
    expect(await account.listNotifications()).toEqual([]);
    expect(await eventRows(event.id)).toBe(0);

    expect((await server.stripeWebhook(payments.webhookRequest(event))).status).toBe(200);
    expect((await account.getPurchase(purchase.id))!.status).toBe('awaiting-owner-payment');
  });

  it('events out of order: a late decline of an earlier owner attempt does not undo the paid retry', async () => {
    const account = await connectedAccount();
    payments.script({ payer: 'owner', outcome: 'decline' });
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_o', product: 'phoneNumbers', idempotencyKey: uniqueKey() });
    expect((await account.retryOwnerCharge(purchase.id)).status).toBe('active');
    const events = payments.events.filter((e) => 'purchaseId' in e && e.purchaseId === purchase.id);
    // Every event of the purchase, newest first (the worst order), twice each.
    for (const event of [...events].reverse().flatMap((e) => [e, e])) {
      expect((await server.stripeWebhook(payments.webhookRequest(event))).status).toBe(200);
    }
    expect(await account.getPurchase(purchase.id)).toMatchObject({ status: 'active', ownerAttempts: 2 });
    expect(await account.listNotifications()).toHaveLength(1);
  });

  it("a charge event from another connected account cannot move a purchase (the owner's account speaks only for its own charges)", async () => {
    const account = await connectedAccount();
    payments.script({ payer: 'sub-account', outcome: 'process' });
    const purchase = await account.purchaseAddon({ subAccountId: 'sub_f', product: 'listings', idempotencyKey: uniqueKey() });
    expect(purchase.status).toBe('charging-sub-account');
    const sub = payments.charges.find((c) => c.request.purchaseId === purchase.id)!;
    const subject = { chargeId: sub.chargeId, accountId: account.id, purchaseId: purchase.id, payer: 'sub-account' as const, attempt: 1 };
    for (const [id, connectedAccountId] of [['evt_forged_1', 'acct_someone_else'], ['evt_forged_2', null]] as const) {
      const forged = { id, type: 'charge.succeeded' as const, ...subject, connectedAccountId };
      expect((await server.stripeWebhook(payments.webhookRequest(forged))).status).toBe(200);
    }
    expect((await account.getPurchase(purchase.id))!.status).toBe('charging-sub-account');
    expect(payments.charges.filter((c) => c.request.purchaseId === purchase.id && c.request.payer === 'owner')).toHaveLength(0);
    // The genuine settlement does move it.
    expect((await server.stripeWebhook(payments.webhookRequest(payments.settle(sub.chargeId, 'succeeded')))).status).toBe(200);
    expect((await account.getPurchase(purchase.id))!.status).toBe('active');
  });

  it('an account.updated for an account nobody has, and an event type it does not use: 200, nothing changes', async () => {
    const stray = payments.completeOnboarding((await payments.connectAccount({ accountId: 'elsewhere', connectedAccountId: null, syncCustomersAs: null, attemptId: 'x' })).account.id);
    expect((await server.stripeWebhook(payments.webhookRequest(stray))).status).toBe(200);
    const ignored = { id: 'evt_ignored_1', type: 'ignored', processorType: 'customer.created' } as const;
    expect((await server.stripeWebhook(payments.webhookRequest(ignored))).status).toBe(200);
  });

  it('answers 404 naming the fix when the server has no payments', async () => {
    const bare = await openTestServer(db);
    const response = await bare.stripeWebhook(payments.webhookRequest({ id: 'evt_x', type: 'ignored', processorType: 'x' }));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toMatch(/createRebillingServer\(\{ payments/);
  });
});
