import { type PriceChange, type PriceChangePage, type PricingRule, compare, toDecimal } from '@rebill-kit/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type ReactNode, memo, useState } from 'react';
import { type Formatters, useMessages, useRebillingContext } from './context.js';
import { hostText } from './host-text.js';
import { historyMessages } from './messages.js';
import { type UsePricingResult, samePricingView, useSaving } from './use-pricing.js';
import { sameRule } from './pricing-sync.js';
import { ConflictFacts, type ConflictFactsProps, WidgetExtensions } from './widgets/WidgetFrame.js';

export interface PriceHistoryProps {
  /** The product's pricing state, from `usePricing(productId)`: reverting saves through it. */
  pricing: UsePricingResult;
  /** Changes fetched per page ("Show older changes" fetches the next). Default 10. */
  pageSize?: number;
}

const DEFAULT_PAGE_SIZE = 10;

function sameValue(a: PricingRule, b: PricingRule): boolean {
  if (a.type === 'multiplier') return b.type === 'multiplier' && compare(toDecimal(a.multiplier), toDecimal(b.multiplier)) === 0;
  return b.type === 'fixed' && compare(toDecimal(a.price), toDecimal(b.price)) === 0;
}

type Problem = { id: string; kind: 'loss' | 'out-of-range' };

/**
 * A product's price history: a "History" disclosure listing who changed the price, when, from →
 * to and You Pay at the time, newest first, each with **Revert to this**. Reverting is an ordinary
 * save of that rule through `pricing` (its setters and `commit`): a new revision, an idempotency
 * key, the widget's Saving / Saved state and its loss confirmation. Loaded only once opened;
 * renders nothing when the adapter has no `listPriceChanges`.
 *
 * Every widget shows it under `<WithPriceHistory>` (the panel does this); in a widget of your own:
 * ```tsx
 * const pricing = usePricing('sms');
 * return <PriceHistory pricing={pricing} />;
 * ```
 */
/**
 * One paged price history, newest first, with its error (Retry), loading, empty and Load more
 * states: a widget's History (one product) and the panel's Price changes (every product).
 * Keyed by product: the sync refetches it when that product's prices change (ours, another tab's).
 */
export function PriceChangeList({
  product,
  pageSize,
  ready,
  renderEntry,
}: {
  product?: PriceChange['product'];
  pageSize: number;
  /** False while the caller cannot show entries yet (closed, no formatters): shown as loading. */
  ready: boolean;
  renderEntry: (entry: PriceChange) => ReactNode;
}) {
  const { adapter, sync, queryClient } = useRebillingContext();
  const messages = useMessages(historyMessages);
  const listPriceChanges = adapter.listPriceChanges?.bind(adapter);
  const history = useInfiniteQuery(
    {
      queryKey: [...sync.keys.history, product ?? 'all', 'list', pageSize],
      queryFn: ({ pageParam, signal }): Promise<PriceChangePage> =>
        listPriceChanges!({ ...(product ? { product } : {}), limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) }, { signal }),
      initialPageParam: null as string | null,
      getNextPageParam: (page: PriceChangePage) => page.nextCursor,
      enabled: ready && listPriceChanges !== undefined,
      placeholderData: (previous) => previous,
    },
    queryClient,
  );
  const entries = history.data?.pages.flatMap((page) => page.entries) ?? [];
  if (history.isError && entries.length === 0) {
    return (
      <div className="rk-message" role="alert" data-tone="danger">
        <span className="rk-message-text">{messages.historyLoadFailed}</span>
        <button type="button" className="rk-button" onClick={() => void history.refetch()}>
          {messages.retry}
        </button>
      </div>
    );
  }
  if (history.isPending || !ready) return <p className="rk-history-note">{messages.historyLoading}</p>;
  if (entries.length === 0) return <p className="rk-history-note">{messages.historyEmpty}</p>;
  return (
    <>
      <ol className="rk-history-list">{entries.map(renderEntry)}</ol>
      {history.hasNextPage ? (
        <button type="button" className="rk-button" disabled={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
          {history.isFetchingNextPage ? messages.historyLoading : messages.historyLoadMore}
        </button>
      ) : null}
    </>
  );
}

