/**
 * The adapter contract: the one interface a host implements so that rebill-kit can load and
 * save prices, read the Stripe connection and the OneBalance ledger.
 *
 * ## Writing an adapter
 *
 * ```ts
 * import { RebillingError, type RebillingAdapter } from '@rebill-kit/core';
 *
 * export function createMyAdapter(api: MyApiClient): RebillingAdapter {
 *   return {
 *     loadPricing: ({ signal } = {}) => api.get('/pricing', { signal }),
 *     savePricing: (change, { expectedRevision, idempotencyKey, signal }) =>
 *       api.put('/pricing', change, { ifMatch: expectedRevision, idempotencyKey, signal }),
 *     loadStripeConnection: ({ signal } = {}) => api.get('/stripe', { signal }),
 *     connectStripe: (input) => api.post('/stripe/connect', input),
 *   };
 * }
 * ```
 *
 * Rules every adapter keeps (the conformance suite in `@rebill-kit/testkit` checks each one):
 * - Money crosses the boundary only as {@link DecimalString}s, never as numbers.
 * - Failures are thrown as {@link RebillingError} with the right `code`; anything else thrown is
 *   treated as `unknown`. An aborted call rejects with the signal's reason.
 * - `savePricing` is atomic, checks the revision, and has one effect per idempotency key.
 * - Data returned to rebill-kit is validated; a malformed answer becomes a `validation` error
 *   naming the bad fields, never NaN on screen.
 *
 * @module
 */
import { RebillingError } from './errors.js';

export type ProductId = 'sms' | 'email' | 'lightningDomains' | 'phoneNumbers' | 'listings';

/** Every product, in the order the panel shows them. */
export const PRODUCT_IDS: readonly ProductId[] = ['sms', 'email', 'lightningDomains', 'phoneNumbers', 'listings'];

/** An exact decimal amount in the currency's major unit, e.g. "0.0079". Never a JS number. */
export type DecimalString = string;

export type PricingRule =
  | { type: 'multiplier'; multiplier: DecimalString }
  | { type: 'fixed'; price: DecimalString };

export interface MultiplierLimits {
  min: DecimalString;
  max: DecimalString;
  step: DecimalString;
}

export interface ProductPricing {
  /** Baseline (US/CA) cost per unit to the platform owner. The owner cannot change it. */
  youPay: DecimalString;
  rule: PricingRule;
  /** Multiplier rules only. Default `{ min: "1", max: "10", step: "0.1" }`. */
  limits?: MultiplierLimits;
  /** ISO 3166 alpha-2 country code → You Pay per unit in that country. */
  countryRates?: Record<string, DecimalString>;
}

export interface PricingSnapshot {
  /** Opaque; changes on every applied save. Sent back as `expectedRevision`. */
  revision: string;
  /** ISO 4217 currency code, e.g. "USD". */
  currency: string;
  products: Record<ProductId, ProductPricing>;
}

export interface PricingChange {
  products: Partial<Record<ProductId, PricingRule>>;
}

export type StripeStatus = 'disconnected' | 'pending' | 'connected';

export interface StripeConnection {
  status: StripeStatus;
  accountName?: string;
}

export type StripeConnectResult = { status: 'connected' } | { status: 'pending'; redirectUrl: string };

/** How Stripe customers sync to contacts when Stripe is connected; `null` is "Skip". */
export type CustomerSync = 'people' | 'businesses' | null;

export type LedgerEntryType = 'funds_added' | 'usage' | 'refund' | 'adjustment';

export interface LedgerEntry {
  id: string;
  /** ISO 8601 timestamp. */
  at: string;
  type: LedgerEntryType;
  product?: ProductId;
  quantity?: number;
  /** Signed: usage is negative. */
  amount: DecimalString;
  balanceAfter: DecimalString;
  description: string;
}

