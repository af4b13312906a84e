/**
 * The owner's main wallet: its settings (`loadWallet` / `saveAutoRecharge`) and auto-recharge.
 *
 * A usage charge whose main debit takes the balance from at or above the threshold to below it is
 * a **crossing**. Inside the charge's transaction, under the main wallet's row lock (so crossings
 * are serialised with every other debit), the crossing is recorded as one `auto_recharges` row
 * whose amount (core's `autoRechargeAmount`: to the target, within the UTC month's cap) is
 * reserved against the cap. After commit the owner's card is charged once, with the row's id in
 * the idempotency key; a success adds the funds through `addFunds` (same key, so a repeat adds
 * nothing), a decline marks the row, notifies the owner and is not retried: the balance stays
 * below the threshold, so only funds added and a later crossing try again.
 */
import {
  DEFAULT_WALLET_SETTINGS,
  RebillingError,
  autoRechargeAmount,
  isRebillingError,
  parseOwnerWallet,
  parseWalletSettings,
  type DecimalString,
  type OwnerWallet,
  type WalletSettings,
} from '@rebill-kit/core';
import type { AccountContext } from './context.js';
import type { Queryable } from './db.js';
import { assertSameRequest, checkIdempotencyKey, claimKey, fingerprint } from './idempotency.js';
import type { ChargeOutcome, PaymentEvent, PaymentGateway } from './payments/gateway.js';
import { ensureAccount } from './prices.js';
import { addFundsIn, money } from './wallets.js';

export interface AutoRechargeDeps {
  payments: PaymentGateway | undefined;
  onNotify?: ((notification: AutoRechargeNotice & { accountId: string }) => void | Promise<void>) | undefined;
}

/** What the after-commit step needs of a crossing recorded in the charge's transaction. */
export interface ReservedRecharge {
  id: string;
  status: 'charging' | 'skipped';
  amount: DecimalString;
  currency: string;
  notice?: AutoRechargeNotice;
  /** When re-driven: the charge that answered `processing`, to read back instead of charging. */
  processingChargeId?: string | null;
}

/** The owner's notification for a failed (declined or capped) top-up. */
export interface AutoRechargeNotice {
  id: string;
  type: 'auto-recharge-failed';
  autoRechargeId: string;
  amount: DecimalString;
  currency: string;
  message: string;
  at: string;
}

function monthOf(date: Date): string {
  return `${date.toISOString().slice(0, 7)}-01`;
}

interface SettingsRow {
  low_balance_threshold: string | null;
  auto_recharge_enabled: boolean;
  threshold: string;
  target: string;
  monthly_cap: string;
}

function settingsOf(row: SettingsRow | undefined): WalletSettings {
  if (!row) return structuredClone(DEFAULT_WALLET_SETTINGS);
  return {
    lowBalanceThreshold: row.low_balance_threshold === null ? null : money(row.low_balance_threshold),
    autoRecharge: { enabled: row.auto_recharge_enabled, threshold: money(row.threshold), target: money(row.target), monthlyCap: money(row.monthly_cap) },
  };
}

const SETTINGS_COLUMNS = `low_balance_threshold::text AS low_balance_threshold, auto_recharge_enabled, threshold::text AS threshold, target::text AS target, monthly_cap::text AS monthly_cap`;

/** Reserved (charging) and succeeded top-ups of the month: what the cap is measured against. */
async function reservedThisMonth(ctx: AccountContext, tx: Queryable, month: string, statuses: string[]): Promise<DecimalString> {
  const { rows } = await tx.query<{ total: string }>(
    `SELECT COALESCE(sum(amount), 0)::text AS total FROM ${ctx.s}.auto_recharges
      WHERE account_id = $1 AND month = $2::date AND status = ANY($3::text[])`,
    [ctx.accountId, month, statuses],
  );
  return money(rows[0]!.total);
}

