/**
 * A local stand-in of the few Stripe endpoints rebill-kit calls, for tests only. Written from
 * Stripe's API reference (docs.stripe.com/api): the official SDK is pointed at it with
 * `new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })` and cannot tell the difference
 * for these calls.
 *
 * Covered: `POST /v1/accounts`, `GET /v1/accounts/:id`, `POST /v1/account_links` (its URL, when
 * opened, finishes onboarding and redirects to `return_url`), `POST /v1/payment_intents` (with and
 * without `Stripe-Account`; `confirm` + `off_session` with a saved card), `GET /v1/payment_intents/:id`,
 * `POST /v1/refunds`. It checks what Stripe checks on them: Bearer auth, form-encoded bodies,
 * unknown and missing parameters, integer amounts in the minor unit (and USD's 50-cent minimum),
 * that the customer and card exist on the account named by `Stripe-Account`, and the
 * `Idempotency-Key` rules (same key + same parameters → the saved response with
 * `Idempotent-Replayed: true`; same key + other parameters → 400 `idempotency_error`; a key in
 * flight → 409; keys are per account; a validation failure is not saved). Events are signed with
 * `Stripe.webhooks.generateTestHeaderString` (the Connect endpoint's secret for events of a
 * connected account, which carry `account`) and delivered to `webhook` when given.
 *
 * Not covered (only a Stripe test-mode run proves it): see packages/server/README.md, "Stripe".
 */
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export type CardBehaviour = 'succeed' | 'decline' | 'process';

export interface StandinEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  type: string;
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  data: { object: Record<string, unknown> };
  account?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  stripeAccount: string | null;
  idempotencyKey: string | null;
  contentType: string | null;
  params: Record<string, unknown>;
  status: number;
  replayed: boolean;
}

export interface StripeStandinOptions {
  secretKey?: string;
  platformWebhookSecret?: string;
  connectWebhookSecret?: string;
  /** Events are POSTed here (signed) right after the response that caused them. */
  webhook?: (request: Request) => Promise<Response>;
  /** Delay before each API response. */
  latencyMs?: number;
  /** The clock for `created` and signatures. */
  now?: () => Date;
}

type Json = Record<string, unknown>;

interface AccountState {
  account: Json;
  customers: Map<string, Set<string>>; // customer → payment methods
}

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: string;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
    /** Stripe saves the result of a request that started executing; not of one that failed validation. */
    readonly save: boolean,
  ) {
    super(String(body.message));
  }
}

const invalid = (message: string, extra: Json = {}) =>
  new ApiError(400, { type: 'invalid_request_error', message, ...extra }, false);
