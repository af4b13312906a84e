import { RebillingError, createMemoryAdapter, sampleSnapshot, type RebillingErrorCode } from '@rebill-kit/core';
import { describe, expect, it, vi } from 'vitest';
import { createHttpAdapter, type HttpAdapterOptions } from './index.js';
import { createRebillingHandler } from './server.js';

const BASE = 'https://api.example.test/rebilling';

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A fetch that answers from a queue, recording every request. */
function scriptedFetch(...answers: Array<Response | Error | (() => Response)>) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer() : answer.clone();
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests, calls: () => fetch.mock.calls.length };
}

/** A fetch served in-process by the real handler over a memory adapter. */
function inProcess(options: Partial<HttpAdapterOptions> = {}) {
  const backend = createMemoryAdapter();
  const handler = createRebillingHandler(backend, { basePath: '/rebilling' });
  const requests: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    return handler(request);
  }) as typeof globalThis.fetch;
  return { backend, requests, adapter: createHttpAdapter({ baseUrl: BASE, fetch, retry: false, ...options }) };
}

const noSleep = { sleep: async () => {}, random: () => 0 };

async function failure(promise: Promise<unknown>): Promise<RebillingError> {
  const error = await promise.then(
    () => expect.fail('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RebillingError);
  return error as RebillingError;
}

describe('createHttpAdapter: HTTP failures become RebillingErrors', () => {
  const cases: Array<[number, RebillingErrorCode, boolean]> = [
    [412, 'conflict', false],
    [409, 'conflict', false],
    [400, 'validation', false],
    [422, 'validation', false],
    [401, 'unauthorized', false],
    [403, 'unauthorized', false],
    [429, 'unavailable', true],
    [500, 'unavailable', true],
    [502, 'unavailable', true],
    [503, 'unavailable', true],
    [501, 'unavailable', false],
    [404, 'unknown', false],
  ];
  for (const [status, code, retryable] of cases) {
    it(`maps ${status} to ${code}${retryable ? ' (retryable)' : ''}`, async () => {
      const { fetch } = scriptedFetch(jsonResponse(status, { error: { code: 'unknown', message: 'Server says no.' } }));
      const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch, retry: false }).loadPricing());
      expect([error.code, error.retryable]).toEqual([code, retryable]);
    });
  }

  it('keeps the field errors of a 422', async () => {
    const fields = [{ path: 'products.sms.multiplier', message: 'must be between 1x and 10x' }];
    const { fetch } = scriptedFetch(jsonResponse(422, { error: { code: 'validation', message: 'Rejected.', fields } }));
    const error = await failure(
      createHttpAdapter({ baseUrl: BASE, fetch, retry: false }).savePricing(
        { products: { sms: { type: 'multiplier', multiplier: '11' } } },
        { expectedRevision: '1', idempotencyKey: 'k1' },
      ),
    );
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual(fields);
  });

  it('says to check baseUrl on a 404, and tolerates a non-JSON error body', async () => {
    const { fetch } = scriptedFetch(new Response('<h1>Not Found</h1>', { status: 404 }));
    const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch }).loadPricing());
    expect(error.message).toContain('baseUrl');
  });

  it('reports an unreachable server (fetch TypeError) as a retryable network error', async () => {
    const { fetch } = scriptedFetch(new TypeError('fetch failed'));
    const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch, retry: false }).loadStripeConnection());
    expect([error.code, error.retryable]).toEqual(['network', true]);
  });
});

describe('createHttpAdapter: every answer is validated', () => {
  it('rejects a snapshot with a number for money, naming the field', async () => {
    const snapshot = sampleSnapshot() as unknown as { products: { sms: { youPay: unknown } } };
    snapshot.products.sms.youPay = 0.0079;
    const { fetch } = scriptedFetch(jsonResponse(200, snapshot));
    const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch }).loadPricing());
    expect(error.code).toBe('validation');
    expect(error.fields.map((field) => field.path)).toContain('products.sms.youPay');
    expect(error.message).toContain('GET /rebilling/pricing');
  });

  it('rejects a body that is not JSON', async () => {
    const { fetch } = scriptedFetch(new Response('<html>login</html>', { status: 200 }));
    const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch }).loadPricing());
    expect([error.code, error.message]).toEqual(['validation', expect.stringContaining('not JSON')]);
  });

  it('rejects a Stripe connect result with a javascript: redirect', async () => {
    const { fetch } = scriptedFetch(jsonResponse(200, { status: 'pending', redirectUrl: 'javascript:alert(1)' }));
    const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch }).connectStripe({ syncCustomersAs: null }));
    expect(error.fields.map((field) => field.path)).toContain('redirectUrl');
  });

  it('rejects a malformed ledger page', async () => {
    const { fetch } = scriptedFetch(jsonResponse(200, { entries: [{ id: 'x' }], nextCursor: null }));
    const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch }).listLedger({ limit: 5 }));
    expect(error.code).toBe('validation');
    expect(error.fields.length).toBeGreaterThan(0);
  });
});

