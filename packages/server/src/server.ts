/**
 * `createRebillingServer`: the rebilling backend over one PostgreSQL database (PGlite or a
 * `pg.Pool`). Stateless between calls: every operation reads and writes the database, keyed
 * by account id, so many processes may share one database.
 */
import type { RebillingHandler } from '@rebill-kit/adapter-http/server';
import {
  RebillingError,
  type LedgerPage,
  type PricingChange,
  type PricingSnapshot,
  type ProductId,
  type RebillingAdapter,
  type SaveOptions,
  type SmsSegmentRule,
} from '@rebill-kit/core';
import { type Catalog, parseCatalog } from './catalog.js';
import type { AccountContext } from './context.js';
import { type Database, type DatabaseInput, databaseError, quoteSchema, toDatabase } from './db.js';
import { type ServerHandlerOptions, createServerHandler } from './handler.js';
import { DEFAULT_IDEMPOTENCY_KEY_TTL_MS } from './idempotency.js';
import { type ChargeUsageInput, type ChargeUsageResult, chargeUsage } from './metering.js';
import { migrate } from './migrations.js';
import { type PriceChange, ensureAccount, listPriceChanges, readPricing, savePricing } from './prices.js';
import { connectStripe, loadStripeConnection } from './stripe-connection.js';
import { type AddFundsInput, type AddFundsResult, type WalletRef, addFunds, balances, listLedger } from './wallets.js';

export interface RebillingServerOptions {
  /** `new PGlite()` (embedded; memory or a data folder) or `new pg.Pool({ connectionString })`. */
  database: DatabaseInput;
  /** Postgres schema holding the tables. Default `"rebill_kit"`. */
  schema?: string;
  /** The clock (tests). Default `() => new Date()`. */
  now?: () => Date;
  /** How long an idempotency key is remembered, in milliseconds. Default 24 hours. */
  idempotencyKeyTtlMs?: number;
}

/** Everything one platform account (the owner) can do; every call is scoped to its id. */
export interface RebillingAccount {
  readonly id: string;
  /** A `RebillingAdapter` over this account's data (`listLedger` reads the main wallet). */
  readonly adapter: RebillingAdapter & Required<Pick<RebillingAdapter, 'listLedger'>>;
  addFunds(input: AddFundsInput): Promise<AddFundsResult>;
  chargeUsage(input: ChargeUsageInput): Promise<ChargeUsageResult>;
  balances(query?: { subAccountId?: string }): Promise<{ main: string; subAccount?: string }>;
  listLedger(query: { wallet: WalletRef; cursor?: string; limit: number }, options?: { signal?: AbortSignal }): Promise<LedgerPage>;
  /** Applied price changes, newest first: who, when, from, to, You Pay at the time. */
  listPriceChanges(query?: { product?: ProductId; limit?: number }): Promise<PriceChange[]>;
  /** Account settings. `smsSegmentRule`: how SMS segments are counted (default `'flat-160'`). */
  updateSettings(settings: { smsSegmentRule: SmsSegmentRule }): Promise<void>;
}

export interface RebillingServer {
  /** Creates or upgrades the schema. Idempotent; safe on every start and from many processes. */
  migrate(): Promise<{ applied: number[] }>;
  /** The platform's costs (You Pay per product and country). Process configuration: set it the same in every process. */
  setCatalog(catalog: Catalog): void;
  /** One platform account. `actor` is recorded in price history for saves through its adapter. */
  account(id: string, options?: { actor?: string }): RebillingAccount;
  /** The REST contract (`openapi.yaml`) per account; `authorize` runs before anything is read. */
  handler(options: ServerHandlerOptions): RebillingHandler;
  /** The database as the server uses it (for host queries and tests). */
  readonly database: Database;
  readonly schema: string;
}

/** Wraps every database call so driver errors become `RebillingError`s that name the fix. */
function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw databaseError(error);
    }
  };
}

/**
 * ```ts
 * const server = await createRebillingServer({ database: new PGlite() });
 * await server.migrate();
 * server.setCatalog({ currency: 'USD', products: { sms: { youPay: '0.0079' }, ... } });
 * const account = server.account('acct_42');
 * await account.chargeUsage({ idempotencyKey, subAccountId: 'sub_7', product: 'email' });
 * ```
 */
