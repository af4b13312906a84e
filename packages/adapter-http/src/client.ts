import {
  RebillingError,
  abortableDelay,
  isRebillingError,
  parseLedgerPage,
  parseOwnerWallet,
  parsePriceChangePage,
  parsePricingSnapshot,
  parseStripeConnectResult,
  parseStripeConnection,
  parseSubAccountOverrides,
  parseSubAccountOverridesPage,
  parseUsageSummary,
  toRebillingError,
  type LedgerPage,
  type OwnerWallet,
  type PriceChangePage,
  type PricingSnapshot,
  type RebillingAdapter,
  type StripeConnectResult,
  type StripeConnection,
  type SubAccountOverrides,
  type SubAccountOverridesPage,
  type UsageSummary,
} from '@rebill-kit/core';
import { JSON_CONTENT_TYPE, ROUTES, isValidIdempotencyKey, overridePath, readErrorBody, revisionToEtag } from './wire.js';

/** Request headers: an object, or a function called before every request (e.g. for a fresh token). */
export type HeadersSource =
  | HeadersInit
  | ((request: { method: string; url: string }) => HeadersInit | Promise<HeadersInit>);

export interface RetryOptions {
  /** Retries after the first attempt. Default `2`. */
  retries?: number;
  /** Ceiling of the first backoff delay; doubles each retry. Default `250`. */
  baseDelayMs?: number;
  /** Largest delay between attempts. A `Retry-After` longer than this stops retrying. Default `2000`. */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1). Default `Math.random`; inject for tests. */
  random?: () => number;
  /** Waits `ms`, rejecting with `signal.reason` when aborted. Default: `setTimeout`; inject for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface HttpAdapterOptions {
  /**
   * Where the REST contract is served, e.g. `"https://api.example.com/rebilling"`. A path such as
   * `"/api/rebilling"` is resolved against the page's location when a request is made.
   */
  baseUrl: string | URL;
  /** Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Sent with every request; a function is called per request (and may be async). */
  headers?: HeadersSource;
  /** Time limit of each attempt in milliseconds, body included. Default `10000`; `0` for none. */
  timeoutMs?: number;
  /**
   * Backoff for retryable failures (`network`, `unavailable`). GETs and `PUT /pricing` (which
   * always carries its idempotency key) are retried; `POST /stripe/connect` never is.
   * `false` turns retries off.
   */
  retry?: RetryOptions | false;
  /**
   * The optional parts of the REST contract the backend serves. Default: all of them, which is
   * what `@rebill-kit/server` serves. A backend serving only the core routes passes `[]`: the
   * adapter then leaves those methods out, and the panel leaves out what they would show.
   */
  features?: readonly HttpFeature[];
}

/** An optional part of the REST contract, and the adapter methods that call it. */
export type HttpFeature = keyof typeof FEATURE_METHODS;

const FEATURE_METHODS = {
  priceHistory: ['listPriceChanges'],
  usageSummary: ['loadUsageSummary'],
  wallet: ['loadWallet', 'saveAutoRecharge'],
  overrides: ['listOverrides', 'saveOverride', 'removeOverride'],
} as const satisfies Record<string, readonly (keyof RebillingAdapter)[]>;

/** Every optional part of the REST contract: the default of `features`. */
export const HTTP_FEATURES = Object.keys(FEATURE_METHODS) as HttpFeature[];

type CoreMethod = 'loadPricing' | 'savePricing' | 'loadStripeConnection' | 'connectStripe' | 'listLedger';

/**
 * The REST contract's client. `subscribe` is not implemented: HTTP has no push, so rebill-kit
 * refetches on focus and after saves instead.
 */
export type HttpAdapter = Required<Pick<RebillingAdapter, CoreMethod>> & Omit<RebillingAdapter, CoreMethod | 'subscribe'>;

interface Call<T> {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  retry: boolean;
  parse: (data: unknown) => T;
}

const RETRY_AFTER = new WeakMap<RebillingError, number>();

