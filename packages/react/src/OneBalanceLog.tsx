import {
  type LedgerEntry,
  type LedgerEntryType,
  type LedgerPage,
  type PricingSnapshot,
  type RebillingError,
  currencyDecimals,
  isAbortError,
  parseLedgerPage,
  roundDecimal,
  toDecimal,
  toDecimalString,
  toRebillingError,
} from '@rebill-kit/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useRebillingContext, useMessages } from './context.js';
import { Dialog } from './Dialog.js';
import { logMessages } from './messages.js';
import { hostText } from './host-text.js';

export interface OneBalanceLogProps {
  /** Entries fetched per page ("Load more" fetches the next). Default 20; the adapter may cap it (memory adapter: 200). */
  pageSize?: number;
  /**
   * ISO 4217 currency of the ledger's amounts. Default: the currency of the loaded prices
   * (the pricing snapshot), which is loaded if needed.
   */
  currency?: string;
  className?: string;
}

export interface OneBalanceLogDialogProps extends OneBalanceLogProps {
  /** Whether the dialog is shown. Controlled: pair it with `onOpenChange`. */
  open: boolean;
  onOpenChange(open: boolean): void;
}

const DEFAULT_PAGE_SIZE = 20;

const selectCurrency = (snapshot: PricingSnapshot) => snapshot.currency;

function typeLabel(messages: typeof logMessages, type: LedgerEntryType): string {
  switch (type) {
    case 'funds_added':
      return messages.ledgerFundsAdded;
    case 'usage':
      return messages.ledgerUsage;
    case 'refund':
      return messages.ledgerRefund;
    case 'adjustment':
      return messages.ledgerAdjustment;
  }
}

type ExactFormat = (value: string) => string;

/**
 * A signed total ("+$100.00", "−$23.70"), rounded once by core's rule to the minor unit. The
 * minus is U+2212, the typographic minus (Intl writes the hyphen-minus in most locales).
 */
function signedTotalFormatter(locale: string | undefined, currency: string) {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, signDisplay: 'exceptZero' }).format as unknown as ExactFormat;
  const digits = currencyDecimals(currency);
  return (amount: string) => format(toDecimalString(roundDecimal(toDecimal(amount), digits))).replace('-', '\u2212');
}

function signOf(amount: string): 'credit' | 'debit' | 'zero' {
  const units = toDecimal(amount).units;
  return units > 0n ? 'credit' : units < 0n ? 'debit' : 'zero';
}

/** Every entry once, in page order: a refetch or an entry added meanwhile never shows twice. */
function uniqueEntries(pages: readonly LedgerPage[]): LedgerEntry[] {
  const seen = new Set<string>();
  const entries: LedgerEntry[] = [];
  for (const page of pages) {
    for (const entry of page.entries) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      entries.push(entry);
    }
  }
  return entries;
}

/**
 * The OneBalance ledger: funds added, the usage that drew on them and other activity, newest
 * first, with time, type, product, quantity, amount and the balance after each entry. Pages are
 * loaded through the adapter's `listLedger` with "Load more".
 */
