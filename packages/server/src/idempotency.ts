/**
 * Idempotency keys, one table for saves, charges and top-ups: the key, a fingerprint of the
 * request and the first result, per account. Keys expire (default 24 h); an expired key is a
 * new key.
 */
import { createHash } from 'node:crypto';
import { RebillingError } from '@rebill-kit/core';
import type { AccountContext } from './context.js';
import type { Queryable } from './db.js';

export const DEFAULT_IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

export type KeyScope = 'pricing' | 'charge' | 'funds' | 'override' | 'wallet';

export interface StoredKey<R> {
  fingerprint: string;
  result: R;
}

/** 1–255 visible ASCII characters, as the REST contract's Idempotency-Key header. */
export function checkIdempotencyKey(key: unknown): string {
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw RebillingError.validation('Pass an idempotencyKey: 1–255 visible ASCII characters, unique per intent, reused on retry.', [
      { path: 'idempotencyKey', message: typeof key === 'string' ? 'must be 1–255 visible ASCII characters' : 'is required' },
    ]);
  }
  return key;
}

/** A stable digest of a request: canonical JSON (sorted keys), SHA-256. */
export function fingerprint(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, inner]) => inner !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, inner]) => [k, canonical(inner)]),
          )
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('base64url');
}

/** Same key, other request: refused, so a client bug cannot pass as a replay. */
export function assertSameRequest(stored: StoredKey<unknown>, print: string, what: string): void {
  if (stored.fingerprint !== print) {
    throw RebillingError.validation(`This idempotency key was already used for a different ${what}.`, [
      { path: 'idempotencyKey', message: `was used for a different ${what}` },
    ]);
  }
}

function readStored<R>(row: { fingerprint: string; result: string } | undefined): StoredKey<R> | undefined {
  return row ? { fingerprint: row.fingerprint, result: JSON.parse(row.result) as R } : undefined;
}

/** The live (unexpired) key, if any. */
export async function findKey<R>(ctx: AccountContext, tx: Queryable, scope: KeyScope, key: string): Promise<StoredKey<R> | undefined> {
  const { rows } = await tx.query<{ fingerprint: string; result: string }>(
    `SELECT fingerprint, result::text AS result FROM ${ctx.s}.idempotency_keys
      WHERE account_id = $1 AND scope = $2 AND idempotency_key = $3 AND expires_at > $4::timestamptz`,
    [ctx.accountId, scope, key, ctx.now().toISOString()],
  );
  return readStored<R>(rows[0]);
}

/**
 * Claims `key` with its result inside the caller's transaction. Returns `undefined` when claimed
 * (the transaction's rollback releases it), or the live key another call stored first. A
 * concurrent claim of the same key waits here until the first transaction ends.
 */
export async function claimKey<R>(
  ctx: AccountContext,
  tx: Queryable,
  scope: KeyScope,
  key: string,
  print: string,
  result: R,
): Promise<StoredKey<R> | undefined> {
  const now = ctx.now();
  const { rows } = await tx.query(
    `INSERT INTO ${ctx.s}.idempotency_keys AS k (account_id, scope, idempotency_key, fingerprint, result, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::timestamptz, $7::timestamptz)
     ON CONFLICT (account_id, scope, idempotency_key) DO UPDATE
       SET fingerprint = EXCLUDED.fingerprint, result = EXCLUDED.result,
           created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
       WHERE k.expires_at <= EXCLUDED.created_at
     RETURNING 1 AS claimed`,
    [ctx.accountId, scope, key, print, JSON.stringify(result), now.toISOString(), new Date(now.getTime() + ctx.idempotencyKeyTtlMs).toISOString()],
  );
  if (rows.length > 0) return undefined;
  const stored = await findKey<R>(ctx, tx, scope, key);
  if (!stored) throw new RebillingError('conflict', 'This idempotency key changed while it was being claimed; retry with the same key.', { retryable: true });
  return stored;
}

/**
 * Takes the key's transaction-scoped advisory lock without waiting: `false` means another call
 * with the same key is in flight right now.
 */
export async function tryLockKey(ctx: AccountContext, tx: Queryable, scope: KeyScope, key: string): Promise<boolean> {
  const { rows } = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`, [
    JSON.stringify(['rebill-kit', ctx.s, ctx.accountId, scope, key]),
  ]);
  return rows[0]?.locked === true;
}

/**
 * Deletes keys that expired before `now`, in batches of `batch` rows (each its own statement, so
 * no long lock is held), across every account. An expired key already counts as new, so this
 * changes no answer; it only stops the table from growing. Returns how many rows went.
 */
export async function pruneExpiredKeys(db: Queryable, s: string, now: Date, batch: number): Promise<number> {
  let pruned = 0;
  for (;;) {
    const { rows } = await db.query<{ deleted: number }>(
      `WITH gone AS (
         DELETE FROM ${s}.idempotency_keys WHERE ctid IN (
           SELECT ctid FROM ${s}.idempotency_keys WHERE expires_at <= $1::timestamptz LIMIT $2
         ) RETURNING 1
       ) SELECT count(*)::int AS deleted FROM gone`,
      [now.toISOString(), batch],
    );
    const deleted = Number(rows[0]?.deleted ?? 0);
    pruned += deleted;
    if (deleted < batch) return pruned;
  }
}
