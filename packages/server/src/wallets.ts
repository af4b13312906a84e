/**
 * OneBalance wallets: each account's main wallet and one per sub-account, with their ledgers.
 * Balances are `numeric` and never below zero (`CHECK (balance >= 0)`); amounts cross as
 * canonical decimal strings.
 */
import {
  RebillingError,
  compare,
  isDecimalString,
  parseLedgerPage,
  toDecimal,
  toDecimalString,
  type DecimalString,
  type LedgerEntry,
  type LedgerPage,
  type ProductId,
} from '@rebill-kit/core';
import type { AccountContext } from './context.js';
import type { Queryable } from './db.js';
import { assertSameRequest, checkIdempotencyKey, claimKey, fingerprint } from './idempotency.js';

/** The account's main wallet, or one sub-account's. */
export type WalletRef = 'main' | { subAccountId: string };

/** The `sub_account_id` column: `''` is the main wallet. */
export function walletColumn(wallet: unknown, path = 'wallet'): string {
  if (wallet === 'main') return '';
  const id = (wallet as { subAccountId?: unknown } | null)?.subAccountId;
  if (typeof wallet === 'object' && wallet !== null) return checkSubAccountId(id, `${path}.subAccountId`);
  throw RebillingError.validation("Pass wallet: 'main' or { subAccountId }.", [{ path, message: "must be 'main' or { subAccountId }" }]);
}

/** A sub-account id: 1–255 characters. */
export function checkSubAccountId(id: unknown, path = 'subAccountId'): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > 255) {
    throw RebillingError.validation('Pass the sub-account id: a string of 1–255 characters.', [{ path, message: 'must be a string of 1–255 characters' }]);
  }
  return id;
}

/** Canonical decimal string from a `numeric` column read as text ("1.50" → "1.5"). */
export function money(value: unknown): DecimalString {
  return toDecimalString(toDecimal(String(value)));
}

export interface AddFundsInput {
  wallet: WalletRef;
  /** Positive, exact (a wallet may hold fractions of a cent). */
  amount: DecimalString;
  /** One top-up per key: a retry with the same key returns the first result. */
  idempotencyKey: string;
  /** Shown in the ledger. Default `"Funds added"`. */
  description?: string;
}

export interface AddFundsResult {
  /** The wallet's balance right after this top-up. */
  balance: DecimalString;
  entry: LedgerEntry;
  /** `true` when the key was used before: nothing was added this time. */
  replayed: boolean;
}

interface LedgerRow {
  id: string;
  at: Date | string;
  type: LedgerEntry['type'];
  product: ProductId | null;
  quantity: number | null;
  amount: string;
  balance_after: string;
  description: string;
}

export function ledgerEntry(row: LedgerRow): LedgerEntry {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    type: row.type,
    ...(row.product ? { product: row.product } : {}),
    ...(row.quantity === null ? {} : { quantity: Number(row.quantity) }),
    amount: money(row.amount),
    balanceAfter: money(row.balance_after),
    description: row.description,
  };
}

export const LEDGER_COLUMNS = `id::text AS id, at, type, product, quantity, amount::text AS amount, balance_after::text AS balance_after, description`;

/** Adds funds to one wallet, once per idempotency key, with its ledger entry. */
export async function addFunds(ctx: AccountContext, input: AddFundsInput): Promise<AddFundsResult> {
  return ctx.db.transaction((tx) => addFundsIn(ctx, tx, input));
}