/** `promise`, or a rejection with the signal's reason as soon as it aborts (a hung headers function must not outlive the timeout). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function errorForStatus(status: number, data: unknown, what: string): RebillingError {
  const body = readErrorBody(data);
  const said = body.message ? `: ${body.message}` : '';
  switch (status) {
    case 409:
    case 412:
      return new RebillingError(
        'conflict',
        body.message ?? 'Prices were changed elsewhere since they were loaded. Load the latest prices, then decide which to keep.',
      );
    case 400:
    case 422:
      return body.fields.length > 0 && !body.message
        ? RebillingError.validation(`${what} was rejected`, body.fields)
        : new RebillingError('validation', body.message ?? `${what} was rejected as invalid (HTTP ${status}).`, { fields: body.fields });
    case 401:
    case 403:
      return new RebillingError(
        'unauthorized',
        body.message ?? `${what} was refused (HTTP ${status}): not signed in, or not allowed to manage rebilling.`,
      );
    case 408:
      return new RebillingError('network', `${what} timed out on the server (HTTP 408). Retry.`);
    case 429:
      return new RebillingError('unavailable', `${what} was refused: too many requests (HTTP 429). Retry shortly.`);
    case 501:
      return new RebillingError('unavailable', `${what} is not implemented by this server (HTTP 501)${said}`, { retryable: false });
    default:
      if (status >= 500) {
        return new RebillingError('unavailable', `${what} failed on the server (HTTP ${status})${said}. Retry shortly.`);
      }
      return new RebillingError(
        'unknown',
        status === 404
          ? `${what} was not found (HTTP 404). Check that baseUrl points at the rebilling API.`
          : `${what} failed (HTTP ${status})${said}`,
      );
  }
}

/** Re-labels a validation error from core's parse functions so it says which answer was bad. */
function badAnswer(error: unknown, what: string): RebillingError {
  const rebilling = toRebillingError(error);
  return new RebillingError('validation', `The server's answer to ${what} cannot be used: ${rebilling.message}`, {
    fields: [...rebilling.fields],
    cause: error,
  });
}

/**
 * A `RebillingAdapter` for the REST contract in `openapi.yaml`.
 *
 * ```ts
 * const adapter = createHttpAdapter({
 *   baseUrl: '/api/rebilling',
 *   headers: async () => ({ Authorization: `Bearer ${await getToken()}` }),
 * });
 * ```
 *
 * Every answer is validated (a malformed one is a `validation` error naming its fields); HTTP
 * failures become `RebillingError`s: 412 → `conflict`, 400/422 → `validation` with `fields`,
 * 401/403 → `unauthorized`, 429/5xx → `unavailable` (retryable), an unreachable server or a
 * timeout → `network` (retryable). An aborted call rejects with the signal's reason, unretried.
 */
