import type { MultiplierLimits, ProductId } from '@rebill-kit/core';
import * as Slider from '@radix-ui/react-slider';
import { type KeyboardEvent, memo, useCallback, useEffect, useId, useRef } from 'react';
import { type Formatters, useRebillingContext, useMessages } from '../context.js';
import { widgetMessages } from '../messages.js';
import { type UsePricingResult, usePricing } from '../use-pricing.js';
import { WidgetFrame, type WidgetProps, createProductWidget } from './WidgetFrame.js';

const STEP_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End']);
/** Keyboard steps commit once the keys have been still this long: 30 quick taps are one save. */
export const KEYBOARD_IDLE_MS = 400;

/**
 * The markup slider. Dragging only changes the hook's local value; the save happens once per
 * gesture: on pointer release (or lost capture) at once, after the keys go idle
 * (`KEYBOARD_IDLE_MS`; a held or tapped arrow key is one save), on blur, or when it unmounts.
 * Radix's `onValueCommit` fires on every keydown and misses some pointer releases, so commits
 * are taken from the DOM events instead.
 */
export function MultiplierSlider({ pricing }: { pricing: UsePricingResult }) {
  return <SliderControl {...sliderProps(pricing)} />;
}

function sliderProps(pricing: UsePricingResult): SliderControlProps {
  const { rule, figures, format, step, stepCount, disabled, limits, productId } = pricing;
  return {
    productId,
    multiplier: rule?.type === 'multiplier' ? rule.multiplier : undefined,
    subAccountPays: figures?.formatted.subAccountPays,
    format,
    limits,
    step,
    stepCount,
    disabled,
    setMultiplierStep: pricing.setMultiplierStep,
    commit: pricing.commit,
  };
}

interface SliderControlProps {
  productId: ProductId;
  multiplier: string | undefined;
  subAccountPays: string | undefined;
  format: Formatters | undefined;
  limits: MultiplierLimits | undefined;
  step: number | undefined;
  stepCount: number | undefined;
  disabled: boolean;
  setMultiplierStep(step: number): void;
  commit(): unknown;
}

// Memoised on plain values and stable callbacks: a save status change does not re-render Radix.
const SliderControl = memo(function SliderControl({
  productId,
  multiplier,
  subAccountPays,
  format,
  limits,
  step,
  stepCount,
  disabled,
  setMultiplierStep,
  commit,
}: SliderControlProps) {
  const { plural } = useRebillingContext();
  const messages = useMessages(widgetMessages);
  const labelId = useId();
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const commitNow = useCallback(() => {
    clearTimeout(idle.current);
    idle.current = undefined;
    commit();
  }, [commit]);
  // A step still waiting for the keys to go idle is committed, not dropped, when the widget goes.
  useEffect(
    () => () => {
      if (idle.current !== undefined) commitNow();
    },
    [commitNow],
  );
  const onKeyDown = (event: KeyboardEvent) => {
    if (STEP_KEYS.has(event.key)) clearTimeout(idle.current);
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (!STEP_KEYS.has(event.key)) return;
    clearTimeout(idle.current);
    idle.current = setTimeout(commitNow, KEYBOARD_IDLE_MS);
  };
  const multiplierText = multiplier && format ? format.decimal(multiplier) : undefined;
  const name = messages.multiplierName(messages.productTitle[productId]);

  // Until prices load there is no position to show: a thumb at the left end would read as 1x.
  if (step === undefined || !format || !limits) {
    return (
      <div className="rk-slider-field" data-loading="">
        <div className="rk-slider-label">
          <span>{messages.multiplierLabel}</span>
          <span className="rk-skeleton rk-slider-value-skeleton" aria-hidden="true" />
        </div>
        <div className="rk-slider rk-slider-placeholder" aria-hidden="true">
          <div className="rk-slider-track rk-skeleton" />
        </div>
      </div>
    );
  }

  return (
    <div className="rk-slider-field">
      <div className="rk-slider-label">
        <span id={labelId}>{messages.multiplierLabel}</span>
        <output className="rk-slider-value" aria-hidden="true">
          {multiplierText ? messages.multiplierValue(multiplierText) : null}
        </output>
      </div>
      <Slider.Root
        className="rk-slider"
        min={0}
        max={stepCount ?? 1}
        step={1}
        value={[step]}
        disabled={disabled}
        onValueChange={(values) => {
          const next = values[0];
          if (next !== undefined && next !== step) setMultiplierStep(next);
        }}
        onPointerUp={commitNow}
        onLostPointerCapture={commitNow}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
        onBlur={commitNow}
        aria-disabled={disabled || undefined}
      >
        <Slider.Track className="rk-slider-track">
          <Slider.Range className="rk-slider-range" />
        </Slider.Track>
        <Slider.Thumb
          className="rk-slider-thumb"
          aria-label={name}
          aria-disabled={disabled || undefined}
          aria-valuetext={
            multiplierText && subAccountPays && multiplier
              ? messages.multiplierValueText(multiplierText, subAccountPays, pluralOf(plural, multiplier))
              : undefined
          }
        />
      </Slider.Root>
      <div className="rk-slider-ends" aria-hidden="true">
        <span>{messages.multiplierValue(format.decimal(limits.min))}</span>
        <span>{messages.multiplierValue(format.decimal(limits.max))}</span>
      </div>
    </div>
  );
});

type ExactSelect = (value: string) => Intl.LDMLPluralRule;

/** The plural category of an exact decimal ("1" → one, "1.5" → other in English), no float. */
function pluralOf(rules: Intl.PluralRules, multiplier: string): Intl.LDMLPluralRule {
  // Intl.PluralRules.select takes a numeric string exactly in current engines (like NumberFormat).
  return (rules.select as unknown as ExactSelect)(multiplier.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
}

function MultiplierWidget({ productId, country, title, className }: WidgetProps & { productId: ProductId }) {
  const pricing = usePricing(productId, country ? { country } : {});
  return (
    <WidgetFrame pricing={pricing} title={title} className={className} country={country}>
      <SliderControl {...sliderProps(pricing)} />
    </WidgetFrame>
  );
}

/** SMS markup: every segment, incoming and outgoing, paid from OneBalance. */
export const SmsWidget = /* @__PURE__ */ createProductWidget('sms', 'SmsWidget', MultiplierWidget);
/** Email markup: every outgoing email, paid from OneBalance. */
export const EmailWidget = /* @__PURE__ */ createProductWidget('email', 'EmailWidget', MultiplierWidget);
/** Phone number markup: per number per month, charged to the sub-account's card. */
export const PhoneNumbersWidget = /* @__PURE__ */ createProductWidget('phoneNumbers', 'PhoneNumbersWidget', MultiplierWidget);
