import type { PriceChangePage, PricingSnapshot } from '@rebill-kit/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Dialog } from './Dialog.js';
import { useMessages, useRebillingContext } from './context.js';
import { historyMessages, priceChangesMessages } from './messages.js';
import { PriceChangeFacts, useDescribeRule } from './PriceHistory.js';

const DEFAULT_PAGE_SIZE = 20;
const selectHeader = (snapshot: PricingSnapshot) => ({ revision: snapshot.revision, currency: snapshot.currency });

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
  const header = useQuery({ queryKey: sync.keys.pricing, queryFn: sync.load, select: selectHeader }, queryClient).data;
  const format = header ? formattersFor(header.currency) : undefined;
  const describe = useDescribeRule(format);
  const listPriceChanges = adapter.listPriceChanges?.bind(adapter);
  const history = useInfiniteQuery(
    {
      queryKey: [...sync.keys.root, 'price-history', 'all', pageSize, header?.revision],
      queryFn: ({ pageParam, signal }): Promise<PriceChangePage> =>
        listPriceChanges!({ limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) }, { signal }),
      initialPageParam: null as string | null,
      getNextPageParam: (page: PriceChangePage) => page.nextCursor,
      enabled: listPriceChanges !== undefined && header !== undefined,
      placeholderData: (previous) => previous,
    },
    queryClient,
  );
  if (!listPriceChanges) return null;
  const entries = history.data?.pages.flatMap((page) => page.entries) ?? [];
  let body: ReactNode;
  if (history.isError && entries.length === 0) {
    body = (
      <div className="rk-message" role="alert" data-tone="danger">
        <span className="rk-message-text">{messages.historyLoadFailed}</span>
        <button type="button" className="rk-button" onClick={() => void history.refetch()}>
          {messages.retry}
        </button>
      </div>
    );
  } else if (history.isPending || !format) {
    body = <p className="rk-history-note">{messages.historyLoading}</p>;
  } else if (entries.length === 0) {
    body = <p className="rk-history-note">{messages.historyEmpty}</p>;
  } else {
    body = (
      <>
        <ol className="rk-history-list">
          {entries.map((entry) => (
            <li key={entry.id} className="rk-history-entry" data-history-entry={entry.id} data-product={entry.product}>
              <span className="rk-price-changes-product">{messages.productTitle[entry.product]}</span>
              <PriceChangeFacts entry={entry} format={format} when={format.dateTime(entry.at)} describe={describe} />
            </li>
          ))}
        </ol>
        {history.hasNextPage ? (
          <button type="button" className="rk-button" disabled={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            {history.isFetchingNextPage ? messages.historyLoading : messages.historyLoadMore}
          </button>
        ) : null}
      </>
    );
  }
  return (
    <div className="rk-history-body" data-price-changes="">
      {body}
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
