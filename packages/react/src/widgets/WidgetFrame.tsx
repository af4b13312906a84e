import {
  type PricingRule,
  type ProductId,
  type ProductInfo,
  type ProductPricing,
  type RebillingError,
  chargeTotal,
  quote,
} from '@rebill-kit/core';
import {
  Component,
  type ComponentType,
  type ErrorInfo,
  type ReactNode,
  createContext,
  memo,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { type Formatters, useRebillingContext, useMessages } from '../context.js';
import { widgetMessages } from '../messages.js';
import type { PricingFigures, SaveStatus, UsePricingResult } from '../use-pricing.js';
import { hostText } from '../host-text.js';
import { useCardWidth } from './card-width.js';

export interface WidgetProps {
  /** Shows the rate for this country (ISO 3166 alpha-2) instead of the US/CA baseline. */
  country?: string;
  /** Replaces the product's default title. */
  title?: ReactNode;
  className?: string;
}

const HeadingLevel = createContext<'h3' | 'h4'>('h3');

/**
 * Inside RebillingPanel the panel shows load errors and the Stripe reason once, for every widget;
 * a widget on its own shows them itself.
 */
export const PanelOwnsNotices = createContext(false);

/**
 * Optional parts every widget below renders under its control, each given the widget's pricing
 * state (e.g. `PriceHistory` through `WithPriceHistory`). A context rather than an import, so a
 * host that does not use a part ships none of it.
 */
export const WidgetExtensions = createContext<ReadonlyArray<ComponentType<{ pricing: UsePricingResult }>>>([]);

export interface ConflictFactsProps {
  productId: ProductId;
  /** The rule saved elsewhere, as shown. */
  rule: PricingRule;
  format: Formatters;
}

/**
 * In a conflict, who saved the other value and when, beside it. `WithPriceHistory` supplies it
 * (it reads the price history), so a widget without the history ships none of it.
 */
export const ConflictFacts = createContext<ComponentType<ConflictFactsProps> | null>(null);

/**
 * As `WidgetExtensions`, rendered right under the figures (the projected profit and the
 * margin-erosion notice, through `WithProfitInsights`): they read the live rule while dragging.
 */
export const FigureExtensions = createContext<ReadonlyArray<ComponentType<{ pricing: UsePricingResult }>>>([]);

/** Sets the heading level of widget titles below it (the panel nests them under its sections). */
export function WidgetHeadingLevel({ value, children }: { value: 'h3' | 'h4'; children: ReactNode }) {
  return <HeadingLevel.Provider value={value}>{children}</HeadingLevel.Provider>;
}

/** The widget's `data-state`: one attribute a host or designer can style every state by. */
export function widgetState(pricing: UsePricingResult, editing: boolean): string {
  if (pricing.isLoading) return 'loading';
  if (pricing.loadError && !pricing.pricing) return 'load-error';
  if (pricing.disabled) return 'disabled';
  if (editing || pricing.dirty) return 'editing';
  return pricing.status;
}

interface WidgetFrameProps {
  pricing: UsePricingResult;
  title?: ReactNode;
  className?: string | undefined;
  country?: string | undefined;
  editing?: boolean;
  /** The typed value is invalid: the figures show the saved price, marked as such. */
  stale?: boolean;
  children?: ReactNode;
}

/** The card every product widget shares: title, the three figures, the control, the save state. */
export function WidgetFrame({ pricing, title, className, country, editing = false, stale = false, children }: WidgetFrameProps) {
  const { rootStyle, theme, countryName } = useRebillingContext();
  const messages = useMessages(widgetMessages);
  const Heading = useContext(HeadingLevel);
  const inPanel = useContext(PanelOwnsNotices);
  const extensions = useContext(WidgetExtensions);
  const underFigures = useContext(FigureExtensions);
  const titleId = useId();
  const reasonId = useId();
  const { productId, figures } = pricing;
  const state = widgetState(pricing, editing);
  const firstLoadFailed = state === 'load-error';
  const showReason = pricing.disabledMessage && !firstLoadFailed && !(inPanel && pricing.disabledReason !== 'currency-mismatch');
  useWarnBeforeUnload(pricing.dirty || pricing.status === 'saving' || pricing.status === 'error' || pricing.status === 'conflict');
  const cardWidth = useCardWidth();
  return (
    <section
      className={['rk-root', 'rk-widget', className].filter(Boolean).join(' ')}
      style={rootStyle}
      data-theme={theme}
      data-product={productId}
      data-state={state}
      data-loss={figures?.isLoss ? '' : undefined}
      aria-labelledby={titleId}
      aria-describedby={showReason ? reasonId : undefined}
      aria-busy={pricing.isLoading || undefined}
    >
      <header className="rk-widget-header" ref={cardWidth}>
        <Heading className="rk-widget-title" id={titleId}>
          {title ?? messages.productTitle[productId]}
        </Heading>
        <p className="rk-widget-description">
          {messages.productDescription[productId]}
          {country ? <span className="rk-widget-country"> {messages.countryRate(countryName(country))}</span> : null}
        </p>
      </header>
      {firstLoadFailed && !inPanel ? (
        <LoadFailedMessage pricing={pricing} tone="danger" />
      ) : (
        <>
          {/* A refresh failed: keep the last prices and the control (a drag goes on), but say
              they may be out of date. */}
          {pricing.loadError && !firstLoadFailed && !inPanel ? <LoadFailedMessage pricing={pricing} tone="warning" /> : null}
          <Figures
            productId={productId}
            figures={figures}
            format={pricing.format}
            currency={pricing.currency}
            product={pricing.product}
            rule={pricing.rule}
            // Only a card-charged product needs its pricing (for the charged amount's profit): the
            // others do not re-render when a save rewrites the snapshot.
            productPricing={pricing.product.paidThrough === 'card' ? pricing.pricing : undefined}
            stale={stale}
          />
          {underFigures.map((Extension, index) => (
            <Extension key={index} pricing={pricing} />
          ))}
          <div className="rk-widget-control">{children}</div>
        </>
      )}
      {showReason ? (
        <p className="rk-widget-reason" id={reasonId} data-reason={pricing.disabledReason}>
          {pricing.disabledMessage}
        </p>
      ) : null}
      <SaveStatusLine
        productId={productId}
        status={pricing.status}
        error={pricing.error}
        lastChange={pricing.lastChange}
        format={pricing.format}
        theirs={pricing.status === 'conflict' ? describeRule(pricing, pricing.savedRule, messages) : undefined}
        theirsRule={pricing.status === 'conflict' ? pricing.savedRule : undefined}
        mine={pricing.status === 'conflict' ? describeRule(pricing, pricing.rule, messages) : undefined}
        retry={pricing.retry}
        discard={pricing.discard}
        resolveConflict={pricing.resolveConflict}
        undo={pricing.undo}
      />
      {extensions.map((Extension, index) => (
        <Extension key={index} pricing={pricing} />
      ))}
    </section>
  );
}

/**
 * While the owner's value is not safely saved (typed but not committed, in flight, failed or in
 * conflict), leaving the page asks the browser's "Leave site?" confirmation. Unmounting inside
 * the app discards an uncommitted edit; a save already started completes. One listener for the
 * widget's lifetime, reading the latest state through a ref, not one added and removed per save.
 */
function useWarnBeforeUnload(unsaved: boolean) {
  const unsavedRef = useRef(unsaved);
  unsavedRef.current = unsaved;
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (!unsavedRef.current) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);
}

