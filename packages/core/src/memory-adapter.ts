/**
 * The in-memory adapter: the embedded default for Storybook, demos and tests. It keeps the
 * whole contract (revisions, conflicts, idempotency, validation, paging, events) so that what
 * works against it works against a real backend.
 */
import {
  PRODUCT_IDS,
  type CustomerSync,
  type LedgerEntry,
  type LedgerPage,
  type OwnerWallet,
  type PriceChange,
  type PricingChange,
  type PricingSnapshot,
  type ProductId,
  type ProductPricing,
  type RebillingAdapter,
  type RebillingEvent,
  type SaveOptions,
  type StripeConnectResult,
  type StripeConnection,
  type StripeStatus,
  type SubAccountOverrides,
  type UsageSummary,
} from './contract.js';
import { toDecimal, toDecimalString } from './decimal.js';
import { abortableDelay } from './delay.js';
import { RebillingError } from './errors.js';
import { parseOverrideInput, parseSubAccountOverrides, parseSubAccountOverridesPage } from './overrides.js';
import { SAMPLE_PRODUCTS, SAMPLE_SUB_ACCOUNTS, SAMPLE_USAGE, sampleLedger } from './sample-data.js';
import { parseLedgerPage, parsePriceChangePage, parseUsageSummary } from './reports.js';
import { parsePricingChange, parsePricingSnapshot, parseStripeConnectResult, parseStripeConnection, pricingChangeErrors } from './validation.js';
import { DEFAULT_WALLET_SETTINGS, parseOwnerWallet, parseWalletSettings } from './wallet.js';

export interface MemoryAdapterOptions {
  /** Merged over the sample defaults (USD, realistic SAMPLE figures, not vendor prices). */
  pricing?: { currency?: string; products?: Partial<Record<ProductId, Partial<ProductPricing>>> };
  /** Initial Stripe status. Default `"disconnected"`, as for a new account. */
  stripe?: StripeStatus;
  /** What `connectStripe` answers. Default `"connected"`; a URL makes it answer `pending` with that redirect. */
  stripeConnect?: 'connected' | { redirectUrl: string };
  /** Ledger entries, newest first. Default: a sample ledger of 45 entries. */
  ledger?: LedgerEntry[];
  /**
   * Price history entries, newest first. Default: none. Every applied save adds its own; the
   * newest `MAX_PRICE_HISTORY` (1,000) are kept, as a real backend would page an older one.
   */
  priceHistory?: PriceChange[];
  /** Recorded as `actor` of this adapter's saves in the price history. Default `null` (not known). */
  actor?: string;
  /**
   * The owner's main wallet: its balance (default `"250"`) and settings (default
   * `DEFAULT_WALLET_SETTINGS`: no low-balance warning, auto-recharge off), as `loadWallet` shows them.
   */
  wallet?: Partial<Omit<OwnerWallet, 'currency'>>;
  /**
   * The account's sub-accounts, with any per-sub-account rules (`listOverrides` lists them by
   * name, then id). Default: three sample sub-accounts without overrides.
   */
  subAccounts?: SubAccountOverrides[];
  /**
   * Last 30 days' billable quantity per product, what `loadUsageSummary` answers (the window
   * ends at `now()`). Default: a sample (12,400 SMS segments, …); `{}` for an account without usage.
   */
  usage?: UsageSummary['quantities'];
  /** Delay of every call in milliseconds, or a function returning one (for jitter). Default 0. */
  latencyMs?: number | (() => number);
  /** Persists prices and the Stripe status (e.g. `localStorage`), so a reload keeps them. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Key under which `storage` keeps the state. Default `"rebill-kit:memory-adapter"`. */
  storageKey?: string;
  /** How long a save's idempotency key replays it, in ms; after that the key is a new key. Default 24 h. */
  idempotencyKeyTtlMs?: number;
  /** Most idempotency keys kept; beyond it the oldest are forgotten first. Default `10000`. */
  maxIdempotencyKeys?: number;
  /** The clock keys expire by, in ms (inject for tests). Default `Date.now`. */
  now?: () => number;
}

