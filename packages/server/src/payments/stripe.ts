/**
 * `createStripePayments`: the {@link PaymentGateway} on the official `stripe` SDK.
 *
 * ```ts
 * import Stripe from 'stripe';
 * const payments = createStripePayments({
 *   stripe: new Stripe(process.env.STRIPE_SECRET_KEY!),
 *   returnUrl: 'https://app.example.com/settings/rebilling?stripe=done',
 *   refreshUrl: 'https://app.example.com/settings/rebilling?stripe=retry',
 *   webhookSecret: [process.env.STRIPE_WEBHOOK_SECRET!, process.env.STRIPE_CONNECT_WEBHOOK_SECRET!],
 *   cardOnFile: async ({ payer, accountId, subAccountId }) => db.cardFor(payer, accountId, subAccountId),
 * });
 * const server = await createRebillingServer({ database, payments });
 * ```
 *
 * What it does on Stripe:
 * - `connectAccount`: `POST /v1/accounts` (an Express account, once per owner: the idempotency key
 *   is the owner's id) and `POST /v1/account_links` (`account_onboarding`, a fresh link per attempt).
 * - `retrieveAccount`: `GET /v1/accounts/:id`; `connected` once `charges_enabled` and `details_submitted`.
 * - `charge`: `POST /v1/payment_intents` with `confirm`, `off_session` and the card on file, for a
 *   sub-account with the `Stripe-Account` header (a direct charge on the owner's connected account),
 *   for the owner on the platform account. Metadata `rebill_kit_purchase` / `rebill_kit_payer` ties
 *   webhooks back to the purchase.
 * - `retrieveCharge`: `GET /v1/payment_intents/:id` (with `Stripe-Account` for a connected account's
 *   charge): a `processing` charge whose webhook never came, read back.
 * - `refund`: `POST /v1/refunds` for the PaymentIntent, on the account the charge was made on.
 * - `parseWebhook`: `stripe.webhooks.constructEvent` against each secret (the platform endpoint
 *   and the Connect endpoint have different secrets), then `payment_intent.succeeded`,
 *   `payment_intent.payment_failed`, `charge.refunded` and `account.updated` in the port's words.
 *
 * @module
 */
import type Stripe from 'stripe';
import { RebillingError } from '@rebill-kit/core';
import {
  type ChargeEventSubject,
  type ChargeOutcome,
  type ChargeRequest,
  type ConnectAccountInput,
  type ConnectAccountResult,
  type ConnectedAccount,
  type ParseWebhookInput,
  type Payer,
  type PaymentEvent,
  type PaymentGateway,
  type RefundOutcome,
  type RefundRequest,
  type RetrieveChargeRequest,
  WebhookSignatureError,
  toMinorUnits,
} from './gateway.js';

/** Which saved card to charge. Stripe ids on the account the charge is made on. */
export interface CardOnFile {
  /** `cus_…` */
  customer: string;
  /** `pm_…`, attached to that customer. */
  paymentMethod: string;
}

export interface CardOnFileRequest {
  payer: Payer;
  accountId: string;
  subAccountId: string;
  /** For `sub-account`: the owner's connected account, where the sub-account's customer lives. */
  connectedAccountId?: string;
}

export interface StripePaymentsOptions {
  /** A configured `new Stripe(secretKey)` (the platform's key). */
  stripe: Stripe;
  /** Where Stripe sends the owner after onboarding (Account Link `return_url`). */
  returnUrl: string;
  /** Where Stripe sends the owner when the link expired or was used (Account Link `refresh_url`); make a new link there. */
  refreshUrl: string;
  /**
   * The endpoint signing secret(s) (`whsec_…`). Pass both the platform endpoint's and the
   * Connect endpoint's: events about the sub-accounts' charges come from the connected accounts.
   */
  webhookSecret: string | readonly string[];
  /**
   * Finds the saved card to charge. Yours to implement: rebill-kit does not store cards.
   * A sub-account's customer lives on the owner's connected account (`connectedAccountId`);
   * the owner's on the platform account. Throw a `RebillingError('validation', …)` when there
   * is no card: the purchase then fails with that message and nothing is charged.
   */
  cardOnFile(request: CardOnFileRequest): Promise<CardOnFile>;
  /** Seconds a webhook's signature timestamp may be old. Default 300 (Stripe's). */
  webhookToleranceSeconds?: number;
  /** Country of new connected accounts (ISO 3166 alpha-2). Default: Stripe's (the platform's). */
  country?: string;
}

const AUTH_FIX = 'check the secret key given to new Stripe(...) (a live key for live mode, sk_test_ for test mode)';