/** `addFunds` inside the caller's transaction, for a top-up that must land with another write. */
export async function addFundsIn(ctx: AccountContext, tx: Queryable, input: AddFundsInput): Promise<AddFundsResult> {
  const subAccountId = walletColumn(input?.wallet);
  const key = checkIdempotencyKey(input.idempotencyKey);
  if (!isDecimalString(input.amount) || compare(toDecimal(input.amount), toDecimal('0')) <= 0) {
    throw RebillingError.validation('Pass amount as a positive decimal string such as "25" or "10.50".', [
      { path: 'amount', message: 'must be a positive decimal string' },
    ]);
  }
  const description = input.description ?? 'Funds added';
  if (typeof description !== 'string' || description.length > 500) {
    throw RebillingError.validation('description must be a string of at most 500 characters.', [{ path: 'description', message: 'must be at most 500 characters' }]);
  }
  const amount = money(input.amount);
  const print = fingerprint({ subAccountId, amount, description });
  const previous = await claimKey(ctx, tx, 'funds', key, print, null);
  if (previous) {
    assertSameRequest(previous, print, 'top-up');
    return { ...(previous.result as unknown as Omit<AddFundsResult, 'replayed'>), replayed: true };
  }
  const { rows } = await tx.query<{ balance: string }>(
    `INSERT INTO ${ctx.s}.wallets AS w (account_id, sub_account_id, balance) VALUES ($1, $2, $3::numeric)
     ON CONFLICT (account_id, sub_account_id) DO UPDATE SET balance = w.balance + EXCLUDED.balance
     RETURNING balance::text AS balance`,
    [ctx.accountId, subAccountId, amount],
  );
  const balance = money(rows[0]!.balance);
  const { rows: entries } = await tx.query<LedgerRow>(
    `INSERT INTO ${ctx.s}.ledger (account_id, sub_account_id, at, type, amount, balance_after, description, idempotency_key)
     VALUES ($1, $2, $3::timestamptz, 'funds_added', $4::numeric, $5::numeric, $6, $7)
     RETURNING ${LEDGER_COLUMNS}`,
    [ctx.accountId, subAccountId, ctx.now().toISOString(), amount, balance, description, key],
  );
  const result = { balance, entry: ledgerEntry(entries[0]!) };
  await tx.query(
    `UPDATE ${ctx.s}.idempotency_keys SET result = $4::text::jsonb WHERE account_id = $1 AND scope = $2 AND idempotency_key = $3`,
    [ctx.accountId, 'funds', key, JSON.stringify(result)],
  );
  return { ...result, replayed: false };
}

/** The main wallet's balance and, when asked, one sub-account's; a wallet never funded holds "0". */
export async function balances(
  ctx: AccountContext,
  query: { subAccountId?: string } = {},
): Promise<{ main: DecimalString; subAccount?: DecimalString }> {
  const subAccountId = query.subAccountId === undefined ? undefined : checkSubAccountId(query.subAccountId);
  const { rows } = await ctx.db.query<{ sub_account_id: string; balance: string }>(
    `SELECT sub_account_id, balance::text AS balance FROM ${ctx.s}.wallets
      WHERE account_id = $1 AND sub_account_id IN ('', $2)`,
    [ctx.accountId, subAccountId ?? ''],
  );
  const of = (id: string) => money(rows.find((row) => row.sub_account_id === id)?.balance ?? '0');
  return subAccountId === undefined ? { main: of('') } : { main: of(''), subAccount: of(subAccountId) };
}

/** One page of a wallet's ledger, newest first; the cursor is the last entry's id. */
export async function listLedger(
  ctx: AccountContext,
  query: { wallet?: WalletRef; cursor?: string; limit: number },
  options: { signal?: AbortSignal } = {},
  tx: Queryable = ctx.db,
): Promise<LedgerPage> {
  if (options.signal?.aborted) throw options.signal.reason;
  const subAccountId = walletColumn(query.wallet ?? 'main');
  const { limit, cursor } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw RebillingError.validation('Invalid ledger query', [{ path: 'limit', message: 'must be a whole number from 1 to 200' }]);
  }
  const params: unknown[] = [ctx.accountId, subAccountId, limit + 1];
  let after = '';
  if (cursor !== undefined) {
    const { rows } = /^\d{1,19}$/.test(cursor)
      ? await tx.query(`SELECT 1 FROM ${ctx.s}.ledger WHERE account_id = $1 AND sub_account_id = $2 AND id = $3::bigint`, [
          ctx.accountId,
          subAccountId,
          cursor,
        ])
      : { rows: [] };
    if (rows.length === 0) {
      throw RebillingError.validation('Unknown ledger cursor', [{ path: 'cursor', message: 'is not a cursor this ledger gave' }]);
    }
    params.push(cursor);
    // Keyset paging: entries added since never shift a page.
    after = `AND (at, id) < (SELECT at, id FROM ${ctx.s}.ledger WHERE id = $4::bigint)`;
  }
  const { rows } = await tx.query<LedgerRow>(
    `SELECT ${LEDGER_COLUMNS} FROM ${ctx.s}.ledger
      WHERE account_id = $1 AND sub_account_id = $2 ${after}
      ORDER BY at DESC, id DESC LIMIT $3`,
    params,
  );
  const entries = rows.slice(0, limit).map(ledgerEntry);
  return parseLedgerPage({ entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null });
}