export interface LedgerPage {
  /** Newest first. */
  entries: LedgerEntry[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
}

/** One applied change of one product's rule: an entry of the price history. */
export interface PriceChange {
  /** Opaque, unique within the account's history. */
  id: string;
  /** When the change was applied, ISO 8601. */
  at: string;
  /** Who saved it (the REST handler's `authorize` decides the actor); `null` when not known. */
  actor: string | null;
  product: ProductId;
  /** The pricing `revision` the save produced. */
  revision: string;
  /** The rule before the change. */
  from: PricingRule;
  /** The rule the change applied: what "Revert to this" saves again. */
  to: PricingRule;
  /** The product's baseline You Pay when the change was saved. */
  youPayAtTheTime: DecimalString;
}

export interface PriceChangePage {
  /** Newest first. */
  entries: PriceChange[];
  /** Pass as `cursor` for the next (older) page; `null` on the last page. */
  nextCursor: string | null;
}

export interface PriceChangeQuery {
  /** Only this product's changes. Default: every product's. */
  product?: ProductId;
  /** A `nextCursor` this history gave. */
  cursor?: string;
  /** Entries per page, 1–200. */
  limit: number;
}

/** Billable quantity per product over a recent window, read from the ledger. */
export interface UsageSummary {
  /** Start of the window, ISO 8601 (by default 30 days before `to`). */
  from: string;
  /** End of the window, ISO 8601. */
  to: string;
  /**
   * Billable units per product in the window (SMS segments, emails, domains, phone numbers,
   * listings): whole numbers, the same units `ProductPricing.youPay` is priced in. A product
   * without usage is `0` or absent.
   */
  quantities: Partial<Record<ProductId, number>>;
}

export interface AutoRecharge {
  /** Off by default. */
  enabled: boolean;
  /** A usage charge that takes the main balance below this triggers one top-up. */
  threshold: DecimalString;
  /** The top-up brings the main balance back to this amount; greater than `threshold`. */
  target: DecimalString;
  /** Never more than this is topped up in one calendar month (UTC). */
  monthlyCap: DecimalString;
}

/** The owner's settings for the main OneBalance wallet: what `saveAutoRecharge` saves. */
export interface WalletSettings {
  /** Below this balance the panel warns the owner; `null` for no warning. */
  lowBalanceThreshold: DecimalString | null;
  autoRecharge: AutoRecharge;
}

/** The platform owner's main OneBalance wallet. */
export interface OwnerWallet extends WalletSettings {
  /** ISO 4217 currency code. */
  currency: string;
  /** The main balance, exact (usage debits are not rounded). */
  balance: DecimalString;
  /** Topped up by auto-recharge so far this calendar month (UTC). */
  rechargedThisMonth: DecimalString;
  /** The latest auto-recharge that failed and was not retried, for the owner to act on. */
  lastRechargeFailure: { at: string; message: string } | null;
}

/** A sub-account with the rules that replace the account-wide ones for it alone. */
export interface SubAccountOverrides {
  subAccountId: string;
  /** The host's name for the sub-account, shown as is ("Overridden for <name>"). */
  name: string;
  /** Only the products this sub-account overrides; the others inherit. */
  overrides: Partial<Record<ProductId, PricingRule>>;
}

export interface SubAccountOverridesPage {
  /** In the backend's stable order (by name, then id). */
  subAccounts: SubAccountOverrides[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
}

export interface SaveOptions {
  /** The `revision` of the snapshot the change was made against. */
  expectedRevision: string;
  /** Unique per user intent; a retry of the same save reuses it. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

export type RebillingEvent = {
  /** `wallet`: the owner's wallet settings or balance; `overrides`: a per-sub-account rule. */
  type: 'pricing' | 'stripe' | 'ledger' | 'wallet' | 'overrides';
  /**
   * Optional, for `pricing`: the revision the backend holds after the change. A client that
   * already holds it (the echo of its own save) then reloads nothing.
   */
  revision?: string;
};

export interface RebillingAdapter {
  /**
   * Reads the current prices.
   * @returns the snapshot, with every product present.
   * @throws {RebillingError} `unauthorized` (not retryable); `network` / `unavailable`
   *   (retryable). Rejects with `signal.reason` when aborted.
   */
  loadPricing(options?: { signal?: AbortSignal }): Promise<PricingSnapshot>;

  /**
   * Applies every rule in `change` at once, or none of them.
   * @returns the snapshot after the change, with a new `revision`. Called again with an
   *   idempotency key it has already applied, returns that first result and applies nothing.
   * @throws {RebillingError} `conflict` when `expectedRevision` is not the current revision
   *   (nothing applied; not retryable as is: reload and decide); `validation` with `fields`
   *   for an out-of-range, off-step, negative or unknown-product rule (nothing applied);
   *   `network` / `unavailable` (retryable with the same idempotency key); `unauthorized`.
   */
  savePricing(change: PricingChange, options: SaveOptions): Promise<PricingSnapshot>;

  /**
   * Reads the account-wide Stripe connection.
   * @throws {RebillingError} `unauthorized`; `network` / `unavailable` (retryable).
   */
  loadStripeConnection(options?: { signal?: AbortSignal }): Promise<StripeConnection>;

  /**
   * Starts connecting Stripe with the chosen customer sync.
   * @returns `{ status: 'connected' }` when done at once, or `{ status: 'pending', redirectUrl }`
   *   for the host to navigate to (Stripe onboarding, an `https:` URL).
   * @throws {RebillingError} `unauthorized`; `network` / `unavailable` (retryable).
   */
  connectStripe(input: { syncCustomersAs: CustomerSync }): Promise<StripeConnectResult>;

  /**
   * Optional. One page of the OneBalance ledger, newest first. Pages never skip or repeat an
   * entry, even when entries are added between calls.
   * @throws {RebillingError} `validation` for an unknown cursor; `network` / `unavailable`.
   */
  listLedger?(query: { cursor?: string; limit: number }, options?: { signal?: AbortSignal }): Promise<LedgerPage>;