export function OneBalanceLog({ pageSize = DEFAULT_PAGE_SIZE, currency: currencyProp, className }: OneBalanceLogProps) {
  const { adapter, queryClient, sync, rootStyle, theme, locale, formattersFor } = useRebillingContext();
  const messages = useMessages(logMessages);
  const available = typeof adapter.listLedger === 'function';
  const captionId = useId();
  const endRef = useRef<HTMLParagraphElement>(null);
  const focusEndRef = useRef(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  /** How many rows there were when "Load more" was pressed: the first new one is scrolled to. */
  const rowsBeforeMore = useRef<number | null>(null);
  const [added, setAdded] = useState<number | null>(null);

  const currencyQuery = useQuery(
    { queryKey: sync.keys.pricing, queryFn: sync.load, select: selectCurrency, enabled: available && currencyProp === undefined },
    queryClient,
  );
  const currency = currencyProp ?? currencyQuery.data;

  const ledger = useInfiniteQuery(
    {
      queryKey: [...sync.keys.ledger, { pageSize }],
      queryFn: async ({ pageParam, signal }): Promise<LedgerPage> => {
        try {
          const page = await adapter.listLedger!({ ...(pageParam === undefined ? {} : { cursor: pageParam }), limit: pageSize }, { signal });
          return parseLedgerPage(page);
        } catch (error) {
          throw isAbortError(error) ? error : toRebillingError(error);
        }
      },
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last: LedgerPage) => last.nextCursor ?? undefined,
      enabled: available,
    },
    queryClient,
  );

  const entries = useMemo(() => uniqueEntries(ledger.data?.pages ?? []), [ledger.data]);
  const format = useMemo(() => {
    if (!currency) return undefined;
    try {
      return { ...formattersFor(currency), signedTotal: signedTotalFormatter(locale, currency) };
    } catch {
      return undefined;
    }
  }, [currency, formattersFor, locale]);
  const count = useMemo(() => new Intl.NumberFormat(locale), [locale]);

  // "Load more" disappears with the last page: keep the keyboard user's place.
  useEffect(() => {
    const before = rowsBeforeMore.current;
    if (before === null || ledger.isFetchingNextPage) return;
    rowsBeforeMore.current = null;
    if (entries.length <= before) return;
    setAdded(entries.length - before);
    const firstNew = scrollRef.current?.querySelectorAll<HTMLElement>('.rk-log__row')[before];
    firstNew?.scrollIntoView({ block: 'nearest' });
  }, [entries.length, ledger.isFetchingNextPage]);

  useEffect(() => {
    if (focusEndRef.current && !ledger.hasNextPage && !ledger.isFetchingNextPage) {
      focusEndRef.current = false;
      endRef.current?.focus();
    }
  }, [ledger.hasNextPage, ledger.isFetchingNextPage]);

  const rootProps = { className: className ? `rk-root rk-log ${className}` : 'rk-root rk-log', style: rootStyle, 'data-theme': theme };

  if (!available) {
    return (
      <div {...rootProps} data-state="unavailable">
        <p className="rk-log__message">{messages.logUnavailable}</p>
      </div>
    );
  }

  const loadError = (ledger.isError && !ledger.data ? ledger.error : currency === undefined && currencyQuery.isError ? currencyQuery.error : null) as
    | RebillingError
    | null;
  if (loadError) {
    return (
      <div {...rootProps} data-state="error">
        <div className="rk-message" data-tone="danger" role="alert">
          <p className="rk-log__message">
            {messages.logLoadFailed} <bdi>{hostText(loadError.message)}</bdi>
          </p>
          <button
            type="button"
            className="rk-button"
            onClick={() => {
              if (ledger.isError) void ledger.refetch();
              if (currencyQuery.isError) void currencyQuery.refetch();
            }}
          >
            {messages.retry}
          </button>
        </div>
      </div>
    );
  }

  if (!ledger.data || !format) {
    return (
      <div {...rootProps} data-state="loading" aria-busy="true">
        <p className="rk-log__message" role="status">
          {messages.logLoading}
        </p>
      </div>
    );
  }

  if (entries.length === 0) {
    return (
      <div {...rootProps} data-state="empty">
        <div className="rk-log__message rk-log__empty">
          <p className="rk-log__empty-title">{messages.logEmpty}</p>
          <p className="rk-log__empty-hint">{messages.logEmptyHint}</p>
        </div>
      </div>
    );
  }

  const nextPageError = ledger.isFetchNextPageError ? (ledger.error as RebillingError | null) : null;

  return (
    <div {...rootProps} data-state="idle">
      <p className="rk-log__wallet">{messages.logWallet}</p>
      <div ref={scrollRef} className="rk-log__scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="rk-log__table">
          <caption id={captionId} className="rk-visually-hidden">
            {messages.logTitle}
          </caption>
          <thead className="rk-log__head">
            <tr>
              <th scope="col" className="rk-log__th">
                {messages.logColumnTime}
              </th>
              <th scope="col" className="rk-log__th">
                {messages.logColumnType}
              </th>
              <th scope="col" className="rk-log__th">
                {messages.logColumnProduct}
              </th>
              <th scope="col" className="rk-log__th" data-align="end">
                {messages.logColumnQuantity}
              </th>
              <th scope="col" className="rk-log__th" data-align="end">
                {messages.logColumnAmount}
              </th>
              <th scope="col" className="rk-log__th" data-align="end">
                {messages.logColumnBalanceAfter}
              </th>
            </tr>
          </thead>
          <tbody className="rk-log__body">
            {entries.map((entry) => (
              <tr key={entry.id} className="rk-log__row" data-entry-id={entry.id} data-type={entry.type}>
                <td className="rk-log__td" data-column="time" data-label={messages.logColumnTime}>
                  <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
                </td>
                <td className="rk-log__td" data-column="type" data-label={messages.logColumnType}>
                  <span className="rk-log__type">{typeLabel(messages, entry.type)}</span>
                  {entry.description ? <bdi className="rk-log__description">{hostText(entry.description)}</bdi> : null}
                </td>
                <td className="rk-log__td" data-column="product" data-label={messages.logColumnProduct}>
                  {entry.product ? messages.productTitle[entry.product] : messages.logNoProduct}
                </td>
                <td className="rk-log__td" data-column="quantity" data-align="end" data-label={messages.logColumnQuantity}>
                  {entry.quantity === undefined ? messages.logNoProduct : count.format(entry.quantity)}
                </td>
                <td className="rk-log__td" data-column="amount" data-align="end" data-sign={signOf(entry.amount)} data-label={messages.logColumnAmount}>
                  {format.signedTotal(entry.amount)}
                </td>
                <td className="rk-log__td" data-column="balance-after" data-align="end" data-label={messages.logColumnBalanceAfter}>
                  {format.total(entry.balanceAfter)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="rk-log__footer">
        <p className="rk-visually-hidden" role="status">
          {added !== null ? `${messages.logAdded(count.format(added))}. ${messages.logShowing(count.format(entries.length))}` : null}
        </p>
        {nextPageError ? (
          <div className="rk-message" data-tone="danger" role="alert">
            <p className="rk-log__message">
              {messages.logLoadFailed} <bdi>{hostText(nextPageError.message)}</bdi>
            </p>
            <button type="button" className="rk-button" onClick={() => void ledger.fetchNextPage()}>
              {messages.retry}
            </button>
          </div>
        ) : ledger.hasNextPage ? (
          <button
            type="button"
            className="rk-button rk-log__more"
            aria-disabled={ledger.isFetchingNextPage || undefined}
            aria-busy={ledger.isFetchingNextPage || undefined}
            onClick={() => {
              if (ledger.isFetchingNextPage) return;
              focusEndRef.current = true;
              rowsBeforeMore.current = entries.length;
              void ledger.fetchNextPage();
            }}
          >
            {ledger.isFetchingNextPage ? messages.logLoadingMore : messages.logLoadMore}
          </button>
        ) : ledger.data.pages.length > 1 ? (
          <p ref={endRef} className="rk-log__end" tabIndex={-1}>
            {messages.logEnd}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** The OneBalance log in a modal dialog: what the panel's "View Logs" opens. */
export function OneBalanceLogDialog({ open, onOpenChange, ...logProps }: OneBalanceLogDialogProps) {
  const messages = useMessages(logMessages);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={messages.logTitle}
      description={messages.logDescription}
      size="large"
      className="rk-log-dialog"
    >
      <OneBalanceLog {...logProps} />
    </Dialog>
  );
}
