import {
  type DecimalString,
  type PriceChangePage,
  type UsageSummary,
  isRebillingError,
  marginErosion,
  projectProfit,
  toDecimal,
  toDecimalString,
} from '@rebill-kit/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Formatters, useMessages, useRebillingContext } from './context.js';
import { insightsMessages } from './messages.js';
import { sameRule } from './pricing-sync.js';
import { type UsePricingResult, samePricingView } from './use-pricing.js';
import { FigureExtensions } from './widgets/WidgetFrame.js';

const selectNewest = (page: PriceChangePage) => page.entries[0] ?? null;

/** A signed total with a true minus (U+2212): "+$48.98", "−$12.00". */
function signedTotal(amount: DecimalString, format: Formatters): string {
  const value = toDecimal(amount);
  const magnitude = toDecimalString({ units: value.units < 0n ? -value.units : value.units, scale: value.scale });
  return `${value.units < 0n ? '\u2212' : '+'}${format.total(magnitude)}`;
}

function unsigned(amount: DecimalString): DecimalString {
  return amount.startsWith('-') ? amount.slice(1) : amount;
}

/**
 * "At last 30 days' volume (12,400 segments): $195.92 / month profit, +$48.98 vs the saved
 * price", under a widget's figures. Computed in core (`projectProfit`, exact) from the rule the
 * widget shows, so it follows a drag frame by frame with no network call; the summary is loaded
 * once for every widget. Renders nothing when the adapter has no `loadUsageSummary`, while it
 * loads or fails, or when the product had no usage.
 */
export const ProjectedProfit = /* @__PURE__ */ memo(function ProjectedProfit({ pricing }: { pricing: UsePricingResult }) {
  const { adapter, sync, queryClient, locale, plural } = useRebillingContext();
  const messages = useMessages(insightsMessages);
  const loadUsageSummary = adapter.loadUsageSummary?.bind(adapter);
  const { productId, format, currency, rule } = pricing;
  const quantity = useQuery(
    {
      queryKey: [...sync.keys.root, 'usage-summary'],
      queryFn: ({ signal }): Promise<UsageSummary> => loadUsageSummary!({ signal }),
      enabled: loadUsageSummary !== undefined,
      select: useCallback((summary: UsageSummary) => summary.quantities[productId] ?? 0, [productId]),
    },
    queryClient,
  ).data;
  const productPricing = pricing.pricing;
  // The volume's words change with the summary only, not with every slider step.
  const volume = useMemo(
    () => (quantity ? messages.insightsVolume(productId, new Intl.NumberFormat(locale).format(quantity), plural.select(quantity)) : ''),
    [messages, productId, locale, plural, quantity],
  );
  if (!quantity || !productPricing || !format || !currency || !rule) return null;
  const projection = projectProfit(productPricing, productId, quantity, { rule, currency });
  const isLoss = projection.profit.startsWith('-');
  const delta = toDecimal(projection.delta).units === 0n ? null : signedTotal(projection.delta, format);
  return (
    <p className="rk-projection" data-projection="" data-loss={isLoss ? '' : undefined}>
      {messages.insightsProjection(volume, format.total(unsigned(projection.profit)), isLoss, delta)}
    </p>
  );
}, /* @__PURE__ */ samePricingView((p) => [p.productId, p.pricing, p.format, p.currency, p.rule]));

/**
 * When You Pay changed since the owner last set this product's price (the newest price history
 * entry's `youPayAtTheTime`), says so: old and new cost, profit per unit then and now. For a
 * fixed price whose margin shrank, **Restore my margin** previews the price raised by You Pay's
 * ratio (`marginErosion`, exact) in the figures, then saves it through the widget's own save
 * path (revision, idempotency key, Undo). A multiplier keeps its margin by itself: it says so.
 * Renders nothing without `listPriceChanges`, before the first change, or when You Pay is the same.
 */
