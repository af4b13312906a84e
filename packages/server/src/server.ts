/**
 * `createRebillingServer`: the rebilling backend over one PostgreSQL database (PGlite or a
 * `pg.Pool`). Stateless between calls: every operation reads and writes the database, keyed
 * by account id, so many processes may share one database.
 */
import type { RebillingHandler } from '@rebill-kit/adapter-http/server';
import {
  RebillingError,
  type LedgerPage,
  type PriceChangePage,
  type PriceChangeQuery,
  type PricingChange,
  type PricingSnapshot,
  type ProductId,
  type RebillingAdapter,
  type RebillingEvent,
  type SaveOptions,
  type SmsSegmentRule,
  type WalletSettings,
} from '@rebill-kit/core';
import { type AutoRechargeDeps, loadWallet, resumeAutoRecharges, runAutoRecharge, saveAutoRecharge } from './auto-recharge.js';
import { type Catalog, parseCatalog } from './catalog.js';
import type { AccountContext } from './context.js';
import { type Database, type DatabaseInput, databaseError, quoteSchema, toDatabase } from './db.js';
import { type ServerHandlerOptions, createServerHandler } from './handler.js';
import { DEFAULT_IDEMPOTENCY_KEY_TTL_MS, pruneExpiredKeys } from './idempotency.js';
import { type ChargeUsageInput, type ChargeUsageResult, chargeUsage } from './metering.js';
import { migrate } from './migrations.js';
import { type UpsertSubAccountInput, listOverrides, removeOverride, saveOverride, upsertSubAccount } from './overrides.js';
import { ensureAccount, listPriceChanges, readPricing, savePricing } from './prices.js';
import { loadUsageSummary } from './usage.js';
import {
  type AddonDeps,
  type AddonPurchase,
  type OwnerNotification,
  type PurchaseAddonInput,
  getPurchase,
  listNotifications,
  listPurchases,
  processDuePurchases,
  purchaseAddon,
  retryOwnerCharge,
} from './addons.js';
import type { PaymentGateway } from './payments/gateway.js';
import {
  connectStripe,
  connectStripeThroughGateway,
  loadStripeConnection,
  loadStripeConnectionThroughGateway,
} from './stripe-connection.js';
import { handleStripeWebhook } from './stripe-webhook.js';
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
  /**
   * The card processor: `createStripePayments({ stripe, ... })`, or `createTestPayments()` in
   * tests and the demo. Without it `connectStripe` answers `connected` at once and add-ons
   * cannot be purchased.
   */
  payments?: PaymentGateway;
  /**
   * How long after the owner's card is first declined the sub-account's charge is refunded
   * (by `processDuePurchases`) if the owner has not paid. Default 72 hours.
   */
  refundDeadlineMs?: number;
  /** An in-flight purchase untouched this long is re-driven by `processDuePurchases`. Default 60 s. */
  resumeAfterMs?: number;
  /**
   * Called once, after commit, when an owner's charge was declined (the outbox row written by
   * the same transaction is the record: `account.listNotifications()`). Errors are ignored.
   */
  onNotify?: (notification: OwnerNotification & { accountId: string }) => void | Promise<void>;
}

