import { type ReactNode, Suspense, lazy, useId, useState } from 'react';
import { useRebillingContext, useMessages } from './context.js';
import { panelMessages } from './messages.js';
import { useStripeConnection } from './use-stripe.js';
import { LightningDomainsWidget, ListingsWidget } from './widgets/FixedPriceWidget.js';
import { EmailWidget, PhoneNumbersWidget, SmsWidget } from './widgets/MultiplierWidget.js';
import { WidgetHeadingLevel } from './widgets/WidgetFrame.js';

// The dialogs load when first wanted (the button is hovered, focused or pressed), so the panel's
// first load carries only the widgets. The import promise is kept: one request, shared by lazy().
let stripeDialog: Promise<typeof import('./IntegrateStripeDialog.js')> | undefined;
let logDialog: Promise<typeof import('./OneBalanceLog.js')> | undefined;
const loadStripeDialog = () => (stripeDialog ??= import('./IntegrateStripeDialog.js'));
const loadLogDialog = () => (logDialog ??= import('./OneBalanceLog.js'));
const IntegrateStripeDialog = lazy(() => loadStripeDialog().then((module) => ({ default: module.IntegrateStripeDialog })));
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
  const { rootStyle, theme, onViewLogs, logsHref } = useRebillingContext();
  const messages = useMessages(panelMessages);
  const stripe = useStripeConnection();
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
  const widgetProps = country ? { country } : {};
  const status = stripe.data?.status;

  return (
    <section
      className={['rk-root', 'rk-panel', className].filter(Boolean).join(' ')}
      style={rootStyle}
      data-theme={theme}
      data-stripe={status ?? (stripe.isError ? 'error' : 'loading')}
      aria-labelledby={titleId}
    >
      <header className="rk-panel-header">
        <div className="rk-panel-heading">
          <h2 className="rk-panel-title" id={titleId}>
            {title ?? messages.panelTitle}
          </h2>
          <p className="rk-panel-description">{messages.panelDescription}</p>
        </div>
        <div className="rk-actions">
          {status === 'connected' ? (
            <span className="rk-badge" data-tone="success">
              {stripe.data?.accountName ? messages.stripeConnectedAs(stripe.data.accountName) : messages.stripeConnected}
            </span>
          ) : status === 'pending' ? (
            <span className="rk-badge" data-tone="warning">
              {messages.stripePendingNote}
            </span>
          ) : null}
          {status === 'disconnected' || status === 'pending' ? (
            <button
              type="button"
              className="rk-button"
              data-variant="primary"
              onPointerEnter={loadStripeDialog}
              onFocus={loadStripeDialog}
              onClick={() => setOpenDialog('stripe')}
            >
              {messages.integrateStripe}
            </button>
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

      {stripe.isError ? (
        <div className="rk-message" role="alert" data-tone="danger">
          <span>
            {messages.loadFailed} {stripe.error.message}
          </span>
          <button type="button" className="rk-button" onClick={() => void stripe.refetch()}>
            {messages.retry}
          </button>
        </div>
      ) : null}

      <p className="rk-panel-note" data-note="scope">
        {messages.scopeNote} {messages.regionNote}
      </p>

      <WidgetHeadingLevel value="h4">
        <section className="rk-panel-section" aria-labelledby={generalId}>
          <h3 className="rk-panel-section-title" id={generalId}>
            {messages.generalSection}
          </h3>
          <p className="rk-panel-note">{messages.generalNote}</p>
          <div className="rk-panel-grid">
            <SmsWidget {...widgetProps} />
            <EmailWidget />
            <LightningDomainsWidget />
          </div>
        </section>
        <section className="rk-panel-section" aria-labelledby={addOnsId}>
          <h3 className="rk-panel-section-title" id={addOnsId}>
            {messages.addOnsSection}
          </h3>
          <p className="rk-panel-note">{messages.addOnsNote}</p>
          <div className="rk-panel-grid">
            <PhoneNumbersWidget {...widgetProps} />
            <ListingsWidget />
          </div>
        </section>
      </WidgetHeadingLevel>

      <Suspense fallback={null}>
        {opened.stripe ? <IntegrateStripeDialog open={openDialog === 'stripe'} onOpenChange={(open) => setOpenDialog(open ? 'stripe' : null)} /> : null}
        {opened.logs && !onViewLogs && !logsHref ? (
          <OneBalanceLogDialog open={openDialog === 'logs'} onOpenChange={(open) => setOpenDialog(open ? 'logs' : null)} />
        ) : null}
      </Suspense>
    </section>
  );
}
