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

export interface SaveOptions {
  /** The `revision` of the snapshot the change was made against. */
  expectedRevision: string;
  /** Unique per user intent; a retry of the same save reuses it. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

export type RebillingEvent = {
  type: 'pricing' | 'stripe' | 'ledger';
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
   * Optional. Tells rebill-kit that data changed elsewhere (another tab, a webhook).
   * @returns a function that stops the listener.
   */
  subscribe?(listener: (event: RebillingEvent) => void): () => void;
}

const REQUIRED_METHODS = ['loadPricing', 'savePricing', 'loadStripeConnection', 'connectStripe'] as const;
const OPTIONAL_METHODS = ['listLedger', 'subscribe'] as const;

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