export function createHttpAdapter(options: HttpAdapterOptions): HttpAdapter {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry = options.retry === false ? { retries: 0 } : (options.retry ?? {});
  const retries = retry.retries ?? 2;
  const baseDelayMs = retry.baseDelayMs ?? 250;
  const maxDelayMs = retry.maxDelayMs ?? 2000;
  const random = retry.random ?? Math.random;
  const sleep = retry.sleep ?? abortableDelay;
  const features = new Set<string>(options.features ?? HTTP_FEATURES);

  function url(path: string, query: Record<string, string | undefined> = {}): URL {
    let base: URL;
    try {
      const location = (globalThis as { location?: { href?: string } }).location?.href;
      base = new URL(String(options.baseUrl), location);
    } catch {
      throw new RebillingError(
        'validation',
        `createHttpAdapter: baseUrl "${String(options.baseUrl)}" is not an absolute URL. Pass e.g. "https://api.example.com/rebilling" (a path only works in a browser page).`,
      );
    }
    const result = new URL(base.href);
    result.pathname = base.pathname.replace(/\/+$/, '') + path;
    result.search = '';
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) result.searchParams.set(name, value);
    }
    return result;
  }

  async function attempt<T>(call: Call<T>, target: URL, what: string): Promise<T> {
    const { signal } = call;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer =
      timeoutMs > 0 && Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            timedOut = true;
            controller.abort(new DOMException(`${what} timed out`, 'TimeoutError'));
          }, timeoutMs)
        : undefined;

    const fail = (error: unknown): never => {
      if (signal?.aborted) throw signal.reason;
      if (timedOut) {
        throw new RebillingError(
          'network',
          `${what} got no answer within ${timeoutMs} ms. Check the connection and retry, or raise timeoutMs.`,
          { cause: error },
        );
      }
      if (isRebillingError(error)) throw error;
      if (error instanceof TypeError) {
        throw new RebillingError('network', `Could not reach the server for ${what}. Check the connection and retry.`, {
          cause: error,
        });
      }
      throw toRebillingError(error);
    };

    try {
      const headers = new Headers(
        typeof options.headers === 'function'
          ? await untilAborted(Promise.resolve(options.headers({ method: call.method, url: target.href })), controller.signal)
          : options.headers,
      );
      if (signal?.aborted) throw signal.reason;
      headers.set('Accept', 'application/json');
      if (call.body !== undefined) headers.set('Content-Type', JSON_CONTENT_TYPE);
      for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);

      const fetchImpl = options.fetch ?? globalThis.fetch;
      const response = await fetchImpl(target, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: controller.signal,
      });
      const text = await response.text();
      let data: unknown;
      let isJson = true;
      try {
        data = text === '' ? undefined : JSON.parse(text);
      } catch {
        isJson = false;
      }
      if (!response.ok) {
        const error = errorForStatus(response.status, data, what);
        const after = retryAfterMs(response.headers.get('Retry-After'));
        if (after !== undefined) RETRY_AFTER.set(error, after);
        throw error;
      }
      if (!isJson || data === undefined) {
        throw new RebillingError(
          'validation',
          `The server's answer to ${what} is not JSON (HTTP ${response.status}). Check that baseUrl points at the rebilling API.`,
        );
      }
      try {
        return call.parse(data);
      } catch (error) {
        throw badAnswer(error, what);
      }
    } catch (error) {
      return fail(error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function send<T>(call: Call<T>): Promise<T> {
    const { signal } = call;
    const target = url(call.path, call.query);
    const what = `${call.method} ${target.pathname}`;
    for (let retry = 0; ; retry++) {
      if (signal?.aborted) throw signal.reason;
      try {
        return await attempt(call, target, what);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (!call.retry || !isRebillingError(error) || !error.retryable || retry >= retries) throw error;
        const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
        const after = RETRY_AFTER.get(error) ?? 0;
        if (after > maxDelayMs) throw error;
        await sleep(Math.max(after, Math.floor(random() * ceiling)), signal);
      }
    }
  }

  const adapter: HttpAdapter = {
    loadPricing({ signal } = {}): Promise<PricingSnapshot> {
      return send({ method: 'GET', path: ROUTES.pricing, signal, retry: true, parse: (data) => parsePricingSnapshot(data) });
    },

    async savePricing(change, { expectedRevision, idempotencyKey, signal }): Promise<PricingSnapshot> {
      if (signal?.aborted) throw signal.reason;
      const problems = [
        ...(isValidIdempotencyKey(idempotencyKey)
          ? []
          : [{ path: 'idempotencyKey', message: 'must be 1–255 visible ASCII characters, e.g. crypto.randomUUID()' }]),
        ...(typeof expectedRevision === 'string' && expectedRevision !== ''
          ? []
          : [{ path: 'expectedRevision', message: 'must be the revision of the loaded snapshot' }]),
      ];
      if (problems.length > 0) throw RebillingError.validation('savePricing was called incorrectly', problems);
      // The change is not checked here: the server holds the limits and answers 422 with fields.
      // Retrying a write is safe only because every attempt carries the same idempotency key.
      return send({
        method: 'PUT',
        path: ROUTES.pricing,
        body: change,
        headers: { 'If-Match': revisionToEtag(expectedRevision), 'Idempotency-Key': idempotencyKey },
        signal,
        retry: true,
        parse: (data) => parsePricingSnapshot(data),
      });
    },

    loadStripeConnection({ signal } = {}): Promise<StripeConnection> {
      return send({ method: 'GET', path: ROUTES.stripe, signal, retry: true, parse: parseStripeConnection });
    },

    connectStripe({ syncCustomersAs }): Promise<StripeConnectResult> {
      // No idempotency key in the contract for this write, so it is never retried automatically.
      return send({
        method: 'POST',
        path: ROUTES.stripeConnect,
        body: { syncCustomersAs },
        retry: false,
        parse: parseStripeConnectResult,
      });
    },

    listLedger({ cursor, limit }, { signal } = {}): Promise<LedgerPage> {
      return send({
        method: 'GET',
        path: ROUTES.ledger,
        query: { cursor, limit: String(limit) },
        signal,
        retry: true,
        parse: parseLedgerPage,
      });
    },

    listPriceChanges({ product, cursor, limit }, { signal } = {}): Promise<PriceChangePage> {
      return send({
        method: 'GET',
        path: ROUTES.priceHistory,
        query: { product, cursor, limit: String(limit) },
        signal,
        retry: true,
        parse: parsePriceChangePage,
      });
    },

    loadWallet({ signal } = {}): Promise<OwnerWallet> {
      return send({ method: 'GET', path: ROUTES.wallet, signal, retry: true, parse: parseOwnerWallet });
    },

    async saveAutoRecharge(settings, { idempotencyKey, signal }): Promise<OwnerWallet> {
      if (signal?.aborted) throw signal.reason;
      if (!isValidIdempotencyKey(idempotencyKey)) {
        throw RebillingError.validation('saveAutoRecharge was called incorrectly', [
          { path: 'idempotencyKey', message: 'must be 1–255 visible ASCII characters, e.g. crypto.randomUUID()' },
        ]);
      }
      // Retried like savePricing: every attempt carries the same key, so it applies once.
      return send({
        method: 'PUT',
        path: ROUTES.walletSettings,
        body: settings,
        headers: { 'Idempotency-Key': idempotencyKey },
        signal,
        retry: true,
        parse: parseOwnerWallet,
      });
    },
    listOverrides({ cursor, limit }, { signal } = {}): Promise<SubAccountOverridesPage> {
      return send({
        method: 'GET',
        path: ROUTES.overrides,
        query: { cursor, limit: String(limit) },
        signal,
        retry: true,
        parse: parseSubAccountOverridesPage,
      });
    },

    async saveOverride({ subAccountId, product, rule }, { idempotencyKey, signal }): Promise<SubAccountOverrides> {
      if (signal?.aborted) throw signal.reason;
      if (!isValidIdempotencyKey(idempotencyKey)) {
        throw RebillingError.validation('saveOverride was called incorrectly', [
          { path: 'idempotencyKey', message: 'must be 1–255 visible ASCII characters, e.g. crypto.randomUUID()' },
        ]);
      }
      // Retried like PUT /pricing: every attempt carries the same key, so it applies once.
      return send({
        method: 'PUT',
        path: overridePath(subAccountId, product),
        body: { rule },
        headers: { 'Idempotency-Key': idempotencyKey },
        signal,
        retry: true,
        parse: (data) => parseSubAccountOverrides(data),
      });
    },

    async removeOverride({ subAccountId, product }, { signal } = {}): Promise<SubAccountOverrides> {
      if (signal?.aborted) throw signal.reason;
      // Removing is idempotent (removing twice leaves the same state), so it is safe to retry.
      return send({ method: 'DELETE', path: overridePath(subAccountId, product), signal, retry: true, parse: (data) => parseSubAccountOverrides(data) });
    },

    loadUsageSummary({ signal } = {}): Promise<UsageSummary> {
      return send({ method: 'GET', path: ROUTES.usageSummary, signal, retry: true, parse: parseUsageSummary });
    },
  };
  for (const [feature, methods] of Object.entries(FEATURE_METHODS)) {
    if (!features.has(feature)) for (const method of methods) delete adapter[method];
  }
  return adapter;
}