export const MarginErosionNotice = /* @__PURE__ */ memo(function MarginErosionNotice({ pricing }: { pricing: UsePricingResult }) {
  const { adapter, sync, queryClient } = useRebillingContext();
  const messages = useMessages(insightsMessages);
  const [previewing, setPreviewing] = useState(false);
  // The button pressed goes away (Restore → Save / Cancel → Restore): focus moves to its successor.
  const focusNext = useRef<'save' | 'restore' | null>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const restoreRef = useRef<HTMLButtonElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusNext.current === 'save') saveRef.current?.focus();
    else if (focusNext.current === 'restore') restoreRef.current?.focus();
    focusNext.current = null;
  });
  const { productId, format, currency } = pricing;
  const listPriceChanges = adapter.listPriceChanges?.bind(adapter);
  const newest = useQuery(
    {
      // The sync refetches it when this product's prices change (a save here, another tab's). Its
      // own key segment: ConflictSource keys the same history by value, in another shape.
      queryKey: sync.keys.newestChange(productId),
      queryFn: ({ signal }): Promise<PriceChangePage> => listPriceChanges!({ product: productId, limit: 1 }, { signal }),
      enabled: listPriceChanges !== undefined && pricing.pricing !== undefined,
      placeholderData: (previous) => previous,
      select: selectNewest,
    },
    queryClient,
  ).data;
  const productPricing = pricing.pricing;
  const erosion = useMemo(
    () => (newest && productPricing && currency ? marginErosion(productPricing, newest, currency) : undefined),
    [newest, productPricing, currency],
  );
  if (!erosion || !format) return null;
  const { remedy } = erosion;
  const proposal = remedy.kind === 'restore' ? remedy.rule : undefined;
  // The preview is the widget's own draft: a drag or an edit of another value ends it.
  const shown = previewing && proposal !== undefined && pricing.dirty && pricing.rule !== undefined && sameRule(pricing.rule, proposal);

  const preview = () => {
    if (!proposal) return;
    try {
      pricing.setFixedPrice(proposal.price);
      focusNext.current = 'save';
      setPreviewing(true);
    } catch (error) {
      // The currency or rules changed under the notice; the next render recomputes the remedy.
      if (!(error instanceof RangeError) && !isRebillingError(error)) throw error;
    }
  };
  const save = () => {
    // The figures show the proposal (a loss included, marked as one) before the owner saves it.
    pricing.commit({ confirmLoss: true });
    // The notice goes once the save is the newest change: keep focus in the widget, on the line
    // that reports the save (and offers Undo).
    noticeRef.current?.closest('.rk-widget')?.querySelector<HTMLElement>('.rk-save-status')?.focus();
    setPreviewing(false);
  };
  const cancel = () => {
    pricing.cancel();
    focusNext.current = 'restore';
    setPreviewing(false);
  };

  let action: ReactNode = null;
  if (remedy.kind === 'kept') action = <p className="rk-erosion-note">{messages.erosionKept}</p>;
  else if (proposal && shown) {
    action = (
      <>
        <p className="rk-erosion-note" data-preview="">
          {messages.erosionPreview(format.total(proposal.price))}
        </p>
        <span className="rk-actions">
          <button ref={saveRef} type="button" className="rk-button" data-variant="primary" disabled={pricing.disabled} onClick={save}>
            {messages.erosionSave}
          </button>
          <button type="button" className="rk-button" onClick={cancel}>
            {messages.cancel}
          </button>
        </span>
      </>
    );
  } else if (proposal) {
    action = (
      <span className="rk-actions">
        <button ref={restoreRef} type="button" className="rk-button" disabled={pricing.disabled || pricing.status === 'saving'} onClick={preview}>
          {messages.erosionRestore}
        </button>
      </span>
    );
  }
  return (
    <div ref={noticeRef} className="rk-message rk-erosion" data-tone={erosion.cost === 'rose' ? 'warning' : 'info'} data-erosion={erosion.cost} data-preview={shown ? '' : undefined}>
      <p className="rk-message-text">
        <strong className="rk-message-title">{messages.erosionTitle(erosion.cost)}</strong>{' '}
        {messages.erosionBody(format.unitPrice(erosion.youPayThen), format.unitPrice(erosion.youPayNow), format.unitPrice(erosion.profitThen), format.unitPrice(erosion.profitNow))}
      </p>
      {action}
    </div>
  );
}, /* @__PURE__ */ samePricingView((p) =>
  // A multiplier keeps its margin by itself: its notice offers nothing that follows the value, so
  // a slider step does not re-render it. A fixed price's Restore reads the draft and the status.
  p.pricing?.rule.type === 'multiplier'
    ? [p.productId, p.pricing, p.format, p.currency]
    : [p.productId, p.pricing, p.format, p.currency, p.rule, p.dirty, p.disabled, p.status === 'saving', p.setFixedPrice, p.commit, p.cancel],
));

const INSIGHTS = [ProjectedProfit, MarginErosionNotice];

/**
 * Adds the projected profit ({@link ProjectedProfit}) and the margin-erosion notice
 * ({@link MarginErosionNotice}) under the figures of every widget below it. `RebillingPanel`
 * does this itself; a host placing single widgets wraps them. Without it a widget ships none of
 * this code.
 */
export function WithProfitInsights({ children }: { children: ReactNode }) {
  return <FigureExtensions.Provider value={INSIGHTS}>{children}</FigureExtensions.Provider>;
}