export async function createRebillingServer(options: RebillingServerOptions): Promise<RebillingServer> {
  const db = toDatabase(options?.database);
  const schema = options.schema ?? 'rebill_kit';
  const s = quoteSchema(schema);
  const now = options.now ?? (() => new Date());
  const idempotencyKeyTtlMs = options.idempotencyKeyTtlMs ?? DEFAULT_IDEMPOTENCY_KEY_TTL_MS;
  if (!Number.isSafeInteger(idempotencyKeyTtlMs) || idempotencyKeyTtlMs < 1) {
    throw new TypeError(`idempotencyKeyTtlMs must be a positive whole number of milliseconds; got ${String(idempotencyKeyTtlMs)}.`);
  }
  let catalog: Catalog | undefined;
  const getCatalog = () => {
    if (!catalog) {
      throw new RebillingError('unavailable', 'No catalog: call server.setCatalog({ currency, products }) at start, before serving accounts.', {
        retryable: false,
      });
    }
    return catalog;
  };

  function account(id: string, accountOptions: { actor?: string } = {}): RebillingAccount {
    if (typeof id !== 'string' || id.length < 1 || id.length > 255) {
      throw new TypeError(`server.account(id) needs the platform account id, a string of 1–255 characters; got ${JSON.stringify(id)}.`);
    }
    const ctx: AccountContext = { db, s, accountId: id, actor: accountOptions.actor, catalog: getCatalog, now, idempotencyKeyTtlMs };
    const mainLedger = guarded((query: { cursor?: string; limit: number }, opts?: { signal?: AbortSignal }) =>
      listLedger(ctx, { ...query, wallet: 'main' }, opts),
    );
    const adapter: RebillingAccount['adapter'] = {
      loadPricing: guarded(async ({ signal }: { signal?: AbortSignal } = {}) => {
        if (signal?.aborted) throw signal.reason;
        return readPricing(ctx);
      }),
      savePricing: guarded((change: PricingChange, saveOptions: SaveOptions): Promise<PricingSnapshot> => savePricing(ctx, change, saveOptions)),
      loadStripeConnection: guarded((opts?: { signal?: AbortSignal }) => loadStripeConnection(ctx, opts)),
      connectStripe: guarded((input) => connectStripe(ctx, input)),
      listLedger: mainLedger,
    };
    return {
      id,
      adapter,
      addFunds: guarded((input: AddFundsInput) => addFunds(ctx, input)),
      chargeUsage: guarded((input: ChargeUsageInput) => chargeUsage(ctx, input)),
      balances: guarded((query?: { subAccountId?: string }) => balances(ctx, query)),
      listLedger: guarded((query: { wallet: WalletRef; cursor?: string; limit: number }, opts?: { signal?: AbortSignal }) =>
        listLedger(ctx, query, opts),
      ),
      listPriceChanges: guarded((query?: { product?: ProductId; limit?: number }) => listPriceChanges(ctx, query)),
      updateSettings: guarded(async ({ smsSegmentRule }: { smsSegmentRule: SmsSegmentRule }) => {
        if (smsSegmentRule !== 'flat-160' && smsSegmentRule !== 'carrier') {
          throw RebillingError.validation("smsSegmentRule must be 'flat-160' or 'carrier'.", [
            { path: 'smsSegmentRule', message: "must be 'flat-160' or 'carrier'" },
          ]);
        }
        await db.transaction(async (tx) => {
          await ensureAccount(ctx, tx);
          await tx.query(`UPDATE ${s}.accounts SET sms_segment_rule = $2 WHERE account_id = $1`, [id, smsSegmentRule]);
        });
      }),
    };
  }

  return {
    database: db,
    schema,
    migrate: guarded(async () => ({ applied: await migrate(db, schema) })),
    setCatalog(input) {
      catalog = parseCatalog(input);
    },
    account,
    handler: (handlerOptions) => createServerHandler((id, actor) => account(id, actor === undefined ? {} : { actor }).adapter, handlerOptions),
  };
}
