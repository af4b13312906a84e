/**
 * The payments port: everything `@rebill-kit/server` asks of a card processor, and nothing more.
 *
 * Two implementations ship: {@link createStripePayments} (the official `stripe` SDK: Connect
 * onboarding by Account Links, PaymentIntents, signed webhooks) and {@link createTestPayments}
 * (deterministic, no network, for hosts' tests and the demo). Write your own by implementing
 * {@link PaymentGateway}; the server never talks to Stripe any other way.
 *
 * Rules every implementation keeps:
 * - **Amounts** cross the port as exact decimal strings in the major unit (`"19.99"`), already
 *   rounded once, half to even, to the currency's minor unit by the server. A gateway converts
 *   them exactly ({@link toMinorUnits}) and refuses one that is not whole in the minor unit: it
 *   never rounds a second time.
 * - **Idempotency**: every write carries the caller's key. The same key with the same request
 *   returns the first outcome (a decline included); the same key with a different request
 *   throws `conflict`.
 * - **Declines are outcomes, not errors.** A thrown error means the outcome is unknown (network,
 *   processor down): the server retries with the same key, which is always safe.
 *
 * @module
 */
import { type DecimalString, RebillingError, currencyDecimals, toDecimal, toDecimalString } from '@rebill-kit/core';

/** Whose card is charged: the sub-account's (on the owner's connected account) or the owner's (on the platform). */
export type Payer = 'sub-account' | 'owner';

/** The owner's connected (Connect) account as the processor sees it. */
export interface ConnectedAccount {
  /** The processor's id, e.g. `acct_1Nv0FGQ9RKHgCVdK`. */
  id: string;
  /** `connected` once onboarding is finished and the account can take charges. */
  status: 'pending' | 'connected';
  /** The business name the owner gave during onboarding, when known. */
  name?: string;
}

export interface ConnectAccountInput {
  /** The platform account (the owner) being connected; tenancy id of `server.account(id)`. */
  accountId: string;
  /** The connected account made by an earlier call, to reuse; `null` to create one. */
  connectedAccountId: string | null;
  /** The owner's People / Businesses / Skip choice, recorded on the connected account. */
  syncCustomersAs: 'people' | 'businesses' | null;
  /** Unique per connect attempt: an onboarding link is single-use, so each attempt makes a new one. */
  attemptId: string;
}

export interface ConnectAccountResult {
  account: ConnectedAccount;
  /** Where to send the owner to finish onboarding; `null` when the account is already connected. */
  redirectUrl: string | null;
}

export interface ChargeRequest {
  payer: Payer;
  /** The platform account (the owner). */
  accountId: string;
  /** The sub-account that buys; set for both payers (the owner's charge is for its purchase). */
  subAccountId: string;
  /** The owner's connected account: where a `sub-account` charge is made. Required for that payer. */
  connectedAccountId?: string;
  /** The purchase this charge belongs to; carried to the processor so webhooks find it again. */
  purchaseId: string;
  /** 1 for the sub-account's only charge; the owner's charge counts its retries 1, 2, … */
  attempt: number;
  /** Major units, already rounded to the currency's minor unit, e.g. `"19.99"`; more than zero. */
  amount: DecimalString;
  /** ISO 4217, e.g. `"USD"`. */
  currency: string;
  /** Shown on the card statement / receipt, e.g. "Phone number (monthly)". */
  description: string;
  /** Derived from the purchase: `rebill-kit:purchase:<id>:sub-charge`, `…:owner-charge:<attempt>`. */
  idempotencyKey: string;
}

export type ChargeOutcome =
  /** The card was charged. */
  | { status: 'succeeded'; chargeId: string }
  /** Accepted but not settled yet: the result arrives as a `charge.succeeded` / `charge.failed` event. */
  | { status: 'processing'; chargeId: string }
  /** The card was declined; nothing was charged. `code` is the processor's, e.g. `card_declined`. */
  | { status: 'declined'; chargeId: string | null; code: string; message: string };

export interface RetrieveChargeRequest {
  /** The `chargeId` a charge answered with. */
  chargeId: string;
  /** Where the charge was made (the owner's connected account for a `sub-account` charge). */
  connectedAccountId?: string;
}

export interface RefundRequest {
  /** The `chargeId` of a succeeded charge. */
  chargeId: string;
  payer: Payer;
  /** Where the charge was made (the owner's connected account for a `sub-account` charge). */
  connectedAccountId?: string;
  purchaseId: string;
  /** `rebill-kit:purchase:<id>:sub-refund`. */
  idempotencyKey: string;
}

