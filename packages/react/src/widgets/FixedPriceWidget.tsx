import { type PriceInputError, type ProductId, formatPriceInput, parsePrice } from '@rebill-kit/core';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useRebillingContext, useMessages } from '../context.js';
import { widgetMessages } from '../messages.js';
import { type UsePricingResult, usePricing } from '../use-pricing.js';
import { WidgetFrame, type WidgetProps, createProductWidget } from './WidgetFrame.js';

/**
 * Sub-account pays, with Edit → an inline price input. Enter saves, Escape cancels; a bad price
 * keeps the input open with its message; a price below You Pay asks for confirmation first.
 * Profit follows every valid keystroke.
 */
export function FixedPriceEditor({ pricing, onEditingChange }: { pricing: UsePricingResult; onEditingChange?: (editing: boolean) => void }) {
  const { locale } = useRebillingContext();
  const messages = useMessages(widgetMessages);
  const [text, setText] = useState<string | null>(null);
  const [inputError, setInputError] = useState<PriceInputError | null>(null);
  const [confirmingLoss, setConfirmingLoss] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const inputId = useId();
  const errorId = useId();
  const confirmId = useId();
  const editing = text !== null;
  const { rule, figures, currency, disabled, productId } = pricing;

  useEffect(() => {
    onEditingChange?.(editing);
    if (editing) inputRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      editButtonRef.current?.focus();
    }
  }, [editing, onEditingChange]);

  const close = () => {
    returnFocus.current = true;
    setText(null);
    setInputError(null);
    setConfirmingLoss(false);
  };

  const startEditing = () => {
    if (disabled || rule?.type !== 'fixed') return;
    setText(formatPriceInput(rule.price, locale));
  };

  const onChange = (value: string) => {
    setText(value);
    setConfirmingLoss(false);
    if (!currency) return;
    const parsed = parsePrice(value, { locale, currency });
    if (parsed.ok) {
      setInputError(null);
      pricing.setFixedPrice(parsed.value);
    } else {
      setInputError(parsed.error);
    }
  };

  const save = (confirmLoss: boolean) => {
    if (text === null || !currency) return;
    const parsed = parsePrice(text, { locale, currency });
    if (!parsed.ok) {
      setInputError(parsed.error);
      inputRef.current?.focus();
      return;
    }
    pricing.setFixedPrice(parsed.value);
    const outcome = pricing.commit({ confirmLoss });
    if (outcome === 'needs-loss-confirmation') setConfirmingLoss(true);
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
          {inputError.message}
        </p>
      ) : null}
      {confirmingLoss && figures ? (
        <div className="rk-message" data-tone="danger" id={confirmId} role="alert">
          <span>
            <strong>{messages.lossConfirmTitle}</strong> {messages.lossConfirmBody(figures.formatted.subAccountPays, figures.formatted.youPay)}
          </span>
          <span className="rk-actions">
            <button type="button" className="rk-button" data-variant="danger" onClick={() => save(true)}>
              {messages.lossConfirm}
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
  return (
    <WidgetFrame pricing={pricing} title={title} className={className} country={country} editing={editing}>
      <FixedPriceEditor pricing={pricing} onEditingChange={setEditing} />
    </WidgetFrame>
  );
}

/** Lightning Domains: a fixed resale price per domain, paid from OneBalance. */
export const LightningDomainsWidget = /* @__PURE__ */ createProductWidget('lightningDomains', 'LightningDomainsWidget', FixedPriceWidget);
/** Listings: a fixed resale price per listing per month, charged to the sub-account's card. */
export const ListingsWidget = /* @__PURE__ */ createProductWidget('listings', 'ListingsWidget', FixedPriceWidget);