  /**
   * Optional. One page of the price history (every applied save, one entry per product it
   * changed), newest first. Pages never skip or repeat an entry, even when saves land between
   * calls. Without it the widgets leave their "History" disclosure out.
   * @throws {RebillingError} `validation` for an unknown product or cursor or a limit outside
   *   1–200; `network` / `unavailable` (retryable); `unauthorized`.
   */
  listPriceChanges?(query: PriceChangeQuery, options?: { signal?: AbortSignal }): Promise<PriceChangePage>;

  /**
   * Optional. Last 30 days' billable quantity per product, for the projected profit under the
   * figures. Without it the widgets leave the projection out.
   * @throws {RebillingError} `network` / `unavailable` (retryable); `unauthorized`.
   */
  loadUsageSummary?(options?: { signal?: AbortSignal }): Promise<UsageSummary>;

  /**
   * Optional, with `saveAutoRecharge`. The owner's main wallet: balance, low-balance threshold,
   * auto-recharge. Without it the panel leaves `OneBalanceWidget` out.
   * @throws {RebillingError} `network` / `unavailable` (retryable); `unauthorized`.
   */
  loadWallet?(options?: { signal?: AbortSignal }): Promise<OwnerWallet>;

  /**
   * Optional. Saves the low-balance threshold and auto-recharge settings at once.
   * @returns the wallet after the change. The same idempotency key applies once.
   * @throws {RebillingError} `validation` with `fields` (a negative amount, a target not above
   *   the threshold, amounts finer than the currency's minor unit); `network` / `unavailable`
   *   (retryable with the same key); `unauthorized`.
   */
  saveAutoRecharge?(
    settings: WalletSettings,
    options: { idempotencyKey: string; signal?: AbortSignal },
  ): Promise<OwnerWallet>;

  /**
   * Optional, with `saveOverride` and `removeOverride`. One page of sub-accounts with their
   * per-sub-account rules. Without it the panel has no sub-account picker and every change
   * applies to all sub-accounts.
   * @throws {RebillingError} `validation` for an unknown cursor or a limit outside 1–200;
   *   `network` / `unavailable` (retryable); `unauthorized`.
   */
  listOverrides?(
    query: { cursor?: string; limit: number },
    options?: { signal?: AbortSignal },
  ): Promise<SubAccountOverridesPage>;

  /**
   * Optional. Sets the rule one product uses for one sub-account only (usage charges use it
   * instead of the account-wide rule). Validated like `savePricing`; the same idempotency key
   * applies once.
   * @returns that sub-account after the change.
   * @throws {RebillingError} `validation` with `fields` (unknown sub-account or product, a rule
   *   out of range); `network` / `unavailable` (retryable with the same key); `unauthorized`.
   */
  saveOverride?(
    input: { subAccountId: string; product: ProductId; rule: PricingRule },
    options: { idempotencyKey: string; signal?: AbortSignal },
  ): Promise<SubAccountOverrides>;

  /**
   * Optional. The sub-account inherits the account-wide rule for this product again.
   * Removing an override that does not exist is not an error.
   * @returns that sub-account after the change.
   */
  removeOverride?(
    input: { subAccountId: string; product: ProductId },
    options?: { signal?: AbortSignal },
  ): Promise<SubAccountOverrides>;

  /**
   * Optional. Tells rebill-kit that data changed elsewhere (another tab, a webhook).
   * @returns a function that stops the listener.
   */
  subscribe?(listener: (event: RebillingEvent) => void): () => void;
}

const REQUIRED_METHODS = ['loadPricing', 'savePricing', 'loadStripeConnection', 'connectStripe'] as const;
const OPTIONAL_METHODS = [
  'listLedger',
  'listPriceChanges',
  'loadUsageSummary',
  'loadWallet',
  'saveAutoRecharge',
  'listOverrides',
  'saveOverride',
  'removeOverride',
  'subscribe',
] as const;

/**
 * Throws a `RebillingError` naming every missing or mistyped method, so that a half-written
 * adapter fails at once and says what to add.
 */
export function assertRebillingAdapter(value: unknown): asserts value is RebillingAdapter {
  if (typeof value !== 'object' || value === null) {
    throw new RebillingError('validation', 'The adapter must be an object implementing RebillingAdapter.');
  }
  const record = value as Record<string, unknown>;
  const missing = REQUIRED_METHODS.filter((name) => typeof record[name] !== 'function');
  const mistyped = OPTIONAL_METHODS.filter((name) => record[name] !== undefined && typeof record[name] !== 'function');
  if (missing.length > 0 || mistyped.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      mistyped.length > 0 ? `${mistyped.join(', ')} must be a function when present` : '',
    ].filter(Boolean);
    throw new RebillingError('validation', `The adapter is not a RebillingAdapter: ${parts.join('; ')}.`, {
      fields: [...missing, ...mistyped].map((path) => ({ path, message: 'must be a function' })),
    });
  }
}