const DEFAULT_IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_MAX_IDEMPOTENCY_KEYS = 10_000;
const USAGE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * Price changes kept, newest first. Bounded so that a demo saving all day neither grows without
 * end nor outgrows its storage, and no more than one page may hold, so that what is persisted
 * always reads back as one page.
 */
const MAX_PRICE_HISTORY = 1000;

/** Reads the backend directly, bypassing the adapter: for tests and the conformance suite. */
export interface MemoryAdapterInspector {
  readPricing(): PricingSnapshot;
  readStripe(): StripeConnection;
  /** Number of saves applied (replays and rejected saves not counted). */
  appliedSaves(): number;
  /** Number of idempotency keys held (unexpired, at most `maxIdempotencyKeys`). */
  storedIdempotencyKeys(): number;
  /** The owner's wallet as stored. */
  readWallet(): OwnerWallet;
  /** Every sub-account with its overrides, in `listOverrides` order. */
  readOverrides(): SubAccountOverrides[];
}

export interface MemoryAdapter extends Required<RebillingAdapter> {
  readonly inspect: MemoryAdapterInspector;
  /**
   * Changes prices as if from elsewhere (another tab, an admin tool), and notifies subscribers.
   * `actor` is recorded in the price history as who saved it (default `null`, not known).
   */
  simulateExternalChange(change: PricingChange, options?: { actor?: string }): PricingSnapshot;
  /** Sets the Stripe status as if changed elsewhere (e.g. onboarding finished), and notifies. */
  simulateStripeStatus(status: StripeStatus, accountName?: string): void;
  /** Adds a ledger entry as the newest, as if usage or a top-up happened, and notifies `ledger`. */
  simulateLedgerEntry(entry: LedgerEntry): void;
}

interface PersistedState {
  version: 1;
  pricing: PricingSnapshot;
  stripe: StripeConnection;
  /** Added later than version 1: absent in older saved states. */
  priceHistory?: PriceChange[];
  /** Added later than version 1 too. */
  subAccounts?: SubAccountOverrides[];
}

const SAMPLE_ACCOUNT_NAME = 'Sample Agency LLC';

function initialPricing(options: MemoryAdapterOptions['pricing']): PricingSnapshot {
  const products = {} as Record<ProductId, ProductPricing>;
  for (const id of PRODUCT_IDS) {
    products[id] = { ...SAMPLE_PRODUCTS[id], ...options?.products?.[id] };
  }
  // Parsing copies every object, so neither the samples nor the caller's options are shared.
  return parsePricingSnapshot(
    { revision: '1', currency: options?.currency ?? 'USD', products },
    'createMemoryAdapter({ pricing })',
  );
}

/** One string per distinct change: products sorted, amounts canonical ("2.50" and "2.5" agree). */
function changeKey(change: PricingChange): string {
  return Object.entries(change.products)
    .flatMap(([id, rule]) => (rule ? [[id, rule] as const] : []))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, rule]) => `${id}:${rule.type}:${toDecimalString(toDecimal(rule.type === 'multiplier' ? rule.multiplier : rule.price))}`)
    .join('|');
}

/** `listOverrides` order: by name, then id (code-unit order, the same in every runtime). */
function sortSubAccounts(subAccounts: SubAccountOverrides[]): SubAccountOverrides[] {
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...subAccounts].sort((a, b) => order(a.name, b.name) || order(a.subAccountId, b.subAccountId));
}

/** `options.usage`, checked as a summary's quantities (whole units ≥ 0 per product). */
function usageOption(usage: MemoryAdapterOptions['usage']): UsageSummary['quantities'] {
  try {
    return parseUsageSummary({ from: new Date(0).toISOString(), to: new Date(0).toISOString(), quantities: usage ?? SAMPLE_USAGE }).quantities;
  } catch (error) {
    const fields = error instanceof RebillingError ? error.fields.map((field) => ({ ...field, path: field.path.replace(/^quantities/, 'usage') })) : [];
    throw RebillingError.validation('createMemoryAdapter({ usage }) needs whole numbers of units ≥ 0 per product, e.g. { sms: 12400 }', fields);
  }
}