function LoadFailedMessage({ pricing, tone }: { pricing: UsePricingResult; tone: 'danger' | 'warning' }) {
  const messages = useMessages(widgetMessages);
  return (
    <div className="rk-message" role="alert" data-tone={tone} data-refresh={tone === 'warning' ? 'failed' : undefined}>
      <span className="rk-message-text">{messages.loadFailed}</span>
      <button type="button" className="rk-button" onClick={pricing.reloadPrices}>
        {messages.retry}
      </button>
      {pricing.loadError?.message ? <ErrorDetails detail={pricing.loadError.message} /> : null}
    </div>
  );
}

/** The adapter's own words, for the person who has to fix it: behind a disclosure, never the headline. */
export function ErrorDetails({ detail, label }: { detail: string; label?: string }) {
  const messages = useMessages(widgetMessages);
  return (
    <details className="rk-details">
      <summary className="rk-details-summary">{label ?? messages.details}</summary>
      <p className="rk-details-body">
        <bdi>{hostText(detail.slice(0, 500))}</bdi>
      </p>
    </details>
  );
}

/** What a card is charged for a multiplier price: rounded once, half to even, to the minor unit. */
function cardCharge({ figures, currency, product, rule }: Pick<FiguresProps, 'figures' | 'currency' | 'product' | 'rule'>) {
  if (!figures || !currency || product.paidThrough !== 'card' || rule?.type !== 'multiplier') return undefined;
  const charged = chargeTotal(figures.subAccountPays, 1, currency);
  return charged === figures.subAccountPays ? undefined : charged;
}

