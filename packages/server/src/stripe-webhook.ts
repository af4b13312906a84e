/**
 * `server.stripeWebhook(request)`: verifies the signature, then applies the event once. The
 * event id is a primary key written in the same transaction as the event's effect, so a
 * duplicate delivery (or a thousand concurrent ones) finds the row and does nothing; an event
 * out of order meets a purchase already past it and does nothing either. Always 200 for a
 * verified event (Stripe would otherwise retry it for days), 400 for a bad signature.
 */
import { RebillingError } from '@rebill-kit/core';
import { type AddonDeps, afterChargeEvent, applyChargeEvent } from './addons.js';
import { type AutoRechargeDeps, afterAutoRechargeEvent, applyAutoRechargeEvent } from './auto-recharge.js';
import type { AccountContext } from './context.js';
import { type ConnectedAccount, type PaymentEvent, type PaymentGateway, WebhookSignatureError } from './payments/gateway.js';

export interface WebhookDeps extends AddonDeps {
  contextFor(accountId: string): AccountContext;
  base: AccountContext;
  /** Tells in-process `subscribe` listeners of an account that its connection changed. */
  emitStripe(accountId: string): void;
  /** For the answer to an auto-recharge that was `processing`. */
  recharge: AutoRechargeDeps;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

export async function handleStripeWebhook(deps: WebhookDeps, payments: PaymentGateway | undefined, request: Request): Promise<Response> {
  if (!payments) {
    return json(404, { error: 'No payments configured: pass createRebillingServer({ payments: createStripePayments(...) }).' });
  }
  if (request.method !== 'POST') return json(405, { error: 'Stripe webhooks are POSTed.' });
  const payload = await request.text();
  let event: PaymentEvent;
  try {
    event = payments.parseWebhook({ payload, signature: request.headers.get('stripe-signature'), receivedAt: deps.base.now() });
  } catch (error) {
    if (error instanceof WebhookSignatureError) return json(400, { error: error.message });
    throw error;
  }
  if (event.type === 'ignored') return json(200, { received: true, applied: false });

  // Event payloads may arrive out of order: the account is read back from Stripe, the source of
  // truth, before anything is recorded (a failure here is a 503 that Stripe retries).
  let account: ConnectedAccount | undefined;
  if (event.type === 'account.updated') {
    try {
      account = await payments.retrieveAccount(event.account.id);
    } catch (error) {
      const retryable = error instanceof RebillingError && error.retryable;
      return json(retryable ? 503 : 500, { error: (error as Error).message });
    }
  }

  const { db, s } = deps.base;
  const outcome = await db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO ${s}.stripe_events (event_id, type, received_at) VALUES ($1, $2, $3::timestamptz)
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [event.id, event.type, deps.base.now().toISOString()],
    );
    if (rows.length === 0) return { duplicate: true as const };
    if (event.type === 'account.updated') {
      const { rows: updated } = await tx.query<{ account_id: string }>(
        `UPDATE ${s}.stripe_connections
            SET status = $2, account_name = COALESCE($3, account_name), updated_at = $4::timestamptz
          WHERE connected_account_id = $1
          RETURNING account_id`,
        [account!.id, account!.status, account!.name ?? null, deps.base.now().toISOString()],
      );
      return { duplicate: false as const, stripeAccount: updated[0]?.account_id };
    }
    if (!event.accountId) return { duplicate: false as const };
    const ctx = deps.contextFor(event.accountId);
    const recharge = await applyAutoRechargeEvent(ctx, tx, event);
    if (recharge) return { duplicate: false as const, ctx, recharge };
    return { duplicate: false as const, ctx, applied: await applyChargeEvent(ctx, deps, tx, event) };
  });
  if (outcome.duplicate) return json(200, { received: true, duplicate: true });
  if ('stripeAccount' in outcome && outcome.stripeAccount) deps.emitStripe(outcome.stripeAccount);
  if ('recharge' in outcome && outcome.recharge) await afterAutoRechargeEvent(outcome.ctx, deps.recharge, outcome.recharge);
  else if ('ctx' in outcome && outcome.ctx) {
    try {
      await afterChargeEvent(outcome.ctx, deps, outcome.applied ?? null);
    } catch {
      // The event is applied; its follow-up charge is re-driven by processDuePurchases.
    }
  }
  return json(200, { received: true, applied: true });
}
