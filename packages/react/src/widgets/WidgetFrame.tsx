import type { PricingRule, ProductId, RebillingError } from '@rebill-kit/core';
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

export interface WidgetProps {
  /** Shows the rate for this country (ISO 3166 alpha-2) instead of the US/CA baseline. */
  country?: string;
  /** Replaces the product's default title. */
  title?: ReactNode;
  className?: string;
}

const HeadingLevel = createContext<'h3' | 'h4'>('h3');

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
  children?: ReactNode;
}

/** The card every product widget shares: title, the three figures, the control, the save state. */
export function WidgetFrame({ pricing, title, className, country, editing = false, children }: WidgetFrameProps) {
  const { rootStyle, theme } = useRebillingContext();
  const messages = useMessages(widgetMessages);
  const Heading = useContext(HeadingLevel);
  const titleId = useId();
  const reasonId = useId();
  const { productId, figures } = pricing;
  const state = widgetState(pricing, editing);
  const firstLoadFailed = state === 'load-error';
  useWarnBeforeUnload(pricing.dirty || pricing.status === 'saving' || pricing.status === 'error' || pricing.status === 'conflict');
  return (
    <section
      className={['rk-root', 'rk-widget', className].filter(Boolean).join(' ')}
      style={rootStyle}
      data-theme={theme}
      data-product={productId}
      data-state={state}
      data-loss={figures?.isLoss ? '' : undefined}
      aria-labelledby={titleId}
      aria-describedby={pricing.disabledMessage ? reasonId : undefined}
      aria-busy={pricing.isLoading || undefined}
    >
      <header className="rk-widget-header">
        <Heading className="rk-widget-title" id={titleId}>
          {title ?? messages.productTitle[productId]}
        </Heading>
        <p className="rk-widget-description">
          {messages.productDescription[productId]}
          {country ? <span className="rk-widget-country"> {messages.countryRate(country.toUpperCase())}</span> : null}
        </p>
      </header>
      {firstLoadFailed ? (
        <LoadFailedMessage pricing={pricing} tone="danger" />
      ) : (
        <>
          {/* A refresh failed: keep the last prices and the control (a drag goes on), but say
              they may be out of date. */}
          {pricing.loadError ? <LoadFailedMessage pricing={pricing} tone="warning" /> : null}
          <Figures productId={productId} figures={figures} />
          <div className="rk-widget-control">{children}</div>
        </>
      )}
      {pricing.disabledMessage && !firstLoadFailed ? (
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
        retry={pricing.retry}
        discard={pricing.discard}
        resolveConflict={pricing.resolveConflict}
        undo={pricing.undo}
      />
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
      <span>
        {messages.loadFailed} {pricing.loadError?.message}
      </span>
      <button type="button" className="rk-button" onClick={pricing.reloadPrices}>
        {messages.retry}
      </button>
    </div>
  );
}

// Memoised on the figures' content (usePricing keeps their identity while the values hold), so a
// save status change does not re-render them.
const Figures = memo(function Figures({ productId, figures }: { productId: ProductId; figures: PricingFigures | undefined }) {
  const messages = useMessages(widgetMessages);
  const unit = messages.productUnit[productId];
  const margin = figures?.formatted.margin;
  return (
    <dl className="rk-figures">
      <Figure name="you-pay" label={messages.youPay} value={figures?.formatted.youPay} unit={unit} />
      <Figure name="sub-account-pays" label={messages.subAccountPays} value={figures?.formatted.subAccountPays} unit={unit} />
      <Figure name="profit" label={figures?.isLoss ? messages.loss : messages.profit} value={figures?.formatted.profit} loss={figures?.isLoss}>
        {margin ? <span className="rk-figure-margin">{messages.margin(margin)}</span> : null}
      </Figure>
    </dl>
  );
});

interface FigureProps {
  name: string;
  label: string;
  /** Formatted amount; a dash until prices load. */
  value: string | undefined;
  unit?: string;
  loss?: boolean | undefined;
  children?: ReactNode;
}

function Figure({ name, label, value, unit, loss, children }: FigureProps) {
  return (
    <div className="rk-figure" data-figure={name} data-loss={loss ? '' : undefined}>
      <dt className="rk-figure-label">{label}</dt>
      <dd className="rk-figure-body">
        <span className="rk-figure-value">{value ?? '—'}</span>
        {unit ? <span className="rk-figure-unit"> / {unit}</span> : null}
        {children}
      </dd>
    </div>
  );
}

/** How long "SMS set to 3.5x for all sub-accounts · Undo" stays after a save. */
export const UNDO_NOTICE_MS = 8000;

interface SaveStatusLineProps {
  productId: ProductId;
  status: SaveStatus;
  error: RebillingError | null;
  lastChange: UsePricingResult['lastChange'];
  format: Formatters | undefined;
  retry(): void;
  discard(): void;
  resolveConflict(choice: 'latest' | 'mine'): void;
  undo(): void;
}

// Memoised apart from the figures and the control: a status change re-renders only this line.
const SaveStatusLine = memo(function SaveStatusLine({ productId, status, error, lastChange, format, retry, discard, resolveConflict, undo }: SaveStatusLineProps) {
  const messages = useMessages(widgetMessages);
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
      {status === 'saving' ? <span>{messages.saving}</span> : null}
      {status === 'saved' ? <span>{messages.saved}</span> : null}
      {status === 'saved' && notice ? (
        <span className="rk-save-change" data-undone={notice.undo ? '' : undefined}>
          {' · '}
          {notice.undo ? messages.undoneChange(product, ruleText(notice.rule)) : messages.savedChange(product, ruleText(notice.rule))}
          {notice.undo ? null : (
            <>
              {' · '}
              <button type="button" className="rk-button rk-undo" onClick={onUndo}>
                {messages.undo}
              </button>
            </>
          )}
        </span>
      ) : null}
      {status === 'error' ? (
        <div className="rk-message" data-tone="danger">
          <span>
            {messages.saveFailed}
            {error?.message ? `: ${error.message}` : ''}
          </span>
          <span className="rk-actions">
            <button type="button" className="rk-button" data-variant="primary" onClick={retry}>
              {messages.retry}
            </button>
            <button type="button" className="rk-button" onClick={discard}>
              {messages.discard}
            </button>
          </span>
        </div>
      ) : null}
      {status === 'conflict' ? (
        <div className="rk-message" data-tone="warning">
          <span>
            <strong>{messages.conflictTitle}.</strong> {messages.conflictBody}
          </span>
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
        <span>
          {messages.widgetCrashed} {error.message.slice(0, 300)}
        </span>
        <button type="button" className="rk-button" onClick={onReset}>
          {messages.retry}
        </button>
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
  return ProductWidget;
}
