/**
 * Loading and saving prices through the adapter, on a TanStack `QueryClient`, without React.
 *
 * - The snapshot lives in the query cache. A save writes its rule there at once (optimistic),
 *   runs in a mutation scope so saves reach the adapter one at a time and in order, and on
 *   failure rolls back only the product it changed, and only if no later save changed it.
 * - Each save is based on the revision the owner saw. Our own successful saves chain that
 *   revision forward; a change from elsewhere does not, so the adapter answers `conflict`
 *   instead of silently overwriting it.
 * - A mutation outlives the component that started it: unmounting never loses a save.
 */
import {
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type RebillingAdapter,
  type RebillingError,
  isAbortError,
  parsePricingSnapshot,
  toRebillingError,
} from '@rebill-kit/core';
import { type Mutation, MutationObserver, type QueryClient } from '@tanstack/react-query';

export interface SaveVariables {
  productId: ProductId;
  rule: PricingRule;
  /** Revision of the snapshot the owner was looking at when they made the change. */
  baseRevision: string;
  /** Reused by Retry, so a save that did reach the backend is not applied twice. */
  idempotencyKey: string;
}

export type SaveMutation = Mutation<PricingSnapshot, RebillingError, SaveVariables, unknown>;

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
    save: [...root, 'save'] as const,
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

export class PricingSync {
  readonly keys: ReturnType<typeof rebillingKeys>;
  /** The last snapshot the backend confirmed (by a load or a save): what rollbacks return to. */
  #confirmed: PricingSnapshot | undefined;
  /** revision before one of our saves → revision after it. */
  readonly #ownRevisions = new Map<string, string>();

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
    const snapshot = this.#confirmed && this.#ownRevisions.has(loaded.revision) ? this.#confirmed : loaded;
    this.#confirmed = snapshot;
    return this.#withPendingSaves(snapshot);
  };

  /** Re-applies saves still in flight, so a refetch never flashes an older price. */
  #withPendingSaves(snapshot: PricingSnapshot, except?: SaveVariables): PricingSnapshot {
    let result = snapshot;
    for (const mutation of this.pendingSaves()) {
      const variables = mutation.state.variables;
      if (variables && variables !== except) result = withRule(result, variables.productId, variables.rule);
    }
    return result;
  }

  pendingSaves(): SaveMutation[] {
    return this.queryClient
      .getMutationCache()
      .findAll({ mutationKey: this.keys.save, status: 'pending' }) as unknown as SaveMutation[];
  }

  #expectedRevision(base: string): string {
    let revision = base;
    for (let seen = 0; this.#ownRevisions.has(revision) && seen < 10_000; seen++) revision = this.#ownRevisions.get(revision)!;
    return revision;
  }

  /** Starts a save of one product's rule; resolves when it settles (never rejects). */
  save(productId: ProductId, rule: PricingRule, options: { baseRevision?: string; idempotencyKey?: string } = {}) {
    const current = this.queryClient.getQueryData<PricingSnapshot>(this.keys.pricing);
    const baseRevision = options.baseRevision ?? current?.revision;
    if (!current || baseRevision === undefined) {
      throw new Error('rebill-kit: prices are not loaded yet, so there is nothing to save against.');
    }
    const variables: SaveVariables = {
      productId,
      rule,
      baseRevision,
      idempotencyKey: options.idempotencyKey ?? newIdempotencyKey(),
    };
    // Written before the mutation starts so the figures never flash the old value.
    this.queryClient.setQueryData<PricingSnapshot>(this.keys.pricing, withRule(current, productId, rule));

    const observer = new MutationObserver<PricingSnapshot, RebillingError, SaveVariables>(this.queryClient, {
      mutationKey: this.keys.save,
      scope: { id: `rebill-kit-save-${String(this.keys.root[1])}` },
      networkMode: 'always',
      retry: false,
      gcTime: 5 * 60_000,
      mutationFn: async (vars) => {
        try {
          const result = await this.adapter.savePricing(
            { products: { [vars.productId]: vars.rule } },
            { expectedRevision: this.#expectedRevision(vars.baseRevision), idempotencyKey: vars.idempotencyKey },
          );
          return parsePricingSnapshot(result, 'The prices returned by savePricing()');
        } catch (error) {
          throw isAbortError(error) ? error : toRebillingError(error);
        }
      },
      onSuccess: (result, vars) => {
        this.#ownRevisions.set(this.#expectedRevision(vars.baseRevision), result.revision);
        this.#confirmed = result;
        this.queryClient.setQueryData(this.keys.pricing, this.#withPendingSaves(result, vars));
      },
      onError: (error, vars) => {
        // A conflict means the backend holds newer prices: show them; the owner then decides.
        if (error.code === 'conflict') void this.queryClient.invalidateQueries({ queryKey: this.keys.pricing, exact: true });
        const shown = this.queryClient.getQueryData<PricingSnapshot>(this.keys.pricing);
        const confirmedRule = this.#confirmed?.products[vars.productId].rule;
        if (shown && confirmedRule && sameRule(shown.products[vars.productId].rule, vars.rule)) {
          this.queryClient.setQueryData(this.keys.pricing, withRule(shown, vars.productId, confirmedRule));
        }
      },
    });
    return observer.mutate(variables).then(
      () => undefined,
      () => undefined,
    );
  }

  /** Sends a failed save again with its idempotency key, so it cannot apply twice. */
  retry(mutation: SaveMutation) {
    const variables = mutation.state.variables;
    if (!variables) return Promise.resolve();
    this.queryClient.getMutationCache().remove(mutation);
    return this.save(variables.productId, variables.rule, variables);
  }

  /** Forgets a failed save: the product shows what the backend holds. */
  discard(mutation: SaveMutation) {
    this.queryClient.getMutationCache().remove(mutation);
  }

  /** After a conflict: take the latest prices, or save ours on top of them. */
  async resolveConflict(mutation: SaveMutation, choice: 'latest' | 'mine') {
    const variables = mutation.state.variables;
    this.queryClient.getMutationCache().remove(mutation);
    await this.queryClient.refetchQueries({ queryKey: this.keys.pricing, exact: true });
    if (choice === 'mine' && variables) {
      await this.save(variables.productId, variables.rule);
    }
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