export const PriceHistory = /* @__PURE__ */ memo(function PriceHistory({ pricing, pageSize = DEFAULT_PAGE_SIZE }: PriceHistoryProps) {
  const { adapter } = useRebillingContext();
  const messages = useMessages(historyMessages);
  const [open, setOpen] = useState(false);
  const { productId, format } = pricing;
  if (!adapter.listPriceChanges || !format) return null;
  return (
    <details className="rk-history" data-history="" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="rk-details-summary rk-history-summary">{messages.historyToggle}</summary>
      {open ? (
        <div className="rk-history-body">
          <PriceChangeList
            product={productId}
            pageSize={pageSize}
            ready={open}
            renderEntry={(entry) => <HistoryEntry key={entry.id} entry={entry} pricing={pricing} format={format} />}
          />
        </div>
      ) : null}
    </details>
  );
}, (before, after) => before.pageSize === after.pageSize && sameHistoryInputs(before, after));

// What the disclosure and its entries read: a slider step (which moves only `rule`) and a save
// status change skip them (an open entry follows the save through useSaving).
const sameHistoryInputs = /* @__PURE__ */ samePricingView((p) => [p.productId, p.format, p.pricing, p.savedRule, p.disabled, p.setFixedPrice, p.setMultiplier, p.commit, p.cancel]);

function HistoryEntry({ entry, pricing, format }: { entry: PriceChange; pricing: UsePricingResult; format: Formatters }) {
  const messages = useMessages(historyMessages);
  const saving = useSaving(pricing.productId);
  const [problem, setProblem] = useState<Problem | null>(null);
  const describe = useDescribeRule(format);
  const when = format.dateTime(entry.at);
  const current = pricing.savedRule !== undefined && sameValue(pricing.savedRule, entry.to);
  const showProblem = problem?.id === entry.id ? problem.kind : null;

  const revert = (confirmLoss = false) => {
    try {
      if (entry.to.type === 'multiplier') pricing.setMultiplier(entry.to.multiplier);
      else pricing.setFixedPrice(entry.to.price);
    } catch {
      // The product's limits or currency changed since: the old rule is no longer allowed.
      setProblem({ id: entry.id, kind: 'out-of-range' });
      return;
    }
    const result = pricing.commit({ confirmLoss });
    setProblem(result === 'needs-loss-confirmation' ? { id: entry.id, kind: 'loss' } : null);
  };
  const cancelLoss = () => {
    pricing.cancel();
    setProblem(null);
  };

  return (
    <li className="rk-history-entry" data-history-entry={entry.id} data-current={current ? '' : undefined}>
      <PriceChangeFacts entry={entry} format={format} when={when} describe={describe} />
      {current ? (
        <span className="rk-history-current">{messages.historyCurrent}</span>
      ) : (
        <button
          type="button"
          className="rk-button"
          disabled={pricing.disabled || saving}
          aria-label={`${messages.historyRevert}: ${messages.historyRevertName(messages.productTitle[entry.product], describe(entry.to), when)}`}
          onClick={() => revert()}
        >
          {messages.historyRevert}
        </button>
      )}
      {showProblem === 'out-of-range' ? (
        <p className="rk-message" role="alert" data-tone="warning">
          <span className="rk-message-text">{messages.historyRevertOutOfRange}</span>
        </p>
      ) : null}
      {showProblem === 'loss' ? (
        <div className="rk-message" role="alert" data-tone="warning">
          <span className="rk-message-text">{messages.historyRevertLoss}</span>
          <span className="rk-actions">
            <button type="button" className="rk-button" data-variant="primary" onClick={() => revert(true)}>
              {messages.historyRevertAnyway}
            </button>
            <button type="button" className="rk-button" onClick={cancelLoss}>
              {messages.cancel}
            </button>
          </span>
        </div>
      ) : null}
    </li>
  );
}

/** Seconds per unit, largest first: a time reads in the largest unit it reaches ("2 minutes ago"). */
const RELATIVE_UNITS: ReadonlyArray<readonly [number, Intl.RelativeTimeFormatUnit]> = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** "2 minutes ago", "0 seconds ago" (not "now": it follows a name). A clock ahead of ours still reads as past. */
function relativeTime(locale: string | undefined, iso: string): string {
  const seconds = Math.min(-0, Math.round((Date.parse(iso) - Date.now()) / 1000));
  const [size, unit] = RELATIVE_UNITS.find(([size]) => -seconds >= size) ?? RELATIVE_UNITS.at(-1)!;
  return new Intl.RelativeTimeFormat(locale).format(Math.min(-0, Math.round(seconds / size)), unit);
}

