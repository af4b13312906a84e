import {
  type DecimalString,
  type MultiplierLimits,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type ProductInfo,
  type ProductPricing,
  type Quote,
  type RebillingError,
  PRODUCTS,
  checkFixedPrice,
  checkMultiplier,
  currencyDecimals,
  multiplierAtStep,
  multiplierLimits,
  multiplierStepCount,
  quote as quoteProduct,
  stepOfMultiplier,
  UNIT_PRICE_DECIMALS,
} from '@rebill-kit/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { type Formatters, useRebillingContext, useMessages } from './context.js';
import { widgetMessages } from './messages.js';
import { type SaveStatus, sameRule } from './pricing-sync.js';
import { useStripeConnection } from './use-stripe.js';

export type { SaveStatus };

export type DisabledReason = 'loading' | 'load-error' | 'currency-mismatch' | 'stripe-disconnected' | 'stripe-pending';

export interface PricingFigures extends Quote {
  /** The same figures, formatted in the provider's locale and the snapshot's currency. */
  formatted: { youPay: string; subAccountPays: string; profit: string; margin: string | null };
}

export interface UsePricingResult {
  productId: ProductId;
  product: ProductInfo;
  /** Loaded prices for this product; `undefined` while loading or after a load error. */
  pricing: ProductPricing | undefined;
  currency: string | undefined;
  /** The rule shown: the value being dragged or typed, else a failed save's value, else the saved one. */
  rule: PricingRule | undefined;
  /** The rule the backend holds (optimistically including a save in flight). */
  savedRule: PricingRule | undefined;
  /** Figures for `rule`; `undefined` until prices load. */
  figures: PricingFigures | undefined;
  limits: MultiplierLimits | undefined;
  /** Slider position of the multiplier (0 = min) and the number of positions above min. */
  step: number | undefined;
  stepCount: number | undefined;
  /** Whether the shown value differs from the saved one and has not been committed. */
  dirty: boolean;
  /** Sets the multiplier being edited. Throws a `RangeError` when off the step or out of range. */
  setMultiplier(multiplier: DecimalString): void;
  /** Sets the multiplier by slider position (0 = min). */
  setMultiplierStep(step: number): void;
  /** Sets the fixed price being edited. Throws a `RangeError` for a negative or over-precise price. */
  setFixedPrice(price: DecimalString): void;
  /**
   * Saves the edited value. A fixed price below You Pay is saved only with `{ confirmLoss: true }`;
   * without it the result is `'needs-loss-confirmation'` and nothing is saved.
   */
  commit(options?: { confirmLoss?: boolean }): 'saved' | 'unchanged' | 'needs-loss-confirmation';
  /** Drops the edited value. */
  cancel(): void;
  /**
   * `saving` from `commit()` until the last save settles: quick changes coalesce into at most one
   * save at the adapter and one waiting (the latest value replaces a waiting one).
   */
  status: SaveStatus;
  error: RebillingError | null;
  /**
   * With status `saved`: what the save changed (`rule`, from `previousRule`), whether it was an
   * Undo, and when it settled (`Date.now()`), for a notice such as "SMS set to 3.5x · Undo".
   */
  lastChange: { rule: PricingRule; previousRule: PricingRule; undo: boolean; settledAt: number } | null;
  /** With status `saved`: saves `lastChange.previousRule` back, through the same path as any save. */
  undo(): void;
  /** After a failed save: sends it again (same idempotency key). */
  retry(): void;
  /** After a failed save: forgets it; the saved value shows again. */
  discard(): void;
  /** After a conflict: take the latest prices, or save this value on top of them. */
  resolveConflict(choice: 'latest' | 'mine'): void;
  isLoading: boolean;
  /**
   * Why the prices could not be loaded. With `pricing` still set, only a background refresh
   * failed: the prices shown are the last ones loaded, and may be out of date.
   */
  loadError: RebillingError | null;
  reloadPrices(): void;
  disabled: boolean;
  disabledReason: DisabledReason | null;
  /** Human text for `disabledReason`, from `messages`. */
  disabledMessage: string | null;
  format: Formatters | undefined;
}

/**
 * A `memo` comparison for parts given a widget's whole `pricing` (rebuilt on every widget render):
 * the part re-renders only when what `read` picks from it changes, so a save status change does
 * not re-render a projection that never reads the status.
 */
export function samePricingView(read: (pricing: UsePricingResult) => readonly unknown[]) {
  return (before: { pricing: UsePricingResult }, after: { pricing: UsePricingResult }) => {
    const [was, is] = [read(before.pricing), read(after.pricing)];
    return was.length === is.length && was.every((value, index) => Object.is(value, is[index]));
  };
}

