/**
 * Loading and saving prices through the adapter, on a TanStack `QueryClient`, without React.
 *
 * - The snapshot lives in the query cache. A save writes its rule there at once (optimistic),
 *   and on failure rolls back only the product it changed, and only if no later save changed it.
 * - Saves coalesce: one save reaches the adapter at a time, in the order they were made, and each
 *   product has at most one more waiting; a newer value for that product replaces the waiting one
 *   (and moves it to the back, so the order still holds). Ten quick changes make two saves, and
 *   the last one is the value on screen.
 * - Each save is based on the revision the owner saw. Our own successful saves chain that
 *   revision forward; a change from elsewhere does not, so the adapter answers `conflict`
 *   instead of silently overwriting it.
 * - Each product keeps one save state (the latest), so nothing grows with use; a save outlives the
 *   component that started it: unmounting never loses it.
 */
import {
  type PriceChangePage,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type RebillingAdapter,
  type RebillingError,
  type RebillingEvent,
  parsePricingSnapshot,
  toRebillingError,
  youPayChangedSince,
} from '@rebill-kit/core';
import type { QueryClient } from '@tanstack/react-query';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error' | 'conflict';

export interface SaveVariables {
  productId: ProductId;
  rule: PricingRule;
  /** Revision of the snapshot the owner was looking at when they made the change. */
  baseRevision: string;
  /** Reused by Retry, so a save that did reach the backend is not applied twice. */
  idempotencyKey: string;
  /** The rule this change replaced: what Undo saves back. */
  previousRule: PricingRule;
  /** This save was an Undo: its notice says so and offers no Undo of its own. */
  undo: boolean;
}

/** One product's save, as its widget shows it. Replaced (never mutated) on every change. */
export interface ProductSaveState {
  status: SaveStatus;
  /** The settled save: the saved one (for Undo) or the failed one (for Retry); none while saving. */
  save: SaveVariables | undefined;
  error: RebillingError | null;
  /** `Date.now()` when `save` settled. */
  settledAt: number;
}

const IDLE: ProductSaveState = { status: 'idle', save: undefined, error: null, settledAt: 0 };
const SAVING: ProductSaveState = { status: 'saving', save: undefined, error: null, settledAt: 0 };
/** How many of our own revision steps are remembered: far more than saves can be in flight. */
const OWN_REVISIONS_KEPT = 64;

interface Waiting {
  variables: SaveVariables;
  /** Callers of `save()` whose promise resolves when this save settles (replaced ones included). */
  settled: Array<() => void>;
}

interface ProductSaves {
  /** The last settled save's state, kept until a new save settles or it is discarded. */
  settled: ProductSaveState;
  view: ProductSaveState;
  running: SaveVariables | undefined;
  waiting: Waiting | undefined;
  listeners: Set<() => void>;
}

const adapterIds = new WeakMap<RebillingAdapter, number>();
let nextAdapterId = 1;

function adapterId(adapter: RebillingAdapter): number {
  let id = adapterIds.get(adapter);
  if (id === undefined) {
    id = nextAdapterId++;
    adapterIds.set(adapter, id);
  }
  return id;
}

/** Query keys are namespaced per adapter, so two providers on one QueryClient never mix data. */
export function rebillingKeys(adapter: RebillingAdapter) {
  const root = ['rebill-kit', adapterId(adapter)] as const;
  return {
    root,
    pricing: [...root, 'pricing'] as const,
    stripe: [...root, 'stripe'] as const,
    ledger: [...root, 'ledger'] as const,
    wallet: [...root, 'wallet'] as const,
    overrides: [...root, 'overrides'] as const,
    /** Price history lists, then the product (or 'all'): invalidated by the sync when prices change. */
    history: [...root, 'price-history'] as const,
    /** A product's newest price change, the margin notice's. */
    newestChange: (productId: ProductId) => [...root, 'price-history', productId, 'newest'] as const,
  };
}

export function sameRule(a: PricingRule, b: PricingRule): boolean {
  return a.type === 'multiplier'
    ? b.type === 'multiplier' && a.multiplier === b.multiplier
    : b.type === 'fixed' && a.price === b.price;
}