/**
 * In a conflict: who saved the other value and when ("Changed to 4x by maria@example.com 2 minutes
 * ago"), from the product's newest change, shown only when that change is the value on screen.
 * Without `listPriceChanges`, or if it fails, nothing.
 */
function ConflictSource({ productId, rule, format }: ConflictFactsProps) {
  const { adapter, sync, queryClient, locale } = useRebillingContext();
  const messages = useMessages(historyMessages);
  const listPriceChanges = adapter.listPriceChanges?.bind(adapter);
  const newest = useQuery(
    {
      // Keyed by the value: when the reload brings a newer one, its change is fetched.
      queryKey: [...sync.keys.history, productId, 'newest-of-value', rule.type === 'multiplier' ? rule.multiplier : rule.price],
      queryFn: async ({ signal }): Promise<PriceChange | null> =>
        (await listPriceChanges!({ product: productId, limit: 1 }, { signal })).entries[0] ?? null,
      enabled: listPriceChanges !== undefined,
      staleTime: 0,
      retry: false,
    },
    queryClient,
  );
  const entry = newest.data;
  // The same rule as the one shown, as the backend wrote both (another spelling shows nothing).
  if (!entry || entry.product !== productId || !sameRule(rule, entry.to) || !Number.isFinite(Date.parse(entry.at))) return null;
  const value = rule.type === 'multiplier' ? messages.multiplierValue(format.decimal(rule.multiplier)) : format.unitPrice(rule.price);
  // The actor is host text: stripped of bidi controls, then isolated (FSI … PDI, as <bdi> does).
  const actor = typeof entry.actor === 'string' ? `\u2068${hostText(entry.actor)}\u2069` : null;
  return (
    <dd className="rk-conflict-source" data-conflict-source="" title={format.dateTime(entry.at)}>
      {messages.conflictChangedBy(value, actor, relativeTime(locale, entry.at))}
    </dd>
  );
}

/** When, who, from → to and You Pay then of one change: shared with the panel's "Price changes". */
export function PriceChangeFacts({ entry, format, when, describe }: { entry: PriceChange; format: Formatters; when: string; describe: (rule: PricingRule) => string }) {
  const messages = useMessages(historyMessages);
  return (
    <dl className="rk-history-facts">
      <div className="rk-history-fact">
        <dt className="rk-history-term">{messages.historyWhen}</dt>
        <dd className="rk-history-detail">
          <time dateTime={entry.at}>{when}</time>
        </dd>
      </div>
      <div className="rk-history-fact">
        <dt className="rk-history-term">{messages.historyWho}</dt>
        <dd className="rk-history-detail">{entry.actor === null ? messages.historyUnknownActor : <bdi>{hostText(entry.actor)}</bdi>}</dd>
      </div>
      <div className="rk-history-fact">
        <dt className="rk-history-term">{messages.historyChange}</dt>
        <dd className="rk-history-detail" data-history-change="">{messages.historyChangeValue(describe(entry.from), describe(entry.to))}</dd>
      </div>
      <div className="rk-history-fact">
        <dt className="rk-history-term">{messages.historyYouPayThen}</dt>
        <dd className="rk-history-detail">{format.unitPrice(entry.youPayAtTheTime)}</dd>
      </div>
    </dl>
  );
}

/** A rule as the history writes it: "2.5x" or "$19.99". */
export function useDescribeRule(format: Formatters | undefined): (rule: PricingRule) => string {
  const messages = useMessages(historyMessages);
  return (rule) => (rule.type === 'multiplier' ? messages.multiplierValue(format!.decimal(rule.multiplier)) : format!.unitPrice(rule.price));
}

const WITH_HISTORY = [PriceHistory];

/**
 * Adds the "History" disclosure ({@link PriceHistory}) to every widget below it, and in a conflict
 * who saved the other value and when. `RebillingPanel`
 * does this itself; a host placing single widgets wraps them. Without it a widget ships and shows
 * no history code at all.
 */
export function WithPriceHistory({ children }: { children: ReactNode }) {
  return (
    <WidgetExtensions.Provider value={WITH_HISTORY}>
      <ConflictFacts.Provider value={ConflictSource}>{children}</ConflictFacts.Provider>
    </WidgetExtensions.Provider>
  );
}