/** Whether a save of `productId` is in flight, for a part that only disables a button meanwhile. */
export function useSaving(productId: ProductId): boolean {
  const { sync } = useRebillingContext();
  return useSyncExternalStore(
    useCallback((listener: () => void) => sync.subscribeSaves(productId, listener), [sync, productId]),
    () => sync.saveState(productId).status === 'saving',
    () => false,
  );
}

interface ProductSlice {
  currency: string;
  pricing: ProductPricing;
}

/**
 * The state layer every widget shares: figures for the value being edited, the setters, the save
 * state and why the product is disabled. Dragging changes only this hook's local state, so only
 * the widget using it re-renders; a save happens on `commit()`.
 */
export function usePricing(productId: ProductId, options: { country?: string } = {}): UsePricingResult {
  const context = useRebillingContext();
  const { queryClient, sync, expectedCurrency } = context;
  const messages = useMessages(widgetMessages);
  const { country } = options;

  const pricingQuery = useQuery(
    {
      queryKey: sync.keys.pricing,
      queryFn: sync.load,
      select: useCallback(
        (snapshot: PricingSnapshot): ProductSlice => ({ currency: snapshot.currency, pricing: snapshot.products[productId] }),
        [productId],
      ),
    },
    queryClient,
  );
  const stripeStatus = useStripeConnection((connection) => connection.status);

  const saveState = useSyncExternalStore(
    useCallback((listener: () => void) => sync.subscribeSaves(productId, listener), [sync, productId]),
    () => sync.saveState(productId),
    () => sync.saveState(productId),
  );

  const [draft, setDraftState] = useState<PricingRule | null>(null);
  // Read by commit(): a pointerup can arrive before React has rendered the last drag value.
  const draftRef = useRef<PricingRule | null>(null);
  const setDraft = useCallback((next: PricingRule | null) => {
    draftRef.current = next;
    setDraftState(next);
  }, []);

  const refetchPrices = pricingQuery.refetch;
  const slice = pricingQuery.data;
  const pricing = slice?.pricing;
  const currency = slice?.currency;
  const savedRule = pricing?.rule;
  const failedRule = saveState.status === 'error' || saveState.status === 'conflict' ? saveState.save?.rule : undefined;
  // One identity per value: a save hands back an equal rule as a new object, and memoised parts
  // (figures, control) must not re-render for it.
  const shownRule = draft ?? failedRule ?? savedRule;
  const ruleRef = useRef(shownRule);
  if (!(shownRule && ruleRef.current && sameRule(shownRule, ruleRef.current))) ruleRef.current = shownRule;
  const rule = ruleRef.current;
  const limits = pricing && pricing.rule.type === 'multiplier' ? multiplierLimits(pricing) : undefined;
  const currencyMismatch = currency !== undefined && expectedCurrency !== undefined && currency !== expectedCurrency;
  const format = currency && !currencyMismatch ? context.formattersFor(currency) : undefined;

  // Keyed by content, not identity: a save re-writes the snapshot with the same values, and the
  // figures (and everything memoised on them) must not re-render for a status change.
  const ruleKey = rule && (rule.type === 'multiplier' ? `x${rule.multiplier}` : `$${rule.price}`);
  const latestInputs = useRef({ pricing, rule });
  latestInputs.current = { pricing, rule };
  const figures = useMemo((): PricingFigures | undefined => {
    const { pricing, rule } = latestInputs.current;
    if (!pricing || !rule || !format) return undefined;
    const figures = quoteProduct(pricing, { rule, ...(country ? { country } : {}) });
    return {
      ...figures,
      formatted: {
        youPay: format.unitPrice(figures.youPay),
        subAccountPays: format.unitPrice(figures.subAccountPays),
        profit: format.unitPrice(figures.profit),
        margin: figures.marginPercent === null ? null : format.percent(figures.marginPercent),
      },
    };
  }, [pricing?.youPay, pricing?.countryRates, ruleKey, format, country]);

  // Exact decimal work, so done once per value rather than on every status render.
  const multiplier = rule?.type === 'multiplier' ? rule.multiplier : undefined;
  const step = useMemo(() => (limits && multiplier !== undefined ? stepOfMultiplier(limits, multiplier) : undefined), [limits, multiplier]);
  const stepCount = useMemo(() => (limits ? multiplierStepCount(limits) : undefined), [limits]);

  let disabledReason: DisabledReason | null = null;
  if (pricingQuery.isPending) disabledReason = 'loading';
  // A failed background refresh keeps the prices already shown (saves still carry their revision,
  // so a newer change elsewhere is caught as a conflict); only a first load that failed blocks.
  else if (pricingQuery.isError && !slice) disabledReason = 'load-error';
  else if (currencyMismatch) disabledReason = 'currency-mismatch';
  else if (stripeStatus.data === undefined) disabledReason = stripeStatus.isError ? 'load-error' : 'loading';
  else if (stripeStatus.data === 'disconnected') disabledReason = 'stripe-disconnected';
  else if (stripeStatus.data === 'pending') disabledReason = 'stripe-pending';

  const disabledMessage =
    disabledReason === 'stripe-disconnected'
      ? messages.disabledReason.disconnected
      : disabledReason === 'stripe-pending'
        ? messages.disabledReason.pending
        : disabledReason === 'loading'
          ? messages.loading
          : disabledReason === 'load-error'
            ? messages.loadFailed
            : disabledReason === 'currency-mismatch' && currency && expectedCurrency
              ? messages.currencyMismatch(expectedCurrency, currency)
              : null;

  const setMultiplier = useCallback(
    (multiplier: DecimalString) => {
      if (!limits) throw new RangeError(`${productId} is not priced by multiplier, or prices are not loaded yet.`);
      const problem = checkMultiplier(multiplier, limits);
      if (problem) throw new RangeError(`Multiplier ${multiplier} for ${productId} ${problem}.`);
      setDraft({ type: 'multiplier', multiplier });
    },
    [limits, productId, setDraft],
  );

  const setMultiplierStep = useCallback(
    (step: number) => {
      if (!limits) throw new RangeError(`${productId} is not priced by multiplier, or prices are not loaded yet.`);
      setMultiplier(multiplierAtStep(limits, step));
    },
    [limits, productId, setMultiplier],
  );

  const setFixedPrice = useCallback(
    (price: DecimalString) => {
      if (PRODUCTS[productId].rule !== 'fixed') throw new RangeError(`${productId} is not priced by a fixed price.`);
      // Whole minor units of the currency (cents for USD): a fixed price is a card or price-list amount.
      const problem = checkFixedPrice(price, currency ? currencyDecimals(currency) : UNIT_PRICE_DECIMALS, currency);
      if (problem) throw new RangeError(`Price ${price} for ${productId} ${problem}.`);
      setDraft({ type: 'fixed', price });
    },
    [productId, setDraft, currency],
  );

  // commit() reads the latest render's values through a ref, so it keeps one identity and a
  // memoised control does not re-render when only the save status changes.
  const committing = useRef({ savedRule, pricing, disabledReason, failedRule });
  committing.current = { savedRule, pricing, disabledReason, failedRule };
  const commit = useCallback(
    ({ confirmLoss = false }: { confirmLoss?: boolean } = {}): 'saved' | 'unchanged' | 'needs-loss-confirmation' => {
      const draft = draftRef.current;
      const { savedRule, pricing, disabledReason, failedRule } = committing.current;
      if (!draft || !savedRule || !pricing || disabledReason) return 'unchanged';
      if (sameRule(draft, savedRule) && !failedRule) {
        setDraft(null);
        return 'unchanged';
      }
      if (!confirmLoss && draft.type === 'fixed' && quoteProduct(pricing, { rule: draft }).isLoss) return 'needs-loss-confirmation';
      void sync.save(productId, draft);
      setDraft(null);
      return 'saved';
    },
    [sync, productId, setDraft],
  );

  const { save } = saveState;
  const lastChange = useMemo(
    () =>
      saveState.status === 'saved' && save
        ? { rule: save.rule, previousRule: save.previousRule, undo: save.undo, settledAt: saveState.settledAt }
        : null,
    [saveState, save],
  );

  return {
    productId,
    product: PRODUCTS[productId],
    pricing,
    currency,
    rule,
    savedRule,
    figures,
    limits,
    step,
    stepCount,
    dirty: draft !== null && (!savedRule || !sameRule(draft, savedRule)),
    setMultiplier,
    setMultiplierStep,
    setFixedPrice,
    commit,
    cancel: useCallback(() => setDraft(null), [setDraft]),
    status: draft && saveState.status !== 'saving' ? 'idle' : saveState.status,
    error: saveState.error,
    lastChange,
    undo: useCallback(() => void sync.undo(productId), [sync, productId]),
    retry: useCallback(() => void sync.retry(productId), [sync, productId]),
    discard: useCallback(() => {
      sync.discard(productId);
      setDraft(null);
    }, [sync, productId, setDraft]),
    resolveConflict: useCallback((choice: 'latest' | 'mine') => void sync.resolveConflict(productId, choice), [sync, productId]),
    isLoading: pricingQuery.isPending,
    // A failed refresh stays known after a save writes the cache (which clears `error`).
    loadError: ((pricingQuery.error ?? (slice ? pricingQuery.failureReason : null)) as RebillingError | null) ?? null,
    reloadPrices: useCallback(() => void refetchPrices(), [refetchPrices]),
    disabled: disabledReason !== null,
    disabledReason,
    disabledMessage,
    format,
  };
}
