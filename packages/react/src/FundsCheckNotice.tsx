import type { PricingSnapshot, UsageFundsResult } from '@rebill-kit/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useRebillingContext, useMessages } from './context.js';
import { fundsMessages } from './messages.js';

export interface FundsCheckNoticeProps {
  /** What `checkUsageFunds(…)` from `@rebill-kit/core` returned for the charge. */
  result: UsageFundsResult;
  /**
   * ISO 4217 currency of the amounts, for the shortfall. Default: the currency of the loaded
   * prices (loaded if needed).
   */
  currency?: string;
  /** When the sub-account is short, shows an "Add funds" button that calls this. */
  onAddFunds?: () => void;
  /** When both wallets hold enough: `true` shows `messages.fundsOk`, other content shows that. Default: nothing is shown. */
  success?: boolean | ReactNode;
  className?: string;
}

const selectCurrency = (snapshot: PricingSnapshot) => snapshot.currency;

/**
 * Turns a OneBalance funds check into what the sub-account should do: add funds when its own
 * wallet is short (with the amount missing), or contact its administrator when the main
 * account is short (the main account's balance is never shown). Shown as an alert; nothing, or
 * an optional status line, when the charge can go ahead.
 */
export function FundsCheckNotice({ result, currency: currencyProp, onAddFunds, success = false, className }: FundsCheckNoticeProps) {
  const { queryClient, sync, rootStyle, theme, formattersFor } = useRebillingContext();
  const messages = useMessages(fundsMessages);
  const needsCurrency = !result.ok && result.reason === 'sub-account-insufficient' && currencyProp === undefined;
  const pricingCurrency = useQuery(
    { queryKey: sync.keys.pricing, queryFn: sync.load, select: selectCurrency, enabled: needsCurrency },
    queryClient,
  );
  const currency = currencyProp ?? pricingCurrency.data;

  const rootClass = className ? `rk-root rk-funds-notice ${className}` : 'rk-root rk-funds-notice';
  const common = { style: rootStyle, 'data-theme': theme };

  if (result.ok) {
    if (success === false || success == null) return null;
    return (
      <div className={rootClass} {...common} data-reason="ok" role="status">
        <p className="rk-funds-notice__text">{success === true ? messages.fundsOk : success}</p>
      </div>
    );
  }

  if (result.reason === 'main-account-insufficient') {
    return (
      <div className={rootClass} {...common} data-reason={result.reason} role="alert">
        <p className="rk-funds-notice__text">{messages.fundsMainAccountShort}</p>
      </div>
    );
  }

  // The exact amount missing: rounding it could suggest adding less than needed.
  const shortfall = currency ? formattersFor(currency).unitPrice(result.shortfall) : null;
  return (
    <div className={rootClass} {...common} data-reason={result.reason} role="alert">
      <p className="rk-funds-notice__text">{messages.fundsSubAccountShort(shortfall)}</p>
      {onAddFunds ? (
        <button type="button" className="rk-button" data-variant="primary" onClick={onAddFunds}>
          {messages.fundsAddFunds}
        </button>
      ) : null}
    </div>
  );
}
