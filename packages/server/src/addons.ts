/**
 * Add-on purchases (Phone Numbers, Listings), paid by card in the seed's order: the sub-account's
 * card is charged the resale price on the owner's connected Stripe account, then the owner's card
 * You Pay on the platform's; the add-on is `active` only after the second charge succeeds.
 *
 * The purchase row persists core's state machine (`transitionAddonPurchase`). Every move is one
 * transaction on that row under `SELECT … FOR UPDATE`, so the synchronous answer of a charge, its
 * webhook, a retry and the deadline job may race: the first applies, the rest are no-ops. Each
 * charge's Stripe idempotency key is derived from the purchase (`rebill-kit:purchase:<id>:sub-charge`,
 * `…:owner-charge:<attempt>`, `…:sub-refund`), so any process may re-issue a charge whose answer
 * was lost and Stripe makes it once. Nothing is kept in memory between calls.
 */
import { randomUUID } from 'node:crypto';
import {
  type AddonPurchaseEvent,
  type AddonPurchaseStatus,
  type DecimalString,
  RebillingError,
  chargeTotal,
  isPastAddonPurchaseEvent,
  isRebillingError,
  quote,
  transitionAddonPurchase,
} from '@rebill-kit/core';
import type { AccountContext } from './context.js';
import type { Queryable } from './db.js';
import { checkIdempotencyKey } from './idempotency.js';
import type { ChargeOutcome, PaymentEvent, PaymentGateway } from './payments/gateway.js';
import { overrideRule } from './overrides.js';
import { readPricing } from './prices.js';

export type AddonProduct = 'phoneNumbers' | 'listings';

export interface PurchaseAddonInput {
  subAccountId: string;
  product: AddonProduct;
  /** One purchase per key and account: a retry with the same key returns the same purchase. */
  idempotencyKey: string;
  /** ISO 3166 alpha-2, for a phone number's country rate. Default: the baseline (US/CA). */
  country?: string;
}