export async function loadWallet(ctx: AccountContext, tx: Queryable = ctx.db): Promise<OwnerWallet> {
  const { rows: settingsRows } = await tx.query<SettingsRow>(`SELECT ${SETTINGS_COLUMNS} FROM ${ctx.s}.wallet_settings WHERE account_id = $1`, [ctx.accountId]);
  const { rows: balanceRows } = await tx.query<{ balance: string }>(
    `SELECT balance::text AS balance FROM ${ctx.s}.wallets WHERE account_id = $1 AND sub_account_id = ''`,
    [ctx.accountId],
  );
  const { rows: latest } = await tx.query<{ status: string; message: string | null; updated_at: Date | string }>(
    `SELECT status, message, updated_at FROM ${ctx.s}.auto_recharges WHERE account_id = $1 ORDER BY id DESC LIMIT 1`,
    [ctx.accountId],
  );
  const last = latest[0];
  return parseOwnerWallet({
    ...settingsOf(settingsRows[0]),
    currency: ctx.catalog().currency,
    balance: money(balanceRows[0]?.balance ?? '0'),
    rechargedThisMonth: await reservedThisMonth(ctx, tx, monthOf(ctx.now()), ['succeeded']),
    lastRechargeFailure:
      last && (last.status === 'declined' || last.status === 'skipped') ? { at: new Date(last.updated_at).toISOString(), message: last.message ?? 'Auto-recharge failed.' } : null,
  });
}

export async function saveAutoRecharge(
  ctx: AccountContext,
  deps: AutoRechargeDeps,
  input: unknown,
  options: { idempotencyKey: string; signal?: AbortSignal },
): Promise<OwnerWallet> {
  if (options?.signal?.aborted) throw options.signal.reason;
  const key = checkIdempotencyKey(options?.idempotencyKey);
  const settings = parseWalletSettings(input, ctx.catalog().currency);
  if (settings.autoRecharge.enabled && !deps.payments) {
    throw RebillingError.validation('Auto-recharge charges the owner\'s card: pass createRebillingServer({ payments }) to turn it on.', [
      { path: 'autoRecharge.enabled', message: 'needs a payment gateway on the server' },
    ]);
  }
  const print = fingerprint(settings);
  return ctx.db.transaction(async (tx) => {
    const previous = await claimKey(ctx, tx, 'wallet', key, print, null);
    if (previous) {
      assertSameRequest(previous, print, 'wallet settings save');
      return previous.result as unknown as OwnerWallet;
    }
    await ensureAccount(ctx, tx);
    const a = settings.autoRecharge;
    await tx.query(
      `INSERT INTO ${ctx.s}.wallet_settings AS w (account_id, low_balance_threshold, auto_recharge_enabled, threshold, target, monthly_cap, updated_at)
       VALUES ($1, $2::numeric, $3, $4::numeric, $5::numeric, $6::numeric, $7::timestamptz)
       ON CONFLICT (account_id) DO UPDATE SET low_balance_threshold = EXCLUDED.low_balance_threshold,
         auto_recharge_enabled = EXCLUDED.auto_recharge_enabled, threshold = EXCLUDED.threshold, target = EXCLUDED.target,
         monthly_cap = EXCLUDED.monthly_cap, updated_at = EXCLUDED.updated_at`,
      [ctx.accountId, settings.lowBalanceThreshold, a.enabled, a.threshold, a.target, a.monthlyCap, ctx.now().toISOString()],
    );
    const wallet = await loadWallet(ctx, tx);
    await tx.query(`UPDATE ${ctx.s}.idempotency_keys SET result = $4::text::jsonb WHERE account_id = $1 AND scope = $2 AND idempotency_key = $3`, [
      ctx.accountId,
      'wallet',
      key,
      JSON.stringify(wallet),
    ]);
    return wallet;
  });
}