export interface RefundOutcome {
  refundId: string;
  status: 'succeeded' | 'pending';
}

/**
 * Which purchase a charge event is about, read back from the charge's metadata (`null` for a
 * charge rebill-kit did not make).
 */
export interface ChargeEventSubject {
  chargeId: string;
  /** The connected account the charge was made on (Stripe's `event.account`); `null` for the platform. */
  connectedAccountId: string | null;
  accountId: string | null;
  purchaseId: string | null;
  payer: Payer | null;
  attempt: number | null;
}

/** What a verified webhook says, in the port's words. `id` is the processor's event id (dedupe by it). */
export type PaymentEvent =
  | ({ id: string; type: 'charge.succeeded' } & ChargeEventSubject)
  | ({ id: string; type: 'charge.failed'; code: string; message: string } & ChargeEventSubject)
  | ({ id: string; type: 'charge.refunded' } & ChargeEventSubject)
  | { id: string; type: 'account.updated'; account: ConnectedAccount }
  /** A verified event the server does not act on (it still answers 200). */
  | { id: string; type: 'ignored'; processorType: string };

export interface ParseWebhookInput {
  /** The raw request body, exactly as received (a re-serialised JSON body fails the signature). */
  payload: string;
  /** The signature header (`Stripe-Signature`); `null` when absent. */
  signature: string | null;
  /** When the request arrived; the signature's timestamp must be within the tolerance of it. */
  receivedAt: Date;
}

/** Thrown by {@link PaymentGateway.parseWebhook} for a missing, wrong or stale signature. Answer 400. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}

export interface PaymentGateway {
  /**
   * Creates the owner's connected account (or reuses `connectedAccountId`) and, unless it is
   * already connected, an onboarding link for it.
   * @throws {RebillingError} `network` / `unavailable` (retryable), `unauthorized` for a bad key.
   */
  connectAccount(input: ConnectAccountInput): Promise<ConnectAccountResult>;
  /**
   * Reads a connected account, e.g. when the owner comes back from onboarding.
   * @throws {RebillingError} `validation` when the processor does not know the id.
   */
  retrieveAccount(connectedAccountId: string): Promise<ConnectedAccount>;
  /** Charges a card off-session. A decline is an outcome; a throw means "unknown, retry with the same key". */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /**
   * Reads a charge's state now: how a `processing` charge whose webhook never came is settled
   * (a retry with its key only replays the first answer). Optional: without it such a charge
   * waits for its webhook.
   */
  retrieveCharge?(request: RetrieveChargeRequest): Promise<ChargeOutcome>;
  /** Refunds a succeeded charge in full. */
  refund(request: RefundRequest): Promise<RefundOutcome>;
  /**
   * Verifies a webhook's signature and timestamp and translates the event.
   * @throws {WebhookSignatureError} when it does not verify; nothing may be applied then.
   */
  parseWebhook(input: ParseWebhookInput): PaymentEvent;
}

/**
 * `amount` (major units) as an integer count of the currency's minor unit: `"19.99"` USD → 1999,
 * `"500"` JPY → 500, from core's ISO 4217 table.
 * @throws {RebillingError} `validation` when the amount is not whole in the minor unit (it was not
 *   rounded first: round once with core's `chargeTotal`), not positive, or too large to send.
 */
export function toMinorUnits(amount: DecimalString, currency: string): bigint {
  const decimals = currencyDecimals(currency);
  const value = toDecimal(amount);
  if (value.scale > decimals) {
    throw RebillingError.validation(`A card charge of ${amount} ${currency} is not a whole number of the currency's minor unit`, [
      { path: 'amount', message: `round it to ${decimals} decimal places once (core's chargeTotal) before charging` },
    ]);
  }
  const minor = value.units * 10n ** BigInt(decimals - value.scale);
  if (minor <= 0n) {
    throw RebillingError.validation(`A card charge must be more than zero, got ${amount} ${currency}`, [
      { path: 'amount', message: 'must be more than zero' },
    ]);
  }
  // Stripe's largest amount is 8 digits in the minor unit (99,999,999).
  if (minor > 99_999_999n) {
    throw RebillingError.validation(`A card charge of ${amount} ${currency} is above the processor's limit`, [
      { path: 'amount', message: 'must be at most 99999999 in the minor unit' },
    ]);
  }
  return minor;
}

/** The inverse of {@link toMinorUnits}: 1999 USD → `"19.99"`. */
export function fromMinorUnits(minor: bigint, currency: string): DecimalString {
  return toDecimalString({ units: minor, scale: currencyDecimals(currency) });
}
