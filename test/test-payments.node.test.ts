// createTestPayments, the deterministic gateway hosts use in their own tests: Stripe's
// idempotency rules, scripts, and signatures its own parseWebhook accepts and rejects.
import { createTestPayments, type ChargeRequest } from '@rebill-kit/server';
import { isRebillingError } from '@rebill-kit/core';
import { describe, expect, it } from 'vitest';

const owner = (overrides: Partial<ChargeRequest> = {}): ChargeRequest => ({
  payer: 'owner', accountId: 'acct_1', subAccountId: 'sub_1', purchaseId: 'pur_1', attempt: 1,
  amount: '30', currency: 'USD', description: 'Listings', idempotencyKey: 'k1', ...overrides,
});

describe('createTestPayments', () => {
  it('one charge per key, even for concurrent calls; another request on the same key is a conflict', async () => {
    const payments = createTestPayments({ latencyMs: 20 });
    const [a, b] = await Promise.all([payments.charge(owner()), payments.charge(owner())]);
    expect(a).toEqual(b);
    expect(payments.charges).toHaveLength(1);
    const error = await payments.charge(owner({ amount: '31' })).catch((e: unknown) => e);
    expect(isRebillingError(error) && error.code).toBe('conflict');
  });

  it('runs scripts in order per payer; a lost answer is thrown, and the retry with the key gets the charge made', async () => {
    const payments = createTestPayments();
    payments.script({ payer: 'owner', outcome: 'decline', code: 'insufficient_funds' });
    payments.script({ outcome: 'error' });
    expect(await payments.charge(owner({ idempotencyKey: 'a' }))).toMatchObject({ status: 'declined', code: 'insufficient_funds' });
    await expect(payments.charge(owner({ idempotencyKey: 'b' }))).rejects.toThrow(/dropped the response/);
    expect(await payments.charge(owner({ idempotencyKey: 'b' }))).toMatchObject({ status: 'succeeded' });
    expect(payments.charges.map((c) => c.status)).toEqual(['declined', 'succeeded']);
    expect(await payments.charge(owner({ idempotencyKey: 'c' }))).toMatchObject({ status: 'succeeded' });
  });

  it('refuses an amount not rounded to the minor unit, and a sub-account charge without a connected account', async () => {
    const payments = createTestPayments();
    await expect(payments.charge(owner({ amount: '1.005' }))).rejects.toThrow(/not a whole number of the currency's minor unit/);
    await expect(payments.charge(owner({ payer: 'sub-account' }))).rejects.toThrow(/connect Stripe first/);
  });

  it('signs its events so that its parseWebhook accepts them, and rejects a tampered, foreign or stale one', async () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const payments = createTestPayments({ now: () => now });
    await payments.charge(owner());
    const event = payments.events[0]!;
    const request = payments.webhookRequest(event);
    const payload = await request.text();
    const signature = request.headers.get('stripe-signature');
    expect(payments.parseWebhook({ payload, signature, receivedAt: now })).toEqual(event);
    expect(() => payments.parseWebhook({ payload: payload.replace('owner', 'sub-account'), signature, receivedAt: now })).toThrow(/does not match/);
    const foreign = payments.webhookRequest(event, { secret: 'whsec_other' }).headers.get('stripe-signature');
    expect(() => payments.parseWebhook({ payload, signature: foreign, receivedAt: now })).toThrow(/does not match/);
    expect(() => payments.parseWebhook({ payload, signature, receivedAt: new Date(now.getTime() + 301_000) })).toThrow(/more than 300 s/);
    expect(() => payments.parseWebhook({ payload, signature: null, receivedAt: now })).toThrow(/no Stripe-Signature/);
  });
});
