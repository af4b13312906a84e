import type { PricingSnapshot } from '@rebill-kit/core';
import { useQuery } from '@tanstack/react-query';
import { Dialog } from './Dialog.js';
import { useMessages, useRebillingContext } from './context.js';
import { historyMessages, priceChangesMessages } from './messages.js';
import { PriceChangeFacts, PriceChangeList, useDescribeRule } from './PriceHistory.js';

const DEFAULT_PAGE_SIZE = 20;
const selectCurrency = (snapshot: PricingSnapshot) => snapshot.currency;

export interface PriceChangesProps {
  /** Changes fetched per page ("Show older changes" fetches the next). Default 20. */
  pageSize?: number;
}

/**
 * The whole account's price history: every product's changes, newest first, paged, each with
 * who, when, from → to and You Pay then (the widgets' History entries, without Revert: a revert
 * belongs to its widget, where its figures and save state are). Renders nothing when the
 * adapter has no `listPriceChanges`.
 */
export function PriceChanges({ pageSize = DEFAULT_PAGE_SIZE }: PriceChangesProps) {
  const { adapter, sync, queryClient, formattersFor } = useRebillingContext();
  const messages = useMessages(historyMessages);
  const currency = useQuery({ queryKey: sync.keys.pricing, queryFn: sync.load, select: selectCurrency }, queryClient).data;
  const format = currency ? formattersFor(currency) : undefined;
  const describe = useDescribeRule(format);
  if (!adapter.listPriceChanges) return null;
  return (
    <div className="rk-history-body" data-price-changes="">
      <PriceChangeList
        pageSize={pageSize}
        ready={format !== undefined}
        renderEntry={(entry) => (
          <li key={entry.id} className="rk-history-entry" data-history-entry={entry.id} data-product={entry.product}>
            <span className="rk-price-changes-product">{messages.productTitle[entry.product]}</span>
            <PriceChangeFacts entry={entry} format={format!} when={format!.dateTime(entry.at)} describe={describe} />
          </li>
        )}
      />
    </div>
  );
}

export interface PriceChangesDialogProps extends PriceChangesProps {
  open: boolean;
  onOpenChange(open: boolean): void;
}

/** {@link PriceChanges} in the panel's dialog, opened by its "Price changes" header action. */
export function PriceChangesDialog({ open, onOpenChange, ...props }: PriceChangesDialogProps) {
  const messages = useMessages(priceChangesMessages);
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={messages.priceChanges} description={messages.priceChangesDescription} size="large">
      <PriceChanges {...props} />
    </Dialog>
  );
}