function withRule(snapshot: PricingSnapshot, productId: ProductId, rule: PricingRule): PricingSnapshot {
  return {
    ...snapshot,
    products: { ...snapshot.products, [productId]: { ...snapshot.products[productId], rule } },
  };
}

function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `rk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export interface SaveOptions {
  baseRevision?: string;
  idempotencyKey?: string;
  previousRule?: PricingRule;
  undo?: boolean;
}

export class PricingSync {
  readonly keys: ReturnType<typeof rebillingKeys>;
  /** The last snapshot the backend confirmed (by a load or a save): what rollbacks return to. */
  #confirmed: PricingSnapshot | undefined;
  /** revision before one of our saves → revision after it (the latest few). */
  readonly #ownRevisions = new Map<string, string>();
  readonly #products = new Map<ProductId, ProductSaves>();
  /** Saves waiting for the adapter, oldest first; at most one per product. */
  readonly #queue: Waiting[] = [];
  #busy = false;
  /** Revisions announced by `pricing` events while one of our saves was in flight. */
  #eventsDuringSave: string[] = [];

  constructor(
    readonly queryClient: QueryClient,
    readonly adapter: RebillingAdapter,
  ) {
    this.keys = rebillingKeys(adapter);
  }

  /**
   * The query function of the pricing query. It leaves TanStack's abort signal alone on purpose:
   * a reload asked for (after a conflict, an event or a focus) must land even when every widget
   * unmounts meanwhile, or the cache would keep prices known to be old.
   */
  load = async (): Promise<PricingSnapshot> => {
    const loaded = parsePricingSnapshot(await this.adapter.loadPricing(), 'The prices from loadPricing()');
    // A reload that read the backend before one of our saves landed can answer after it: a
    // revision our own save replaced is older than what we hold, so keep ours.
    const previous = this.#confirmed;
    const snapshot = previous && this.#ownRevisions.has(loaded.revision) ? previous : loaded;
    this.#confirmed = snapshot;
    // Prices changed elsewhere (another tab, the API): any product's history may have grown.
    if (previous && snapshot.revision !== previous.revision) this.#historyChanged();
    return this.#withPendingSaves(snapshot);
  };

  /**
   * An adapter event. A `pricing` event that names the revision we already hold is our own
   * save's echo and reloads nothing; one that arrives while our save is in flight waits for it.
   */
  handleEvent(event: RebillingEvent) {
    if (event.type === 'pricing' && event.revision !== undefined) {
      if (this.#busy) {
        this.#eventsDuringSave.push(event.revision);
        return;
      }
      if (event.revision === this.#confirmed?.revision) return;
    }
    // A ledger entry (usage, a top-up) moves the wallet's balance too; a type this version does
    // not know (a newer backend's) reloads everything rather than nothing.
    const { keys } = this;
    const affected = { pricing: [keys.pricing], stripe: [keys.stripe], ledger: [keys.ledger, keys.wallet], wallet: [keys.wallet], overrides: [keys.overrides] }[event.type] ?? [keys.root];
    for (const queryKey of affected) void this.queryClient.invalidateQueries({ queryKey });
  }

  /**
   * The price history lists are keyed by product, not by revision: a revision key made every
   * widget's history and margin notice refetch (and keep a cache entry) for every save of any
   * product. Our save refreshes its own product's lists and the account-wide one; a change from
   * elsewhere refreshes them all. Only mounted lists refetch; the others are marked stale.
   */
  #historyChanged(productId?: ProductId) {
    const { history } = this.keys;
    if (!productId) {
      void this.queryClient.invalidateQueries({ queryKey: history });
      return;
    }
    // The margin notice reads only the newest change's You Pay. While that is today's, the notice
    // shows nothing, and our save (recorded at today's You Pay) keeps it so: leaving the entry
    // spares a request and a render per save.
    const newestKey = this.keys.newestChange(productId);
    const newest = this.queryClient.getQueryData<PriceChangePage>(newestKey)?.entries[0];
    const pricing = this.#confirmed?.products[productId];
    const keep = !newest || (pricing && !youPayChangedSince(pricing, newest));
    void this.queryClient.invalidateQueries({ queryKey: [...history, productId], predicate: ({ queryKey }) => !keep || queryKey.at(-1) !== newestKey.at(-1) });
    void this.queryClient.invalidateQueries({ queryKey: [...history, 'all'] });
  }

  /** Re-applies saves not yet settled, so a refetch never flashes an older price. */
  #withPendingSaves(snapshot: PricingSnapshot, except?: SaveVariables): PricingSnapshot {
    let result = snapshot;
    for (const variables of this.pendingSaves()) {
      if (variables !== except) result = withRule(result, variables.productId, variables.rule);
    }
    return result;
  }

  /** Saves not yet settled: the one at the adapter first, then the waiting ones in order. */
  pendingSaves(): SaveVariables[] {
    const pending: SaveVariables[] = [];
    for (const product of this.#products.values()) if (product.running) pending.push(product.running);
    for (const waiting of this.#queue) pending.push(waiting.variables);
    return pending;
  }

  #product(productId: ProductId): ProductSaves {
    let product = this.#products.get(productId);
    if (!product) {
      product = { settled: IDLE, view: IDLE, running: undefined, waiting: undefined, listeners: new Set() };
      this.#products.set(productId, product);
    }
    return product;
  }

  /** One product's save state; the same object until it changes (for `useSyncExternalStore`). */
  saveState(productId: ProductId): ProductSaveState {
    return this.#products.get(productId)?.view ?? IDLE;
  }

  /** Calls `listener` when `saveState(productId)` changes; returns the unsubscribe function. */
  subscribeSaves(productId: ProductId, listener: () => void): () => void {
    const { listeners } = this.#product(productId);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  #update(product: ProductSaves) {
    const view = product.running || product.waiting ? SAVING : product.settled;
    if (view === product.view) return;
    product.view = view;
    for (const listener of [...product.listeners]) listener();
  }

  #expectedRevision(base: string): string {
    let revision = base;
    for (let seen = 0; this.#ownRevisions.has(revision) && seen < OWN_REVISIONS_KEPT; seen++) revision = this.#ownRevisions.get(revision)!;
    return revision;
  }

  #rememberOwnRevision(before: string, after: string) {
    this.#ownRevisions.set(before, after);
    if (this.#ownRevisions.size > OWN_REVISIONS_KEPT) this.#ownRevisions.delete(this.#ownRevisions.keys().next().value!);
  }

  /**
   * Saves one product's rule (optimistically shown at once); resolves when it settles, or when
   * the save that replaced it does (never rejects).
   */
  save(productId: ProductId, rule: PricingRule, options: SaveOptions = {}): Promise<void> {
    const current = this.queryClient.getQueryData<PricingSnapshot>(this.keys.pricing);
    const baseRevision = options.baseRevision ?? current?.revision;
    if (!current || baseRevision === undefined) {
      throw new Error('rebill-kit: prices are not loaded yet, so there is nothing to save against.');
    }
    const product = this.#product(productId);
    const replaced = product.waiting;
    const variables: SaveVariables = {
      productId,
      rule,
      baseRevision,
      idempotencyKey: options.idempotencyKey ?? newIdempotencyKey(),
      // Undo goes back to before the whole run of quick changes, not to a value never shown as saved.
      previousRule: options.previousRule ?? replaced?.variables.previousRule ?? product.running?.previousRule ?? current.products[productId].rule,
      undo: options.undo ?? false,
    };
    // Written before the save starts so the figures never flash the old value.
    this.queryClient.setQueryData<PricingSnapshot>(this.keys.pricing, withRule(current, productId, rule));
    return new Promise<void>((resolve) => {
      if (replaced) this.#queue.splice(this.#queue.indexOf(replaced), 1);
      const waiting: Waiting = { variables, settled: [...(replaced?.settled ?? []), resolve] };
      product.waiting = waiting;
      this.#queue.push(waiting);
      this.#update(product);
      this.#next();
    });
  }

  #next() {
    if (this.#busy) return;
    const waiting = this.#queue.shift();
    if (!waiting) return;
    const { variables } = waiting;
    const product = this.#product(variables.productId);
    product.waiting = undefined;
    product.running = variables;
    this.#busy = true;
    void this.#send(variables).then((settled) => {
      product.running = undefined;
      product.settled = settled;
      this.#busy = false;
      this.#update(product);
      // A conflict means the backend holds newer prices: show them; the owner then decides. Only
      // now, with the failed save no longer pending: a reload answered at once would re-apply it.
      if (settled.status === 'conflict') void this.queryClient.invalidateQueries({ queryKey: this.keys.pricing, exact: true });
      this.#afterSave();
      for (const resolve of waiting.settled) resolve();
      this.#next();
    });
  }

  async #send(variables: SaveVariables): Promise<ProductSaveState> {
    const { productId, rule } = variables;
    const expectedRevision = this.#expectedRevision(variables.baseRevision);
    try {
      const result = parsePricingSnapshot(
        await this.adapter.savePricing({ products: { [productId]: rule } }, { expectedRevision, idempotencyKey: variables.idempotencyKey }),
        'The prices returned by savePricing()',
      );
      this.#rememberOwnRevision(expectedRevision, result.revision);
      this.#confirmed = result;
      this.queryClient.setQueryData(this.keys.pricing, this.#withPendingSaves(result, variables));
      this.#historyChanged(productId);
      return { status: 'saved', save: variables, error: null, settledAt: Date.now() };
    } catch (caught) {
      const error = toRebillingError(caught);
      const shown = this.queryClient.getQueryData<PricingSnapshot>(this.keys.pricing);
      const confirmedRule = this.#confirmed?.products[productId].rule;
      if (shown && confirmedRule && sameRule(shown.products[productId].rule, rule)) {
        this.queryClient.setQueryData(this.keys.pricing, withRule(shown, productId, confirmedRule));
      }
      return { status: error.code === 'conflict' ? 'conflict' : 'error', save: variables, error, settledAt: Date.now() };
    }
  }

  /** Events that arrived during the save: reload unless each was the save's own echo. */
  #afterSave() {
    const revisions = this.#eventsDuringSave;
    if (revisions.length === 0) return;
    this.#eventsDuringSave = [];
    if (revisions.some((revision) => revision !== this.#confirmed?.revision)) {
      void this.queryClient.invalidateQueries({ queryKey: this.keys.pricing });
    }
  }

  #failed(productId: ProductId): SaveVariables | undefined {
    const { status, save } = this.saveState(productId);
    return status === 'error' || status === 'conflict' ? save : undefined;
  }

  /** Sends a failed save again with its idempotency key, so it cannot apply twice. */
  retry(productId: ProductId): Promise<void> {
    const failed = this.#failed(productId);
    return failed ? this.save(productId, failed.rule, failed) : Promise.resolve();
  }

  /** Forgets a failed save (or a saved one's Undo): the product shows what the backend holds. */
  discard(productId: ProductId) {
    const product = this.#product(productId);
    product.settled = IDLE;
    this.#update(product);
  }

  /** After a save: saves the rule it replaced, through the same path. */
  undo(productId: ProductId): Promise<void> {
    const { status, save } = this.saveState(productId);
    if (status !== 'saved' || !save || save.undo) return Promise.resolve();
    return this.save(productId, save.previousRule, { previousRule: save.rule, undo: true });
  }

  /** After a conflict: take the latest prices, or save ours on top of them. */
  async resolveConflict(productId: ProductId, choice: 'latest' | 'mine') {
    const failed = this.#failed(productId);
    this.discard(productId);
    await this.queryClient.refetchQueries({ queryKey: this.keys.pricing, exact: true });
    if (choice === 'mine' && failed) await this.save(productId, failed.rule);
  }
}

const syncs = new WeakMap<QueryClient, WeakMap<RebillingAdapter, PricingSync>>();

/** One sync per client and adapter, shared by every provider that uses both. */
export function pricingSyncFor(queryClient: QueryClient, adapter: RebillingAdapter): PricingSync {
  let byAdapter = syncs.get(queryClient);
  if (!byAdapter) {
    byAdapter = new WeakMap();
    syncs.set(queryClient, byAdapter);
  }
  let sync = byAdapter.get(adapter);
  if (!sync) {
    sync = new PricingSync(queryClient, adapter);
    byAdapter.set(adapter, sync);
  }
  return sync;
}