describe('createHttpAdapter: retries', () => {
  it('retries a GET on 503 with exponential backoff and jitter, then succeeds', async () => {
    const { fetch, calls } = scriptedFetch(jsonResponse(503, {}), jsonResponse(503, {}), () => jsonResponse(200, sampleSnapshot()));
    const sleep = vi.fn(async () => {});
    const adapter = createHttpAdapter({ baseUrl: BASE, fetch, retry: { retries: 3, baseDelayMs: 100, random: () => 0.5, sleep } });
    await expect(adapter.loadPricing()).resolves.toMatchObject({ revision: '1' });
    expect(calls()).toBe(3);
    // Full jitter: random × min(maxDelay, base × 2^n) → 0.5 × 100, 0.5 × 200.
    expect(sleep.mock.calls.map((call) => (call as unknown[])[0])).toEqual([50, 100]);
  });

  it('caps the backoff at maxDelayMs', async () => {
    const { fetch } = scriptedFetch(jsonResponse(503, {}));
    const sleep = vi.fn(async () => {});
    const adapter = createHttpAdapter({ baseUrl: BASE, fetch, retry: { retries: 5, baseDelayMs: 100, maxDelayMs: 300, random: () => 0.999, sleep } });
    await failure(adapter.loadPricing());
    expect(sleep.mock.calls.map((call) => (call as unknown[])[0])).toEqual([99, 199, 299, 299, 299]);
  });

  it('gives up after the configured retries with the last error', async () => {
    const { fetch, calls } = scriptedFetch(new TypeError('fetch failed'));
    const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch, retry: { retries: 2, ...noSleep } }).loadPricing());
    expect(error.code).toBe('network');
    expect(calls()).toBe(3);
  });

  it('does not retry what retrying cannot fix (422, 401, 412)', async () => {
    for (const status of [422, 401, 412]) {
      const { fetch, calls } = scriptedFetch(jsonResponse(status, {}));
      await failure(createHttpAdapter({ baseUrl: BASE, fetch, retry: noSleep }).loadPricing());
      expect(calls(), `HTTP ${status}`).toBe(1);
    }
  });

  it('retries a PUT only with the same Idempotency-Key and If-Match', async () => {
    const { fetch, requests } = scriptedFetch(new TypeError('fetch failed'), jsonResponse(503, {}), () => jsonResponse(200, sampleSnapshot()));
    const adapter = createHttpAdapter({ baseUrl: BASE, fetch, retry: noSleep });
    await adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '3' } } }, { expectedRevision: '7', idempotencyKey: 'save-123' });
    expect(requests.map((request) => [request.method, request.headers.get('Idempotency-Key'), request.headers.get('If-Match')])).toEqual([
      ['PUT', 'save-123', '"7"'],
      ['PUT', 'save-123', '"7"'],
      ['PUT', 'save-123', '"7"'],
    ]);
  });

  it('never retries POST /stripe/connect, which has no idempotency key', async () => {
    const { fetch, calls } = scriptedFetch(jsonResponse(503, {}));
    await failure(createHttpAdapter({ baseUrl: BASE, fetch, retry: noSleep }).connectStripe({ syncCustomersAs: 'people' }));
    expect(calls()).toBe(1);
  });

  it('waits at least Retry-After, and gives up when it is longer than maxDelayMs', async () => {
    const sleep = vi.fn(async () => {});
    const short = scriptedFetch(jsonResponse(429, {}, { 'Retry-After': '1' }), () => jsonResponse(200, sampleSnapshot()));
    await createHttpAdapter({ baseUrl: BASE, fetch: short.fetch, retry: { sleep, random: () => 0 } }).loadPricing();
    expect(sleep.mock.calls.map((call) => (call as unknown[])[0])).toEqual([1000]);

    const long = scriptedFetch(jsonResponse(503, {}, { 'Retry-After': '120' }));
    await failure(createHttpAdapter({ baseUrl: BASE, fetch: long.fetch, retry: noSleep }).loadPricing());
    expect(long.calls()).toBe(1);
  });
});

