import type { PricingSnapshot } from '@rebill-kit/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, Suspense, lazy, useEffect, useId, useRef, useState } from 'react';
import { useRebillingContext, useMessages } from './context.js';
import { overridesMessages, panelMessages } from './messages.js';
import { WithPriceHistory } from './PriceHistory.js';
import { SubAccountPicker, useSubAccounts } from './SubAccountPicker.js';
import { useStripeConnection } from './use-stripe.js';
import { LightningDomainsWidget, ListingsWidget } from './widgets/FixedPriceWidget.js';
import { EmailWidget, PhoneNumbersWidget, SmsWidget } from './widgets/MultiplierWidget.js';
import { ErrorDetails, FigureExtensions, PanelOwnsNotices, WidgetHeadingLevel } from './widgets/WidgetFrame.js';
import type { UsePricingResult } from './use-pricing.js';
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
// The account-wide price history ("Price changes"), loaded as the log is.
let priceChangesDialog: Promise<typeof import('./PriceChanges.js')> | undefined;
const loadPriceChangesDialog = () => (priceChangesDialog ??= import('./PriceChanges.js'));
const PriceChangesDialog = lazy(() => loadPriceChangesDialog().then((module) => ({ default: module.PriceChangesDialog })));
// The projected profit and the margin-erosion notice (WithProfitInsights) load after the first
// render: both wait for data of their own (the usage summary, the newest price change) anyway.
let profitInsights: Promise<typeof import('./ProfitInsights.js')> | undefined;
const loadProfitInsights = () => (profitInsights ??= import('./ProfitInsights.js'));
const ProjectedProfit = lazy(() => loadProfitInsights().then((module) => ({ default: module.ProjectedProfit })));
const MarginErosionNotice = lazy(() => loadProfitInsights().then((module) => ({ default: module.MarginErosionNotice })));
function PanelProfitInsights({ pricing }: { pricing: UsePricingResult }) {
  return (
    <Suspense fallback={null}>
      <ProjectedProfit pricing={pricing} />
      <MarginErosionNotice pricing={pricing} />
    </Suspense>
  );
}
const PANEL_INSIGHTS = [PanelProfitInsights];
// A chosen sub-account's prices (its scoped adapter, "Overridden for …" under each widget) are a
// chunk of their own: fetched once the adapter lists sub-accounts, before one can be picked.
let subAccountScope: Promise<typeof import('./SubAccountScope.js')> | undefined;
const loadSubAccountScope = () => (subAccountScope ??= import('./SubAccountScope.js'));
const SubAccountScope = lazy(() => loadSubAccountScope().then((module) => ({ default: module.SubAccountScope })));

