import type { PricingSnapshot } from '@rebill-kit/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, Suspense, lazy, useEffect, useId, useRef, useState } from 'react';
import { useRebillingContext, useMessages } from './context.js';
import { panelMessages } from './messages.js';
import { WithPriceHistory } from './PriceHistory.js';
import { useStripeConnection } from './use-stripe.js';
import { LightningDomainsWidget, ListingsWidget } from './widgets/FixedPriceWidget.js';
import { EmailWidget, PhoneNumbersWidget, SmsWidget } from './widgets/MultiplierWidget.js';
import { ErrorDetails, PanelOwnsNotices, WidgetHeadingLevel } from './widgets/WidgetFrame.js';
import { hostText } from './host-text.js';

// The dialogs load when first wanted (the button is hovered, focused or pressed), so the panel's
// first load carries only the widgets. The import promise is kept: one request, shared by lazy().
let stripeDialog: Promise<typeof import('./IntegrateStripeDialog.js')> | undefined;
let logDialog: Promise<typeof import('./OneBalanceLog.js')> | undefined;
const loadStripeDialog = () => (stripeDialog ??= import('./IntegrateStripeDialog.js'));
const loadLogDialog = () => (logDialog ??= import('./OneBalanceLog.js'));
const IntegrateStripeDialog = lazy(() => loadStripeDialog().then((module) => ({ default: module.IntegrateStripeDialog })));
// The wallet widget is a chunk of its own, fetched only when the adapter has a wallet.
const OneBalanceWidget = lazy(() => import('./OneBalanceWidget.js').then((module) => ({ default: module.OneBalanceWidget })));
const OneBalanceLogDialog = lazy(() => loadLogDialog().then((module) => ({ default: module.OneBalanceLogDialog })));

export interface RebillingPanelProps {
  /** Replaces the default title ("Rebilling"). */
  title?: ReactNode;
  /** Shows every product's rate for this country (ISO 3166 alpha-2) instead of US/CA. */
  country?: string;
  className?: string;
}

/**
 * The whole rebilling page: Stripe connection and logs in the header, then General (SMS, Emails,
 * Lightning Domains) and Add-Ons (Phone Numbers, Listings). Every widget stays disabled, with the
 * reason shown, until Stripe is connected.
 */