interface FiguresProps {
  productId: ProductId;
  figures: PricingFigures | undefined;
  format: Formatters | undefined;
  currency: string | undefined;
  product: ProductInfo;
  rule: PricingRule | undefined;
  productPricing: ProductPricing | undefined;
  stale: boolean;
}

// Memoised on the figures' content (usePricing keeps their identity while the values hold), so a
// save status change does not re-render them.
const Figures = memo(function Figures(props: FiguresProps) {
  const { figures, productId, format, productPricing, stale } = props;
  const messages = useMessages(widgetMessages);
  const unit = messages.productUnit[productId];
  const charged = cardCharge(props);
  // The card charge is what moves: profit and margin follow it, not the sub-cent price.
  const shown = charged && productPricing && format ? quote(productPricing, { rule: { type: 'fixed', price: charged } }) : undefined;
  const profit = shown && format ? format.unitPrice(shown.profit) : figures?.formatted.profit;
  const margin = shown && format ? (shown.marginPercent === null ? null : format.percent(shown.marginPercent)) : figures?.formatted.margin;
  const isLoss = shown ? shown.isLoss : figures?.isLoss;
  const loading = !figures;
  return (
    <div className="rk-figures-block" data-stale={stale ? '' : undefined}>
      <dl className="rk-figures" data-loading={loading ? '' : undefined}>
        <Figure name="you-pay" label={messages.youPay} value={figures?.formatted.youPay} unit={unit} />
        <Figure
          name="sub-account-pays"
          label={messages.subAccountPays}
          value={charged && format ? format.total(charged) : figures?.formatted.subAccountPays}
          unit={unit}
          title={charged && figures ? messages.exactPrice(figures.formatted.subAccountPays) : undefined}
        >
          {charged && figures ? <span className="rk-figure-note">{messages.cardCharge(format!.total(charged))} · {messages.exactPrice(figures.formatted.subAccountPays)}</span> : null}
        </Figure>
        <Figure name="profit" label={isLoss ? messages.loss : messages.profit} value={profit} loss={isLoss}>
          {margin ? <span className="rk-figure-margin">{messages.margin(margin)}</span> : null}
        </Figure>
      </dl>
      {stale ? (
        <p className="rk-figures-stale" data-stale-note="">
          {messages.staleFigures}
        </p>
      ) : null}
    </div>
  );
});

interface FigureProps {
  name: string;
  label: string;
  /** Formatted amount; a skeleton until prices load. */
  value: string | undefined;
  unit?: string;
  loss?: boolean | undefined;
  title?: string | undefined;
  children?: ReactNode;
}