/** A fetch that never answers, but rejects when its signal aborts (as real fetch does). */
function hangingFetch(_input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return new Promise<Response>((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
  });
}

describe('createHttpAdapter: timeout and abort', () => {
  it('turns a timeout into a retryable network error that says so', async () => {
    const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch: hangingFetch, timeoutMs: 20, retry: false }).loadPricing());
    expect([error.code, error.retryable]).toEqual(['network', true]);
    expect(error.message).toMatch(/no answer within 20 ms/);
  });

  it('times out a headers function that never settles', async () => {
    const { fetch, calls } = scriptedFetch(jsonResponse(200, sampleSnapshot()));
    const headers = () => new Promise<HeadersInit>(() => {});
    const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch, headers, timeoutMs: 20, retry: false }).loadPricing());
    expect(error.code).toBe('network');
    expect(calls()).toBe(0);
  });

  it('retries a timed-out GET', async () => {
    let calls = 0;
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls += 1;
      return calls === 1 ? hangingFetch(input, init) : Promise.resolve(jsonResponse(200, sampleSnapshot()));
    }) as typeof globalThis.fetch;
    await createHttpAdapter({ baseUrl: BASE, fetch, timeoutMs: 20, retry: noSleep }).loadPricing();
    expect(calls).toBe(2);
  });

  it('rejects with the signal reason when aborted in flight, without retrying', async () => {
    const fetch = vi.fn(hangingFetch);
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    const load = createHttpAdapter({ baseUrl: BASE, fetch, retry: noSleep }).loadPricing({ signal: controller.signal });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    controller.abort(reason);
    await expect(load).rejects.toBe(reason);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('rejects with the signal reason when aborted during the backoff', async () => {
    const { fetch, calls } = scriptedFetch(jsonResponse(503, {}));
    const controller = new AbortController();
    const reason = new Error('cancelled while waiting');
    const load = createHttpAdapter({ baseUrl: BASE, fetch, retry: { baseDelayMs: 10_000, random: () => 1 } }).loadPricing({ signal: controller.signal });
    await vi.waitFor(() => expect(calls()).toBe(1));
    controller.abort(reason);
    await expect(load).rejects.toBe(reason);
    expect(calls()).toBe(1);
  });

  it('does not call fetch at all for an already-aborted signal', async () => {
    const { fetch, calls } = scriptedFetch(jsonResponse(200, sampleSnapshot()));
    const controller = new AbortController();
    controller.abort(new Error('already'));
    const adapter = createHttpAdapter({ baseUrl: BASE, fetch });
    await expect(adapter.loadPricing({ signal: controller.signal })).rejects.toThrow('already');
    await expect(adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '3' } } }, { expectedRevision: '1', idempotencyKey: 'k', signal: controller.signal })).rejects.toThrow('already');
    expect(calls()).toBe(0);
  });
});

describe('createHttpAdapter: requests', () => {
  it('calls a headers function before every request, so each gets a fresh token', async () => {
    let token = 0;
    const headers = vi.fn(async () => ({ Authorization: `Bearer t${++token}` }));
    const { adapter, requests } = inProcess({ headers });
    await adapter.loadPricing();
    await adapter.loadStripeConnection();
    expect(requests.map((request) => request.headers.get('Authorization'))).toEqual(['Bearer t1', 'Bearer t2']);
    expect(headers).toHaveBeenCalledWith({ method: 'GET', url: `${BASE}/pricing` });
  });

  it('accepts headers as an object, and never lets them replace the contract headers', async () => {
    const { adapter, requests } = inProcess({ headers: { 'X-Tenant': 'acme', 'Idempotency-Key': 'host-value' } });
    const { revision } = await adapter.loadPricing();
    await adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '3' } } }, { expectedRevision: revision, idempotencyKey: 'mine' });
    expect(requests[1]!.headers.get('X-Tenant')).toBe('acme');
    expect(requests[1]!.headers.get('Idempotency-Key')).toBe('mine');
  });

  it('sends the revision as If-Match and applies the change through the handler', async () => {
    const { adapter, backend } = inProcess();
    const first = await adapter.loadPricing();
    const saved = await adapter.savePricing({ products: { email: { type: 'multiplier', multiplier: '4' } } }, { expectedRevision: first.revision, idempotencyKey: 'k1' });
    expect(saved.products.email.rule).toEqual({ type: 'multiplier', multiplier: '4' });
    expect(backend.inspect.readPricing().revision).toBe(saved.revision);
  });

  it('passes the ledger cursor and limit as query parameters', async () => {
    const { adapter, requests } = inProcess();
    const page = await adapter.listLedger({ limit: 3 });
    await adapter.listLedger({ limit: 3, cursor: page.nextCursor! });
    expect(new URL(requests[1]!.url).search).toBe(`?cursor=${page.nextCursor}&limit=3`);
  });

  it('refuses an unusable idempotency key before sending anything', async () => {
    const { fetch, calls } = scriptedFetch(jsonResponse(200, sampleSnapshot()));
    const error = await failure(
      createHttpAdapter({ baseUrl: BASE, fetch }).savePricing({ products: { sms: { type: 'multiplier', multiplier: '3' } } }, { expectedRevision: '1', idempotencyKey: 'has space\n' }),
    );
    expect(error.fields.map((field) => field.path)).toEqual(['idempotencyKey']);
    expect(calls()).toBe(0);
  });

  it('explains a relative baseUrl outside a browser', async () => {
    const { fetch } = scriptedFetch(jsonResponse(200, sampleSnapshot()));
    const error = await failure(createHttpAdapter({ baseUrl: '/api/rebilling', fetch }).loadPricing());
    expect(error.message).toContain('not an absolute URL');
  });
});