export function RebillingPanel({ title, country, className }: RebillingPanelProps) {
  const { rootStyle, theme, onViewLogs, logsHref, queryClient, sync, countryName, adapter } = useRebillingContext();
  const hasWallet = typeof adapter.loadWallet === 'function' && typeof adapter.saveAutoRecharge === 'function';
  const messages = useMessages(panelMessages);
  const stripe = useStripeConnection();
  const prices = useQuery({ queryKey: sync.keys.pricing, queryFn: sync.load, select: selectLoaded }, queryClient);
  const [openDialog, setOpenDialogState] = useState<'stripe' | 'logs' | null>(null);
  // A dialog stays mounted once opened, so closing it runs its own focus return.
  const [opened, setOpened] = useState<{ stripe?: true; logs?: true }>({});
  const setOpenDialog = (dialog: 'stripe' | 'logs' | null) => {
    if (dialog && !opened[dialog]) setOpened((previous) => ({ ...previous, [dialog]: true }));
    setOpenDialogState(dialog);
  };
  const titleId = useId();
  const generalId = useId();
  const addOnsId = useId();
  const badgeRef = useRef<HTMLSpanElement>(null);
  const widgetProps = country ? { country } : {};
  const status = stripe.data?.status;

  // After connecting, the "+ Integrate Stripe" button (where focus would return) is gone: put
  // focus on the badge that replaced it, not on <body>.
  const previousStatus = useRef(status);
  useEffect(() => {
    const before = previousStatus.current;
    previousStatus.current = status;
    if (status !== 'connected' || (before !== 'disconnected' && before !== 'pending')) return;
    const active = badgeRef.current?.ownerDocument.activeElement;
    if (!active || active === badgeRef.current?.ownerDocument.body) badgeRef.current?.focus();
  }, [status]);

  const pricesFailed = prices.isError && prices.data === undefined;
  const stripeFailed = stripe.isError && stripe.data === undefined;
  const errorCause = pricesFailed && stripeFailed ? 'service' : pricesFailed ? 'prices' : stripeFailed ? 'stripe' : null;
  const errorDetail = [pricesFailed ? prices.error?.message : null, stripeFailed ? stripe.error?.message : null].filter(Boolean).join('\n');
  const retry = () => {
    if (pricesFailed) void prices.refetch();
    if (stripeFailed) void stripe.refetch();
  };
  // As usePricing's loadError: a failed refresh stays known after a save writes the cache (which
  // clears `error` but not `failureReason`).
  const refreshError = !pricesFailed && prices.data !== undefined ? (prices.error ?? prices.failureReason) : null;
  const refreshFailed = refreshError !== null;
  const loading = !errorCause && (prices.isPending || stripe.isPending);
  const locked = status === 'disconnected' || status === 'pending' ? status : null;

  return (
    <section
      className={['rk-root', 'rk-panel', className].filter(Boolean).join(' ')}
      style={rootStyle}
      data-theme={theme}
      data-stripe={status ?? (stripe.isError ? 'error' : 'loading')}
      data-state={errorCause ? 'error' : loading ? 'loading' : locked ? 'locked' : 'ready'}
      aria-labelledby={titleId}
      aria-busy={loading || undefined}
    >
      <header className="rk-panel-header">
        <div className="rk-panel-heading">
          <h2 className="rk-panel-title" id={titleId}>
            {title ?? messages.panelTitle}
          </h2>
          <p className="rk-panel-description">{messages.panelDescription}</p>
        </div>
        <div className="rk-actions rk-panel-actions">
          {status === 'connected' ? (
            <span ref={badgeRef} className="rk-badge" data-tone="success" tabIndex={-1}>
              <span className="rk-badge-dot" aria-hidden="true" />
              {stripe.data?.accountName ? <bdi>{messages.stripeConnectedAs(hostText(stripe.data.accountName))}</bdi> : messages.stripeConnected}
            </span>
          ) : status === 'pending' ? (
            <span className="rk-badge" data-tone="warning">
              <span className="rk-badge-dot" aria-hidden="true" />
              {messages.stripePendingNote}
            </span>
          ) : status === undefined && !stripe.isError ? (
            <span className="rk-skeleton rk-badge-skeleton" aria-hidden="true" />
          ) : null}
          {logsHref ? (
            <a className="rk-button" href={logsHref}>
              {messages.viewLogs}
            </a>
          ) : (
            <button
              type="button"
              className="rk-button"
              onPointerEnter={onViewLogs ? undefined : loadLogDialog}
              onFocus={onViewLogs ? undefined : loadLogDialog}
              onClick={() => (onViewLogs ? onViewLogs() : setOpenDialog('logs'))}
            >
              {messages.viewLogs}
            </button>
          )}
        </div>
      </header>

      {errorCause ? (
        <div className="rk-message rk-panel-banner" role="alert" data-tone="danger" data-cause={errorCause}>
          <div className="rk-message-text">
            <strong className="rk-message-title">{messages.panelErrorTitle[errorCause]}</strong>
            <span>{messages.panelErrorBody}</span>
          </div>
          <button type="button" className="rk-button" onClick={retry}>
            {messages.retry}
          </button>
          {errorDetail ? <ErrorDetails detail={errorDetail} label={messages.details} /> : null}
        </div>
      ) : locked ? (
        <div className="rk-message rk-panel-banner" data-tone="info" data-banner="stripe" data-reason={locked}>
          <div className="rk-message-text">
            <strong className="rk-message-title">{messages.stripeBannerTitle[locked]}</strong>
            <span>{messages.stripeBannerBody[locked]}</span>
          </div>
          <button
            type="button"
            className="rk-button"
            data-variant="primary"
            onPointerEnter={loadStripeDialog}
            onFocus={loadStripeDialog}
            onClick={() => setOpenDialog('stripe')}
          >
            {locked === 'pending' ? messages.resumeSetup : messages.integrateStripe}
          </button>
        </div>
      ) : null}
      {/* Its own cause: it shows beside a Stripe status failure, not instead of it. */}
      {refreshFailed ? (
        <div className="rk-message rk-panel-banner" role="alert" data-tone="warning" data-refresh="failed">
          <span className="rk-message-text">{messages.staleRefresh}</span>
          <button type="button" className="rk-button" onClick={() => void prices.refetch()}>
            {messages.retry}
          </button>
          {refreshError?.message ? <ErrorDetails detail={refreshError.message} label={messages.details} /> : null}
        </div>
      ) : null}

      <p className="rk-panel-note" data-note="scope">
        <strong className="rk-panel-note-lead">{messages.scopeNote}</strong> {country ? messages.regionNoteCountry(countryName(country)) : messages.regionNote}
      </p>

      <PanelOwnsNotices.Provider value>
        <WithPriceHistory>
        <WidgetHeadingLevel value="h4">
          <section className="rk-panel-section" aria-labelledby={generalId}>
            <div className="rk-panel-section-header">
              <h3 className="rk-panel-section-title" id={generalId}>
                {messages.generalSection}
              </h3>
              <p className="rk-panel-note">{messages.generalNote}</p>
            </div>
            <div className="rk-panel-grid">
              <SmsWidget {...widgetProps} />
              <EmailWidget />
              <LightningDomainsWidget />
            </div>
          </section>
          <section className="rk-panel-section" aria-labelledby={addOnsId}>
            <div className="rk-panel-section-header">
              <h3 className="rk-panel-section-title" id={addOnsId}>
                {messages.addOnsSection}
              </h3>
              <p className="rk-panel-note">{messages.addOnsNote}</p>
            </div>
            <div className="rk-panel-grid">
              <PhoneNumbersWidget {...widgetProps} />
              <ListingsWidget />
            </div>
          </section>
        </WidgetHeadingLevel>
        </WithPriceHistory>
      </PanelOwnsNotices.Provider>

      {hasWallet ? (
        <Suspense fallback={null}>
          <OneBalanceWidget />
        </Suspense>
      ) : null}

      <Suspense fallback={null}>
        {opened.stripe ? <IntegrateStripeDialog open={openDialog === 'stripe'} onOpenChange={(open) => setOpenDialog(open ? 'stripe' : null)} /> : null}
        {opened.logs && !onViewLogs && !logsHref ? (
          <OneBalanceLogDialog open={openDialog === 'logs'} onOpenChange={(open) => setOpenDialog(open ? 'logs' : null)} />
        ) : null}
      </Suspense>
    </section>
  );
}

// The panel only needs to know prices loaded: selecting a constant keeps a save (a new revision)
// from re-rendering the panel and, through it, every widget.
const selectLoaded = (_snapshot: PricingSnapshot) => true as const;