const missing = (param: string) => invalid(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
const noSuch = (what: string, id: string, param: string) =>
  new ApiError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}: '${id}'`, param }, false);

/** `a[b][0]=x` form fields as nested objects (arrays stay objects keyed "0", "1", … and are then converted). */
export function parseForm(body: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let node: Json = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Json;
    });
  }
  const arrays = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value as Json).map(([k, v]) => [k, arrays(v)] as const);
    return entries.length > 0 && entries.every(([k], i) => k === String(i)) ? entries.map(([, v]) => v) : Object.fromEntries(entries);
  };
  return arrays(root) as Json;
}

function only(params: Json, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw invalid(`Received unknown parameter: ${key}`, { code: 'parameter_unknown', param: key });
  }
}

function isTrue(value: unknown): boolean {
  return value === 'true';
}

function stableStringify(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Json)[k])}`)
    .join(',')}}`;
}

export async function startStripeStandin(options: StripeStandinOptions = {}) {
  const secretKey = options.secretKey ?? 'sk_test_standin';
  const platformSecret = options.platformWebhookSecret ?? 'whsec_standin_platform';
  const connectSecret = options.connectWebhookSecret ?? 'whsec_standin_connect';
  const now = options.now ?? (() => new Date());
  const PLATFORM = 'platform';
  const accounts = new Map<string, AccountState>([[PLATFORM, { account: { id: 'acct_platform' }, customers: new Map() }]]);
  const cardBehaviour = new Map<string, CardBehaviour>();
  const intents = new Map<string, { scope: string; intent: Json }>();
  const idempotency = new Map<string, StoredResponse>();
  const inFlight = new Set<string>();
  const events: StandinEvent[] = [];
  const requests: RecordedRequest[] = [];
  const deliveries = new Set<Promise<unknown>>();
  let autoDeliver = true;
  let counter = 0;
  const id = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(6, '0')}${randomBytes(4).toString('hex')}`;
  const seconds = () => Math.floor(now().getTime() / 1000);
  let baseUrl = '';

  function scopeOf(stripeAccount: string | null): string {
    return stripeAccount ?? PLATFORM;
  }

  function emit(type: string, object: Json, scope: string, request: { id: string; key: string | null } | null): StandinEvent {
    const event: StandinEvent = {
      id: id('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: seconds(),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: request?.id ?? null, idempotency_key: request?.key ?? null },
      data: { object: structuredClone(object) },
      ...(scope === PLATFORM ? {} : { account: scope }),
    };
    events.push(event);
    if (options.webhook && autoDeliver) {
      const delivery = new Promise((resolve) => setImmediate(resolve)).then(() => deliver(event)).catch(() => undefined);
      deliveries.add(delivery);
      void delivery.finally(() => deliveries.delete(delivery));
    }
    return event;
  }

  /** Signs `event` as Stripe does and POSTs it to the webhook. */
  async function deliver(event: StandinEvent, { timestamp, secret }: { timestamp?: Date; secret?: string } = {}): Promise<Response> {
    if (!options.webhook) throw new Error('The stand-in was started without a webhook to deliver to.');
    return options.webhook(signedRequest(event, { timestamp, secret }));
  }

  function signedRequest(event: StandinEvent, { timestamp, secret }: { timestamp?: Date | undefined; secret?: string | undefined } = {}): Request {
    const payload = JSON.stringify(event, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: secret ?? (event.account ? connectSecret : platformSecret),
      timestamp: Math.floor((timestamp ?? now()).getTime() / 1000),
    });
    return new Request('http://localhost/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header },
      body: payload,
    });
  }

  function accountIn(scope: string): AccountState {
    const state = accounts.get(scope);
    if (!state) throw new Error(`stand-in: unknown scope ${scope}`);
    return state;
  }

  function completeOnboarding(accountId: string, { name }: { name?: string } = {}): StandinEvent {
    const state = accounts.get(accountId);
    if (!state) throw new Error(`stand-in: no account ${accountId}`);
    Object.assign(state.account, {
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
      business_profile: { ...(state.account.business_profile as Json), name: name ?? 'Acme Agency' },
    });
    return emit('account.updated', state.account, PLATFORM, null);
  }

  function chargeOf(intent: Json): Json {
    return {
      id: intent.latest_charge,
      object: 'charge',
      amount: intent.amount,
      amount_refunded: intent.amount_refunded ?? 0,
      currency: intent.currency,
      customer: intent.customer,
      metadata: intent.metadata,
      payment_intent: intent.id,
      paid: true,
      refunded: (intent.amount_refunded ?? 0) === intent.amount,
      status: 'succeeded',
    };
  }

  function settle(intentId: string, result: 'succeeded' | 'failed'): StandinEvent {
    const found = intents.get(intentId);
    if (!found || found.intent.status !== 'processing') throw new Error(`stand-in: ${intentId} is not processing`);
    const { intent, scope } = found;
    if (result === 'succeeded') {
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      return emit('payment_intent.succeeded', intent, scope, null);
    }
    intent.status = 'requires_payment_method';
    intent.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
    return emit('payment_intent.payment_failed', intent, scope, null);
  }

  type Handler = (params: Json, scope: string, request: { id: string; key: string | null }) => { status?: number; body: Json };

  const createAccount: Handler = (params, scope, request) => {
    if (scope !== PLATFORM) throw invalid('Connected accounts cannot create accounts; leave out the Stripe-Account header.');
    only(params, ['type', 'country', 'email', 'metadata', 'business_profile', 'capabilities', 'controller', 'business_type']);
    if (params.type !== undefined && !['express', 'standard', 'custom'].includes(params.type as string)) {
      throw invalid(`Invalid type: must be one of express, standard, or custom`, { param: 'type' });
    }
    if (params.type === undefined && params.controller === undefined) missing('type');
    const account: Json = {
      id: id('acct'),
      object: 'account',
      type: params.type ?? 'none',
      country: params.country ?? 'US',
      email: params.email ?? null,
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      business_profile: { name: null, ...(params.business_profile as Json | undefined) },
      settings: { dashboard: { display_name: null } },
      metadata: params.metadata ?? {},
      created: seconds(),
    };
    accounts.set(account.id as string, { account, customers: new Map() });
    void request;
    return { body: account };
  };

  const retrieveAccount = (accountId: string): { body: Json } => {
    const state = accounts.get(accountId);
    if (!state || accountId === PLATFORM) throw noSuch('account', accountId, 'account');
    return { body: state.account };
  };

  const createAccountLink: Handler = (params, scope) => {
    if (scope !== PLATFORM) throw invalid('Account links are made by the platform; leave out the Stripe-Account header.');
    only(params, ['account', 'type', 'return_url', 'refresh_url', 'collect', 'collection_options']);
    for (const p of ['account', 'type'] as const) if (params[p] === undefined) throw missing(p);
    if (!['account_onboarding', 'account_update'].includes(params.type as string)) {
      throw invalid('Invalid type: must be one of account_onboarding or account_update', { param: 'type' });
    }
    if (params.type === 'account_onboarding') for (const p of ['return_url', 'refresh_url'] as const) if (params[p] === undefined) throw missing(p);
    for (const p of ['return_url', 'refresh_url'] as const) {
      if (params[p] !== undefined && !/^https?:\/\/\S+$/.test(params[p] as string)) throw invalid(`Not a valid URL`, { param: p });
    }
    const account = accounts.get(params.account as string);
    if (!account || params.account === PLATFORM) throw noSuch('account', params.account as string, 'account');
    const created = seconds();
    return {
      body: {
        object: 'account_link',
        created,
        expires_at: created + 300,
        url: `${baseUrl}/setup/e/${params.account as string}/${randomBytes(6).toString('hex')}?return_url=${encodeURIComponent(params.return_url as string)}`,
      },
    };
  };

  const createPaymentIntent: Handler = (params, scope, request) => {
    only(params, [
      'amount', 'currency', 'customer', 'payment_method', 'confirm', 'off_session', 'description', 'metadata',
      'automatic_payment_methods', 'allowed_payment_method_types', 'receipt_email', 'statement_descriptor', 'expand',
    ]);
    for (const p of ['amount', 'currency'] as const) if (params[p] === undefined) throw missing(p);
    if (!/^[1-9]\d{0,7}$/.test(params.amount as string)) {
      throw invalid('Invalid integer: amount must be a positive integer in the smallest currency unit, at most 8 digits', { param: 'amount' });
    }
    if (!/^[a-z]{3}$/.test(params.currency as string)) throw invalid(`Invalid currency: ${String(params.currency)}`, { param: 'currency' });
    const amount = Number(params.amount);
    if (params.currency === 'usd' && amount < 50) {
      throw invalid('Amount must be at least $0.50 usd', { code: 'amount_too_small', param: 'amount' });
    }
    if (params.off_session !== undefined && !isTrue(params.confirm)) {
      throw invalid('off_session can only be used when confirm=true', { param: 'off_session' });
    }
    const state = accountIn(scope);
    const customer = params.customer as string | undefined;
    const paymentMethod = params.payment_method as string | undefined;
    if (customer !== undefined && !state.customers.has(customer)) throw noSuch('customer', customer, 'customer');
    if (paymentMethod !== undefined) {
      if (customer === undefined || !state.customers.get(customer)!.has(paymentMethod)) {
        throw invalid(`The provided PaymentMethod ${paymentMethod} was not attached to customer ${customer ?? '(none)'} on this account.`, {
          code: 'resource_missing',
          param: 'payment_method',
        });
      }
    }
    const automatic = params.automatic_payment_methods as Json | undefined;
    if (isTrue(params.confirm) && automatic && isTrue(automatic.enabled) && automatic.allow_redirects !== 'never' && params.return_url === undefined) {
      throw invalid('This PaymentIntent is configured to accept payment methods enabled in your Dashboard that may redirect; set automatic_payment_methods[allow_redirects]=never or provide a return_url.', {
        param: 'return_url',
      });
    }
    const intent: Json = {
      id: id('pi'),
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency: params.currency,
      customer: customer ?? null,
      payment_method: paymentMethod ?? null,
      description: params.description ?? null,
      metadata: params.metadata ?? {},
      status: 'requires_payment_method',
      latest_charge: null,
      last_payment_error: null,
      created: seconds(),
      livemode: false,
    };
    intents.set(intent.id as string, { scope, intent });
    emit('payment_intent.created', intent, scope, request);
    if (!isTrue(params.confirm)) {
      if (paymentMethod) intent.status = 'requires_confirmation';
      return { body: intent };
    }
    if (!paymentMethod) throw missing('payment_method');
    const behaviour = cardBehaviour.get(paymentMethod) ?? 'succeed';
    intent.latest_charge = id('ch');
    if (behaviour === 'decline') {
      const error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
        charge: intent.latest_charge,
      };
      intent.last_payment_error = error;
      emit('payment_intent.payment_failed', intent, scope, request);
      throw new ApiError(402, { ...error, payment_intent: structuredClone(intent) }, true);
    }
    if (behaviour === 'process') {
      intent.status = 'processing';
      return { body: intent };
    }
    intent.status = 'succeeded';
    intent.amount_received = amount;
    emit('charge.succeeded', chargeOf(intent), scope, request);
    emit('payment_intent.succeeded', intent, scope, request);
    return { body: intent };
  };

  const retrieveIntent = (intentId: string, scope: string): { body: Json } => {
    const found = intents.get(intentId);
    if (!found || found.scope !== scope) throw noSuch('payment_intent', intentId, 'intent');
    return { body: found.intent };
  };

  const createRefund: Handler = (params, scope, request) => {
    only(params, ['payment_intent', 'charge', 'amount', 'reason', 'metadata']);
    if (params.payment_intent === undefined && params.charge === undefined) throw missing('payment_intent');
    const found = [...intents.values()].find(
      ({ intent, scope: s }) => s === scope && (intent.id === params.payment_intent || intent.latest_charge === params.charge),
    );
    if (!found) throw noSuch(params.payment_intent ? 'payment_intent' : 'charge', (params.payment_intent ?? params.charge) as string, 'payment_intent');
    const { intent } = found;
    if (intent.status !== 'succeeded') {
      throw invalid(`This PaymentIntent (${intent.id as string}) does not have a successful charge to refund.`, { code: 'charge_not_refundable' });
    }
    const refunded = (intent.amount_refunded as number | undefined) ?? 0;
    const amount = params.amount === undefined ? (intent.amount as number) - refunded : Number(params.amount);
    if (refunded >= (intent.amount as number)) {
      throw invalid(`Charge ${intent.latest_charge as string} has already been refunded.`, { code: 'charge_already_refunded' });
    }
    intent.amount_refunded = refunded + amount;
    const refund = {
      id: id('re'),
      object: 'refund',
      amount,
      charge: intent.latest_charge,
      payment_intent: intent.id,
      currency: intent.currency,
      metadata: params.metadata ?? {},
      status: 'succeeded',
      created: seconds(),
    };
    emit('charge.refunded', chargeOf(intent), scope, request);
    return { body: refund };
  };

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...headers });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', baseUrl);
    if (req.method === 'GET' && url.pathname.startsWith('/setup/e/')) {
      // The owner opened the onboarding link and finished Stripe's form.
      const accountId = url.pathname.split('/')[3]!;
      completeOnboarding(accountId);
      res.writeHead(302, { location: url.searchParams.get('return_url') ?? '/' });
      res.end();
      return;
    }
    const raw = await readBody(req);
    const stripeAccount = (req.headers['stripe-account'] as string | undefined) ?? null;
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const contentType = (req.headers['content-type'] as string | undefined) ?? null;
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      stripeAccount,
      idempotencyKey: key,
      contentType,
      params: req.method === 'GET' ? parseForm(url.search.slice(1)) : parseForm(raw),
      status: 0,
      replayed: false,
    };
    requests.push(record);
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    const reply = (status: number, body: string, headers?: Record<string, string>) => {
      record.status = status;
      send(res, status, body, headers);
    };
    const errorBody = (e: ApiError) => JSON.stringify({ error: e.body });

    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      const given = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      reply(401, JSON.stringify({ error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${given.slice(0, 8)}****` } }));
      return;
    }
    if (!req.headers['stripe-version']) {
      reply(400, JSON.stringify({ error: { type: 'invalid_request_error', message: 'Stripe-Version header missing (the SDK always sends it).' } }));
      return;
    }
    if (stripeAccount !== null && (!accounts.has(stripeAccount) || stripeAccount === PLATFORM)) {
      reply(403, JSON.stringify({ error: { type: 'invalid_request_error', message: `The provided key does not have access to account '${stripeAccount}' (or that account does not exist).` } }));
      return;
    }
    const scope = scopeOf(stripeAccount);
    if (req.method === 'POST' && !contentType?.startsWith('application/x-www-form-urlencoded')) {
      reply(400, JSON.stringify({ error: { type: 'invalid_request_error', message: `Stripe takes form-encoded bodies, not ${contentType}.` } }));
      return;
    }
    const idemKey = key && req.method === 'POST' ? `${scope}|${key}` : null;
    const print = `${req.method} ${url.pathname} ${stableStringify(record.params)}`;
    if (idemKey) {
      const stored = idempotency.get(idemKey);
      if (stored) {
        if (stored.fingerprint !== print) {
          reply(400, JSON.stringify({
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          }));
          return;
        }
        record.replayed = true;
        reply(stored.status, stored.body, { 'idempotent-replayed': 'true', 'original-request': 'req_original' });
        return;
      }
      if (inFlight.has(idemKey)) {
        reply(409, JSON.stringify({ error: { type: 'idempotency_error', message: `There is currently another in-progress request using this idempotency key ('${key}'). Try again later.` } }));
        return;
      }
      inFlight.add(idemKey);
    }
    const requestInfo = { id: id('req'), key };
    try {
      let result: { status?: number; body: Json };
      const path = url.pathname;
      let m: RegExpMatchArray | null;
      if (req.method === 'POST' && path === '/v1/accounts') result = createAccount(record.params, scope, requestInfo);
      else if (req.method === 'GET' && (m = path.match(/^\/v1\/accounts\/([^/]+)$/))) result = retrieveAccount(m[1]!);
      else if (req.method === 'POST' && path === '/v1/account_links') result = createAccountLink(record.params, scope, requestInfo);
      else if (req.method === 'POST' && path === '/v1/payment_intents') result = createPaymentIntent(record.params, scope, requestInfo);
      else if (req.method === 'GET' && (m = path.match(/^\/v1\/payment_intents\/([^/]+)$/))) result = retrieveIntent(m[1]!, scope);
      else if (req.method === 'POST' && path === '/v1/refunds') result = createRefund(record.params, scope, requestInfo);
      else throw new ApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path}). The stand-in covers only what rebill-kit calls.` }, false);
      const body = JSON.stringify(result.body);
      if (idemKey) idempotency.set(idemKey, { fingerprint: print, status: result.status ?? 200, body });
      reply(result.status ?? 200, body);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        reply(500, JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
        return;
      }
      if (idemKey && error.save) idempotency.set(idemKey, { fingerprint: print, status: error.status, body: errorBody(error) });
      reply(error.status, errorBody(error));
    } finally {
      if (idemKey) inFlight.delete(idemKey);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, JSON.stringify({ error: { type: 'api_error', message: String(error) } })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    port,
    url: baseUrl,
    secretKey,
    platformWebhookSecret: platformSecret,
    connectWebhookSecret: connectSecret,
    events,
    requests,
    /** The official SDK, pointed here. */
    stripe(config: { key?: string; maxNetworkRetries?: number } = {}): Stripe {
      return new Stripe(config.key ?? secretKey, {
        host: '127.0.0.1',
        port,
        protocol: 'http',
        maxNetworkRetries: config.maxNetworkRetries ?? 2,
        telemetry: false,
      });
    },
    /** A saved card: a customer with one attached payment method, on the connected account `stripeAccount` or the platform. */
    addCard({ stripeAccount, behaviour = 'succeed' }: { stripeAccount?: string; behaviour?: CardBehaviour } = {}) {
      const state = accountIn(scopeOf(stripeAccount ?? null));
      const customer = id('cus');
      const paymentMethod = id('pm');
      state.customers.set(customer, new Set([paymentMethod]));
      cardBehaviour.set(paymentMethod, behaviour);
      return { customer, paymentMethod };
    },
    /** Off: events are only recorded (deliver them yourself, e.g. many times at once). */
    setAutoDelivery(on: boolean) {
      autoDeliver = on;
    },
    setCardBehaviour(paymentMethod: string, behaviour: CardBehaviour) {
      cardBehaviour.set(paymentMethod, behaviour);
    },
    accountIds(): string[] {
      return [...accounts.keys()].filter((k) => k !== PLATFORM);
    },
    intent(intentId: string): Json | undefined {
      return intents.get(intentId)?.intent;
    },
    completeOnboarding,
    settle,
    deliver,
    signedRequest,
    /** Waits for the automatic webhook deliveries started so far. */
    async flush() {
      while (deliveries.size > 0) await Promise.all([...deliveries]);
    },
    async close() {
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

export type StripeStandin = Awaited<ReturnType<typeof startStripeStandin>>;
