// createStripePayments through the real `stripe` SDK against the local stand-in
// (test/support/stripe-standin.ts): what goes over the wire, and what comes back.
import { type PaymentEvent, WebhookSignatureError, createStripePayments } from '@rebill-kit/server';
import { isRebillingError } from '@rebill-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripeStandin, startStripeStandin } from './support/stripe-standin.ts';

let standin: StripeStandin;
const cards = new Map<string, { customer: string; paymentMethod: string }>();

beforeAll(async () => {
  standin = await startStripeStandin();
});
afterAll(() => standin.close());

function gateway(key?: string) {
  return createStripePayments({
    stripe: standin.stripe(key ? { key, maxNetworkRetries: 0 } : {}),
    returnUrl: 'https://app.example.test/rebilling?stripe=return',
    refreshUrl: 'https://app.example.test/rebilling?stripe=refresh',
    webhookSecret: [standin.platformWebhookSecret, standin.connectWebhookSecret],
    cardOnFile: async ({ payer, subAccountId, accountId }) => {
      const card = cards.get(payer === 'owner' ? `owner:${accountId}` : `sub:${subAccountId}`);
      if (!card) throw new Error(`no card for ${payer}`);
      return card;
    },
  });
}

async function connected(accountId: string) {
  const payments = gateway();
  const { account } = await payments.connectAccount({ accountId, connectedAccountId: null, syncCustomersAs: 'people', attemptId: 'a1' });
  standin.completeOnboarding(account.id, { name: `${accountId} Agency` });
  return { payments, connectedAccountId: account.id };
}

function parse(payments: ReturnType<typeof gateway>, event: unknown, receivedAt = new Date()): PaymentEvent {
  const request = standin.signedRequest(event as Parameters<StripeStandin['signedRequest']>[0]);
  return payments.parseWebhook({ payload: JSON.stringify(event, null, 2), signature: request.headers.get('stripe-signature'), receivedAt });
}

describe('createStripePayments: Connect onboarding', () => {
  it('creates one Express account per owner with an onboarding link, and reports connected once Stripe says so', async () => {
    const payments = gateway();
    const before = standin.accountIds().length;
    const [first, second] = await Promise.all([
      payments.connectAccount({ accountId: 'owner_onb', connectedAccountId: null, syncCustomersAs: 'businesses', attemptId: 'x1' }),
      payments.connectAccount({ accountId: 'owner_onb', connectedAccountId: null, syncCustomersAs: 'businesses', attemptId: 'x2' }),
    ]);
    // Two racing connects of one owner: one account (the idempotency key is the owner's).
    expect(first.account.id).toBe(second.account.id);
    expect(standin.accountIds().length).toBe(before + 1);
    expect(first.account.status).toBe('pending');
    expect(first.redirectUrl).toMatch(new RegExp(`^${standin.url}/setup/e/${first.account.id}/`));
    expect(first.redirectUrl).not.toBe(second.redirectUrl);
    const create = standin.requests.find((r) => r.path === '/v1/accounts' && r.status === 200)!;
    expect(create).toMatchObject({
      method: 'POST',
      stripeAccount: null,
      idempotencyKey: 'rebill-kit:account:owner_onb:connected-account',
      contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/),
      params: { type: 'express', metadata: { rebill_kit_account: 'owner_onb', rebill_kit_sync_customers_as: 'businesses' } },
    });
    const link = standin.requests.find((r) => r.path === '/v1/account_links')!;
    expect(link.params).toEqual({
      account: first.account.id,
      type: 'account_onboarding',
      return_url: 'https://app.example.test/rebilling?stripe=return',
      refresh_url: 'https://app.example.test/rebilling?stripe=refresh',
    });

    // The owner opens the link and finishes Stripe's form.
    const opened = await fetch(first.redirectUrl!, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe('https://app.example.test/rebilling?stripe=return');
    expect(await payments.retrieveAccount(first.account.id)).toEqual({ id: first.account.id, status: 'connected', name: 'Acme Agency' });
    const again = await payments.connectAccount({ accountId: 'owner_onb', connectedAccountId: first.account.id, syncCustomersAs: null, attemptId: 'x3' });
    expect(again).toEqual({ account: { id: first.account.id, status: 'connected', name: 'Acme Agency' }, redirectUrl: null });
  });

  it('turns an account.updated event into the connected account', async () => {
    const payments = gateway();
    const { account } = await payments.connectAccount({ accountId: 'owner_evt', connectedAccountId: null, syncCustomersAs: null, attemptId: 'a' });
    const event = standin.completeOnboarding(account.id, { name: 'Evt Agency' });
    expect(parse(payments, event)).toEqual({ id: event.id, type: 'account.updated', account: { id: account.id, status: 'connected', name: 'Evt Agency' } });
  });

  it('names the fix for a wrong secret key and an unknown account', async () => {
    const error = await gateway('sk_test_wrong').retrieveAccount('acct_x').catch((e: unknown) => e);
    expect(isRebillingError(error) && error.code).toBe('unauthorized');
    expect((error as Error).message).toMatch(/check the secret key/);
    const missing = await gateway().retrieveAccount('acct_nope').catch((e: unknown) => e);
    expect(isRebillingError(missing) && missing.code).toBe('validation');
    expect((missing as Error).message).toMatch(/No such account: 'acct_nope'/);
  });

  it('refuses a configuration without a webhook secret or with a relative return URL', () => {
    const stripe = standin.stripe();
    const base = { stripe, returnUrl: 'https://a.test/r', refreshUrl: 'https://a.test/f', webhookSecret: 'whsec_1', cardOnFile: async () => ({ customer: '', paymentMethod: '' }) };
    expect(() => createStripePayments({ ...base, webhookSecret: [] })).toThrow(/webhookSecret: the whsec_/);
    expect(() => createStripePayments({ ...base, returnUrl: '/back' })).toThrow(/returnUrl: an absolute http\(s\) URL/);
  });
});