function Figure({ name, label, value, unit, loss, title, children }: FigureProps) {
  return (
    <div className="rk-figure" data-figure={name} data-loss={loss ? '' : undefined}>
      <dt className="rk-figure-label">{label}</dt>
      <dd className="rk-figure-body" title={title}>
        {value === undefined ? (
          <span className="rk-skeleton rk-figure-skeleton" aria-hidden="true" />
        ) : (
          <span className="rk-figure-value">{value}</span>
        )}
        {unit ? <span className="rk-figure-unit">/ {unit}</span> : null}
        {children}
      </dd>
    </div>
  );
}

/** A rule as the owner reads it: "3.5x ($0.02765)" or "$19.99". */
function describeRule(pricing: UsePricingResult, rule: PricingRule | undefined, messages: typeof widgetMessages): string | undefined {
  const { format, pricing: productPricing } = pricing;
  if (!rule || !format || !productPricing) return undefined;
  const price = format.unitPrice(quote(productPricing, { rule }).subAccountPays);
  return rule.type === 'multiplier' ? `${messages.multiplierValue(format.decimal(rule.multiplier))} (${price})` : price;
}

/** How long "SMS set to 3.5x for all sub-accounts · Undo" stays after a save. */
export const UNDO_NOTICE_MS = 8000;

interface SaveStatusLineProps {
  productId: ProductId;
  status: SaveStatus;
  error: RebillingError | null;
  lastChange: UsePricingResult['lastChange'];
  format: Formatters | undefined;
  /** In a conflict: the other value and the owner's, as read ("3.5x ($0.02765)"). */
  theirs: string | undefined;
  /** In a conflict: the rule saved elsewhere, to find who saved it in the price history. */
  theirsRule: PricingRule | undefined;
  mine: string | undefined;
  retry(): void;
  discard(): void;
  resolveConflict(choice: 'latest' | 'mine'): void;
  undo(): void;
}

// Memoised apart from the figures and the control: a status change re-renders only this line.
const SaveStatusLine = memo(function SaveStatusLine({ productId, status, error, lastChange, format, theirs, theirsRule, mine, retry, discard, resolveConflict, undo }: SaveStatusLineProps) {
  const messages = useMessages(widgetMessages);
  const Facts = useContext(ConflictFacts);
  const region = useRef<HTMLDivElement>(null);
  const notice = useRecent(lastChange?.settledAt, UNDO_NOTICE_MS) && lastChange && format ? lastChange : null;
  const ruleText = (rule: PricingRule) => (rule.type === 'multiplier' ? messages.multiplierValue(format!.decimal(rule.multiplier)) : format!.unitPrice(rule.price));
  const product = messages.productTitle[productId];
  const onUndo = () => {
    // The button goes away with the notice: keep focus in the widget, on the line that reports it.
    region.current?.focus();
    undo();
  };
  return (
    <div className="rk-save-status" data-status={status} aria-live="polite" ref={region} tabIndex={-1}>
      {status === 'saving' ? <span className="rk-save-note">{messages.saving}</span> : null}
      {status === 'saved' ? <span className="rk-save-note">{messages.saved}</span> : null}
      {status === 'saved' && notice ? (
        <span className="rk-save-change" data-undone={notice.undo ? '' : undefined}>
          {' · '}
          {notice.undo ? messages.undoneChange(product, ruleText(notice.rule)) : messages.savedChange(product, ruleText(notice.rule))}
          {notice.undo ? null : (
            <>
              {' · '}
              <button type="button" className="rk-button rk-undo" data-size="inline" onClick={onUndo}>
                {messages.undo}
              </button>
            </>
          )}
        </span>
      ) : null}
      {status === 'error' ? (
        <div className="rk-message" data-tone="danger">
          <span className="rk-message-text">{messages.saveFailed}</span>
          <span className="rk-actions">
            <button type="button" className="rk-button" data-variant="primary" onClick={retry}>
              {messages.retry}
            </button>
            <button type="button" className="rk-button" onClick={discard}>
              {messages.discard}
            </button>
          </span>
          {error?.message ? <ErrorDetails detail={error.message} /> : null}
        </div>
      ) : null}
      {status === 'conflict' ? (
        <div className="rk-message" data-tone="warning">
          <span className="rk-message-text">
            <strong>{messages.conflictTitle}.</strong> {messages.conflictBody}
          </span>
          {theirs && mine ? (
            <dl className="rk-conflict">
              <div className="rk-conflict-row" data-side="theirs">
                <dt className="rk-conflict-label">{messages.conflictTheirs}</dt>
                <dd className="rk-conflict-value">{theirs}</dd>
                {theirsRule && format && Facts ? <Facts productId={productId} rule={theirsRule} format={format} /> : null}
              </div>
              <div className="rk-conflict-row" data-side="mine">
                <dt className="rk-conflict-label">{messages.conflictMine}</dt>
                <dd className="rk-conflict-value">{mine}</dd>
              </div>
            </dl>
          ) : null}
          <span className="rk-actions">
            <button type="button" className="rk-button" onClick={() => resolveConflict('latest')}>
              {messages.useLatest}
            </button>
            <button type="button" className="rk-button" data-variant="primary" onClick={() => resolveConflict('mine')}>
              {messages.keepMine}
            </button>
          </span>
        </div>
      ) : null}
    </div>
  );
});

