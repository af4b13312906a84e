/**
 * `createTestPayments()`: a deterministic {@link PaymentGateway} with no network, for hosts'
 * own tests and the demo. Every charge succeeds unless scripted otherwise; webhooks it emits are
 * signed the way Stripe signs them (`t=…,v1=HMAC-SHA256`), so a host's webhook route is tested
 * for real.
 *
 * ```ts
 * const payments = createTestPayments();
 * const server = await createRebillingServer({ database, payments });
 * payments.script({ payer: 'owner', outcome: 'decline' });          // the next owner charge is declined
 * await account.purchaseAddon({ subAccountId: 'sub_1', product: 'phoneNumbers', idempotencyKey: 'k1' });
 * const onboarded = payments.completeOnboarding(connectedAccountId); // → account.updated
 * await server.stripeWebhook(payments.webhookRequest(onboarded));
 * ```
 *
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RebillingError, abortableDelay } from '@rebill-kit/core';
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
  WebhookSignatureError,
  toMinorUnits,
} from './gateway.js';

/**
 * What the next matching charge does:
 * - `succeed` (the default when nothing is scripted), `decline` (a `card_declined` outcome);
 * - `process`: `processing` now, settled later with {@link TestPayments.settle} (its event says how;
 *   a retry with the same key still answers `processing`, as Stripe replays the first response);
 * - `error`: throws a retryable `network` error *after* the charge was made, as when a response is
 *   lost; the retry with the same key then gets the first result, as on Stripe.
 */
export type TestChargeOutcome = 'succeed' | 'decline' | 'process' | 'error';

export interface TestChargeScript {
  /** Only charges of this payer; both when left out. */
  payer?: Payer;
  outcome: TestChargeOutcome;
  /** How many charges this applies to. Default 1. */
  times?: number;
  /** The decline code. Default `card_declined`. */
  code?: string;
}

/** A charge as the test gateway recorded it (one per idempotency key). */
export interface TestCharge {
  chargeId: string;
  request: ChargeRequest;
  /** `succeeded`, `processing`, `declined`, or `refunded` after a refund. */
  status: 'succeeded' | 'processing' | 'declined' | 'refunded';
}

export interface TestPaymentsOptions {
  /** Signs and verifies webhooks. Default `whsec_rebill_kit_test`. */
  webhookSecret?: string;
  /** Added to every call, to make in-flight states observable. Default 0. */
  latencyMs?: number;
  /** Onboarding link base. Default `https://connect.test.invalid/onboarding/`. */
  onboardingUrl?: string;
  /** Seconds a signature timestamp may be old. Default 300. */
  webhookToleranceSeconds?: number;
  /** The clock used to stamp webhooks. Default `() => new Date()`. */
  now?: () => Date;
}

export interface TestPayments extends PaymentGateway {
  /** Queues what the next matching charges do; scripts are used in the order given. */
  script(script: TestChargeScript): void;
  /** Every charge made, in order (a replayed key is not a second charge). */
  readonly charges: readonly TestCharge[];
  /** Every refund made, in order. */
  readonly refunds: readonly { refundId: string; request: RefundRequest }[];
  /** Every event emitted, in order; deliver them (or not, twice, out of order) with {@link webhookRequest}. */
  readonly events: readonly PaymentEvent[];
  /** The owner finished onboarding: the account becomes `connected`. Returns the `account.updated` event. */
  completeOnboarding(connectedAccountId: string, options?: { name?: string }): PaymentEvent;
  /** Settles a `processing` charge. Returns the `charge.succeeded` / `charge.failed` event. */
  settle(chargeId: string, result: 'succeeded' | 'failed'): PaymentEvent;
  /** A signed webhook `Request` for `event`, as `server.stripeWebhook` receives it. */
  webhookRequest(event: PaymentEvent, options?: { timestamp?: Date; secret?: string; url?: string }): Request;
}

type PaymentEventInput = PaymentEvent extends infer E ? (E extends PaymentEvent ? Omit<E, 'id'> : never) : never;

const SIGNATURE_HEADER = 'stripe-signature';