/** One of the panel's groups of widgets (General, Add-Ons): a titled section and its grid. */
function PanelSection({ title, note, children }: { title: string; note: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <section className="rk-panel-section" aria-labelledby={titleId}>
      <div className="rk-panel-section-header">
        <h3 className="rk-panel-section-title" id={titleId}>
          {title}
        </h3>
        <p className="rk-panel-note">{note}</p>
      </div>
      <div className="rk-panel-grid">{children}</div>
    </section>
  );
}

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
  const [openDialog, setOpenDialogState] = useState<'stripe' | 'logs' | 'priceChanges' | null>(null);
  // A dialog stays mounted once opened, so closing it runs its own focus return.
  const [opened, setOpened] = useState<{ stripe?: true; logs?: true; priceChanges?: true }>({});
  const setOpenDialog = (dialog: 'stripe' | 'logs' | 'priceChanges' | null) => {
    if (dialog && !opened[dialog]) setOpened((previous) => ({ ...previous, [dialog]: true }));
    setOpenDialogState(dialog);
  };
  const titleId = useId();
  const badgeRef = useRef<HTMLSpanElement>(null);
  const widgetProps = country ? { country } : {};
  // Per-sub-account prices: only with an adapter that has listOverrides (else no picker at all).
  const overrideTexts = useMessages(overridesMessages);
  const [subAccountId, setSubAccountId] = useState<string | null>(null);
  const subAccounts = useSubAccounts().data;
  const subAccount = subAccounts?.find((candidate) => candidate.subAccountId === subAccountId) ?? null;
  const canPick = subAccounts !== undefined && subAccounts.length > 0;
  useEffect(() => {
    if (canPick) void loadSubAccountScope();
  }, [canPick]);
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
  // One cause, named once: while the other load is still trying (its retries included), the
  // failure may well be shared, so the panel keeps loading rather than name a cause it would
  // replace a moment later ("prices", then "service").
  const undecided = (pricesFailed && stripe.isPending) || (stripeFailed && prices.isPending);
  const errorCause = undecided ? null : pricesFailed && stripeFailed ? 'service' : pricesFailed ? 'prices' : stripeFailed ? 'stripe' : null;
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

  // The widgets, in the account-wide scope or a chosen sub-account's.
  const sections = (
    <FigureExtensions.Provider value={PANEL_INSIGHTS}>
      <WidgetHeadingLevel value="h4">
        <PanelSection title={messages.generalSection} note={messages.generalNote}>
          <SmsWidget {...widgetProps} />
          <EmailWidget />
          <LightningDomainsWidget />
        </PanelSection>
        <PanelSection title={messages.addOnsSection} note={messages.addOnsNote}>
          <PhoneNumbersWidget {...widgetProps} />
          <ListingsWidget />
        </PanelSection>
      </WidgetHeadingLevel>
    </FigureExtensions.Provider>
  );

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
          {adapter.listPriceChanges ? (
            <button
              type="button"
              className="rk-button"
              data-action="price-changes"
              onPointerEnter={loadPriceChangesDialog}
              onFocus={loadPriceChangesDialog}
              onClick={() => setOpenDialog('priceChanges')}
            >
              {messages.priceChanges}
            </button>
          ) : null}
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
      ) : status === undefined && !stripe.isError ? (
        // While the Stripe status loads, the banner's box holds its place (its texts hidden), so
        // the cards do not move down when a disconnected or pending status arrives.
        <div className="rk-message rk-panel-banner" data-tone="info" data-banner="stripe" data-placeholder="" aria-hidden="true">
          <div className="rk-message-text">
            <strong className="rk-message-title">{messages.stripeBannerTitle.disconnected}</strong>
            <span>{messages.stripeBannerBody.disconnected}</span>
          </div>
          {/* A button, as in the banner, for the same box; disabled, so nothing hidden is focusable. */}
          <button type="button" className="rk-button" data-variant="primary" disabled tabIndex={-1}>
            {messages.integrateStripe}
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

      <SubAccountPicker value={subAccount?.subAccountId ?? null} onValueChange={setSubAccountId} />
      <p className="rk-panel-note" data-note="scope" data-scope={subAccount ? 'sub-account' : 'all'} aria-live="polite">
        <strong className="rk-panel-note-lead">{subAccount ? <bdi>{overrideTexts.overridesScopeNote(hostText(subAccount.name))}</bdi> : messages.scopeNote}</strong> {country ? messages.regionNoteCountry(countryName(country)) : messages.regionNote}
      </p>

      <PanelOwnsNotices.Provider value>
        <WithPriceHistory>
        {subAccount ? (
          <Suspense fallback={null}>
            <SubAccountScope subAccount={subAccount}>{sections}</SubAccountScope>
          </Suspense>
        ) : (
          sections
        )}
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
        {opened.priceChanges ? (
          <PriceChangesDialog open={openDialog === 'priceChanges'} onOpenChange={(open) => setOpenDialog(open ? 'priceChanges' : null)} />
        ) : null}
      </Suspense>
    </section>
  );
}

// The panel only needs to know prices loaded: selecting a constant keeps a save (a new revision)
// from re-rendering the panel and, through it, every widget.
const selectLoaded = (_snapshot: PricingSnapshot) => true as const;
