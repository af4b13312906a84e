import type { Catalog } from './catalog.js';
import type { Database } from './db.js';

/** What every per-account operation is given: nothing here is state kept between calls. */
export interface AccountContext {
  db: Database;
  /** The quoted schema name, for SQL text. */
  s: string;
  accountId: string;
  /** Who acts (recorded in price history); `undefined` for the system. */
  actor: string | undefined;
  /** The platform's catalog; throws naming `setCatalog` when none was set. */
  catalog(): Catalog;
  now(): Date;
  idempotencyKeyTtlMs: number;
}