function sign(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

function subjectOf(chargeId: string, request: ChargeRequest): ChargeEventSubject {
  return {
    chargeId,
    connectedAccountId: request.connectedAccountId ?? null,
    accountId: request.accountId,
    purchaseId: request.purchaseId,
    payer: request.payer,
    attempt: request.attempt,
  };
}

function fingerprint(value: unknown): string {
  return JSON.stringify(value, Object.keys(value as object).sort());
}

const CARD_DECLINED = { code: 'card_declined', message: 'Your card was declined.' };

export function createTestPayments(options: TestPaymentsOptions = {}): TestPayments {
  const secret = options.webhookSecret ?? 'whsec_rebill_kit_test';
  const tolerance = options.webhookToleranceSeconds ?? 300;
  const latency = options.latencyMs ?? 0;
  const onboardingUrl = options.onboardingUrl ?? 'https://connect.test.invalid/onboarding/';
  const now = options.now ?? (() => new Date());
  const scripts: TestChargeScript[] = [];
  const accounts = new Map<string, ConnectedAccount>();
  const accountsByOwner = new Map<string, string>();
  const charges: TestCharge[] = [];
  /** Each charge's answer now (a settled `processing` one included), for `retrieveCharge`. */
  const answers = new Map<string, ChargeOutcome>();
  const chargeByKey = new Map<string, { fingerprint: string; outcome: Promise<ChargeOutcome> }>();
  const refunds: { refundId: string; request: RefundRequest }[] = [];
  const refundByKey = new Map<string, { fingerprint: string; outcome: Promise<RefundOutcome> }>();
  const events: PaymentEvent[] = [];
  let sequence = 0;
  // Unique across instances too: a database outlives a gateway (event ids are deduplicated forever).
  const instance = randomBytes(4).toString('hex');
  const nextId = (prefix: string) => `${prefix}_test_${instance}_${(++sequence).toString().padStart(6, '0')}`;

  function emit(event: PaymentEventInput): PaymentEvent {
    const withId = { id: nextId('evt'), ...event } as PaymentEvent;
    events.push(withId);
    return withId;
  }

  function takeScript(payer: Payer): TestChargeScript | undefined {
    const index = scripts.findIndex((s) => s.payer === undefined || s.payer === payer);
    if (index < 0) return undefined;
    const script = scripts[index]!;
    const left = (script.times ?? 1) - 1;
    if (left <= 0) scripts.splice(index, 1);
    else scripts[index] = { ...script, times: left };
    return script;
  }

  function chargeOf(chargeId: string): TestCharge {
    const charge = charges.find((c) => c.chargeId === chargeId);
    if (!charge) throw new RebillingError('validation', `The test gateway made no charge ${chargeId}.`);
    return charge;
  }

  const wait = () => (latency > 0 ? abortableDelay(latency) : Promise.resolve());

  return {
    get charges() {
      return charges;
    },
    get refunds() {
      return refunds;
    },
    get events() {
      return events;
    },

    script(script) {
      scripts.push({ ...script });
    },

    async connectAccount(input: ConnectAccountInput): Promise<ConnectAccountResult> {
      await wait();
      let id = input.connectedAccountId ?? accountsByOwner.get(input.accountId);
      if (!id || !accounts.has(id)) {
        id = nextId('acct');
        accounts.set(id, { id, status: 'pending' });
        accountsByOwner.set(input.accountId, id);
      }
      const account = accounts.get(id)!;
      return { account: { ...account }, redirectUrl: account.status === 'connected' ? null : `${onboardingUrl}${id}?attempt=${encodeURIComponent(input.attemptId)}` };
    },

    async retrieveAccount(connectedAccountId) {
      await wait();
      const account = accounts.get(connectedAccountId);
      if (!account) throw new RebillingError('validation', `No such connected account: ${connectedAccountId}.`);
      return { ...account };
    },

    async retrieveCharge({ chargeId }) {
      await wait();
      chargeOf(chargeId);
      // A refunded charge still answers as paid, as a PaymentIntent stays `succeeded`.
      return answers.get(chargeId)!;
    },

    charge(request) {
      try {
        toMinorUnits(request.amount, request.currency);
      } catch (error) {
        return Promise.reject(error);
      }
      const print = fingerprint(request);
      const seen = chargeByKey.get(request.idempotencyKey);
      if (seen) {
        if (seen.fingerprint !== print) {
          return Promise.reject(new RebillingError('conflict', `Idempotency key ${request.idempotencyKey} was used for a different charge.`));
        }
        // As on Stripe: a second request with the key gets the first one's answer, once it has one.
        return seen.outcome;
      }
      if (request.payer === 'sub-account' && !request.connectedAccountId) {
        return Promise.reject(
          new RebillingError('validation', "A sub-account's card is charged on the owner's connected account: connect Stripe first."),
        );
      }
      const script = takeScript(request.payer);
      const outcome = wait().then((): ChargeOutcome => {
        const chargeId = nextId('pi');
        const base = subjectOf(chargeId, request);
        let result: ChargeOutcome;
        let status: TestCharge['status'];
        if (script?.outcome === 'decline') {
          const code = script.code ?? CARD_DECLINED.code;
          result = { status: 'declined', chargeId, code, message: CARD_DECLINED.message };
          status = 'declined';
          emit({ type: 'charge.failed', ...base, code, message: result.message });
        } else if (script?.outcome === 'process') {
          result = { status: 'processing', chargeId };
          status = 'processing';
        } else {
          result = { status: 'succeeded', chargeId };
          status = 'succeeded';
          emit({ type: 'charge.succeeded', ...base });
        }
        charges.push({ chargeId, request: { ...request }, status });
        answers.set(chargeId, result);
        return result;
      });
      chargeByKey.set(request.idempotencyKey, { fingerprint: print, outcome });
      if (script?.outcome === 'error') {
        return outcome.then(() => {
          throw new RebillingError('network', 'The test gateway dropped the response (scripted); retry with the same idempotency key.');
        });
      }
      return outcome;
    },

    refund(request) {
      const print = fingerprint(request);
      const seen = refundByKey.get(request.idempotencyKey);
      if (seen) {
        if (seen.fingerprint !== print) {
          return Promise.reject(new RebillingError('conflict', `Idempotency key ${request.idempotencyKey} was used for a different refund.`));
        }
        return seen.outcome;
      }
      const outcome = wait().then((): RefundOutcome => {
        const charge = chargeOf(request.chargeId);
        if (charge.status !== 'succeeded') {
          throw new RebillingError('validation', `Charge ${request.chargeId} is ${charge.status}; only a succeeded charge can be refunded.`);
        }
        charge.status = 'refunded';
        const result: RefundOutcome = { refundId: nextId('re'), status: 'succeeded' };
        refunds.push({ refundId: result.refundId, request: { ...request } });
        emit({ type: 'charge.refunded', ...subjectOf(charge.chargeId, charge.request) });
        return result;
      });
      refundByKey.set(request.idempotencyKey, { fingerprint: print, outcome });
      return outcome;
    },

    completeOnboarding(connectedAccountId, { name } = {}) {
      const account = accounts.get(connectedAccountId);
      if (!account) throw new RebillingError('validation', `No such connected account: ${connectedAccountId}.`);
      const updated: ConnectedAccount = { id: account.id, status: 'connected', ...(name ? { name } : {}) };
      accounts.set(connectedAccountId, updated);
      return emit({ type: 'account.updated', account: { ...updated } });
    },

    settle(chargeId, result) {
      const charge = chargeOf(chargeId);
      if (charge.status !== 'processing') throw new RebillingError('validation', `Charge ${chargeId} is ${charge.status}, not processing.`);
      charge.status = result === 'succeeded' ? 'succeeded' : 'declined';
      const answer: ChargeOutcome = result === 'succeeded' ? { status: 'succeeded', chargeId } : { status: 'declined', chargeId, ...CARD_DECLINED };
      answers.set(chargeId, answer);
      const base = subjectOf(chargeId, charge.request);
      return answer.status === 'succeeded' ? emit({ type: 'charge.succeeded', ...base }) : emit({ type: 'charge.failed', ...base, code: answer.code, message: answer.message });
    },

    webhookRequest(event, { timestamp, secret: otherSecret, url } = {}) {
      const payload = JSON.stringify(event);
      const t = Math.floor((timestamp ?? now()).getTime() / 1000);
      return new Request(url ?? 'http://localhost/webhooks/stripe', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(payload, otherSecret ?? secret, t) },
        body: payload,
      });
    },

    parseWebhook({ payload, signature, receivedAt }: ParseWebhookInput): PaymentEvent {
      if (!signature) throw new WebhookSignatureError('The webhook has no Stripe-Signature header.');
      const parts = new Map<string, string[]>();
      for (const part of signature.split(',')) {
        const [k, v] = part.split('=', 2);
        if (k && v) parts.set(k, [...(parts.get(k) ?? []), v]);
      }
      const t = Number(parts.get('t')?.[0]);
      if (!Number.isInteger(t)) throw new WebhookSignatureError('The signature header has no timestamp.');
      const expected = Buffer.from(sign(payload, secret, t).split('v1=')[1]!, 'hex');
      const matches = (parts.get('v1') ?? []).some((v) => {
        const given = Buffer.from(v, 'hex');
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
      if (!matches) throw new WebhookSignatureError('The webhook signature does not match the payload and secret.');
      if (Math.abs(Math.floor(receivedAt.getTime() / 1000) - t) > tolerance) {
        throw new WebhookSignatureError(`The webhook's timestamp is more than ${tolerance} s from now (a replay?).`);
      }
      return JSON.parse(payload) as PaymentEvent;
    },
  };
}
