import type { CustomerSync } from '@rebill-kit/core';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useRebillingContext, useMessages } from './context.js';
import { stripeDialogMessages } from './messages.js';
import { Dialog } from './Dialog.js';
import { useConnectStripe } from './use-stripe.js';
import { hostText } from './host-text.js';

export interface IntegrateStripeDialogProps {
  /** Whether the dialog is shown. Controlled: pair it with `onOpenChange`. */
  open: boolean;
  /** Called with `false` on Cancel, Escape, and once Stripe reports `connected`. */
  onOpenChange(open: boolean): void;
  /** The option selected when the dialog opens. Default `'people'`; `null` is Skip. */
  defaultSyncCustomersAs?: CustomerSync;
}

type Choice = 'people' | 'businesses' | 'skip';

const toChoice = (value: CustomerSync): Choice => value ?? 'skip';
const toCustomerSync = (choice: Choice): CustomerSync => (choice === 'skip' ? null : choice);

/**
 * "+ Integrate Stripe": asks how Stripe customers sync to contacts (People, Businesses or Skip),
 * then connects through the adapter. A `connected` answer closes the dialog and unlocks every
 * widget; a `pending` answer sends the owner to Stripe's onboarding (`onStripeRedirect` on the
 * provider) and says so here.
 */
export function IntegrateStripeDialog({ open, onOpenChange, defaultSyncCustomersAs = 'people' }: IntegrateStripeDialogProps) {
  const messages = useMessages(stripeDialogMessages);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={messages.stripeDialogTitle}
      description={messages.stripeDialogDescription}
      size="small"
      className="rk-stripe-dialog"
    >
      <IntegrateStripeForm defaultChoice={toChoice(defaultSyncCustomersAs)} onClose={() => onOpenChange(false)} />
    </Dialog>
  );
}

function IntegrateStripeForm({ defaultChoice, onClose }: { defaultChoice: Choice; onClose(): void }) {
  const messages = useMessages(stripeDialogMessages);
  const connect = useConnectStripe();
  const [choice, setChoice] = useState<Choice>(defaultChoice);
  const submitRef = useRef<HTMLButtonElement>(null);
  const idBase = useId();

  const redirecting = connect.isSuccess && connect.data.status === 'pending';
  const busy = connect.isPending || redirecting;

  const run = (value: CustomerSync) => {
    if (busy) return;
    connect.mutate(value, {
      onSuccess: (result) => {
        if (result.status === 'connected') onClose();
      },
    });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    run(toCustomerSync(choice));
  };

  const options: Array<{ value: Choice; label: string; hint: string }> = [
    { value: 'people', label: messages.stripeSyncPeople, hint: messages.stripeSyncPeopleHint },
    { value: 'businesses', label: messages.stripeSyncBusinesses, hint: messages.stripeSyncBusinessesHint },
    { value: 'skip', label: messages.stripeSyncSkip, hint: messages.stripeSyncSkipHint },
  ];

  return (
    <form className="rk-stripe-dialog__form" onSubmit={onSubmit} aria-busy={connect.isPending} data-state={connect.isPending ? 'connecting' : redirecting ? 'redirecting' : connect.isError ? 'error' : 'idle'}>
      <fieldset className="rk-choice-group">
        <legend className="rk-choice-group__legend">{messages.stripeSyncLegend}</legend>
        {options.map((option) => {
          const inputId = `${idBase}-${option.value}`;
          return (
            <div key={option.value} className="rk-choice" data-checked={choice === option.value ? '' : undefined}>
              <input
                id={inputId}
                type="radio"
                className="rk-choice__input"
                name={idBase}
                value={option.value}
                checked={choice === option.value}
                onChange={() => setChoice(option.value)}
                aria-describedby={`${inputId}-hint`}
              />
              <label htmlFor={inputId} className="rk-choice__label">
                {option.label}
              </label>
              <span id={`${inputId}-hint`} className="rk-choice__hint">
                {option.hint}
              </span>
            </div>
          );
        })}
      </fieldset>

      {connect.isError ? (
        <div className="rk-message" data-tone="danger" role="alert">
          <p className="rk-dialog__error-text">
            {messages.stripeConnectFailed} <bdi>{hostText(connect.error.message)}</bdi>
          </p>
          <button
            type="button"
            className="rk-button"
            onClick={() => {
              // The alert (and this button) goes away while retrying: keep focus on the form.
              submitRef.current?.focus();
              run(connect.variables === undefined ? toCustomerSync(choice) : connect.variables);
            }}
          >
            {messages.retry}
          </button>
        </div>
      ) : null}

      <p className="rk-dialog__status" role="status" data-visible={redirecting ? '' : undefined}>
        {redirecting ? messages.stripeRedirecting : connect.isPending ? <span className="rk-visually-hidden">{messages.stripeConnecting}</span> : null}
      </p>
      {/* When the browser blocked the navigation (a pop-up blocker, a sandboxed frame), Continue
          must not dead-end: the same onboarding URL as a plain link. */}
      {redirecting && connect.data.status === 'pending' ? (
        <a className="rk-button rk-stripe-dialog__open" data-variant="primary" href={connect.data.redirectUrl} target="_blank" rel="noopener noreferrer">
          {messages.stripeOpen}
        </a>
      ) : null}

      <div className="rk-dialog__actions">
        <button type="button" className="rk-button" onClick={onClose}>
          {messages.cancel}
        </button>
        <button
          ref={submitRef}
          type="submit"
          className="rk-button"
          data-variant="primary"
          // aria-disabled rather than disabled: a disabled button would drop the focus it holds.
          aria-disabled={busy || undefined}
          aria-busy={connect.isPending || undefined}
        >
          {connect.isPending ? messages.stripeConnecting : messages.continue}
        </button>
      </div>
    </form>
  );
}