export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const storageKey = options.storageKey ?? 'rebill-kit:memory-adapter';
  let pricing = initialPricing(options.pricing);
  let stripe: StripeConnection =
    options.stripe === 'connected' ? { status: 'connected', accountName: SAMPLE_ACCOUNT_NAME } : { status: options.stripe ?? 'disconnected' };
  const ledger = structuredClone(options.ledger ?? sampleLedger());
  let priceHistory = options.priceHistory ? parsePriceChangePage({ entries: options.priceHistory, nextCursor: null }).entries : [];
  const keyTtl = options.idempotencyKeyTtlMs ?? DEFAULT_IDEMPOTENCY_KEY_TTL_MS;
  const maxKeys = options.maxIdempotencyKeys ?? DEFAULT_MAX_IDEMPOTENCY_KEYS;
  if (!(keyTtl > 0) || !Number.isSafeInteger(maxKeys) || maxKeys < 1) {
    throw new RangeError('createMemoryAdapter: idempotencyKeyTtlMs must be above 0 and maxIdempotencyKeys a whole number of at least 1.');
  }
  const now = options.now ?? Date.now;
  let subAccounts = sortSubAccounts(
    (options.subAccounts ?? SAMPLE_SUB_ACCOUNTS).map((subAccount) => parseSubAccountOverrides(subAccount, 'createMemoryAdapter({ subAccounts })')),
  );
  // In insertion order, which is expiry order: expired and excess keys are dropped from the front.
  // Override saves share it under their own prefix, so one key string used for both never collides.
  const idempotency = new Map<string, { change: string; result: PricingSnapshot | SubAccountOverrides | OwnerWallet; at: number }>();
  const listeners = new Set<(event: RebillingEvent) => void>();
  const usage = usageOption(options.usage);
  let revisionCounter = 1;
  let applied = 0;
  let wallet = parseOwnerWallet({
    balance: '250',
    rechargedThisMonth: '0',
    lastRechargeFailure: null,
    ...structuredClone(DEFAULT_WALLET_SETTINGS),
    ...structuredClone(options.wallet ?? {}),
    currency: pricing.currency,
  });

  const persisted = readPersisted();
  if (persisted) {
    pricing = persisted.pricing;
    stripe = persisted.stripe;
    if (persisted.priceHistory) priceHistory = persisted.priceHistory;
    if (persisted.subAccounts) subAccounts = persisted.subAccounts;
    revisionCounter = Number.parseInt(pricing.revision, 10) || 1;
  }

  function readPersisted(): PersistedState | undefined {
    const raw = options.storage?.getItem(storageKey);
    if (!raw) return undefined;
    try {
      const state = JSON.parse(raw) as PersistedState;
      if (state.version !== 1 || pricing.currency !== state.pricing.currency) return undefined;
      return {
        version: 1,
        pricing: parsePricingSnapshot(state.pricing),
        stripe: parseStripeConnection(state.stripe),
        ...(state.priceHistory ? { priceHistory: parsePriceChangePage({ entries: state.priceHistory, nextCursor: null }).entries } : {}),
        ...(state.subAccounts ? { subAccounts: parseSubAccountOverridesPage({ subAccounts: state.subAccounts, nextCursor: null }).subAccounts } : {}),
      };
    } catch {
      // Unreadable or outdated state: start from the configured prices rather than fail the demo.
      return undefined;
    }
  }

  function persist() {
    const state: PersistedState = { version: 1, pricing, stripe, priceHistory, subAccounts };
    try {
      options.storage?.setItem(storageKey, JSON.stringify(state));
    } catch {
      // Storage is a convenience (quota, private mode): a change already applied must not fail.
    }
  }

  function dropExpiredKeys(time: number) {
    for (const [key, entry] of idempotency) {
      if (time - entry.at < keyTtl) break;
      idempotency.delete(key);
    }
  }

  function recallKey(key: string) {
    dropExpiredKeys(now());
    return idempotency.get(key);
  }

  function rememberKey(key: string, change: string, result: PricingSnapshot | SubAccountOverrides | OwnerWallet) {
    const time = now();
    dropExpiredKeys(time);
    idempotency.delete(key);
    idempotency.set(key, { change, result, at: time });
    for (const [oldest] of idempotency) {
      if (idempotency.size <= maxKeys) break;
      idempotency.delete(oldest);
    }
  }

  function emit(type: RebillingEvent['type']) {
    const event: RebillingEvent = type === 'pricing' ? { type, revision: pricing.revision } : { type };
    for (const listener of [...listeners]) {
      // A listener's failure is its own: the save it reports on has already been applied.
      try {
        listener(event);
      } catch (error) {
        console.error('rebill-kit: a subscribe() listener threw', error);
      }
    }
  }

  async function delay(signal?: AbortSignal) {
    const { latencyMs = 0 } = options;
    await abortableDelay(typeof latencyMs === 'function' ? latencyMs() : latencyMs, signal);
  }

  /**
   * The stored snapshot is never mutated: a save builds the next one, sharing what it did not
   * change. Copies are made once, where data leaves the adapter (`handOut`).
   */
  function apply(change: PricingChange, actor: string | null): PricingSnapshot {
    const products = { ...pricing.products };
    revisionCounter += 1;
    const revision = String(revisionCounter);
    const at = new Date(now()).toISOString();
    const recorded: PriceChange[] = [];
    for (const [id, rule] of Object.entries(change.products) as Array<[ProductId, ProductPricing['rule']]>) {
      recorded.unshift({
        id: `pc_${revision}_${id}`,
        at,
        actor,
        product: id,
        revision,
        // `change` is parsed (a fresh copy): its rules can be kept as they are.
        from: products[id].rule,
        to: rule,
        youPayAtTheTime: products[id].youPay,
      });
      products[id] = { ...products[id], rule };
    }
    priceHistory = [...recorded, ...priceHistory.slice(0, MAX_PRICE_HISTORY - recorded.length)];
    pricing = { ...pricing, revision, products };
    applied += 1;
    persist();
    return pricing;
  }

  /** What a caller receives: its own copy, so changing it changes nothing stored. */
  function handOut(snapshot: PricingSnapshot): PricingSnapshot {
    return structuredClone(snapshot);
  }

  /** Replaces one sub-account's overrides, persists and notifies; validation error for an unknown id. */
  function updateSubAccount(
    subAccountId: unknown,
    edit: (overrides: SubAccountOverrides['overrides']) => SubAccountOverrides['overrides'],
  ): SubAccountOverrides {
    const index = subAccounts.findIndex((subAccount) => subAccount.subAccountId === subAccountId);
    const current = subAccounts[index];
    if (!current) {
      throw RebillingError.validation('Unknown sub-account', [{ path: 'subAccountId', message: 'is not a sub-account of this account' }]);
    }
    const updated = { ...current, overrides: edit(current.overrides) };
    subAccounts = subAccounts.map((subAccount, at) => (at === index ? updated : subAccount));
    persist();
    emit('overrides');
    return structuredClone(updated);
  }

  const adapter: MemoryAdapter = {
    async loadPricing({ signal } = {}) {
      await delay(signal);
      return handOut(pricing);
    },

    async savePricing(change, { expectedRevision, idempotencyKey, signal }: SaveOptions) {
      await delay(signal);
      const parsed = parsePricingChange(change);
      const previous = recallKey(idempotencyKey);
      if (previous) {
        if (previous.change !== changeKey(parsed)) {
          throw new RebillingError('validation', 'This idempotency key was already used for a different change.', {
            fields: [{ path: 'idempotencyKey', message: 'was used for a different change' }],
          });
        }
        return handOut(previous.result as PricingSnapshot);
      }
      if (expectedRevision !== pricing.revision) {
        throw new RebillingError(
          'conflict',
          'Prices were changed elsewhere since they were loaded. Load the latest prices, then decide which to keep.',
        );
      }
      const errors = pricingChangeErrors(parsed, pricing);
      if (errors.length > 0) throw RebillingError.validation('The pricing change was rejected', errors);
      const result = apply(parsed, options.actor ?? null);
      rememberKey(idempotencyKey, changeKey(parsed), result);
      emit('pricing');
      return handOut(result);
    },

    async loadStripeConnection({ signal } = {}) {
      await delay(signal);
      return { ...stripe };
    },

    async connectStripe({ syncCustomersAs }: { syncCustomersAs: CustomerSync }) {
      await delay();
      if (![null, 'people', 'businesses'].includes(syncCustomersAs)) {
        throw RebillingError.validation('Choose how Stripe customers sync', [
          { path: 'syncCustomersAs', message: 'must be "people", "businesses" or null' },
        ]);
      }
      const behaviour = options.stripeConnect ?? 'connected';
      let result: StripeConnectResult;
      if (behaviour === 'connected') {
        stripe = { status: 'connected', accountName: SAMPLE_ACCOUNT_NAME };
        result = { status: 'connected' };
      } else {
        result = parseStripeConnectResult({ status: 'pending', redirectUrl: behaviour.redirectUrl });
        stripe = { status: 'pending' };
      }
      persist();
      emit('stripe');
      return result;
    },

    async listLedger({ cursor, limit }, { signal } = {}) {
      await delay(signal);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        throw RebillingError.validation('Invalid ledger query', [{ path: 'limit', message: 'must be a whole number from 1 to 200' }]);
      }
      let start = 0;
      if (cursor !== undefined) {
        // The cursor is the id of the last entry already seen, so entries added since never shift a page.
        const index = ledger.findIndex((entry) => entry.id === cursor);
        if (index < 0) throw RebillingError.validation('Unknown ledger cursor', [{ path: 'cursor', message: 'is not a cursor this ledger gave' }]);
        start = index + 1;
      }
      const entries = ledger.slice(start, start + limit);
      const last = entries[entries.length - 1];
      // Parsing copies the entries: the page shares nothing with the stored ledger.
      return parseLedgerPage({ entries, nextCursor: start + limit < ledger.length && last ? last.id : null });
    },

    async listPriceChanges({ product, cursor, limit }, { signal } = {}) {
      await delay(signal);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        throw RebillingError.validation('Invalid price history query', [{ path: 'limit', message: 'must be a whole number from 1 to 200' }]);
      }
      if (product !== undefined && !PRODUCT_IDS.includes(product)) {
        throw RebillingError.validation('Invalid price history query', [{ path: 'product', message: `must be one of ${PRODUCT_IDS.join(', ')}` }]);
      }
      const entries = product === undefined ? priceHistory : priceHistory.filter((entry) => entry.product === product);
      let start = 0;
      if (cursor !== undefined) {
        // As for the ledger: the cursor is the last id seen, so newer saves never shift a page.
        const index = entries.findIndex((entry) => entry.id === cursor);
        if (index < 0) throw RebillingError.validation('Unknown price history cursor', [{ path: 'cursor', message: 'is not a cursor this history gave' }]);
        start = index + 1;
      }
      const page = entries.slice(start, start + limit);
      const last = page[page.length - 1];
      // Parsing copies the entries, as for the ledger.
      return parsePriceChangePage({ entries: page, nextCursor: start + limit < entries.length && last ? last.id : null });
    },

    async loadWallet({ signal } = {}) {
      await delay(signal);
      return structuredClone(wallet);
    },

    async saveAutoRecharge(settings, { idempotencyKey, signal }) {
      await delay(signal);
      const parsed = parseWalletSettings(settings, wallet.currency);
      const previous = recallKey(`wallet\u0000${idempotencyKey}`);
      if (previous) {
        if (previous.change !== JSON.stringify(parsed)) {
          throw RebillingError.validation('This idempotency key was already used for different wallet settings.', [
            { path: 'idempotencyKey', message: 'was used for different settings' },
          ]);
        }
        return structuredClone(previous.result as OwnerWallet);
      }
      wallet = { ...wallet, ...parsed };
      rememberKey(`wallet\u0000${idempotencyKey}`, JSON.stringify(parsed), structuredClone(wallet));
      emit('wallet');
      return structuredClone(wallet);
    },

    async listOverrides({ cursor, limit }, { signal } = {}) {
      await delay(signal);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        throw RebillingError.validation('Invalid overrides query', [{ path: 'limit', message: 'must be a whole number from 1 to 200' }]);
      }
      let start = 0;
      if (cursor !== undefined) {
        const index = subAccounts.findIndex((subAccount) => subAccount.subAccountId === cursor);
        if (index < 0) throw RebillingError.validation('Unknown overrides cursor', [{ path: 'cursor', message: 'is not a cursor this list gave' }]);
        start = index + 1;
      }
      const page = subAccounts.slice(start, start + limit);
      const last = page[page.length - 1];
      return parseSubAccountOverridesPage({ subAccounts: structuredClone(page), nextCursor: start + limit < subAccounts.length && last ? last.subAccountId : null });
    },

    async saveOverride(input, { idempotencyKey, signal }) {
      await delay(signal);
      const parsed = parseOverrideInput(input, pricing);
      const print = `${parsed.subAccountId}\u0000${changeKey({ products: { [parsed.product]: parsed.rule } })}`;
      const previous = recallKey(`override\u0000${idempotencyKey}`);
      if (previous) {
        if (previous.change !== print) {
          throw new RebillingError('validation', 'This idempotency key was already used for a different override.', {
            fields: [{ path: 'idempotencyKey', message: 'was used for a different override' }],
          });
        }
        return structuredClone(previous.result as SubAccountOverrides);
      }
      const result = updateSubAccount(parsed.subAccountId, (overrides) => ({ ...overrides, [parsed.product]: parsed.rule }));
      rememberKey(`override\u0000${idempotencyKey}`, print, result);
      // The caller's own copy: changing it must not change what a retry with this key answers.
      return structuredClone(result);
    },

    async removeOverride(input, { signal } = {}) {
      await delay(signal);
      const { subAccountId, product } = input ?? {};
      if (!(PRODUCT_IDS as readonly unknown[]).includes(product)) {
        throw RebillingError.validation('The override removal was rejected', [{ path: 'product', message: `must be one of ${PRODUCT_IDS.join(', ')}` }]);
      }
      return updateSubAccount(subAccountId, (overrides) => {
        const { [product]: _removed, ...rest } = overrides;
        return rest;
      });
    },

    async loadUsageSummary({ signal } = {}) {
      await delay(signal);
      const to = now();
      return parseUsageSummary({
        from: new Date(to - USAGE_WINDOW_MS).toISOString(),
        to: new Date(to).toISOString(),
        quantities: structuredClone(usage),
      });
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    inspect: {
      readPricing: () => handOut(pricing),
      readStripe: () => ({ ...stripe }),
      appliedSaves: () => applied,
      readOverrides: () => structuredClone(subAccounts),
      storedIdempotencyKeys: () => {
        dropExpiredKeys(now());
        return idempotency.size;
      },
      readWallet: () => structuredClone(wallet),
    },

    simulateExternalChange(change, { actor } = {}) {
      const errors = pricingChangeErrors(parsePricingChange(change), pricing);
      if (errors.length > 0) throw RebillingError.validation('The pricing change was rejected', errors);
      const result = apply(parsePricingChange(change), actor ?? null);
      emit('pricing');
      return handOut(result);
    },

    simulateStripeStatus(status, accountName) {
      stripe = status === 'connected' ? { status, accountName: accountName ?? SAMPLE_ACCOUNT_NAME } : { status };
      persist();
      emit('stripe');
    },

    simulateLedgerEntry(entry) {
      const [parsed] = parseLedgerPage({ entries: [entry], nextCursor: null }).entries;
      if (!parsed) return;
      if (ledger.some((existing) => existing.id === parsed.id)) {
        throw RebillingError.validation('Duplicate ledger entry', [{ path: 'id', message: `"${parsed.id}" is already in the ledger` }]);
      }
      ledger.unshift(parsed);
      emit('ledger');
    },
  };
  return adapter;
}