describe('createHttpAdapter: features', () => {
  it('offers the price history by default, as @rebill-kit/server serves it', async () => {
    const { adapter } = inProcess();
    const page = await adapter.listPriceChanges!({ limit: 5 });
    expect(page.entries).toEqual([]);
  });

  it('leaves out the methods of a part the backend does not serve, so the panel hides it instead of failing', () => {
    const { adapter } = inProcess({ features: [] });
    expect(adapter.listPriceChanges).toBeUndefined();
    expect(adapter.loadPricing).toBeTypeOf('function');
    expect(adapter.listLedger).toBeTypeOf('function');
  });
});

describe('createHttpAdapter: the owner wallet', () => {
  it('round-trips loadWallet and saveAutoRecharge through the handler, with the Idempotency-Key', async () => {
    const { adapter, backend, requests } = inProcess();
    expect(await adapter.loadWallet!()).toEqual(backend.inspect.readWallet());
    const settings = { lowBalanceThreshold: '30', autoRecharge: { enabled: true, threshold: '20', target: '120.50', monthlyCap: '500' } };
    const saved = await adapter.saveAutoRecharge!(settings, { idempotencyKey: 'wallet-1' });
    expect(saved.autoRecharge).toEqual({ enabled: true, threshold: '20', target: '120.5', monthlyCap: '500' });
    expect(requests.at(-1)!.headers.get('Idempotency-Key')).toBe('wallet-1');
    const error = await failure(adapter.saveAutoRecharge!({ ...settings, lowBalanceThreshold: '-1' }, { idempotencyKey: 'wallet-2' }));
    expect(error.code).toBe('validation');
    expect(error.fields.map((field) => field.path)).toEqual(['lowBalanceThreshold']);
  });

  it('leaves the wallet methods out when the backend does not serve the feature', () => {
    const { adapter } = inProcess({ features: [] });
    expect(adapter.loadWallet).toBeUndefined();
    expect(adapter.saveAutoRecharge).toBeUndefined();
  });
});
describe('createHttpAdapter: usage summary', () => {
  it('reads GET /usage/summary through the handler, as the backend answers it', async () => {
    const { adapter, backend, requests } = inProcess();
    const before = Date.now();
    const summary = await adapter.loadUsageSummary!();
    // The window ends at the backend's clock when it answered, so compare it to the call's span.
    expect(summary.quantities).toEqual((await backend.loadUsageSummary()).quantities);
    expect(Date.parse(summary.to)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(summary.to)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(summary.to) - Date.parse(summary.from)).toBe(30 * 24 * 60 * 60 * 1000);
    expect(new URL(requests[0]!.url).pathname).toBe('/rebilling/usage/summary');
  });

  it('refuses a malformed summary with the bad field named, and is left out without the usageSummary feature', async () => {
    const { fetch } = scriptedFetch(jsonResponse(200, { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', quantities: { sms: 12.5 } }));
    const error = await failure(createHttpAdapter({ baseUrl: BASE, fetch, retry: false }).loadUsageSummary!());
    expect(error.code).toBe('validation');
    expect(error.fields.map((field) => field.path)).toEqual(['quantities.sms']);
    expect(inProcess({ features: ['priceHistory'] }).adapter.loadUsageSummary).toBeUndefined();
  });
});
