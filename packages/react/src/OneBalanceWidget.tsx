'use client';
import {
  compare,
  currencyDecimals,
  formatPriceInput,
  parsePrice,
  toDecimal,
  walletSettingsErrors,
  type OwnerWallet,
  type WalletSettings,
} from '@rebill-kit/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useMessages, useRebillingContext } from './context.js';
import { walletMessages, widgetMessages } from './messages.js';

type Field = 'lowBalanceThreshold' | 'threshold' | 'target' | 'monthlyCap';
type Draft = Record<Field, string> & { enabled: boolean };

function draftOf(wallet: OwnerWallet, locale: string | undefined): Draft {
  const { autoRecharge: a } = wallet;
  return {
    enabled: a.enabled,
    lowBalanceThreshold: wallet.lowBalanceThreshold === null ? '' : formatPriceInput(wallet.lowBalanceThreshold, locale),
    threshold: formatPriceInput(a.threshold, locale),
    target: formatPriceInput(a.target, locale),
    monthlyCap: formatPriceInput(a.monthlyCap, locale),
  };
}

/**
 * The owner's main OneBalance wallet: the balance (exact: the currency's decimals, plus the
 * sub-cent digits usage debits leave), a low-balance warning, and auto-recharge settings
 * (threshold, top-up target, monthly cap; off by default). Renders nothing when the adapter has
 * no `loadWallet` / `saveAutoRecharge`. `RebillingPanel` shows it when they exist.
 */
