import {
  type RebillingError,
  type SmsMessageCost,
  type SmsSegmentRule,
  countSmsSegments,
  smsMessageCost,
  toRebillingError,
} from '@rebill-kit/core';
import { useId, useMemo, useState } from 'react';
import { useRebillingContext, useMessages } from './context.js';
import { estimatorMessages } from './messages.js';
import { usePricing } from './use-pricing.js';

export interface SmsSegmentEstimatorProps {
  /** The message or template shown first. Merge fields are written `{{name}}`. */
  defaultValue?: string;
  /**
   * Fixes how segments are counted and hides the choice: `'flat-160'` (160 characters a
   * segment) or `'carrier'` (GSM-7 160/153, UCS-2 70/67).
   */
  rule?: SmsSegmentRule;
  /** The rule selected first when the owner may choose. Default `'flat-160'`. */
  defaultRule?: SmsSegmentRule;
  /** The most characters each merge field may reach, prefilled. */
  defaultFieldLengths?: Readonly<Record<string, number>>;
  /** ISO 3166 alpha-2 destination, priced at that country's rate. Default: the US/CA baseline. */
  country?: string;
  className?: string;
}

/** Larger lengths are a typo, and would only make the estimate meaningless. */
const MAX_FIELD_LENGTH = 10_000;

function parseFieldLength(raw: string): number | undefined | 'invalid' {
  const text = raw.trim();
  if (text === '') return undefined;
  if (!/^\d+$/.test(text)) return 'invalid';
  const value = Number(text);
  return value <= MAX_FIELD_LENGTH ? value : 'invalid';
}

/**
 * A calculator for one SMS: how many segments a message or template is, in which encoding, how
 * much room is left in the current segment, and what it costs per message — what the
 * sub-account pays, what you pay and your profit — at the current SMS price. It only reads
 * prices, so it works before Stripe is connected.
 */