/** Whether `since` (a `Date.now()` time) is less than `forMs` ago; re-renders once when it stops being. */
function useRecent(since: number | undefined, forMs: number): boolean {
  const [expired, setExpired] = useState<number | undefined>(undefined);
  const recent = since !== undefined && expired !== since && Date.now() - since < forMs;
  useEffect(() => {
    if (since === undefined || !recent) return undefined;
    const timer = setTimeout(() => setExpired(since), since + forMs - Date.now());
    return () => clearTimeout(timer);
  }, [since, forMs, recent]);
  return recent;
}

interface BoundaryProps {
  productId: ProductId;
  children: ReactNode;
}

/** One broken product shows its own error; the rest of the panel keeps working. */
export class WidgetErrorBoundary extends Component<BoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    if (typeof console !== 'undefined') console.error(`rebill-kit: the ${this.props.productId} widget failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return <WidgetCrashed productId={this.props.productId} error={this.state.error} onReset={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}

function WidgetCrashed({ productId, error, onReset }: { productId: ProductId; error: Error; onReset: () => void }) {
  const { rootStyle, theme } = useRebillingContext();
  const messages = useMessages(widgetMessages);
  const Heading = useContext(HeadingLevel);
  return (
    <section className="rk-root rk-widget" style={rootStyle} data-theme={theme} data-product={productId} data-state="crashed">
      <Heading className="rk-widget-title">{messages.productTitle[productId]}</Heading>
      <div className="rk-message" role="alert" data-tone="danger">
        <span className="rk-message-text">{messages.widgetCrashed}</span>
        <button type="button" className="rk-button" onClick={onReset}>
          {messages.retry}
        </button>
        <ErrorDetails detail={error.message} />
      </div>
    </section>
  );
}

/** A product's public widget: the inner widget for `productId`, inside its own error boundary. */
export function createProductWidget(
  productId: ProductId,
  displayName: string,
  Inner: ComponentType<WidgetProps & { productId: ProductId }>,
): ComponentType<WidgetProps> {
  function ProductWidget(props: WidgetProps) {
    return (
      <WidgetErrorBoundary productId={productId}>
        <Inner productId={productId} {...props} />
      </WidgetErrorBoundary>
    );
  }
  ProductWidget.displayName = displayName;
  // Memoised: a panel re-render (Stripe status, a dialog opening) does not re-render every widget.
  const Widget = memo(ProductWidget);
  Widget.displayName = displayName;
  return Widget;
}