describe('createStripePayments: charges', () => {
  it("charges a sub-account's card on the owner's connected account, once per idempotency key", async () => {
    const { payments, connectedAccountId } = await connected('owner_c1');
    cards.set('sub:sub_c1', standin.addCard({ stripeAccount: connectedAccountId }));
    const request = {
      payer: 'sub-account' as const,
      accountId: 'owner_c1',
      subAccountId: 'sub_c1',
      connectedAccountId,
      purchaseId: 'pur_1',
      attempt: 1,
      amount: '19.99',
      currency: 'USD',
      description: 'Phone number',
      idempotencyKey: 'rebill-kit:purchase:pur_1:sub-charge',
    };
    const first = await payments.charge(request);
    expect(first).toEqual({ status: 'succeeded', chargeId: expect.stringMatching(/^pi_/) });
    const replay = await payments.charge(request);
    expect(replay).toEqual(first);
    const sent = standin.requests.filter((r) => r.idempotencyKey === request.idempotencyKey);
    expect(sent.map((r) => r.replayed)).toEqual([false, true]);
    expect(sent[0]).toMatchObject({
      path: '/v1/payment_intents',
      stripeAccount: connectedAccountId,
      params: {
        amount: '1999',
        currency: 'usd',
        customer: cards.get('sub:sub_c1')!.customer,
        payment_method: cards.get('sub:sub_c1')!.paymentMethod,
        confirm: 'true',
        off_session: 'true',
        automatic_payment_methods: { enabled: 'true', allow_redirects: 'never' },
        metadata: { rebill_kit_purchase: 'pur_1', rebill_kit_payer: 'sub-account', rebill_kit_account: 'owner_c1', rebill_kit_sub_account: 'sub_c1', rebill_kit_attempt: '1' },
      },
    });
    // The same key for a different charge is Stripe's idempotency_error, as a conflict.
    const conflict = await payments.charge({ ...request, amount: '20.00' }).catch((e: unknown) => e);
    expect(isRebillingError(conflict) && conflict.code).toBe('conflict');
    expect(standin.requests.filter((r) => r.idempotencyKey === request.idempotencyKey && r.status === 200)).toHaveLength(2);
  });

  it("charges the owner's card on the platform account, without Stripe-Account", async () => {
    const { payments } = await connected('owner_c2');
    cards.set('owner:owner_c2', standin.addCard());
    const outcome = await payments.charge({
      payer: 'owner', accountId: 'owner_c2', subAccountId: 'sub_c2', purchaseId: 'pur_2', attempt: 1, amount: '1500', currency: 'JPY',
      description: 'Listings', idempotencyKey: 'rebill-kit:purchase:pur_2:owner-charge:1',
    });
    expect(outcome.status).toBe('succeeded');
    const sent = standin.requests.find((r) => r.idempotencyKey === 'rebill-kit:purchase:pur_2:owner-charge:1')!;
    expect(sent.stripeAccount).toBeNull();
    expect(sent.params).toMatchObject({ amount: '1500', currency: 'jpy' });
  });

  it('sends three-decimal currencies in their minor unit and refuses an amount that was not rounded, before any request', async () => {
    const { payments } = await connected('owner_c3');
    cards.set('owner:owner_c3', standin.addCard());
    const base = { payer: 'owner' as const, accountId: 'owner_c3', subAccountId: 's', purchaseId: 'p3', attempt: 1, currency: 'KWD', description: 'x' };
    await payments.charge({ ...base, amount: '1.234', idempotencyKey: 'k3a' });
    expect(standin.requests.find((r) => r.idempotencyKey === 'k3a')!.params.amount).toBe('1234');
    const count = standin.requests.length;
    const error = await payments.charge({ ...base, currency: 'USD', amount: '0.005', idempotencyKey: 'k3b' }).catch((e: unknown) => e);
    expect(isRebillingError(error) && error.code).toBe('validation');
    expect((error as Error).message).toMatch(/not a whole number of the currency's minor unit/);
    expect(standin.requests.length).toBe(count);
  });

  it('reports a decline as an outcome, replays it for the same key, and emits payment_intent.payment_failed', async () => {
    const { payments, connectedAccountId } = await connected('owner_c4');
    cards.set('sub:sub_c4', standin.addCard({ stripeAccount: connectedAccountId, behaviour: 'decline' }));
    const request = {
      payer: 'sub-account' as const, accountId: 'owner_c4', subAccountId: 'sub_c4', connectedAccountId, purchaseId: 'pur_4', attempt: 1,
      amount: '5.00', currency: 'USD', description: 'Listings', idempotencyKey: 'rebill-kit:purchase:pur_4:sub-charge',
    };
    const outcome = await payments.charge(request);
    expect(outcome).toEqual({ status: 'declined', chargeId: expect.stringMatching(/^pi_/), code: 'generic_decline', message: 'Your card was declined.' });
    // Stripe saves a decline under its key: the same key cannot charge the card later.
    standin.setCardBehaviour(cards.get('sub:sub_c4')!.paymentMethod, 'succeed');
    expect(await payments.charge(request)).toEqual(outcome);
    const failed = standin.events.find((e) => e.type === 'payment_intent.payment_failed' && e.data.object.id === (outcome as { chargeId: string }).chargeId)!;
    expect(failed.account).toBe(connectedAccountId);
    expect(parse(payments, failed)).toEqual({
      id: failed.id, type: 'charge.failed', chargeId: (outcome as { chargeId: string }).chargeId, connectedAccountId, accountId: 'owner_c4', purchaseId: 'pur_4', payer: 'sub-account', attempt: 1,
      code: 'generic_decline', message: 'Your card was declined.',
    });
  });

  it('returns processing for a charge that settles later, and the later event says how it ended', async () => {
    const { payments } = await connected('owner_c5');
    cards.set('owner:owner_c5', standin.addCard({ behaviour: 'process' }));
    const outcome = await payments.charge({
      payer: 'owner', accountId: 'owner_c5', subAccountId: 's5', purchaseId: 'pur_5', attempt: 2, amount: '3.00', currency: 'USD', description: 'x', idempotencyKey: 'k5',
    });
    expect(outcome).toEqual({ status: 'processing', chargeId: expect.stringMatching(/^pi_/) });
    expect(await payments.retrieveCharge!({ chargeId: outcome.chargeId! })).toEqual(outcome);
    const event = standin.settle(outcome.chargeId!, 'succeeded');
    expect(parse(payments, event)).toEqual({ id: event.id, type: 'charge.succeeded', chargeId: outcome.chargeId, connectedAccountId: null, accountId: 'owner_c5', purchaseId: 'pur_5', payer: 'owner', attempt: 2 });
    // Read back after it settled: what a lost webhook would have said.
    expect(await payments.retrieveCharge!({ chargeId: outcome.chargeId! })).toEqual({ status: 'succeeded', chargeId: outcome.chargeId });
  });

  it("reads a connected account's charge back on that account, and a declined one as declined", async () => {
    const { payments, connectedAccountId } = await connected('owner_c7');
    cards.set('sub:sub_c7', standin.addCard({ stripeAccount: connectedAccountId, behaviour: 'process' }));
    const outcome = await payments.charge({
      payer: 'sub-account', accountId: 'owner_c7', subAccountId: 'sub_c7', connectedAccountId, purchaseId: 'pur_7', attempt: 1, amount: '5.00', currency: 'USD', description: 'x', idempotencyKey: 'k7',
    });
    standin.settle(outcome.chargeId!, 'failed');
    expect(await payments.retrieveCharge!({ chargeId: outcome.chargeId!, connectedAccountId })).toMatchObject({ status: 'declined', chargeId: outcome.chargeId });
    expect(standin.requests.filter((r) => r.method === 'GET' && r.path === `/v1/payment_intents/${outcome.chargeId}`).map((r) => r.stripeAccount)).toEqual([connectedAccountId]);
    await expect(payments.retrieveCharge!({ chargeId: outcome.chargeId! })).rejects.toMatchObject({ code: 'validation' });
  });

  it('refunds on the account the charge was made on, once', async () => {
    const { payments, connectedAccountId } = await connected('owner_c6');
    cards.set('sub:sub_c6', standin.addCard({ stripeAccount: connectedAccountId }));
    const charged = await payments.charge({
      payer: 'sub-account', accountId: 'owner_c6', subAccountId: 'sub_c6', connectedAccountId, purchaseId: 'pur_6', attempt: 1, amount: '7.50', currency: 'USD', description: 'x', idempotencyKey: 'k6',
    });
    const chargeId = (charged as { chargeId: string }).chargeId;
    const refund = { chargeId, payer: 'sub-account' as const, connectedAccountId, purchaseId: 'pur_6', idempotencyKey: 'rebill-kit:purchase:pur_6:sub-refund' };
    const first = await payments.refund(refund);
    expect(first).toEqual({ refundId: expect.stringMatching(/^re_/), status: 'succeeded' });
    expect(await payments.refund(refund)).toEqual(first);
    expect(standin.requests.find((r) => r.path === '/v1/refunds')).toMatchObject({ stripeAccount: connectedAccountId, params: { payment_intent: chargeId } });
    expect(standin.intent(chargeId)!.amount_refunded).toBe(750);
    const again = await payments.refund({ ...refund, idempotencyKey: 'another-key' }).catch((e: unknown) => e);
    expect((again as Error).message).toMatch(/already been refunded/);
    const refunded = standin.events.find((e) => e.type === 'charge.refunded' && e.data.object.payment_intent === chargeId)!;
    expect(parse(payments, refunded)).toEqual({ id: refunded.id, type: 'charge.refunded', chargeId, connectedAccountId, accountId: 'owner_c6', purchaseId: 'pur_6', payer: 'sub-account', attempt: 1 });
  });
});

describe('createStripePayments: webhook signatures', () => {
  it('rejects a tampered payload, a wrong secret, a missing header and a stale timestamp', async () => {
    const payments = gateway();
    const { account } = await payments.connectAccount({ accountId: 'owner_sig', connectedAccountId: null, syncCustomersAs: null, attemptId: 'a' });
    const event = standin.completeOnboarding(account.id);
    const payload = JSON.stringify(event, null, 2);
    const signature = standin.signedRequest(event).headers.get('stripe-signature');
    const receivedAt = new Date();
    expect(parse(payments, event).type).toBe('account.updated');
    expect(() => payments.parseWebhook({ payload: payload.replace('"connected"', '"x"').replace('true', 'false'), signature, receivedAt })).toThrow(WebhookSignatureError);
    const wrong = standin.signedRequest(event, { secret: 'whsec_someone_else' }).headers.get('stripe-signature');
    expect(() => payments.parseWebhook({ payload, signature: wrong, receivedAt })).toThrow(WebhookSignatureError);
    expect(() => payments.parseWebhook({ payload, signature: null, receivedAt })).toThrow(/no Stripe-Signature header/);
    const old = standin.signedRequest(event, { timestamp: new Date(Date.now() - 301_000) }).headers.get('stripe-signature');
    expect(() => payments.parseWebhook({ payload, signature: old, receivedAt })).toThrow(WebhookSignatureError);
  });

  it('passes events it does not act on through as ignored', async () => {
    const payments = gateway();
    const created = standin.events.find((e) => e.type === 'payment_intent.created')!;
    expect(parse(payments, created)).toEqual({ id: created.id, type: 'ignored', processorType: 'payment_intent.created' });
  });
});