export function SmsSegmentEstimator(props: SmsSegmentEstimatorProps) {
  const { defaultValue = '', defaultRule = 'flat-160', defaultFieldLengths, country, className } = props;
  const { rootStyle, theme, locale, countryName } = useRebillingContext();
  const messages = useMessages(estimatorMessages);
  const sms = usePricing('sms');
  const [text, setText] = useState(defaultValue);
  const [chosenRule, setChosenRule] = useState<SmsSegmentRule>(defaultRule);
  const [lengthInputs, setLengthInputs] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(defaultFieldLengths ?? {}).map(([name, length]) => [name, String(length)])),
  );
  const rule = props.rule ?? chosenRule;
  const id = useId();

  // Every merge field in the text, in order of first use (none has a length yet in this call).
  const fields = useMemo(() => countSmsSegments(text).unknownFields, [text]);
  const fieldLengths: Record<string, number> = {};
  const invalidFields = new Set<string>();
  for (const field of fields) {
    const parsed = parseFieldLength(lengthInputs[field] ?? '');
    if (parsed === 'invalid') invalidFields.add(field);
    else if (parsed !== undefined) fieldLengths[field] = parsed;
  }
  const count = countSmsSegments(text, { rule, fieldLengths });

  let cost: SmsMessageCost | undefined;
  let costError: RebillingError | undefined;
  if (sms.pricing && sms.format) {
    try {
      cost = smsMessageCost(text, { pricing: sms.pricing, rule, fieldLengths, country, pricingRule: sms.savedRule });
    } catch (error) {
      costError = toRebillingError(error);
    }
  }

  const number = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const list = useMemo(() => new Intl.ListFormat(locale, { type: 'conjunction' }), [locale]);
  const format = sms.format;

  const ruleOptions: Array<{ value: SmsSegmentRule; label: string }> = [
    { value: 'flat-160', label: messages.estimatorRuleFlat },
    { value: 'carrier', label: messages.estimatorRuleCarrier },
  ];

  let money;
  if (cost && format) {
    const loss = cost.segmentQuote.isLoss;
    money = (
      <>
        <p className="rk-estimator__subtitle">
          {messages.estimatorPerMessage}
          {country ? <span className="rk-estimator__country"> · {messages.countryRate(countryName(country))}</span> : null}
        </p>
        <dl className="rk-estimator__figures">
          <div className="rk-estimator__figure" data-figure="sub-account-pays">
            <dt className="rk-estimator__term">{messages.subAccountPays}</dt>
            <dd className="rk-estimator__value">{format.unitPrice(cost.subAccountPays)}</dd>
          </div>
          <div className="rk-estimator__figure" data-figure="you-pay">
            <dt className="rk-estimator__term">{messages.youPay}</dt>
            <dd className="rk-estimator__value">{format.unitPrice(cost.youPay)}</dd>
          </div>
          <div className="rk-estimator__figure" data-figure="profit" data-loss={loss ? '' : undefined}>
            <dt className="rk-estimator__term">{loss ? messages.loss : messages.profit}</dt>
            <dd className="rk-estimator__value">{format.unitPrice(cost.profit)}</dd>
          </div>
        </dl>
        <p className="rk-estimator__hint">{messages.estimatorPerSegment(format.unitPrice(cost.segmentQuote.subAccountPays))}</p>
      </>
    );
  } else if (costError) {
    money = <p className="rk-estimator__error">{costError.message}</p>;
  } else if (sms.disabledReason === 'load-error' || sms.disabledReason === 'currency-mismatch') {
    money = (
      <div className="rk-estimator__error">
        <p className="rk-estimator__error-text">{sms.disabledMessage}</p>
        {sms.disabledReason === 'load-error' ? (
          <button type="button" className="rk-button" onClick={sms.reloadPrices}>
            {messages.retry}
          </button>
        ) : null}
      </div>
    );
  } else {
    money = <p className="rk-estimator__hint">{messages.loading}</p>;
  }

  const titleId = `${id}-title`;
  const textId = `${id}-text`;
  const hintId = `${id}-hint`;

  return (
    <div
      className={className ? `rk-root rk-estimator ${className}` : 'rk-root rk-estimator'}
      style={rootStyle}
      data-theme={theme}
      data-rule={rule}
      data-encoding={count.encoding}
      role="group"
      aria-labelledby={titleId}
    >
      <p id={titleId} className="rk-estimator__title">
        {messages.estimatorTitle}
      </p>

      <div className="rk-estimator__field">
        <label htmlFor={textId} className="rk-estimator__label">
          {messages.estimatorMessageLabel}
        </label>
        <textarea
          id={textId}
          className="rk-input rk-estimator__textarea"
          // Room for a three-part message (3 × 153 characters) without scrolling.
          rows={7}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-describedby={hintId}
        />
        <p id={hintId} className="rk-estimator__hint">
          {messages.estimatorMessageHint}
        </p>
      </div>

      {fields.length > 0 ? (
        <fieldset className="rk-estimator__fields">
          <legend className="rk-estimator__label">{messages.estimatorFieldsLegend}</legend>
          {fields.map((field, index) => {
            const inputId = `${id}-field-${index}`;
            const invalid = invalidFields.has(field);
            return (
              <div key={field} className="rk-estimator__field" data-invalid={invalid ? '' : undefined}>
                <label htmlFor={inputId} className="rk-estimator__field-label">
                  {messages.estimatorFieldLength(field)}
                </label>
                <input
                  id={inputId}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={MAX_FIELD_LENGTH}
                  step={1}
                  className="rk-input rk-estimator__length"
                  value={lengthInputs[field] ?? ''}
                  onChange={(event) => {
                    const value = event.target.value;
                    setLengthInputs((previous) => ({ ...previous, [field]: value }));
                  }}
                  aria-invalid={invalid || undefined}
                  aria-describedby={invalid ? `${inputId}-error` : undefined}
                />
                {invalid ? (
                  <p id={`${inputId}-error`} className="rk-estimator__error">
                    {messages.estimatorFieldLengthInvalid}
                  </p>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ) : null}

      {props.rule === undefined ? (
        <fieldset className="rk-choice-group rk-estimator__rules">
          <legend className="rk-choice-group__legend">{messages.estimatorRuleLegend}</legend>
          {ruleOptions.map((option) => {
            const inputId = `${id}-rule-${option.value}`;
            return (
              <div key={option.value} className="rk-choice" data-checked={rule === option.value ? '' : undefined}>
                <input
                  id={inputId}
                  type="radio"
                  className="rk-choice__input"
                  name={`${id}-rule`}
                  value={option.value}
                  checked={rule === option.value}
                  onChange={() => setChosenRule(option.value)}
                />
                <label htmlFor={inputId} className="rk-choice__label">
                  {option.label}
                </label>
              </div>
            );
          })}
        </fieldset>
      ) : null}

      {/* Announced on each keystroke: the segment count only, not the whole block. */}
      <p className="rk-visually-hidden" role="status">
        {messages.estimatorSegmentsAnnounce(number.format(count.segments))}
      </p>
      <div className="rk-estimator__result">
        <dl className="rk-estimator__stats">
          {/* The flat rule counts characters, whatever the encoding: claim no GSM-7 / UCS-2 limits. */}
          {rule === 'carrier' ? (
            <div className="rk-estimator__stat" data-stat="encoding">
              <dt className="rk-estimator__term">{messages.estimatorEncoding}</dt>
              <dd className="rk-estimator__value">{count.encoding}</dd>
            </div>
          ) : null}
          <div className="rk-estimator__stat" data-stat="segments">
            <dt className="rk-estimator__term">{messages.estimatorSegments}</dt>
            <dd className="rk-estimator__value">{number.format(count.segments)}</dd>
          </div>
          <div className="rk-estimator__stat" data-stat="characters">
            <dt className="rk-estimator__term">{messages.estimatorCharacters}</dt>
            <dd className="rk-estimator__value">
              {(rule === 'carrier' ? messages.estimatorCharactersValue : messages.estimatorCharactersFlat)(
                number.format(count.length),
                number.format(count.remainingInSegment),
              )}
            </dd>
          </div>
        </dl>
        {count.unknownFields.length > 0 ? (
          <p className="rk-estimator__warning">
            {messages.estimatorUnknownFields(list.format(count.unknownFields.map((field) => `{{${field}}}`)))}
          </p>
        ) : null}
        {money}
      </div>

      <p className="rk-estimator__note">{messages.estimatorIncomingNote}</p>
    </div>
  );
}
