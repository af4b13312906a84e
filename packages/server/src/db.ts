/**
 * The SQL layer: raw, parameterised SQL behind two methods, so every lock, conditional update
 * and transaction boundary is readable where it is used. Implemented for a PGlite instance and
 * for a `pg.Pool`; a host (or a test) may pass its own `Database`.
 */
import { RebillingError } from '@rebill-kit/core';

/** A row as a driver returns it. Money columns are always selected as `::text`. */
export type Row = Record<string, unknown>;

/** Runs one statement. Parameters are `$1`, `$2`, …; values are strings, numbers or null. */
export interface Queryable {
  query<R = Row>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * What the server needs from a database: single statements, and transactions that commit when
 * `fn` resolves and roll back when it throws. A `PGlite` instance is one already (its
 * `transaction()` serialises callers on its one connection).
 */
export interface Database extends Queryable {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** The parts of a `pg.Pool` used here: a pooled client per transaction. */
export interface PoolLike extends Queryable {
  connect(): Promise<Queryable & { release(error?: Error | boolean): void }>;
}

/** A PGlite instance, a `pg.Pool`, or any {@link Database}. */
export type DatabaseInput = Database | PoolLike;

function fromPool(pool: PoolLike): Database {
  return {
    query: (text, params) => pool.query(text, params),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // A client that cannot roll back is not returned to the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        client.release(broken ?? false);
      }
    },
  };
}

/** Wraps what the host passed as `database`; names the fix for anything else. */
export function toDatabase(input: unknown): Database {
  const candidate = input as Partial<Database & PoolLike> | null;
  if (candidate && typeof candidate.query === 'function') {
    if (typeof candidate.transaction === 'function') return candidate as Database;
    if (typeof candidate.connect === 'function') return fromPool(candidate as PoolLike);
  }
  throw new TypeError(
    'createRebillingServer({ database }) needs a PGlite instance (new PGlite()) or a pg Pool (new pg.Pool({ connectionString })).',
  );
}

/** `"name"`: a schema name checked and quoted for use in SQL text. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(`schema must be a lower-case SQL identifier such as "rebill_kit"; got ${JSON.stringify(schema)}.`);
  }
  return `"${schema}"`;
}

/** The SQLSTATE of a driver error (pg and PGlite both set `code`). */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a driver failure into a `RebillingError`: missing tables name `migrate()`, lost
 * connections and serialisation failures are retryable `unavailable`. Errors that already are
 * `RebillingError`s pass through.
 */
export function databaseError(error: unknown): unknown {
  if (error instanceof RebillingError) return error;
  const state = sqlState(error);
  if (state === '42P01' || state === '3F000') {
    return new RebillingError('unavailable', 'The rebilling tables are missing: run `await server.migrate()` once at start.', {
      cause: error,
      retryable: false,
    });
  }
  if (state === '40001' || state === '40P01' || state?.startsWith('08') || state === '57P01' || state === '53300') {
    return new RebillingError('unavailable', 'The database is busy or unreachable; retry with the same idempotency key.', {
      cause: error,
      retryable: true,
    });
  }
  return error;
}