function stripeError(error: unknown, what: string): RebillingError {
  const e = error as Partial<Stripe.errors.StripeError> | undefined;
  const detail = e?.message ?? String(error);
  switch (e?.type) {
    case 'StripeConnectionError':
      return new RebillingError('network', `Stripe could not be reached while ${what}: ${detail}`, { cause: error });
    case 'StripeAPIError':
    case 'StripeRateLimitError':
      return new RebillingError('unavailable', `Stripe failed while ${what}: ${detail}`, { cause: error });
    case 'StripeAuthenticationError':
    case 'StripePermissionError':
      return new RebillingError('unauthorized', `Stripe refused the key while ${what}: ${detail}; ${AUTH_FIX}.`, { cause: error });
    case 'StripeIdempotencyError':
      // 409: another request with this key is still running; its answer comes on a retry.
      if (e.statusCode === 409) {
        return new RebillingError('unavailable', `Stripe is still running a request with this idempotency key while ${what}; retry.`, { cause: error });
      }
      return new RebillingError('conflict', `Stripe saw one idempotency key reused for a different request while ${what}: ${detail}`, {
        cause: error,
      });
    case 'StripeInvalidRequestError':
      return RebillingError.validation(`Stripe rejected the request while ${what}: ${detail}`, [
        { path: e.param ?? 'request', message: e.code ?? 'invalid request' },
      ]);
    default:
      return new RebillingError('unknown', `Stripe failed while ${what}: ${detail}`, { cause: error });
  }
}

function accountOf(account: Stripe.Account): ConnectedAccount {
  const name = account.business_profile?.name ?? account.settings?.dashboard?.display_name ?? undefined;
  return {
    id: account.id,
    status: account.charges_enabled && account.details_submitted ? 'connected' : 'pending',
    ...(name ? { name } : {}),
  };
}

