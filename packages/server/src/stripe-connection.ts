/**
 * The account's Stripe connection: status, connected account name and the customer-sync choice
 * (People / Businesses / Skip). Until a payment gateway is configured, `connectStripe`
 * records the choice and answers `connected` at once, as the memory adapter does by default;
 * with one (`createRebillingServer({ payments })`) it goes through Stripe Connect onboarding.
 */
import {
  RebillingError,
  type CustomerSync,
  type StripeConnectResult,
  type StripeConnection,
  type StripeStatus,
} from '@rebill-kit/core';
import { randomUUID } from 'node:crypto';
import type { AccountContext } from './context.js';
import type { ConnectedAccount, PaymentGateway } from './payments/gateway.js';
import { ensureAccount } from './prices.js';

export async function loadStripeConnection(ctx: AccountContext, options: { signal?: AbortSignal } = {}): Promise<StripeConnection> {
  if (options.signal?.aborted) throw options.signal.reason;
  const { rows } = await ctx.db.query<{ status: StripeStatus; account_name: string | null }>(
    `SELECT status, account_name FROM ${ctx.s}.stripe_connections WHERE account_id = $1`,
    [ctx.accountId],
  );
  const row = rows[0];
  if (!row) return { status: 'disconnected' };
  return row.status === 'connected' && row.account_name ? { status: row.status, accountName: row.account_name } : { status: row.status };
}

/** Records a connection state (the Stripe integration calls this from onboarding and webhooks). */
export async function saveStripeConnection(
  ctx: AccountContext,
  connection: { status: StripeStatus; accountName?: string | null; syncCustomersAs?: CustomerSync },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await ensureAccount(ctx, tx);
    await tx.query(
      `INSERT INTO ${ctx.s}.stripe_connections AS c (account_id, status, account_name, sync_customers_as, updated_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz)
       ON CONFLICT (account_id) DO UPDATE SET
         status = EXCLUDED.status,
         account_name = COALESCE(EXCLUDED.account_name, c.account_name),
         sync_customers_as = CASE WHEN $6::boolean THEN EXCLUDED.sync_customers_as ELSE c.sync_customers_as END,
         updated_at = EXCLUDED.updated_at`,
      [
        ctx.accountId,
        connection.status,
        connection.accountName ?? null,
        connection.syncCustomersAs ?? null,
        ctx.now().toISOString(),
        connection.syncCustomersAs !== undefined,
      ],
    );
  });
}

export async function connectStripe(ctx: AccountContext, input: { syncCustomersAs: CustomerSync }): Promise<StripeConnectResult> {
  const choice = (input as { syncCustomersAs?: unknown } | null)?.syncCustomersAs;
  if (choice !== null && choice !== 'people' && choice !== 'businesses') {
    throw RebillingError.validation('Choose how Stripe customers sync', [
      { path: 'syncCustomersAs', message: 'must be "people", "businesses" or null' },
    ]);
  }
  await saveStripeConnection(ctx, { status: 'connected', syncCustomersAs: choice });
  return { status: 'connected' };
}

/**
 * With a payment gateway: creates (or reuses) the owner's connected account and answers
 * `pending` with Stripe's onboarding URL, or `connected` when onboarding is already done.
 */
export async function connectStripeThroughGateway(
  ctx: AccountContext,
  payments: PaymentGateway,
  input: { syncCustomersAs: CustomerSync },
): Promise<StripeConnectResult> {
  const choice = (input as { syncCustomersAs?: unknown } | null)?.syncCustomersAs;
  if (choice !== null && choice !== 'people' && choice !== 'businesses') {
    throw RebillingError.validation('Choose how Stripe customers sync', [
      { path: 'syncCustomersAs', message: 'must be "people", "businesses" or null' },
    ]);
  }
  const { rows } = await ctx.db.query<{ connected_account_id: string | null }>(
    `SELECT connected_account_id FROM ${ctx.s}.stripe_connections WHERE account_id = $1`,
    [ctx.accountId],
  );
  const result = await payments.connectAccount({
    accountId: ctx.accountId,
    connectedAccountId: rows[0]?.connected_account_id ?? null,
    syncCustomersAs: choice,
    attemptId: randomUUID(),
  });
  await saveConnectedAccount(ctx, result.account, choice);
  return result.redirectUrl === null ? { status: 'connected' } : { status: 'pending', redirectUrl: result.redirectUrl };
}

/**
 * With a payment gateway: a `pending` connection is read back from Stripe, so it turns
 * `connected` when the owner finished onboarding even if the `account.updated` webhook is late.
 * When Stripe cannot be reached the stored status is answered.
 */
export async function loadStripeConnectionThroughGateway(
  ctx: AccountContext,
  payments: PaymentGateway,
  options: { signal?: AbortSignal } = {},
): Promise<StripeConnection> {
  const stored = await loadStripeConnection(ctx, options);
  if (stored.status !== 'pending') return stored;
  const { rows } = await ctx.db.query<{ connected_account_id: string | null }>(
    `SELECT connected_account_id FROM ${ctx.s}.stripe_connections WHERE account_id = $1`,
    [ctx.accountId],
  );
  const id = rows[0]?.connected_account_id;
  if (!id) return stored;
  let account: ConnectedAccount;
  try {
    account = await payments.retrieveAccount(id);
  } catch {
    return stored;
  }
  if (account.status === 'pending') return stored;
  await saveConnectedAccount(ctx, account, undefined);
  return account.name ? { status: 'connected', accountName: account.name } : { status: 'connected' };
}

async function saveConnectedAccount(ctx: AccountContext, account: ConnectedAccount, syncCustomersAs: CustomerSync | undefined): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await ensureAccount(ctx, tx);
    await tx.query(
      `INSERT INTO ${ctx.s}.stripe_connections AS c (account_id, status, account_name, sync_customers_as, connected_account_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
       ON CONFLICT (account_id) DO UPDATE SET
         status = EXCLUDED.status,
         account_name = COALESCE(EXCLUDED.account_name, c.account_name),
         sync_customers_as = CASE WHEN $7::boolean THEN EXCLUDED.sync_customers_as ELSE c.sync_customers_as END,
         connected_account_id = EXCLUDED.connected_account_id,
         updated_at = EXCLUDED.updated_at`,
      [ctx.accountId, account.status, account.name ?? null, syncCustomersAs ?? null, account.id, ctx.now().toISOString(), syncCustomersAs !== undefined],
    );
  });
}