/** Everything one platform account (the owner) can do; every call is scoped to its id. */
export interface RebillingAccount {
  readonly id: string;
  /** A `RebillingAdapter` over this account's data (`listLedger` reads the main wallet). */
  readonly adapter: RebillingAdapter &
    Required<Pick<RebillingAdapter, 'listLedger' | 'listPriceChanges' | 'loadUsageSummary' | 'listOverrides' | 'saveOverride' | 'removeOverride' | 'loadWallet' | 'saveAutoRecharge'
      >
    >;
  addFunds(input: AddFundsInput): Promise<AddFundsResult>;
  chargeUsage(input: ChargeUsageInput): Promise<ChargeUsageResult>;
  balances(query?: { subAccountId?: string }): Promise<{ main: string; subAccount?: string }>;
  listLedger(query: { wallet: WalletRef; cursor?: string; limit: number }, options?: { signal?: AbortSignal }): Promise<LedgerPage>;
  /**
   * One page of the applied price changes, newest first: who, when, from, to, You Pay at the
   * time. The same page as `adapter.listPriceChanges` (pass `nextCursor` as `cursor` for the
   * next); `limit` defaults to 50 here.
   */
  listPriceChanges(query?: { product?: ProductId; cursor?: string; limit?: number }): Promise<PriceChangePage>;
  /**
   * Registers one of the host's sub-accounts under its name, or renames it (its overrides stay).
   * Only registered sub-accounts are listed by `adapter.listOverrides` (the panel's sub-account
   * picker) and may be given per-sub-account rules; charging usage needs no registration.
   * Call it when the host creates or renames a sub-account (or once at start for existing ones).
   * @throws {RebillingError} `validation` for an id outside 1–255 characters or a blank name.
   */
  upsertSubAccount(input: UpsertSubAccountInput): Promise<{ subAccountId: string; name: string }>;
  /** Account settings. `smsSegmentRule`: how SMS segments are counted (default `'flat-160'`). */
  updateSettings(settings: { smsSegmentRule: SmsSegmentRule }): Promise<void>;
  /**
   * Buys an add-on for a sub-account, in the seed's order: the sub-account's card is charged the
   * resale price on the owner's connected Stripe account, then the owner's card You Pay on the
   * platform's; `active` only after both. Resolves with where the purchase stands:
   * `active`; `declined` (the sub-account's card; nothing was charged to anyone);
   * `awaiting-owner-payment` (the owner's card was declined: the owner is notified, the add-on
   * waits, `retryOwnerCharge` tries again, and at the deadline the sub-account is refunded);
   * `charging-*` when an answer is still outstanding (a webhook or `processDuePurchases` finishes it).
   * One purchase per `idempotencyKey`: a retry returns it as it stands now.
   * @throws {RebillingError} `validation` for bad input, a key used for another purchase, or
   *   Stripe not connected; `unavailable` when the server has no `payments`.
   */
  purchaseAddon(input: PurchaseAddonInput): Promise<AddonPurchase>;
  /** Charges the owner's card again for a purchase `awaiting-owner-payment`; a no-op once `active`. */
  retryOwnerCharge(purchaseId: string): Promise<AddonPurchase>;
  getPurchase(purchaseId: string): Promise<AddonPurchase | null>;
  /** Purchases, newest first. */
  listPurchases(query?: { subAccountId?: string; limit?: number }): Promise<AddonPurchase[]>;
  /** The owner's notifications (declined owner charges), newest first. */
  listNotifications(query?: { limit?: number }): Promise<OwnerNotification[]>;
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
  /**
   * The Stripe webhook endpoint: mount it at the URL registered with Stripe (platform and
   * Connect endpoints). Verifies the signature on the raw body, applies `payment_intent.succeeded`,
   * `payment_intent.payment_failed`, `charge.refunded` and `account.updated` once per event id.
   * 200 for every verified event (duplicates and stale ones included), 400 for a bad or stale
   * signature (nothing applied), 404 without `payments`.
   */
  stripeWebhook(request: Request): Promise<Response>;
  /**
   * Refunds the sub-account of every purchase past its owner-payment deadline, and re-drives
   * purchases and auto-recharges whose answer was lost (`resumeAfterMs` after their last step),
   * each with its own idempotency key. Run it from a cron (every few minutes); safe in many
   * processes at once. `resumed`: purchases moved on; `recharges`: auto-recharges settled
   * (succeeded or declined).
   */
  processDuePurchases(options?: { limit?: number }): Promise<{ refunded: number; resumed: number; recharges: number }>;
  /**
   * Deletes idempotency keys past their expiry (`idempotencyKeyTtlMs`, default 24 h), which
   * already count as new keys, so the table stops growing. Run it from a cron (hourly is plenty);
   * safe in many processes at once. `batch` rows per statement, default 1,000.
   */
  pruneExpiredKeys(options?: { batch?: number }): Promise<{ pruned: number }>;
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
  const payments = options.payments;
  const addonDeps: AddonDeps = {
    payments: payments as PaymentGateway,
    refundDeadlineMs: options.refundDeadlineMs ?? 72 * 60 * 60 * 1000,
    resumeAfterMs: options.resumeAfterMs ?? 60_000,
    onNotify: options.onNotify,
  };
  for (const [name, value] of [['refundDeadlineMs', addonDeps.refundDeadlineMs], ['resumeAfterMs', addonDeps.resumeAfterMs]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${name} must be a whole number of milliseconds ≥ 0; got ${String(value)}.`);
  }
  const rechargeDeps: AutoRechargeDeps = {
    payments,
    onNotify: options.onNotify
      ? (notice) =>
          options.onNotify!({
            id: notice.id,
            type: notice.type,
            purchaseId: null,
            subAccountId: null,
            product: null,
            attempt: 1,
            amount: notice.amount,
            currency: notice.currency,
            message: notice.message,
            at: notice.at,
            accountId: notice.accountId,
          })
      : undefined,
  };
  // In-process listeners of adapter.subscribe, per account: a save, a charge or a webhook
  // handled by this process tells them at once; other processes' panels see it on their next load.
  const listeners = new Map<string, Set<(event: RebillingEvent) => void>>();
  const emit = (accountId: string, type: RebillingEvent['type']) => {
    for (const listener of listeners.get(accountId) ?? []) {
      try {
        listener({ type });
      } catch {
        // One failing listener must not fail the call that changed the data.
      }
    }
  };
  const emitStripe = (accountId: string) => emit(accountId, 'stripe');
  const needPayments = () => {
    if (!payments) {
      throw new RebillingError('unavailable', 'Add-ons are charged by card: pass createRebillingServer({ payments: createStripePayments(...) }).', {
        retryable: false,
      });
    }
  };
  let catalog: Catalog | undefined;
  const getCatalog = () => {
    if (!catalog) {
      throw new RebillingError('unavailable', 'No catalog: call server.setCatalog({ currency, products }) at start, before serving accounts.', {
        retryable: false,
      });
    }
    return catalog;
  };

  function contextFor(accountId: string, actor?: string): AccountContext {
    return { db, s, accountId, actor, catalog: getCatalog, now, idempotencyKeyTtlMs };
  }
  const systemContext = contextFor('');

  function account(id: string, accountOptions: { actor?: string } = {}): RebillingAccount {
    if (typeof id !== 'string' || id.length < 1 || id.length > 255) {
      throw new TypeError(`server.account(id) needs the platform account id, a string of 1–255 characters; got ${JSON.stringify(id)}.`);
    }
    const ctx = contextFor(id, accountOptions.actor);
    const mainLedger = guarded((query: { cursor?: string; limit: number }, opts?: { signal?: AbortSignal }) =>
      listLedger(ctx, { ...query, wallet: 'main' }, opts),
    );
    const adapter: RebillingAccount['adapter'] = {
      loadPricing: guarded(async ({ signal }: { signal?: AbortSignal } = {}) => {
        if (signal?.aborted) throw signal.reason;
        return readPricing(ctx);
      }),
      savePricing: guarded(async (change: PricingChange, saveOptions: SaveOptions): Promise<PricingSnapshot> => {
        const saved = await savePricing(ctx, change, saveOptions);
        emit(id, 'pricing');
        return saved;
      }),
      loadStripeConnection: guarded((opts?: { signal?: AbortSignal }) =>
        payments ? loadStripeConnectionThroughGateway(ctx, payments, opts) : loadStripeConnection(ctx, opts),
      ),
      connectStripe: guarded(async (input) => {
        const result = payments ? await connectStripeThroughGateway(ctx, payments, input) : await connectStripe(ctx, input);
        emitStripe(id);
        return result;
      }),
      listLedger: mainLedger,
      listPriceChanges: guarded((query: PriceChangeQuery, opts?: { signal?: AbortSignal }) => listPriceChanges(ctx, query, opts)),
      listOverrides: guarded((query: { cursor?: string; limit: number }, opts?: { signal?: AbortSignal }) => listOverrides(ctx, query, opts)),
      saveOverride: guarded(async (input: Parameters<typeof saveOverride>[1], opts: Parameters<typeof saveOverride>[2]) => {
        const saved = await saveOverride(ctx, input, opts);
        emit(id, 'overrides');
        return saved;
      }),
      removeOverride: guarded(async (input: Parameters<typeof removeOverride>[1], opts?: { signal?: AbortSignal }) => {
        const removed = await removeOverride(ctx, input, opts);
        emit(id, 'overrides');
        return removed;
      }),
      loadUsageSummary: guarded((opts?: { signal?: AbortSignal }) => loadUsageSummary(ctx, opts)),
      loadWallet: guarded(async ({ signal }: { signal?: AbortSignal } = {}) => {
        if (signal?.aborted) throw signal.reason;
        return loadWallet(ctx);
      }),
      saveAutoRecharge: guarded(async (settings: WalletSettings, saveOptions: { idempotencyKey: string; signal?: AbortSignal }) => {
        const saved = await saveAutoRecharge(ctx, rechargeDeps, settings, saveOptions);
        emit(id, 'wallet');
        return saved;
      }),
      subscribe(listener) {
        const wrapped = (event: RebillingEvent) => listener(event);
        let set = listeners.get(id);
        if (!set) listeners.set(id, (set = new Set()));
        set.add(wrapped);
        return () => {
          set.delete(wrapped);
          if (set.size === 0) listeners.delete(id);
        };
      },
    };
    return {
      id,
      adapter,
      addFunds: guarded(async (input: AddFundsInput) => {
        const result = await addFunds(ctx, input);
        emit(id, 'ledger');
        return result;
      }),
      chargeUsage: guarded(async (input: ChargeUsageInput) => {
        const result = await chargeUsage(ctx, input, async (recharge) => {
          try {
            await runAutoRecharge(ctx, rechargeDeps, recharge);
          } catch {
            // The usage is charged; a top-up that failed to record stays 'charging' (its key replays safely).
          }
          emit(id, 'wallet');
        });
        if (result.status === 'charged') emit(id, 'ledger');
        return result;
      }),
      balances: guarded((query?: { subAccountId?: string }) => balances(ctx, query)),
      upsertSubAccount: guarded(async (input: UpsertSubAccountInput) => {
        const result = await upsertSubAccount(ctx, input);
        emit(id, 'overrides');
        return result;
      }),
      listLedger: guarded((query: { wallet: WalletRef; cursor?: string; limit: number }, opts?: { signal?: AbortSignal }) =>
        listLedger(ctx, query, opts),
      ),
      listPriceChanges: guarded((query?: { product?: ProductId; cursor?: string; limit?: number }) => listPriceChanges(ctx, query)),
      purchaseAddon: guarded(async (input: PurchaseAddonInput) => {
        needPayments();
        return purchaseAddon(ctx, addonDeps, input);
      }),
      retryOwnerCharge: guarded(async (purchaseId: string) => {
        needPayments();
        return retryOwnerCharge(ctx, addonDeps, purchaseId);
      }),
      getPurchase: guarded((purchaseId: string) => getPurchase(ctx, purchaseId)),
      listPurchases: guarded((query?: { subAccountId?: string; limit?: number }) => listPurchases(ctx, query)),
      listNotifications: guarded((query?: { limit?: number }) => listNotifications(ctx, query)),
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
    stripeWebhook: guarded((request: Request) =>
      handleStripeWebhook({ ...addonDeps, contextFor: (accountId) => contextFor(accountId), base: systemContext, emitStripe, recharge: rechargeDeps }, payments, request),
    ),
    processDuePurchases: guarded(async ({ limit = 500 }: { limit?: number } = {}) => {
      needPayments();
      const purchases = await processDuePurchases((accountId) => contextFor(accountId), systemContext, addonDeps, { limit });
      const recharges = await resumeAutoRecharges((accountId) => contextFor(accountId), systemContext, rechargeDeps, { limit, resumeAfterMs: addonDeps.resumeAfterMs });
      return { ...purchases, recharges };
    }),
    pruneExpiredKeys: guarded(async ({ batch = 1000 }: { batch?: number } = {}) => {
      if (!Number.isSafeInteger(batch) || batch < 1) throw new RangeError('pruneExpiredKeys: batch must be a whole number of at least 1.');
      return { pruned: await pruneExpiredKeys(db, s, now(), batch) };
    }),
    handler: (handlerOptions) => createServerHandler((id, actor) => account(id, actor === undefined ? {} : { actor }).adapter, handlerOptions),
  };
}