/** A purchase as the host reads it. Amounts are what the cards are (or were) charged. */
export interface AddonPurchase {
  id: string;
  subAccountId: string;
  product: AddonProduct;
  status: AddonPurchaseStatus;
  /** `status === 'active'`: both charges succeeded. */
  active: boolean;
  currency: string;
  /** The resale price, rounded once (half to even) to the currency's minor unit. */
  subAccountAmount: DecimalString;
  /** You Pay, rounded the same way. */
  ownerAmount: DecimalString;
  /** How many times the owner's card was tried. */
  ownerAttempts: number;
  /** When the sub-account's charge is refunded if the owner has not paid (set on the first owner decline). */
  refundDeadline: string | null;
  /** The last decline, for the message shown to whoever must act. */
  decline: { payer: 'sub-account' | 'owner'; code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** An owner notification, from the outbox (`account.listNotifications()`). */
export interface OwnerNotification {
  id: string;
  /** `auto-recharge-failed`: a top-up of the main wallet was declined or the month's cap was used up. */
  type: 'owner-charge-declined' | 'auto-recharge-failed';
  /** The add-on purchase (`null` for an auto-recharge). */
  purchaseId: string | null;
  subAccountId: string | null;
  product: AddonProduct | null;
  /** Which owner attempt was declined; one notification per declined attempt. */
  attempt: number;
  amount: DecimalString;
  currency: string;
  message: string;
  at: string;
}

export interface AddonDeps {
  payments: PaymentGateway;
  /** How long after the owner's first decline the sub-account is refunded. */
  refundDeadlineMs: number;
  /** An in-flight purchase untouched this long is re-driven by `processDuePurchases`. */
  resumeAfterMs: number;
  onNotify?: ((notification: OwnerNotification & { accountId: string }) => void | Promise<void>) | undefined;
}

interface PurchaseRow {
  account_id: string;
  id: string;
  idempotency_key: string;
  sub_account_id: string;
  product: AddonProduct;
  country: string | null;
  status: AddonPurchaseStatus;
  currency: string;
  sub_amount: string;
  owner_amount: string;
  connected_account_id: string;
  sub_charge_id: string | null;
  owner_charge_id: string | null;
  owner_attempt: number;
  sub_refund_id: string | null;
  decline_payer: 'sub-account' | 'owner' | null;
  decline_code: string | null;
  decline_message: string | null;
  refund_deadline: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = `account_id, id, idempotency_key, sub_account_id, product, country, status, currency,
  sub_amount::text AS sub_amount, owner_amount::text AS owner_amount, connected_account_id, sub_charge_id,
  owner_charge_id, owner_attempt, sub_refund_id, decline_payer, decline_code, decline_message,
  refund_deadline, created_at, updated_at`;

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function toPurchase(row: PurchaseRow): AddonPurchase {
  return {
    id: row.id,
    subAccountId: row.sub_account_id,
    product: row.product,
    status: row.status,
    active: row.status === 'active',
    currency: row.currency,
    subAccountAmount: row.sub_amount,
    ownerAmount: row.owner_amount,
    ownerAttempts: Number(row.owner_attempt),
    refundDeadline: iso(row.refund_deadline),
    decline:
      row.decline_payer && row.decline_code
        ? { payer: row.decline_payer, code: row.decline_code, message: row.decline_message ?? '' }
        : null,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

const DESCRIPTIONS: Record<AddonProduct, string> = { phoneNumbers: 'Phone number', listings: 'Listings' };

function checkInput(input: PurchaseAddonInput): PurchaseAddonInput {
  const fields = [];
  const i = (input ?? {}) as Partial<PurchaseAddonInput>;
  if (typeof i.subAccountId !== 'string' || i.subAccountId.length < 1 || i.subAccountId.length > 255) {
    fields.push({ path: 'subAccountId', message: 'must be the sub-account id, 1–255 characters' });
  }
  if (i.product !== 'phoneNumbers' && i.product !== 'listings') {
    fields.push({ path: 'product', message: 'must be "phoneNumbers" or "listings" (usage products are charged with chargeUsage)' });
  }
  if (i.country !== undefined && (typeof i.country !== 'string' || !/^[A-Za-z]{2}$/.test(i.country))) {
    fields.push({ path: 'country', message: 'must be an ISO 3166 alpha-2 code such as "GB"' });
  }
  if (fields.length > 0) throw RebillingError.validation('Cannot purchase the add-on', fields);
  checkIdempotencyKey(i.idempotencyKey);
  return i as PurchaseAddonInput;
}

async function lockPurchase(ctx: AccountContext, tx: Queryable, id: string): Promise<PurchaseRow | undefined> {
  const { rows } = await tx.query<PurchaseRow>(
    `SELECT ${COLUMNS} FROM ${ctx.s}.addon_purchases WHERE account_id = $1 AND id = $2 FOR UPDATE`,
    [ctx.accountId, id],
  );
  return rows[0];
}

async function readPurchase(ctx: AccountContext, id: string): Promise<PurchaseRow | undefined> {
  const { rows } = await ctx.db.query<PurchaseRow>(`SELECT ${COLUMNS} FROM ${ctx.s}.addon_purchases WHERE account_id = $1 AND id = $2`, [
    ctx.accountId,
    id,
  ]);
  return rows[0];
}

type Patch = Partial<Pick<PurchaseRow, 'sub_charge_id' | 'owner_charge_id' | 'sub_refund_id' | 'decline_payer' | 'decline_code' | 'decline_message'>> & {
  owner_attempt?: number;
};

interface Applied {
  row: PurchaseRow;
  changed: boolean;
  notification?: OwnerNotification;
}

/**
 * Moves a locked purchase by `event` inside `tx`. An event the purchase is past, or one that
 * cannot apply (a late webhook about something already settled), changes nothing.
 */
async function applyEvent(
  ctx: AccountContext,
  deps: AddonDeps,
  tx: Queryable,
  id: string,
  event: AddonPurchaseEvent,
  patch: Patch = {},
): Promise<Applied> {
  const row = await lockPurchase(ctx, tx, id);
  if (!row) throw new RebillingError('validation', `No add-on purchase ${id} in this account.`);
  if (isPastAddonPurchaseEvent(row, event)) return { row, changed: false };
  let next: AddonPurchaseStatus;
  try {
    next = transitionAddonPurchase(row, event).status;
  } catch (error) {
    if (isRebillingError(error) && error.code === 'validation') return { row, changed: false };
    throw error;
  }
  const now = ctx.now();
  const sets: string[] = ['status = $3', 'updated_at = $4::timestamptz'];
  const params: unknown[] = [ctx.accountId, id, next, now.toISOString()];
  for (const [column, value] of Object.entries(patch)) {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  if (event.type === 'owner-declined') {
    // The deadline runs from the first decline; later declines of retries do not extend it.
    params.push(new Date(now.getTime() + deps.refundDeadlineMs).toISOString());
    sets.push(`refund_deadline = COALESCE(refund_deadline, $${params.length}::timestamptz)`);
  }
  const { rows } = await tx.query<PurchaseRow>(
    `UPDATE ${ctx.s}.addon_purchases SET ${sets.join(', ')} WHERE account_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    params,
  );
  const updated = rows[0]!;
  if (event.type !== 'owner-declined') return { row: updated, changed: true };
  // Exactly one notification per declined attempt, however many times the decline is reported.
  const message = `Your card was declined for You Pay ${updated.owner_amount} ${updated.currency} (${DESCRIPTIONS[updated.product]} for sub-account ${updated.sub_account_id}). The add-on stays inactive until the payment goes through: update your card and retry.`;
  const { rows: inserted } = await tx.query<{ id: string; created_at: Date | string }>(
    `INSERT INTO ${ctx.s}.notifications (account_id, type, purchase_id, attempt, message, created_at)
     VALUES ($1, 'owner-charge-declined', $2, $3, $4, $5::timestamptz)
     ON CONFLICT (account_id, purchase_id, attempt, type) DO NOTHING
     RETURNING id::text AS id, created_at`,
    [ctx.accountId, id, updated.owner_attempt, message, now.toISOString()],
  );
  const n = inserted[0];
  return {
    row: updated,
    changed: true,
    ...(n
      ? {
          notification: {
            id: n.id,
            type: 'owner-charge-declined' as const,
            purchaseId: id,
            subAccountId: updated.sub_account_id,
            product: updated.product,
            attempt: Number(updated.owner_attempt),
            amount: updated.owner_amount,
            currency: updated.currency,
            message,
            at: iso(n.created_at)!,
          },
        }
      : {}),
  };
}

async function notify(ctx: AccountContext, deps: AddonDeps, applied: Applied): Promise<void> {
  if (!applied.notification || !deps.onNotify) return;
  try {
    await deps.onNotify({ ...applied.notification, accountId: ctx.accountId });
  } catch {
    // The outbox row is the record; a failing hook must not undo or repeat the charge handling.
  }
}

async function transition(ctx: AccountContext, deps: AddonDeps, id: string, event: AddonPurchaseEvent, patch?: Patch): Promise<Applied> {
  const applied = await ctx.db.transaction((tx) => applyEvent(ctx, deps, tx, id, event, patch));
  await notify(ctx, deps, applied);
  return applied;
}

/**
 * Only a `validation` error means "this charge cannot be made" (no card on file, a request the
 * processor rejects). Anything else leaves the answer unknown: the purchase stays in flight and
 * the same key is re-issued later; a bad API key is also thrown, so the host sees it.
 */
function isUnknownOutcome(error: unknown): boolean {
  if (isRebillingError(error) && error.code === 'unauthorized') throw error;
  return !(isRebillingError(error) && error.code === 'validation');
}

const keys = {
  sub: (id: string) => `rebill-kit:purchase:${id}:sub-charge`,
  owner: (id: string, attempt: number) => `rebill-kit:purchase:${id}:owner-charge:${attempt}`,
  refund: (id: string) => `rebill-kit:purchase:${id}:sub-refund`,
};

async function chargeStep(
  ctx: AccountContext,
  deps: AddonDeps,
  row: PurchaseRow,
): Promise<{ row: PurchaseRow; settled: boolean }> {
  const payer = row.status === 'charging-sub-account' ? 'sub-account' : 'owner';
  const attempt = payer === 'sub-account' ? 1 : Number(row.owner_attempt);
  const chargeColumn = payer === 'sub-account' ? 'sub_charge_id' : 'owner_charge_id';
  // This step's charge answered `processing` and its webhook has not come: read it back, since a
  // replay of its key would only answer `processing` again.
  const processing = row[chargeColumn];
  const connected = payer === 'sub-account' ? { connectedAccountId: row.connected_account_id } : {};
  let outcome: ChargeOutcome;
  try {
    outcome =
      processing !== null && deps.payments.retrieveCharge
        ? await deps.payments.retrieveCharge({ chargeId: processing, ...connected })
        : await deps.payments.charge({
            payer,
            accountId: ctx.accountId,
            subAccountId: row.sub_account_id,
            ...connected,
            purchaseId: row.id,
            attempt,
            amount: payer === 'sub-account' ? row.sub_amount : row.owner_amount,
            currency: row.currency,
            description: DESCRIPTIONS[row.product],
            idempotencyKey: payer === 'sub-account' ? keys.sub(row.id) : keys.owner(row.id, attempt),
          });
  } catch (error) {
    // A read that failed says nothing about the charge: it is asked again later.
    if (isUnknownOutcome(error) || processing !== null) return { row, settled: false };
    // The charge cannot be made as asked (no card on file, a rejected request): a decline.
    outcome = { status: 'declined', chargeId: null, code: 'charge_refused', message: (error as Error).message };
  }
  if (outcome.status === 'processing') {
    // Asked again (by processDuePurchases) no sooner than its wait from now.
    await ctx.db.query(
      `UPDATE ${ctx.s}.addon_purchases SET ${chargeColumn} = COALESCE(${chargeColumn}, $3), updated_at = $4::timestamptz
        WHERE account_id = $1 AND id = $2 AND status = $5`,
      [ctx.accountId, row.id, outcome.chargeId, ctx.now().toISOString(), row.status],
    );
    return { row, settled: false };
  }
  // Also when a webhook applied the same answer first and drives on too: the next step's key is
  // the same for both, so Stripe makes it once, and this caller still gets a settled answer.
  if (outcome.status === 'succeeded') {
    const next = await transition(ctx, deps, row.id, { type: payer === 'sub-account' ? 'sub-account-charged' : 'owner-charged' }, { [chargeColumn]: outcome.chargeId });
    return { row: next.row, settled: true };
  }
  const decline: Patch = { decline_payer: payer, decline_code: outcome.code, decline_message: outcome.message };
  if (outcome.chargeId) decline[chargeColumn] = outcome.chargeId;
  const next = await transition(ctx, deps, row.id, { type: payer === 'sub-account' ? 'sub-account-declined' : 'owner-declined' }, decline);
  return { row: next.row, settled: true };
}

async function refundStep(ctx: AccountContext, deps: AddonDeps, row: PurchaseRow): Promise<{ row: PurchaseRow; settled: boolean }> {
  try {
    const refund = await deps.payments.refund({
      chargeId: row.sub_charge_id!,
      payer: 'sub-account',
      connectedAccountId: row.connected_account_id,
      purchaseId: row.id,
      idempotencyKey: keys.refund(row.id),
    });
    if (refund.status !== 'succeeded') {
      await ctx.db.query(`UPDATE ${ctx.s}.addon_purchases SET sub_refund_id = $3 WHERE account_id = $1 AND id = $2`, [ctx.accountId, row.id, refund.refundId]);
      return { row, settled: false }; // charge.refunded finishes it
    }
    const next = await transition(ctx, deps, row.id, { type: 'sub-account-refunded' }, { sub_refund_id: refund.refundId });
    return { row: next.row, settled: true };
  } catch (error) {
    if (isUnknownOutcome(error)) return { row, settled: false };
    throw error;
  }
}

/**
 * Runs the purchase's next charge or refund until it waits on something outside (a decline,
 * a webhook, an unknown answer) or ends. Safe to call from any process at any time: each step
 * re-issues the same idempotency key.
 */
async function drive(ctx: AccountContext, deps: AddonDeps, start: PurchaseRow): Promise<PurchaseRow> {
  let row = start;
  for (let step = 0; step < 4; step += 1) {
    let result: { row: PurchaseRow; settled: boolean };
    if (row.status === 'charging-sub-account' || row.status === 'charging-owner') result = await chargeStep(ctx, deps, row);
    else if (row.status === 'refunding') result = await refundStep(ctx, deps, row);
    else return row;
    if (!result.settled) return (await readPurchase(ctx, row.id)) ?? row;
    row = result.row;
  }
  return row;
}

async function connectedAccountOf(ctx: AccountContext, tx: Queryable): Promise<string> {
  const { rows } = await tx.query<{ status: string; connected_account_id: string | null }>(
    `SELECT status, connected_account_id FROM ${ctx.s}.stripe_connections WHERE account_id = $1`,
    [ctx.accountId],
  );
  const row = rows[0];
  if (row?.status !== 'connected' || !row.connected_account_id) {
    throw new RebillingError(
      'validation',
      "Add-ons are charged to the sub-account's card through the owner's Stripe: connect Stripe (Integrate Stripe) and finish onboarding first.",
      { fields: [{ path: 'stripe', message: 'not connected' }] },
    );
  }
  return row.connected_account_id;
}

/** `account.purchaseAddon`: creates the purchase (once per key) and runs it as far as it goes. */
export async function purchaseAddon(ctx: AccountContext, deps: AddonDeps, input: PurchaseAddonInput): Promise<AddonPurchase> {
  const { subAccountId, product, idempotencyKey, country } = checkInput(input);
  const snapshot = await readPricing(ctx);
  // A per-sub-account override of the add-on's price is what this sub-account's card is charged.
  const rule = await overrideRule(ctx, ctx.db, subAccountId, product);
  const q = quote(snapshot.products[product], { ...(country === undefined ? {} : { country }), ...(rule ? { rule } : {}) });
  const currency = snapshot.currency;
  const subAmount = chargeTotal(q.subAccountPays, 1, currency);
  const ownerAmount = chargeTotal(q.youPay, 1, currency);
  if (subAmount === '0' || ownerAmount === '0') {
    throw RebillingError.validation(`A ${DESCRIPTIONS[product]} purchase is charged by card, and a card charge must be more than zero`, [
      { path: `products.${product}`, message: `the sub-account pays ${subAmount} and You Pay is ${ownerAmount} ${currency}` },
    ]);
  }
  const now = ctx.now().toISOString();
  const created = await ctx.db.transaction(async (tx) => {
    const connectedAccountId = await connectedAccountOf(ctx, tx);
    const { rows } = await tx.query<PurchaseRow>(
      `INSERT INTO ${ctx.s}.addon_purchases
         (account_id, id, idempotency_key, sub_account_id, product, country, status, currency, sub_amount, owner_amount,
          connected_account_id, owner_attempt, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'charging-sub-account', $7, $8::numeric, $9::numeric, $10, 1, $11::timestamptz, $11::timestamptz)
       ON CONFLICT (account_id, idempotency_key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [ctx.accountId, `pur_${randomUUID()}`, idempotencyKey, subAccountId, product, country?.toUpperCase() ?? null, currency, subAmount, ownerAmount, connectedAccountId, now],
    );
    if (rows[0]) return { row: rows[0], replayed: false };
    const { rows: existing } = await tx.query<PurchaseRow>(
      `SELECT ${COLUMNS} FROM ${ctx.s}.addon_purchases WHERE account_id = $1 AND idempotency_key = $2`,
      [ctx.accountId, idempotencyKey],
    );
    return { row: existing[0]!, replayed: true };
  });
  if (created.replayed) {
    const row = created.row;
    if (row.sub_account_id !== subAccountId || row.product !== product || (row.country ?? undefined) !== (country?.toUpperCase() ?? undefined)) {
      throw RebillingError.validation(`Idempotency key ${JSON.stringify(idempotencyKey)} was already used for another purchase`, [
        { path: 'idempotencyKey', message: 'use a new key for a new purchase' },
      ]);
    }
    return toPurchase(row);
  }
  return toPurchase(await drive(ctx, deps, created.row));
}

/** `account.retryOwnerCharge`: charges the owner's card again (a new attempt, a new key). */
export async function retryOwnerCharge(ctx: AccountContext, deps: AddonDeps, id: string): Promise<AddonPurchase> {
  const applied = await ctx.db.transaction(async (tx) => {
    const row = await lockPurchase(ctx, tx, id);
    if (!row) throw new RebillingError('validation', `No add-on purchase ${JSON.stringify(id)} in this account.`);
    if (row.status === 'active') return { row, changed: false };
    if (row.status !== 'awaiting-owner-payment') {
      throw new RebillingError(
        'validation',
        row.status === 'refunding' || row.status === 'refunded'
          ? `Purchase ${id} passed its deadline and the sub-account was refunded; the sub-account buys again as a new purchase.`
          : `Purchase ${id} is ${row.status}: only a purchase waiting for the owner's payment can be retried.`,
      );
    }
    // The new attempt has no charge yet: the declined one's id stays in its events and notice.
    return applyEvent(ctx, deps, tx, id, { type: 'owner-retry' }, { owner_attempt: Number(row.owner_attempt) + 1, owner_charge_id: null });
  });
  return toPurchase(applied.changed ? await drive(ctx, deps, applied.row) : applied.row);
}

export async function getPurchase(ctx: AccountContext, id: string): Promise<AddonPurchase | null> {
  const row = await readPurchase(ctx, id);
  return row ? toPurchase(row) : null;
}

export async function listPurchases(ctx: AccountContext, query: { subAccountId?: string; limit?: number } = {}): Promise<AddonPurchase[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000);
  const { rows } = await ctx.db.query<PurchaseRow>(
    `SELECT ${COLUMNS} FROM ${ctx.s}.addon_purchases
      WHERE account_id = $1 AND ($2::text IS NULL OR sub_account_id = $2)
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [ctx.accountId, query.subAccountId ?? null, limit],
  );
  return rows.map(toPurchase);
}

export async function listNotifications(ctx: AccountContext, query: { limit?: number } = {}): Promise<OwnerNotification[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000);
  const { rows } = await ctx.db.query<{
    id: string; type: OwnerNotification['type']; purchase_id: string | null; attempt: number; message: string; created_at: Date | string;
    sub_account_id: string | null; product: AddonProduct | null; owner_amount: string; currency: string;
  }>(
    `SELECT n.id::text AS id, n.type, n.purchase_id, n.attempt, n.message, n.created_at,
            p.sub_account_id, p.product, COALESCE(p.owner_amount, r.amount)::text AS owner_amount, COALESCE(p.currency, r.currency) AS currency
       FROM ${ctx.s}.notifications AS n
       LEFT JOIN ${ctx.s}.addon_purchases AS p ON p.account_id = n.account_id AND p.id = n.purchase_id
       LEFT JOIN ${ctx.s}.auto_recharges AS r ON r.account_id = n.account_id AND r.id = n.auto_recharge_id
      WHERE n.account_id = $1
      ORDER BY n.id DESC LIMIT $2`,
    [ctx.accountId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    purchaseId: r.purchase_id,
    subAccountId: r.sub_account_id,
    product: r.product,
    attempt: Number(r.attempt),
    amount: r.owner_amount,
    currency: r.currency,
    message: r.message,
    at: iso(r.created_at)!,
  }));
}

/**
 * A verified charge event, inside the webhook's transaction (with its event-id row). Returns
 * what to do after commit: re-drive the purchase, send a notification.
 */
export async function applyChargeEvent(
  ctx: AccountContext,
  deps: AddonDeps,
  tx: Queryable,
  event: Extract<PaymentEvent, { type: 'charge.succeeded' | 'charge.failed' | 'charge.refunded' }>,
): Promise<Applied | null> {
  if (!event.purchaseId || !event.payer) return null;
  const row = await lockPurchase(ctx, tx, event.purchaseId);
  if (!row) return null;
  // A charge is about this purchase only if it was made where the purchase charges that payer:
  // an owner's connected account cannot speak for a platform charge, or for another account.
  const expectedAccount = event.payer === 'sub-account' ? row.connected_account_id : null;
  if (event.connectedAccountId !== expectedAccount) return { row, changed: false };
  if (event.payer === 'sub-account') {
    if (row.sub_charge_id !== null && row.sub_charge_id !== event.chargeId) return { row, changed: false };
    if (event.type === 'charge.succeeded') return applyEvent(ctx, deps, tx, row.id, { type: 'sub-account-charged' }, { sub_charge_id: event.chargeId });
    if (event.type === 'charge.refunded') return applyEvent(ctx, deps, tx, row.id, { type: 'sub-account-refunded' });
    return applyEvent(ctx, deps, tx, row.id, { type: 'sub-account-declined' }, {
      sub_charge_id: event.chargeId, decline_payer: 'sub-account', decline_code: event.code, decline_message: event.message,
    });
  }
  // An owner event about an earlier attempt than the current one is history, not news.
  if (event.attempt !== Number(row.owner_attempt)) return { row, changed: false };
  if (event.type === 'charge.succeeded') return applyEvent(ctx, deps, tx, row.id, { type: 'owner-charged' }, { owner_charge_id: event.chargeId });
  if (event.type === 'charge.failed') {
    return applyEvent(ctx, deps, tx, row.id, { type: 'owner-declined' }, {
      owner_charge_id: event.chargeId, decline_payer: 'owner', decline_code: event.code, decline_message: event.message,
    });
  }
  return { row, changed: false };
}

/** After a webhook's commit: the notification hook, then the purchase's next step. */
export async function afterChargeEvent(ctx: AccountContext, deps: AddonDeps, applied: Applied | null): Promise<void> {
  if (!applied) return;
  await notify(ctx, deps, applied);
  if (applied.changed) await drive(ctx, deps, applied.row);
}

/**
 * The deadline job: refunds the sub-account of every purchase whose owner did not pay by its
 * deadline, and re-drives purchases left in flight (a lost answer, a crashed process). Callable
 * from a cron in any number of processes: rows are claimed with `FOR UPDATE SKIP LOCKED`.
 */
export async function processDuePurchases(
  contextFor: (accountId: string) => AccountContext,
  base: AccountContext,
  deps: AddonDeps,
  { limit }: { limit: number },
): Promise<{ refunded: number; resumed: number }> {
  const now = base.now();
  const { rows: due } = await base.db.query<{ account_id: string; id: string }>(
    `SELECT account_id, id FROM ${base.s}.addon_purchases
      WHERE status = 'awaiting-owner-payment' AND refund_deadline <= $1::timestamptz
      ORDER BY refund_deadline LIMIT $2`,
    [now.toISOString(), limit],
  );
  let refunded = 0;
  for (const { account_id, id } of due) {
    const ctx = contextFor(account_id);
    const applied = await ctx.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `SELECT id FROM ${ctx.s}.addon_purchases WHERE account_id = $1 AND id = $2 AND status = 'awaiting-owner-payment' FOR UPDATE SKIP LOCKED`,
        [account_id, id],
      );
      return rows[0] ? applyEvent(ctx, deps, tx, id, { type: 'deadline-passed' }) : null;
    });
    if (applied?.changed) {
      const row = await drive(ctx, deps, applied.row);
      if (row.status === 'refunded') refunded += 1;
    }
  }
  const { rows: stuck } = await base.db.query<{ account_id: string; id: string }>(
    `SELECT account_id, id FROM ${base.s}.addon_purchases
      WHERE status IN ('charging-sub-account', 'charging-owner', 'refunding') AND updated_at <= $1::timestamptz
      ORDER BY updated_at LIMIT $2`,
    [new Date(now.getTime() - deps.resumeAfterMs).toISOString(), limit],
  );
  let resumed = 0;
  for (const { account_id, id } of stuck) {
    const ctx = contextFor(account_id);
    const row = await readPurchase(ctx, id);
    if (!row) continue;
    const after = await drive(ctx, deps, row);
    if (after.status !== row.status) resumed += 1;
    if (after.status === 'refunded' && row.status !== 'refunded') refunded += 1;
  }
  return { refunded, resumed };
}
