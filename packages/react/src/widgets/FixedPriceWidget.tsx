import {
  type DecimalString,
  type PriceInputError,
  type ProductId,
  compare,
  currencyDecimals,
  formatPriceInput,
  multiplyByInteger,
  parsePrice,
  toDecimal,
} from '@rebill-kit/core';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useRebillingContext, useMessages } from '../context.js';
import { widgetMessages } from '../messages.js';
import { type UsePricingResult, usePricing } from '../use-pricing.js';
import { WidgetFrame, type WidgetProps, createProductWidget } from './WidgetFrame.js';

/** A fixed price this many times You Pay is more likely a typo (an extra zero) than a price. */
const HIGH_PRICE_FACTOR = 10;

function isFarAboveCost(price: DecimalString, youPay: DecimalString | undefined): boolean {
  if (youPay === undefined) return false;
  const cost = toDecimal(youPay);
  return cost.units > 0n && compare(toDecimal(price), multiplyByInteger(cost, HIGH_PRICE_FACTOR)) > 0;
}

export interface FixedPriceEditorProps {
  pricing: UsePricingResult;
  onEditingChange?: (editing: boolean) => void;
  /** Called with `true` while the typed text is not a valid price (the figures then show the saved one). */
  onInvalidChange?: (invalid: boolean) => void;
}

/**
 * Sub-account pays, with Edit → an inline price input. Enter saves, Escape cancels; a bad price
 * keeps the input open with its message and the figures go back to the saved price; a price
 * below You Pay, or over ten times it, asks for confirmation first. Profit follows every valid
 * keystroke. Prices are whole minor units of the currency (cents for USD, yen for JPY).
 */
export function FixedPriceEditor({ pricing, onEditingChange, onInvalidChange }: FixedPriceEditorProps) {
  const { locale } = useRebillingContext();
  const messages = useMessages(widgetMessages);
  const [text, setText] = useState<string | null>(null);
  const [inputError, setInputError] = useState<PriceInputError | null>(null);
  const [confirming, setConfirming] = useState<'loss' | 'high' | null>(null);
  const confirmingLoss = confirming !== null;
  const inputRef = useRef<HTMLInputElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const inputId = useId();
  const errorId = useId();
  const confirmId = useId();
  const editing = text !== null;
  const { rule, figures, currency, disabled, productId } = pricing;

  // The parent hears of editing and invalid text from the event that changed them, not from an
  // effect afterwards: a state update in a passive effect lands outside the event's act() scope.
  const setInvalid = (invalid: boolean) => {
    onInvalidChange?.(invalid);
  };

  useEffect(() => {
    if (editing) inputRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      editButtonRef.current?.focus();
    }
  }, [editing]);

  const close = () => {
    returnFocus.current = true;
    setText(null);
    setInputError(null);
    setConfirming(null);
    setInvalid(false);
    onEditingChange?.(false);
  };

  const startEditing = () => {
    if (disabled || rule?.type !== 'fixed') return;
    setText(formatPriceInput(rule.price, locale));
    onEditingChange?.(true);
  };

  const parse = (value: string) => parsePrice(value, { locale, currency: currency!, maxDecimals: currencyDecimals(currency!) });

  const onChange = (value: string) => {
    setText(value);
    setConfirming(null);
    if (!currency) return;
    const parsed = parse(value);
    setInvalid(!parsed.ok);
    if (parsed.ok) {
      setInputError(null);
      pricing.setFixedPrice(parsed.value);
    } else {
      setInputError(parsed.error);
      // Never figures from an earlier keystroke: while the text is invalid, show the saved price.
      pricing.cancel();
    }
  };

  const save = (confirmed: boolean) => {
    if (text === null || !currency) return;
    const parsed = parse(text);
    if (!parsed.ok) {
      setInputError(parsed.error);
      setInvalid(true);
      inputRef.current?.focus();
      return;
    }
    pricing.setFixedPrice(parsed.value);
    if (!confirmed && isFarAboveCost(parsed.value, figures?.youPay)) {
      setConfirming('high');
      return;
    }
    const outcome = pricing.commit({ confirmLoss: confirmed });
    if (outcome === 'needs-loss-confirmation') setConfirming('loss');
    else close();
  };

  const cancel = () => {
    pricing.cancel();
    close();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save(false);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    }
  };

  if (!editing) {
    return (
      <div className="rk-fixed-price">
        <button
          ref={editButtonRef}
          type="button"
          className="rk-button"
          onClick={startEditing}
          disabled={disabled}
          aria-describedby={undefined}
        >
          {messages.edit}
          <span className="rk-visually-hidden"> {messages.productTitle[productId]}</span>
        </button>
      </div>
    );
  }

  return (
    <form className="rk-fixed-price" data-editing="" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <label className="rk-field-label" htmlFor={inputId}>
        {messages.priceInputLabel(messages.productTitle[productId])}
        {currency ? <span className="rk-field-currency"> ({currency})</span> : null}
      </label>
      <input
        ref={inputRef}
        id={inputId}
        className="rk-input"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={inputError ? true : undefined}
        aria-describedby={inputError ? errorId : confirmingLoss ? confirmId : undefined}
      />
      {inputError ? (
        <p className="rk-field-error" id={errorId} role="alert">
          {messages.priceInputError(inputError, currency ?? '', currency ? currencyDecimals(currency) : 0)}
        </p>
      ) : null}
      {confirmingLoss && figures ? (
        <div className="rk-message" data-tone="danger" id={confirmId} role="alert">
          <span className="rk-message-text">
            <strong>{confirming === 'high' ? messages.highPriceConfirmTitle : messages.lossConfirmTitle}</strong>{' '}
            {confirming === 'high'
              ? messages.highPriceConfirmBody(figures.formatted.subAccountPays, figures.formatted.youPay)
              : messages.lossConfirmBody(figures.formatted.subAccountPays, figures.formatted.youPay)}
          </span>
          <span className="rk-actions">
            <button type="button" className="rk-button" data-variant={confirming === 'high' ? 'primary' : 'danger'} onClick={() => save(true)}>
              {confirming === 'high' ? messages.highPriceConfirm : messages.lossConfirm}
            </button>
            <button type="button" className="rk-button" onClick={cancel}>
              {messages.cancel}
            </button>
          </span>
        </div>
      ) : (
        <span className="rk-actions">
          <button type="submit" className="rk-button" data-variant="primary">
            {messages.save}
          </button>
          <button type="button" className="rk-button" onClick={cancel}>
            {messages.cancel}
          </button>
        </span>
      )}
    </form>
  );
}

function FixedPriceWidget({ productId, country, title, className }: WidgetProps & { productId: ProductId }) {
  const pricing = usePricing(productId, country ? { country } : {});
  const [editing, setEditing] = useState(false);
  const [invalid, setInvalid] = useState(false);
  return (
    <WidgetFrame pricing={pricing} title={title} className={className} country={country} editing={editing} stale={invalid}>
      <FixedPriceEditor pricing={pricing} onEditingChange={setEditing} onInvalidChange={setInvalid} />
    </WidgetFrame>
  );
}

/** Lightning Domains: a fixed resale price per domain, paid from OneBalance. */
export const LightningDomainsWidget = /* @__PURE__ */ createProductWidget('lightningDomains', 'LightningDomainsWidget', FixedPriceWidget);
/** Listings: a fixed resale price per listing per month, charged to the sub-account's card. */
export const ListingsWidget = /* @__PURE__ */ createProductWidget('listings', 'ListingsWidget', FixedPriceWidget);