export function OneBalanceWidget() {
  const { adapter, sync, queryClient, locale, formattersFor } = useRebillingContext();
  // The save states and input errors read the widgets' own texts, shared with every widget.
  const messages = { ...useMessages(widgetMessages), ...useMessages(walletMessages) };
  const id = useId();
  const key = sync.keys.wallet;
  const loadWallet = adapter.loadWallet?.bind(adapter);
  const saveAutoRecharge = adapter.saveAutoRecharge?.bind(adapter);
  const wallet = useQuery({ queryKey: key, queryFn: ({ signal }) => loadWallet!({ signal }), enabled: loadWallet !== undefined }, queryClient);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  // One key per intent: a Retry of the same settings reuses it, an edit makes a new one.
  const intent = useRef<{ settings: string; key: string } | null>(null);
  const save = useMutation(
    {
      mutationFn: (settings: WalletSettings) => {
        const print = JSON.stringify(settings);
        if (intent.current?.settings !== print) intent.current = { settings: print, key: globalThis.crypto.randomUUID() };
        return saveAutoRecharge!(settings, { idempotencyKey: intent.current.key });
      },
      onSuccess: (saved) => {
        queryClient.setQueryData(key, saved);
        setDraft(null);
      },
    },
    queryClient,
  );
  if (!loadWallet || !saveAutoRecharge) return null;
  if (wallet.isPending) {
    return (
      <section className="rk-wallet" data-state="loading" aria-busy="true">
        <p className="rk-wallet-status">{messages.loading}</p>
      </section>
    );
  }
  if (!wallet.data) {
    // Nothing to keep or lose here; the owner can ask again without reloading the page.
    return (
      <section className="rk-wallet" data-state="load-error">
        <p className="rk-wallet-status" role="alert">
          {messages.loadFailed}
        </p>
        <button type="button" className="rk-button" onClick={() => void wallet.refetch()}>
          {messages.retry}
        </button>
      </section>
    );
  }

  const current = wallet.data;
  const { currency } = current;
  const format = formattersFor(currency);
  const decimals = currencyDecimals(currency);
  const form = draft ?? draftOf(current, locale);

  // Each field as typed, parsed like the fixed price input (whole minor units).
  const parsed: Partial<Record<Field, string>> = {};
  const errors: Partial<Record<Field, string>> = {};
  for (const field of ['lowBalanceThreshold', 'threshold', 'target', 'monthlyCap'] as const) {
    if (field === 'lowBalanceThreshold' && form[field].trim() === '') continue;
    const result = parsePrice(form[field], { locale, currency, maxDecimals: decimals });
    if (result.ok) parsed[field] = result.value;
    else errors[field] = messages.priceInputError(result.error, currency, decimals);
  }
  let settings: WalletSettings | undefined;
  if (Object.keys(errors).length === 0) {
    settings = {
      lowBalanceThreshold: parsed.lowBalanceThreshold ?? null,
      autoRecharge: { enabled: form.enabled, threshold: parsed.threshold!, target: parsed.target!, monthlyCap: parsed.monthlyCap! },
    };
    if (walletSettingsErrors(settings, currency).some((error) => error.path === 'autoRecharge.target')) {
      errors.target = messages.walletTargetAboveThreshold(format.total(settings.autoRecharge.threshold));
      settings = undefined;
    }
  }
  const low = current.lowBalanceThreshold !== null && compare(toDecimal(current.balance), toDecimal(current.lowBalanceThreshold)) < 0;
  const state = save.isPending ? 'saving' : save.isError ? 'error' : save.isSuccess && draft === null ? 'saved' : 'idle';
  const edit = (patch: Partial<Draft>) => {
    setDraft({ ...form, ...patch });
    if (save.isSuccess || save.isError) save.reset();
  };
  const submit = () => {
    setShowErrors(true);
    if (settings) save.mutate(settings);
  };

  const input = (field: Field, label: string, hint?: string) => {
    const error = showErrors ? errors[field] : undefined;
    const describedBy = [hint ? `${id}-${field}-hint` : '', error ? `${id}-${field}-error` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div className="rk-wallet-field" data-invalid={error ? '' : undefined}>
        <label className="rk-wallet-label" htmlFor={`${id}-${field}`}>
          {label}
        </label>
        <input
          id={`${id}-${field}`}
          className="rk-input"
          inputMode="decimal"
          value={form[field]}
          disabled={field !== 'lowBalanceThreshold' && !form.enabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => edit({ [field]: event.target.value })}
          onBlur={() => setShowErrors(true)}
        />
        {hint ? <p id={`${id}-${field}-hint`} className="rk-hint">{hint}</p> : null}
        {error ? <p id={`${id}-${field}-error`} className="rk-field-error">{error}</p> : null}
      </div>
    );
  };

  return (
    <section className="rk-wallet" data-state={state} data-low-balance={low ? '' : undefined} aria-labelledby={`${id}-title`}>
      <h3 className="rk-widget-title" id={`${id}-title`}>
        {messages.walletTitle}
      </h3>
      <p className="rk-wallet-balance">
        {messages.walletBalance}: <strong className="rk-wallet-amount" data-figure="wallet-balance">{format.unitPrice(current.balance)}</strong>
      </p>
      {low ? (
        <p className="rk-wallet-warning" role="status">
          {messages.walletLowBalanceWarning(format.total(current.lowBalanceThreshold!))}
        </p>
      ) : null}
      <form
        className="rk-wallet-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        noValidate
      >
        {input('lowBalanceThreshold', messages.walletLowBalanceLabel, messages.walletLowBalanceHint)}
        <fieldset className="rk-wallet-recharge">
          <legend className="rk-wallet-legend">
            <label className="rk-wallet-toggle">
              <input type="checkbox" checked={form.enabled} onChange={(event) => edit({ enabled: event.target.checked })} /> {messages.walletAutoRecharge}
            </label>
          </legend>
          {input('threshold', messages.walletThreshold)}
          {input('target', messages.walletTarget)}
          {input('monthlyCap', messages.walletMonthlyCap)}
        </fieldset>
        <p className="rk-wallet-recharged">
          {messages.walletRechargedThisMonth(format.total(current.rechargedThisMonth), format.total(current.autoRecharge.monthlyCap))}
        </p>
        {current.lastRechargeFailure ? (
          <p className="rk-wallet-failure" role="alert">
            {messages.walletLastFailure(format.dateTime(current.lastRechargeFailure.at), current.lastRechargeFailure.message)}
          </p>
        ) : null}
        <div className="rk-wallet-actions" aria-live="polite">
          {state === 'error' ? (
            <>
              <span role="alert">{messages.saveFailed}</span>{' '}
              <button type="submit" className="rk-button">{messages.retry}</button>
            </>
          ) : (
            <>
              <button type="submit" className="rk-button" disabled={state === 'saving' || draft === null}>
                {messages.save}
              </button>{' '}
              {state === 'saving' ? <span>{messages.saving}</span> : state === 'saved' ? <span>{messages.saved}</span> : null}
            </>
          )}
        </div>
      </form>
    </section>
  );
}
