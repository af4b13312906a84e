/**
 * Per-sub-account prices in the panel, as a layer over the account-wide state rather than a
 * change to it: `SubAccountScope` gives the widgets below it a `PricingSync` over a scoped
 * adapter, whose `loadPricing` is the account snapshot with this sub-account's overrides applied
 * (core's `pricingForSubAccount`) and whose `savePricing` of one product is `saveOverride`. So
 * `usePricing` and every widget work unchanged, with the same Saving / Saved / Retry / Undo.
 * Each widget then says "Inherited" or "Overridden for <name>", with "Use the account-wide price".
 */
import {
  PRODUCT_IDS,
  RebillingError,
  pricingForSubAccount,
  toRebillingError,
  type PricingSnapshot,
  type ProductId,
  type RebillingAdapter,
  type SubAccountOverrides,
} from '@rebill-kit/core';
import { type ReactNode, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { RebillingContext, useMessages, useRebillingContext } from './context.js';
import { hostText } from './host-text.js';
import { overridesMessages } from './messages.js';
import { pricingSyncFor } from './pricing-sync.js';
import { type Overrides, hasOverrides, listAll } from './SubAccountPicker.js';
import type { UsePricingResult } from './use-pricing.js';
import { WidgetExtensions } from './widgets/WidgetFrame.js';

/**
 * A short content hash, so the scoped revision changes exactly when the account's or the
 * overrides do. `epoch` counts removals (made outside the sync): content that returns to an
 * earlier state must not look like a revision the sync already replaced, or it would keep the old one.
 */
function contentRevision(snapshot: PricingSnapshot, subAccount: SubAccountOverrides, epoch: number): string {
  const text = PRODUCT_IDS.map((id) => JSON.stringify(subAccount.overrides[id] ?? null)).join('|');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${snapshot.revision.slice(0, 150)}~${hash.toString(36)}~${epoch}`;
}

interface ScopedAdapter extends RebillingAdapter {
  /** The sub-account as last loaded or saved (for "Overridden for <name>"). */
  current(): SubAccountOverrides | undefined;
  subscribeCurrent(listener: () => void): () => void;
  /** The product inherits again; the scoped prices reload. */
  removeProduct(productId: ProductId): Promise<void>;
}

const scopedAdapters = new WeakMap<RebillingAdapter, Map<string, ScopedAdapter>>();

/** One scoped adapter per base adapter and sub-account, so its query keys (and sync) stay stable. */
function scopedAdapterFor(base: RebillingAdapter & Overrides, seed: SubAccountOverrides): ScopedAdapter {
  let bySubAccount = scopedAdapters.get(base);
  if (!bySubAccount) scopedAdapters.set(base, (bySubAccount = new Map()));
  const existing = bySubAccount.get(seed.subAccountId);
  if (existing) return existing;
  const { subAccountId } = seed;
  let current: SubAccountOverrides | undefined = seed;
  let epoch = 0;
  const listeners = new Set<() => void>();
  const setCurrent = (next: SubAccountOverrides) => {
    current = next;
    for (const listener of [...listeners]) listener();
  };
  const scoped: ScopedAdapter = {
    async loadPricing(options) {
      const [snapshot, all] = await Promise.all([base.loadPricing(options), listAll(base, options?.signal)]);
      const found = all.find((subAccount) => subAccount.subAccountId === subAccountId);
      if (!found) throw new RebillingError('validation', `The sub-account ${subAccountId} is no longer listed by listOverrides.`);
      setCurrent(found);
      return { ...pricingForSubAccount(snapshot, found), revision: contentRevision(snapshot, found, epoch) };
    },
    async savePricing(change, options) {
      const entries = Object.entries(change.products);
      const [productId, rule] = entries[0] ?? [];
      if (entries.length !== 1 || !productId || !rule) throw new RebillingError('validation', 'A sub-account override saves one product at a time.');
      // An override has no revision: the key alone makes a retry apply once.
      const saved = await base.saveOverride({ subAccountId, product: productId as ProductId, rule }, options);
      setCurrent(saved);
      const snapshot = await base.loadPricing({ ...(options.signal ? { signal: options.signal } : {}) });
      return { ...pricingForSubAccount(snapshot, saved), revision: contentRevision(snapshot, saved, epoch) };
    },
    loadStripeConnection: (options) => base.loadStripeConnection(options),
    connectStripe: (input) => base.connectStripe(input),
    current: () => current,
    subscribeCurrent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async removeProduct(productId) {
      const removed = await base.removeOverride({ subAccountId, product: productId });
      epoch += 1;
      setCurrent(removed);
    },
  };
  bySubAccount.set(subAccountId, scoped);
  return scoped;
}

/**
 * Below it, every widget shows and edits `subAccount`'s prices: its overrides, the account-wide
 * rule elsewhere. Pass `null` for the account-wide prices (it then renders its children as is).
 */
export function SubAccountScope({ subAccount, children }: { subAccount: SubAccountOverrides | null; children: ReactNode }) {
  const outer = useRebillingContext();
  const extensions = useContext(WidgetExtensions);
  const { adapter, queryClient } = outer;
  const scoped = subAccount && hasOverrides(adapter) ? scopedAdapterFor(adapter, subAccount) : null;
  const sync = scoped ? pricingSyncFor(queryClient, scoped) : null;
  const name = subAccount ? hostText(subAccount.name) : '';

  // The account's own events (a save elsewhere, an override changed in another tab) reload the
  // scoped prices; the Stripe status is the account's, so the scoped query starts from it.
  useEffect(() => {
    if (!sync) return undefined;
    const stripe = queryClient.getQueryData(outer.sync.keys.stripe);
    if (stripe !== undefined) queryClient.setQueryData(sync.keys.stripe, stripe);
    return adapter.subscribe?.((event) => {
      if (event.type === 'pricing' || event.type === 'overrides') void queryClient.invalidateQueries({ queryKey: sync.keys.pricing });
      if (event.type === 'stripe') void queryClient.invalidateQueries({ queryKey: sync.keys.stripe });
    });
  }, [adapter, queryClient, outer.sync, sync]);

  const value = useMemo(() => (sync ? { ...outer, sync } : outer), [outer, sync]);
  const withStatus = useMemo(
    // First, so "Overridden for <name>" sits above History.
    () => (scoped ? [(props: { pricing: UsePricingResult }) => <OverrideStatus {...props} scoped={scoped} name={name} />, ...extensions] : extensions),
    [extensions, scoped, name],
  );
  if (!scoped) return <>{children}</>;
  return (
    <RebillingContext.Provider value={value}>
      <WidgetExtensions.Provider value={withStatus}>{children}</WidgetExtensions.Provider>
    </RebillingContext.Provider>
  );
}

/** "Inherited" or "Overridden for <name>" with "Use the account-wide price", under each widget. */
function OverrideStatus({ pricing, scoped, name }: { pricing: UsePricingResult; scoped: ScopedAdapter; name: string }) {
  const messages = useMessages(overridesMessages);
  const { queryClient, sync } = useRebillingContext();
  const current = useSyncExternalStore(scoped.subscribeCurrent, scoped.current, scoped.current);
  const [removing, setRemoving] = useState(false);
  const [failed, setFailed] = useState<RebillingError | null>(null);
  const { productId } = pricing;
  const overridden = current?.overrides[productId] !== undefined;
  const useAccountWide = async () => {
    setRemoving(true);
    setFailed(null);
    try {
      await scoped.removeProduct(productId);
      sync.discard(productId);
      await queryClient.invalidateQueries({ queryKey: sync.keys.pricing });
    } catch (error) {
      setFailed(toRebillingError(error));
    } finally {
      setRemoving(false);
    }
  };
  return (
    <div className="rk-override-status" data-override={overridden ? 'overridden' : 'inherited'}>
      <span className="rk-badge" data-tone={overridden ? 'info' : 'neutral'}>
        {overridden ? <bdi>{messages.overridesOverriddenFor(name)}</bdi> : messages.overridesInherited}
      </span>
      {overridden ? (
        <button type="button" className="rk-button" data-variant="link" disabled={removing || pricing.disabled} onClick={() => void useAccountWide()}>
          {messages.overridesUseAccountWide}
        </button>
      ) : null}
      {failed ? (
        <span className="rk-message" role="alert" data-tone="danger">
          {messages.overridesRemoveFailed}
        </span>
      ) : null}
    </div>
  );
}