function subjectOf(chargeId: string, metadata: Stripe.Metadata | null | undefined, event: Stripe.Event): ChargeEventSubject {
  const payer = metadata?.rebill_kit_payer;
  const attempt = metadata?.rebill_kit_attempt;
  return {
    chargeId,
    connectedAccountId: event.account ?? null,
    accountId: metadata?.rebill_kit_account ?? null,
    purchaseId: metadata?.rebill_kit_purchase ?? null,
    payer: payer === 'sub-account' || payer === 'owner' ? payer : null,
    attempt: attempt !== undefined && /^[1-9]\d{0,8}$/.test(attempt) ? Number(attempt) : null,
  };
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** A PaymentIntent's state as the port's outcome: off-session, anything short of paid or paying is a decline. */
function outcomeOf(intent: Stripe.PaymentIntent): ChargeOutcome {
  if (intent.status === 'succeeded') return { status: 'succeeded', chargeId: intent.id };
  if (intent.status === 'processing') return { status: 'processing', chargeId: intent.id };
  const failure = intent.last_payment_error;
  return {
    status: 'declined',
    chargeId: intent.id,
    code: failure?.decline_code ?? failure?.code ?? intent.status,
    message: failure?.message ?? `The payment needs the cardholder (status ${intent.status}); it cannot be charged off-session.`,
  };
}

/** The `PaymentGateway` on Stripe (Connect + PaymentIntents). See the module doc for what it calls. */
export function createStripePayments(options: StripePaymentsOptions): PaymentGateway {
  const { stripe, returnUrl, refreshUrl, cardOnFile } = options;
  const secrets = typeof options.webhookSecret === 'string' ? [options.webhookSecret] : [...options.webhookSecret];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new RebillingError(
      'validation',
      'createStripePayments needs webhookSecret: the whsec_… signing secret of your webhook endpoint (and of your Connect endpoint).',
    );
  }
  for (const [name, url] of [['returnUrl', returnUrl], ['refreshUrl', refreshUrl]] as const) {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
      throw new RebillingError('validation', `createStripePayments needs ${name}: an absolute http(s) URL of your app, got ${JSON.stringify(url)}.`);
    }
  }
  const tolerance = options.webhookToleranceSeconds ?? 300;

  async function retrieveAccount(connectedAccountId: string): Promise<ConnectedAccount> {
    try {
      return accountOf(await stripe.accounts.retrieve(connectedAccountId));
    } catch (error) {
      throw stripeError(error, `reading the connected account ${connectedAccountId}`);
    }
  }

  return {
    async connectAccount(input: ConnectAccountInput): Promise<ConnectAccountResult> {
      let account: ConnectedAccount;
      if (input.connectedAccountId) {
        account = await retrieveAccount(input.connectedAccountId);
      } else {
        try {
          const created = await stripe.accounts.create(
            {
              type: 'express',
              ...(options.country ? { country: options.country } : {}),
              metadata: {
                rebill_kit_account: input.accountId,
                rebill_kit_sync_customers_as: input.syncCustomersAs ?? 'skip',
              },
            },
            // One connected account per owner, even when two connects race or a response is lost.
            { idempotencyKey: `rebill-kit:account:${input.accountId}:connected-account` },
          );
          account = accountOf(created);
        } catch (error) {
          throw stripeError(error, 'creating the connected account');
        }
      }
      if (account.status === 'connected') return { account, redirectUrl: null };
      try {
        const link = await stripe.accountLinks.create(
          { account: account.id, type: 'account_onboarding', return_url: returnUrl, refresh_url: refreshUrl },
          { idempotencyKey: `rebill-kit:account:${input.accountId}:account-link:${input.attemptId}` },
        );
        return { account, redirectUrl: link.url };
      } catch (error) {
        throw stripeError(error, 'creating the onboarding link');
      }
    },

    retrieveAccount,

    async retrieveCharge({ chargeId, connectedAccountId }: RetrieveChargeRequest): Promise<ChargeOutcome> {
      try {
        return outcomeOf(await stripe.paymentIntents.retrieve(chargeId, {}, connectedAccountId ? { stripeAccount: connectedAccountId } : undefined));
      } catch (error) {
        throw stripeError(error, 'reading a payment');
      }
    },

    async charge(request: ChargeRequest): Promise<ChargeOutcome> {
      const amount = toMinorUnits(request.amount, request.currency);
      if (request.payer === 'sub-account' && !request.connectedAccountId) {
        throw new RebillingError('validation', "A sub-account's card is charged on the owner's connected account: connect Stripe first.");
      }
      const card = await cardOnFile({
        payer: request.payer,
        accountId: request.accountId,
        subAccountId: request.subAccountId,
        ...(request.connectedAccountId ? { connectedAccountId: request.connectedAccountId } : {}),
      });
      const requestOptions: Stripe.RequestOptions = { idempotencyKey: request.idempotencyKey };
      if (request.payer === 'sub-account') requestOptions.stripeAccount = request.connectedAccountId;
      try {
        const intent = await stripe.paymentIntents.create(
          {
            // A safe integer: toMinorUnits caps it at 8 digits.
            amount: Number(amount),
            currency: request.currency.toLowerCase(),
            customer: card.customer,
            payment_method: card.paymentMethod,
            // Confirmed server-side with no customer present: a method that redirects cannot work.
            automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
            confirm: true,
            off_session: true,
            description: request.description,
            metadata: {
              rebill_kit_purchase: request.purchaseId,
              rebill_kit_payer: request.payer,
              rebill_kit_account: request.accountId,
              rebill_kit_sub_account: request.subAccountId,
              rebill_kit_attempt: String(request.attempt),
            },
          },
          requestOptions,
        );
        return outcomeOf(intent);
      } catch (error) {
        const e = error as Partial<Stripe.errors.StripeError>;
        // A decline (and an off-session charge that needs authentication) is an answer, not a failure.
        if (e?.type === 'StripeCardError') {
          return {
            status: 'declined',
            chargeId: e.payment_intent?.id ?? null,
            code: e.decline_code ?? e.code ?? 'card_declined',
            message: e.message ?? 'The card was declined.',
          };
        }
        throw stripeError(error, `charging the ${request.payer}'s card`);
      }
    },

    async refund(request: RefundRequest): Promise<RefundOutcome> {
      const requestOptions: Stripe.RequestOptions = { idempotencyKey: request.idempotencyKey };
      if (request.payer === 'sub-account') requestOptions.stripeAccount = request.connectedAccountId;
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: request.chargeId, metadata: { rebill_kit_purchase: request.purchaseId } },
          requestOptions,
        );
        if (refund.status === 'failed' || refund.status === 'canceled') {
          throw new RebillingError('unavailable', `Stripe could not refund ${request.chargeId} (refund ${refund.id} is ${refund.status}).`);
        }
        return { refundId: refund.id, status: refund.status === 'succeeded' ? 'succeeded' : 'pending' };
      } catch (error) {
        if (error instanceof RebillingError) throw error;
        throw stripeError(error, `refunding ${request.chargeId}`);
      }
    },

    parseWebhook(input: ParseWebhookInput): PaymentEvent {
      if (!input.signature) throw new WebhookSignatureError('The webhook has no Stripe-Signature header.');
      // The SDK takes milliseconds here and compares seconds.
      const receivedAt = input.receivedAt.getTime();
      let event: Stripe.Event | undefined;
      let lastError: unknown;
      for (const secret of secrets) {
        try {
          event = stripe.webhooks.constructEvent(input.payload, input.signature, secret, tolerance, undefined, receivedAt);
          break;
        } catch (error) {
          lastError = error;
        }
      }
      if (!event) {
        throw new WebhookSignatureError(
          `The webhook's signature does not verify: ${(lastError as Error | undefined)?.message ?? 'unknown'}`,
        );
      }
      switch (event.type) {
        case 'payment_intent.succeeded': {
          const intent = event.data.object;
          return { id: event.id, type: 'charge.succeeded', ...subjectOf(intent.id, intent.metadata, event) };
        }
        case 'payment_intent.payment_failed': {
          const intent = event.data.object;
          const failure = intent.last_payment_error;
          return {
            id: event.id,
            type: 'charge.failed',
            ...subjectOf(intent.id, intent.metadata, event),
            code: failure?.decline_code ?? failure?.code ?? 'payment_failed',
            message: failure?.message ?? 'The payment failed.',
          };
        }
        case 'charge.refunded': {
          const charge = event.data.object;
          const intentId = idOf(charge.payment_intent);
          if (!intentId) return { id: event.id, type: 'ignored', processorType: event.type };
          return { id: event.id, type: 'charge.refunded', ...subjectOf(intentId, charge.metadata, event) };
        }
        case 'account.updated':
          return { id: event.id, type: 'account.updated', account: accountOf(event.data.object) };
        default:
          return { id: event.id, type: 'ignored', processorType: event.type };
      }
    },
  };
}