async function insertNotice(ctx: AccountContext, tx: Queryable, rechargeId: string, amount: DecimalString, currency: string, message: string): Promise<AutoRechargeNotice | undefined> {
  const { rows } = await tx.query<{ id: string; created_at: Date | string }>(
    `INSERT INTO ${ctx.s}.notifications (account_id, type, auto_recharge_id, attempt, message, created_at)
     VALUES ($1, 'auto-recharge-failed', $2::bigint, 1, $3, $4::timestamptz)
     ON CONFLICT DO NOTHING
     RETURNING id::text AS id, created_at`,
    [ctx.accountId, rechargeId, message, ctx.now().toISOString()],
  );
  const row = rows[0];
  return row ? { id: row.id, type: 'auto-recharge-failed', autoRechargeId: rechargeId, amount, currency, message, at: new Date(row.created_at).toISOString() } : undefined;
}

/**
 * Inside a usage charge's transaction, right after the main debit (its row lock held): records
 * the crossing when this debit took the balance below the threshold, with the amount reserved.
 */
export async function reserveAutoRecharge(
  ctx: AccountContext,
  tx: Queryable,
  balanceAfter: DecimalString,
  debit: DecimalString,
): Promise<ReservedRecharge | undefined> {
  const { rows } = await tx.query<SettingsRow>(
    `SELECT ${SETTINGS_COLUMNS} FROM ${ctx.s}.wallet_settings
      WHERE account_id = $1 AND auto_recharge_enabled AND threshold > $2::numeric AND threshold <= $2::numeric + $3::numeric`,
    [ctx.accountId, balanceAfter, debit],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { autoRecharge } = settingsOf(row);
  const currency = ctx.catalog().currency;
  const now = ctx.now();
  const month = monthOf(now);
  const amount = autoRechargeAmount({ balance: balanceAfter, settings: autoRecharge, rechargedThisMonth: await reservedThisMonth(ctx, tx, month, ['charging', 'succeeded']), currency });
  if (amount.status === 'none') return undefined;
  const skipped = amount.status === 'cap-reached';
  const message = skipped ? `Auto-recharge did not top up: this month's cap of ${autoRecharge.monthlyCap} ${currency} is used up. Add funds, or raise the cap.` : null;
  const { rows: inserted } = await tx.query<{ id: string }>(
    `INSERT INTO ${ctx.s}.auto_recharges (account_id, month, status, amount, currency, message, created_at, updated_at)
     VALUES ($1, $2::date, $3, $4::numeric, $5, $6, $7::timestamptz, $7::timestamptz) RETURNING id::text AS id`,
    [ctx.accountId, month, skipped ? 'skipped' : 'charging', skipped ? '0' : amount.amount, currency, message, now.toISOString()],
  );
  const id = inserted[0]!.id;
  if (!skipped) return { id, status: 'charging', amount: amount.amount, currency };
  const notice = await insertNotice(ctx, tx, id, '0', currency, message!);
  return { id, status: 'skipped', amount: '0', currency, ...(notice ? { notice } : {}) };
}

async function notify(ctx: AccountContext, deps: AutoRechargeDeps, notice: AutoRechargeNotice | undefined): Promise<void> {
  if (!notice || !deps.onNotify) return;
  try {
    await deps.onNotify({ ...notice, accountId: ctx.accountId });
  } catch {
    // The outbox row is the record; a failing hook changes nothing.
  }
}

export const autoRechargeKey = (accountId: string, id: string) => `rebill-kit:auto-recharge:${accountId}:${id}`;
/** A top-up's charge names it in its metadata as the purchase `auto-recharge-<id>`. */
const AUTO_RECHARGE_PREFIX = 'auto-recharge-';
const AUTO_RECHARGE_PURCHASE = /^auto-recharge-(\d+)$/;

/**
 * After the charge's commit: one card charge for the crossing. Never throws (the usage charge
 * already succeeded); an unknown outcome (a network error) leaves the row `charging`, its cap
 * reservation held, for `resumeAutoRecharges` to ask again with the same key. Whether this call
 * settled the row (succeeded or declined) comes back.
 */
export async function runAutoRecharge(ctx: AccountContext, deps: AutoRechargeDeps, recharge: ReservedRecharge): Promise<boolean> {
  if (recharge.status === 'skipped') {
    await notify(ctx, deps, recharge.notice);
    return false;
  }
  const { payments } = deps;
  if (!payments) return false;
  // A charge that answered `processing` and whose webhook never came is read back: a replay of
  // its key would only answer `processing` again.
  const processing = recharge.processingChargeId ?? null;
  let outcome: ChargeOutcome;
  try {
    outcome =
      processing !== null && payments.retrieveCharge
        ? await payments.retrieveCharge({ chargeId: processing })
        : await payments.charge({
            payer: 'owner',
            accountId: ctx.accountId,
            subAccountId: '',
            purchaseId: `${AUTO_RECHARGE_PREFIX}${recharge.id}`,
            attempt: 1,
            amount: recharge.amount,
            currency: recharge.currency,
            description: 'OneBalance auto-recharge',
            idempotencyKey: autoRechargeKey(ctx.accountId, recharge.id),
          });
  } catch (error) {
    // A read that failed says nothing about the charge; only a refused request is a decline.
    if (processing !== null || !(isRebillingError(error) && error.code === 'validation')) return false;
    outcome = { status: 'declined', chargeId: null, code: 'charge_refused', message: error.message };
  }
  if (outcome.status === 'processing') {
    // Still outstanding: its webhook settles it, or `resumeAutoRecharges` asks again, no sooner
    // than its wait from now.
    await ctx.db.query(`UPDATE ${ctx.s}.auto_recharges SET charge_id = $3, updated_at = $4::timestamptz WHERE account_id = $1 AND id = $2::bigint AND status = 'charging'`, [
      ctx.accountId,
      recharge.id,
      outcome.chargeId,
      ctx.now().toISOString(),
    ]);
    return false;
  }
  const { settled, notice } = await ctx.db.transaction((tx) => settleRecharge(ctx, tx, recharge, outcome));
  await notify(ctx, deps, notice);
  return settled;
}

type RechargeOutcome = { status: 'succeeded'; chargeId: string | null } | { status: 'declined'; chargeId: string | null; message: string };

/**
 * The card's answer, in one transaction: a success marks the row and adds the funds (the
 * top-up's key makes a repeat add nothing); a decline marks it and writes the owner's notice.
 * Only a row still `charging` moves, so the charge's own answer and its webhook settle it once.
 */
async function settleRecharge(
  ctx: AccountContext,
  tx: Queryable,
  recharge: Pick<ReservedRecharge, 'id' | 'amount' | 'currency'>,
  outcome: RechargeOutcome,
): Promise<{ settled: boolean; notice?: AutoRechargeNotice }> {
  const declined = outcome.status === 'declined';
  const message = declined
    ? `Auto-recharge of ${recharge.amount} ${recharge.currency} was declined (${outcome.message}). It is not retried: update your card and add funds; the next time the balance falls below the threshold it tries again.`
    : null;
  const { rows } = await tx.query(
    `UPDATE ${ctx.s}.auto_recharges SET status = $3, message = $4, charge_id = COALESCE($5, charge_id), updated_at = $6::timestamptz
      WHERE account_id = $1 AND id = $2::bigint AND status = 'charging' RETURNING 1`,
    [ctx.accountId, recharge.id, outcome.status, message, outcome.chargeId, ctx.now().toISOString()],
  );
  if (rows.length === 0) return { settled: false };
  if (message !== null) {
    const notice = await insertNotice(ctx, tx, recharge.id, recharge.amount, recharge.currency, message);
    return notice ? { settled: true, notice } : { settled: true };
  }
  // The ledger entry and balance through the one top-up path.
  await addFundsIn(ctx, tx, { wallet: 'main', amount: recharge.amount, idempotencyKey: autoRechargeKey(ctx.accountId, recharge.id), description: 'Auto-recharge' });
  return { settled: true };
}

/**
 * Inside a webhook's transaction: the answer for a top-up that was `processing`, read from the
 * charge's metadata (`purchaseId` `auto-recharge-<id>`). Only the owner's platform charge of
 * this account's row, and only the charge the row recorded, can settle it. The notice to send
 * after commit (a decline) comes back; `null` when the event is not about a top-up.
 */
export async function applyAutoRechargeEvent(
  ctx: AccountContext,
  tx: Queryable,
  event: Extract<PaymentEvent, { type: 'charge.succeeded' | 'charge.failed' | 'charge.refunded' }>,
): Promise<{ notice: AutoRechargeNotice | undefined } | null> {
  const id = AUTO_RECHARGE_PURCHASE.exec(event.purchaseId ?? '')?.[1];
  if (!id) return null;
  if (event.payer !== 'owner' || event.connectedAccountId !== null || event.type === 'charge.refunded') return { notice: undefined };
  const { rows } = await tx.query<{ amount: string; currency: string; charge_id: string | null }>(
    `SELECT amount::text AS amount, currency, charge_id FROM ${ctx.s}.auto_recharges
      WHERE account_id = $1 AND id = $2::bigint AND status = 'charging' FOR UPDATE`,
    [ctx.accountId, id],
  );
  const row = rows[0];
  if (!row || (row.charge_id !== null && row.charge_id !== event.chargeId)) return { notice: undefined };
  const recharge = { id, amount: money(row.amount), currency: row.currency };
  const outcome: RechargeOutcome =
    event.type === 'charge.succeeded' ? { status: 'succeeded', chargeId: event.chargeId } : { status: 'declined', chargeId: event.chargeId, message: event.message };
  return { notice: (await settleRecharge(ctx, tx, recharge, outcome)).notice };
}

/** After a webhook's commit: the owner's notice of a declined top-up, if it wrote one. */
export async function afterAutoRechargeEvent(ctx: AccountContext, deps: AutoRechargeDeps, applied: { notice: AutoRechargeNotice | undefined } | null): Promise<void> {
  await notify(ctx, deps, applied?.notice);
}

/**
 * Re-drives the top-ups left `charging` for `resumeAfterMs` or more. An answer lost to a network
 * error, or a process that stopped between the charge and its record, left the cap reserved and
 * the wallet unfunded: the card is charged again with the top-up's own idempotency key, so the
 * processor answers with the first attempt's outcome (or makes the charge if it never arrived).
 * A `processing` charge whose webhook never came is read back instead (`retrieveCharge`), since a
 * replay of its key only says `processing` again. One card charge and one ledger entry, however
 * many processes run this at once. Returns how many reached an end (succeeded or declined).
 */
export async function resumeAutoRecharges(
  contextFor: (accountId: string) => AccountContext,
  base: AccountContext,
  deps: AutoRechargeDeps,
  { limit, resumeAfterMs }: { limit: number; resumeAfterMs: number },
): Promise<number> {
  const { rows } = await base.db.query<{ account_id: string; id: string; amount: string; currency: string; charge_id: string | null }>(
    `SELECT account_id, id::text AS id, amount::text AS amount, currency, charge_id FROM ${base.s}.auto_recharges
      WHERE status = 'charging' AND updated_at <= $1::timestamptz
      ORDER BY updated_at LIMIT $2`,
    [new Date(base.now().getTime() - resumeAfterMs).toISOString(), limit],
  );
  let settled = 0;
  for (const row of rows) {
    const recharge = { id: row.id, status: 'charging' as const, amount: money(row.amount), currency: row.currency, processingChargeId: row.charge_id };
    if (await runAutoRecharge(contextFor(row.account_id), deps, recharge)) settled += 1;
  }
  return settled;
}
