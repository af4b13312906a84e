import { RebillingError, createMemoryAdapter, type RebillingAdapter } from '@rebill-kit/core';
import { describe, expect, it, vi } from 'vitest';
import { createRebillingHandler, type RebillingHandlerOptions } from './server.js';

const ORIGIN = 'http://host.test';
const VALID_CHANGE = JSON.stringify({ products: { sms: { type: 'multiplier', multiplier: '3' } } });

function setup(options: RebillingHandlerOptions = {}) {
  const backend = createMemoryAdapter();
  const onError = vi.fn();
  const handler = createRebillingHandler(backend, { onError, ...options });
  const initial = backend.inspect.readPricing();
  return {
    backend,
    handler,
    onError,
    /** Nothing was applied: same revision, same prices, no save counted. */
    expectNothingApplied() {
      expect(backend.inspect.appliedSaves()).toBe(0);
      expect(backend.inspect.readPricing()).toEqual(initial);
    },
  };
}

function put(body: BodyInit | null, headers: Record<string, string> = {}, path = '/pricing'): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'PUT',
    body,
    headers: { 'Content-Type': 'application/json', 'If-Match': '"1"', 'Idempotency-Key': 'key-1', ...headers },
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

async function errorOf(response: Response) {
  expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
  return ((await response.json()) as { error: { code: string; message: string; fields?: Array<{ path: string }> } }).error;
}

describe('createRebillingHandler: bad requests get a 4xx JSON error and apply nothing', () => {
  it('400 for malformed JSON', async () => {
    const { handler, expectNothingApplied } = setup();
    const response = await handler(put('{"products": {'));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toContain('not valid JSON');
    expectNothingApplied();
  });

  it('415 for a body that is not application/json', async () => {
    const { handler, expectNothingApplied } = setup();
    const response = await handler(put(VALID_CHANGE, { 'Content-Type': 'text/plain' }));
    expect(response.status).toBe(415);
    expect((await errorOf(response)).fields?.[0]?.path).toBe('Content-Type');
    expectNothingApplied();
  });

  it('accepts application/json with a charset', async () => {
    const { handler } = setup();
    expect((await handler(put(VALID_CHANGE, { 'Content-Type': 'Application/JSON; charset=utf-8' }))).status).toBe(200);
  });

  it('413 for a body over 64 KB sent without Content-Length, read no further than the limit', async () => {
    const { handler, expectNothingApplied } = setup();
    let pulled = 0;
    const chunk = new TextEncoder().encode(`{"pad":"${'x'.repeat(16 * 1024)}`);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await handler(put(endless));
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    expectNothingApplied();
  });

  it('413 at once for a declared Content-Length over the limit', async () => {
    const { handler, expectNothingApplied } = setup({ maxBodyBytes: 100 });
    const response = await handler(put(VALID_CHANGE.padEnd(200, ' '), { 'Content-Length': '200' }));
    expect(response.status).toBe(413);
    expectNothingApplied();
  });

  it('428 without If-Match', async () => {
    const { handler, expectNothingApplied } = setup();
    const request = put(VALID_CHANGE);
    request.headers.delete('If-Match');
    const response = await handler(request);
    expect(response.status).toBe(428);
    expect((await errorOf(response)).fields?.[0]?.path).toBe('If-Match');
    expectNothingApplied();
  });

  it('400 for If-Match: * (it would skip the revision check)', async () => {
    const { handler, expectNothingApplied } = setup();
    expect((await handler(put(VALID_CHANGE, { 'If-Match': '*' }))).status).toBe(400);
    expectNothingApplied();
  });

  it('400 without Idempotency-Key', async () => {
    const { handler, expectNothingApplied } = setup();
    const request = put(VALID_CHANGE);
    request.headers.delete('Idempotency-Key');
    const response = await handler(request);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).fields?.[0]?.path).toBe('Idempotency-Key');
    expectNothingApplied();
  });

  it('412 conflict for a stale If-Match', async () => {
    const { handler, expectNothingApplied } = setup();
    const response = await handler(put(VALID_CHANGE, { 'If-Match': '"0"' }));
    expect(response.status).toBe(412);
    expect((await errorOf(response)).code).toBe('conflict');
    expectNothingApplied();
  });

  it('422 with field errors for an 11x multiplier', async () => {
    const { handler, expectNothingApplied } = setup();
    const response = await handler(put(JSON.stringify({ products: { sms: { type: 'multiplier', multiplier: '11' } } })));
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect([error.code, error.fields?.map((field) => field.path)]).toEqual(['validation', ['products.sms.multiplier']]);
    expectNothingApplied();
  });

  it('422 for a change that is not a change', async () => {
    const { handler, expectNothingApplied } = setup();
    const response = await handler(put(JSON.stringify({ products: { sms: { type: 'multiplier', multiplier: 3 } } })));
    expect(response.status).toBe(422);
    expect((await errorOf(response)).fields?.map((field) => field.path)).toContain('products.sms.multiplier');
    expectNothingApplied();
  });

  it('404 for an unknown route', async () => {
    const { handler, expectNothingApplied } = setup();
    const response = await handler(new Request(`${ORIGIN}/prices`, { method: 'PUT', body: VALID_CHANGE }));
    expect(response.status).toBe(404);
    expect((await errorOf(response)).message).toContain('/prices');
    expectNothingApplied();
  });

  it('405 with Allow for a wrong method', async () => {
    const { handler, expectNothingApplied } = setup();
    const response = await handler(new Request(`${ORIGIN}/pricing`, { method: 'DELETE' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('GET, PUT, OPTIONS');
    expectNothingApplied();
  });

  it('422 for an invalid ledger limit and for an unknown Stripe customer sync', async () => {
    const { handler } = setup();
    expect((await handler(new Request(`${ORIGIN}/ledger?limit=0`))).status).toBe(422);
    expect((await handler(new Request(`${ORIGIN}/ledger?limit=abc`))).status).toBe(422);
    const connect = await handler(
      new Request(`${ORIGIN}/stripe/connect`, { method: 'POST', body: '{"syncCustomersAs":"everyone"}', headers: { 'Content-Type': 'application/json' } }),
    );
    expect(connect.status).toBe(422);
    expect((await errorOf(connect)).fields?.[0]?.path).toBe('syncCustomersAs');
  });
});

describe('createRebillingHandler: serving the contract', () => {
  it('serves GET /pricing with the revision as ETag, and PUT applies with it', async () => {
    const { handler, backend } = setup();
    const loaded = await handler(new Request(`${ORIGIN}/pricing`));
    expect([loaded.status, loaded.headers.get('ETag'), loaded.headers.get('Cache-Control')]).toEqual([200, '"1"', 'no-store']);
    const saved = await handler(put(VALID_CHANGE, { 'If-Match': loaded.headers.get('ETag')! }));
    expect(saved.status).toBe(200);
    expect(saved.headers.get('ETag')).toBe(`"${backend.inspect.readPricing().revision}"`);
    expect(backend.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '3' });
  });

  it('replays a repeated Idempotency-Key', async () => {
    const { handler, backend } = setup();
    const first = await (await handler(put(VALID_CHANGE))).json();
    const again = await handler(put(VALID_CHANGE));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(backend.inspect.appliedSaves()).toBe(1);
  });

  it('serves under a base path, and nothing outside it', async () => {
    const { handler } = setup({ basePath: '/api/rebilling/' });
    expect((await handler(new Request(`${ORIGIN}/api/rebilling/pricing`))).status).toBe(200);
    expect((await handler(new Request(`${ORIGIN}/api/rebilling/stripe/`))).status).toBe(200);
    expect((await handler(new Request(`${ORIGIN}/pricing`))).status).toBe(404);
    expect((await handler(new Request(`${ORIGIN}/api/rebillingx/pricing`))).status).toBe(404);
  });

  it('answers 501 for the ledger when the adapter has no listLedger', async () => {
    const { listLedger: _omit, subscribe: _also, ...adapter } = createMemoryAdapter();
    const response = await createRebillingHandler(adapter)(new Request(`${ORIGIN}/ledger`));
    expect(response.status).toBe(501);
  });

  it('picks the adapter per request, and answers 401 when the picker refuses', async () => {
    const backend = createMemoryAdapter();
    const handler = createRebillingHandler((request) => {
      if (request.headers.get('Authorization') !== 'Bearer ok') throw new RebillingError('unauthorized', 'Sign in to manage rebilling.');
      return backend;
    });
    expect((await handler(new Request(`${ORIGIN}/pricing`, { headers: { Authorization: 'Bearer ok' } }))).status).toBe(200);
    const refused = await handler(new Request(`${ORIGIN}/pricing`));
    expect([refused.status, (await errorOf(refused)).message]).toEqual([401, 'Sign in to manage rebilling.']);
  });
});

describe('createRebillingHandler: adapter errors map to statuses', () => {
  function failing(error: unknown): RebillingAdapter {
    const fail = async () => {
      throw error;
    };
    return { loadPricing: fail, savePricing: fail, loadStripeConnection: fail, connectStripe: fail };
  }
  const cases: Array<[RebillingError, number]> = [
    [new RebillingError('conflict', 'Changed elsewhere.'), 412],
    [RebillingError.validation('Rejected', [{ path: 'products.sms.multiplier', message: 'too high' }]), 422],
    [new RebillingError('unauthorized', 'No.'), 401],
    [new RebillingError('unavailable', 'Database is down for maintenance.'), 503],
    [new RebillingError('network', 'Upstream unreachable.'), 502],
  ];
  for (const [error, status] of cases) {
    it(`${error.code} → ${status}, with its message and fields`, async () => {
      const response = await createRebillingHandler(failing(error))(new Request(`${ORIGIN}/stripe`));
      expect(response.status).toBe(status);
      expect(await errorOf(response)).toEqual({ code: error.code, message: error.message, ...(error.fields.length ? { fields: error.fields } : {}) });
    });
  }

  it('500 without leaking internals for anything else, reported to onError', async () => {
    const onError = vi.fn();
    const secret = new Error('connect ECONNREFUSED postgres://admin:hunter2@10.0.0.5');
    const response = await createRebillingHandler(failing(secret), { onError })(new Request(`${ORIGIN}/pricing`));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text).error.code).toBe('unknown');
    expect(onError).toHaveBeenCalledWith(secret, expect.any(Request));
  });

  it('500 when the served adapter returns invalid data, instead of passing it on', async () => {
    const onError = vi.fn();
    const backend = createMemoryAdapter();
    const broken: RebillingAdapter = { ...backend, loadPricing: async () => ({ revision: '1' }) as never };
    const response = await createRebillingHandler(broken, { onError })(new Request(`${ORIGIN}/pricing`));
    expect(response.status).toBe(500);
    expect(onError).toHaveBeenCalledOnce();
  });
});

/** Every own property name of `Object.prototype` (and the accessor `__proto__`), as an HTTP method. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('issue 13 regressions: the handler under hostile requests', () => {
  it('issue 13 #1: a method named after an Object.prototype member (constructor, toString, __proto__, …) is a 405 Response, not a crash', async () => {
    const { handler, expectNothingApplied } = setup();
    expect(PROTOTYPE_NAMES).toEqual(expect.arrayContaining(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']));
    for (const method of PROTOTYPE_NAMES) {
      for (const path of ['/pricing', '/stripe', '/stripe/connect', '/ledger']) {
        const response = await handler(new Request(`${ORIGIN}${path}`, { method }));
        expect(response, `${method} ${path}`).toBeInstanceOf(Response);
        expect(response.status, `${method} ${path}`).toBe(405);
        expect((await errorOf(response)).message).toContain('is not allowed');
      }
    }
    expectNothingApplied();
  });

  it('issue 13 #1: an adapter error with a code named after an Object.prototype member is a 500, not a crash or a 200', async () => {
    for (const code of ['constructor', 'toString', 'bogus']) {
      const error = Object.assign(new Error('odd'), { name: 'RebillingError', code, fields: 'not a list' });
      const fail = async () => {
        throw error;
      };
      const onError = vi.fn();
      const response = await createRebillingHandler({ loadPricing: fail, savePricing: fail, loadStripeConnection: fail, connectStripe: fail }, { onError })(
        new Request(`${ORIGIN}/stripe`),
      );
      expect([code, response.status, (await errorOf(response)).code]).toEqual([code, 500, 'unknown']);
      expect(onError).toHaveBeenCalledOnce();
    }
  });

  it('issue 13 #1: a throwing onError does not turn an answer into a rejection', async () => {
    const fail = async () => {
      throw new Error('database down');
    };
    const handler = createRebillingHandler(
      { loadPricing: fail, savePricing: fail, loadStripeConnection: fail, connectStripe: fail },
      {
        onError: () => {
          throw new Error('the logger is broken too');
        },
      },
    );
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect((await handler(new Request(`${ORIGIN}/pricing`))).status).toBe(500);
    } finally {
      spy.mockRestore();
    }
  });

  it('issue 13 #3: authorize runs before headers and body are read: an unauthenticated PUT gets 401 with no validation detail', async () => {
    const { backend } = setup();
    const authorize = vi.fn((request: Request) => {
      if (request.headers.get('Authorization') !== 'Bearer owner') throw new RebillingError('unauthorized', 'Sign in to manage rebilling.');
    });
    const handler = createRebillingHandler(backend, { authorize });
    const hostile = [
      put('{"products":', {}),
      put(VALID_CHANGE, { 'Content-Type': 'text/plain' }),
      put(JSON.stringify({ products: { sms: { type: 'multiplier', multiplier: '11' } } })),
      new Request(`${ORIGIN}/pricing`, { method: 'PUT', body: VALID_CHANGE }),
    ];
    for (const request of hostile) {
      const response = await handler(request);
      const error = await errorOf(response);
      expect([response.status, error.code, error.fields]).toEqual([401, 'unauthorized', undefined]);
      expect(error.message).toBe('Sign in to manage rebilling.');
      expect(request.bodyUsed, 'the body was not read').toBe(false);
    }
    expect(authorize).toHaveBeenCalledTimes(hostile.length);
    expect(backend.inspect.appliedSaves()).toBe(0);
    // The owner still gets validation detail.
    const owner = await handler(put(JSON.stringify({ products: { sms: { type: 'multiplier', multiplier: '11' } } }), { Authorization: 'Bearer owner' }));
    expect(owner.status).toBe(422);
  });

  it('issue 13 #3: authorize returning false is a 401', async () => {
    const { backend } = setup();
    const handler = createRebillingHandler(backend, { authorize: () => false });
    const response = await handler(put(VALID_CHANGE));
    expect(response.status).toBe(401);
    expect(backend.inspect.appliedSaves()).toBe(0);
  });

  it('issue 13 #3: the adapter function also runs before the body is read, so it can authorize', async () => {
    const backend = createMemoryAdapter();
    const handler = createRebillingHandler((request) => {
      if (!request.headers.has('Authorization')) throw new RebillingError('unauthorized', 'Sign in to manage rebilling.');
      return backend;
    });
    for (const request of [put('{"broken'), put(VALID_CHANGE, { 'If-Match': '*' }), put(VALID_CHANGE, { 'Idempotency-Key': '' })]) {
      const response = await handler(request);
      expect([response.status, (await errorOf(response)).fields]).toEqual([401, undefined]);
      expect(request.bodyUsed).toBe(false);
    }
    expect(backend.inspect.appliedSaves()).toBe(0);
  });

  it('issue 13 #5: an adapter’s own AbortError (an upstream timeout) is a 503 reported to onError, not a 499 cancel', async () => {
    for (const error of [new DOMException('upstream timed out', 'AbortError'), new DOMException('upstream timed out', 'TimeoutError')]) {
      const fail = async () => {
        throw error;
      };
      const onError = vi.fn();
      const handler = createRebillingHandler({ loadPricing: fail, savePricing: fail, loadStripeConnection: fail, connectStripe: fail }, { onError });
      const response = await handler(new Request(`${ORIGIN}/pricing`));
      const body = await errorOf(response);
      expect([response.status, body.code]).toEqual([503, 'unavailable']);
      expect(onError).toHaveBeenCalledWith(error, expect.any(Request));
    }
  });

  it('issue 13 #5: the client’s own abort is still answered 499 without calling onError', async () => {
    const controller = new AbortController();
    const onError = vi.fn();
    const handler = createRebillingHandler(createMemoryAdapter({ latencyMs: 200 }), { onError });
    const answer = handler(new Request(`${ORIGIN}/pricing`, { signal: controller.signal }));
    controller.abort();
    expect((await answer).status).toBe(499);
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('issue 13 #4: CORS', () => {
  const APP = 'https://app.example.com';
  const EVIL = 'https://evil.example';

  function preflight(origin: string, path = '/pricing', method = 'PUT') {
    return new Request(`${ORIGIN}${path}`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'content-type, if-match, idempotency-key' },
    });
  }

  it('answers an allowed preflight 204 with methods, the contract headers, max-age and Vary: Origin', async () => {
    const { handler } = setup({ cors: { origins: [APP], credentials: true } });
    const response = await handler(preflight(APP));
    expect(response.status).toBe(204);
    const headers = Object.fromEntries(response.headers);
    expect(headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, PUT',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
    const allowed = headers['access-control-allow-headers']!.split(', ').map((name) => name.toLowerCase());
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'if-match', 'idempotency-key', 'authorization']));
  });

  it('gives a disallowed origin no CORS headers: its preflight is 403, its GET carries none', async () => {
    const { handler } = setup({ cors: { origins: [APP], credentials: true } });
    const refused = await handler(preflight(EVIL));
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toContain('cors.origins');
    const get = await handler(new Request(`${ORIGIN}/pricing`, { headers: { Origin: EVIL } }));
    expect(get.status).toBe(200);
    for (const response of [refused, get]) {
      expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
      expect(response.headers.get('Vary')).toBe('Origin');
    }
  });

  it('exposes ETag to an allowed origin on answers and errors, so the client can read the revision and the error', async () => {
    const { handler } = setup({ cors: { origins: [APP] } });
    const get = await handler(new Request(`${ORIGIN}/pricing`, { headers: { Origin: APP } }));
    expect([get.status, get.headers.get('Access-Control-Allow-Origin'), get.headers.get('Access-Control-Expose-Headers')]).toEqual([200, APP, 'ETag']);
    expect(get.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    const stale = await handler(put(VALID_CHANGE, { Origin: APP, 'If-Match': '"0"' }));
    expect([stale.status, stale.headers.get('Access-Control-Allow-Origin')]).toEqual([412, APP]);
  });

  it('decides by a function (which may be async), and allows any origin with "*" without credentials', async () => {
    const { handler } = setup({ cors: { origins: async (origin) => origin.endsWith('.example.com') } });
    expect((await handler(preflight(APP))).headers.get('Access-Control-Allow-Origin')).toBe(APP);
    expect((await handler(preflight(EVIL))).status).toBe(403);
    const any = setup({ cors: { origins: '*' } }).handler;
    expect((await any(preflight(EVIL))).headers.get('Access-Control-Allow-Origin')).toBe('*');
  });

  it('refuses a configuration browsers would reject, naming the fix', () => {
    expect(() => createRebillingHandler(createMemoryAdapter(), { cors: { origins: '*', credentials: true } })).toThrow(/list the allowed origins/);
    expect(() => createRebillingHandler(createMemoryAdapter(), { cors: { origins: ['https://app.example.com/path'] } })).toThrow(/scheme, host and port only/);
  });

  it('answers OPTIONS with 204 and Allow even without cors (it used to be 405), and a preflight never reaches authorize', async () => {
    const authorize = vi.fn(() => false);
    const plain = setup({ authorize }).handler;
    const response = await plain(new Request(`${ORIGIN}/stripe/connect`, { method: 'OPTIONS' }));
    expect([response.status, response.headers.get('Allow')]).toEqual([204, 'POST, OPTIONS']);
    const withCors = setup({ authorize, cors: { origins: [APP] } }).handler;
    expect((await withCors(preflight(APP))).status).toBe(204);
    expect(authorize).not.toHaveBeenCalled();
  });
});

/**
 * An adapter that trusts the handler, as a thin database adapter does: it checks the revision
 * and stores whatever change it is given.
 */
function trustingAdapter(products: Partial<Record<'phoneNumbers' | 'sms', { limits: { min: string; max: string; step: string } }>> = {}) {
  const memory = createMemoryAdapter({ pricing: { products } });
  let stored = memory.inspect.readPricing();
  let saves = 0;
  const adapter: RebillingAdapter = {
    ...memory,
    async loadPricing() {
      return structuredClone(stored);
    },
    async savePricing(change, { expectedRevision }) {
      if (expectedRevision !== stored.revision) throw new RebillingError('conflict', 'stale');
      saves += 1;
      const next = structuredClone(stored);
      for (const [id, rule] of Object.entries(change.products)) (next.products as Record<string, { rule: unknown }>)[id]!.rule = rule;
      stored = { ...next, revision: String(Number(stored.revision) + 1) };
      return structuredClone(stored);
    },
  };
  return { adapter, saves: () => saves, stored: () => stored };
}

describe('issue 13 #2 #6: the write path never accepts what the read path rejects', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['sms 2.55 (off the 0.1 step)', { sms: { type: 'multiplier', multiplier: '2.55' } }, 'products.sms.multiplier'],
    ['phoneNumbers 9 with limits 1–3', { phoneNumbers: { type: 'multiplier', multiplier: '9' } }, 'products.phoneNumbers.multiplier'],
    ['phoneNumbers 0.5 below limits 1–3', { phoneNumbers: { type: 'multiplier', multiplier: '0.5' } }, 'products.phoneNumbers.multiplier'],
    ['a sub-millionth listing price', { listings: { type: 'fixed', price: '1.0000001' } }, 'products.listings.price'],
    ['a 37-decimal multiplier', { sms: { type: 'multiplier', multiplier: `3.${'0'.repeat(37)}` } }, 'products.sms.multiplier'],
    ['__proto__ beside a valid product', { sms: { type: 'multiplier', multiplier: '3' }, ['__proto__']: { type: 'fixed', price: '1' } }, 'products.__proto__'],
    ['constructor as a product', { constructor: { type: 'fixed', price: '1' } }, 'products.constructor'],
  ];
  for (const [what, products, path] of cases) {
    it(`issue 13 #2: ${what} is a 422 naming ${path}, never reaches a trusting adapter, and GET /pricing still works`, async () => {
      const backend = trustingAdapter({ phoneNumbers: { limits: { min: '1', max: '3', step: '0.5' } } });
      const handler = createRebillingHandler(backend.adapter);
      // Written by hand, key by key, so a `__proto__` key reaches the handler as JSON text.
      const body = `{"products":{${Object.entries(products).map(([id, rule]) => `${JSON.stringify(id)}:${JSON.stringify(rule)}`).join(',')}}}`;
      const response = await handler(put(body));
      const error = await errorOf(response);
      expect([response.status, error.code]).toEqual([422, 'validation']);
      expect(error.fields?.map((field) => field.path)).toContain(path);
      expect(backend.saves()).toBe(0);
      expect((await handler(new Request(`${ORIGIN}/pricing`))).status).toBe(200);
    });
  }

  it('issue 13 #6: stores canonical decimals ("-0.000" → "0", "2.50" → "2.5") through the handler', async () => {
    const backend = trustingAdapter();
    const handler = createRebillingHandler(backend.adapter);
    const response = await handler(
      put(JSON.stringify({ products: { listings: { type: 'fixed', price: '-0.000' }, sms: { type: 'multiplier', multiplier: '2.50' } } })),
    );
    expect(response.status).toBe(200);
    expect(backend.stored().products.listings.rule).toEqual({ type: 'fixed', price: '0' });
    expect(backend.stored().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.5' });
  });

  it('issue 13 #2: a stale If-Match still reaches the adapter, which answers the conflict (or replays the key)', async () => {
    const { handler, backend } = setup();
    const first = await handler(put(VALID_CHANGE));
    expect(first.status).toBe(200);
    // Same key, stale revision: the memory adapter replays the first answer.
    const replay = await handler(put(VALID_CHANGE));
    expect([replay.status, replay.headers.get('ETag')]).toEqual([200, first.headers.get('ETag')]);
    const stale = await handler(put(VALID_CHANGE, { 'Idempotency-Key': 'key-2' }));
    expect(stale.status).toBe(412);
    expect(backend.inspect.appliedSaves()).toBe(1);
  });
});

describe('createRebillingHandler: GET /pricing/history', () => {
  const saveSms = (backend: ReturnType<typeof createMemoryAdapter>, multiplier: string, key: string) =>
    backend.savePricing({ products: { sms: { type: 'multiplier', multiplier } } }, { expectedRevision: backend.inspect.readPricing().revision, idempotencyKey: key });

  it("serves the adapter's history one product at a time, newest first, with a cursor to the next page", async () => {
    const { backend, handler } = setup();
    await saveSms(backend, '2', 'k1');
    await backend.savePricing({ products: { email: { type: 'multiplier', multiplier: '4' } } }, { expectedRevision: '2', idempotencyKey: 'k2' });
    await saveSms(backend, '3', 'k3');
    const response = await handler(new Request(`${ORIGIN}/pricing/history?product=sms&limit=1`));
    expect(response.status).toBe(200);
    const page = (await response.json()) as { entries: Array<{ to: unknown }>; nextCursor: string };
    expect(page.entries.map((entry) => entry.to)).toEqual([{ type: 'multiplier', multiplier: '3' }]);
    const next = await (await handler(new Request(`${ORIGIN}/pricing/history?product=sms&limit=1&cursor=${page.nextCursor}`))).json();
    expect(next).toMatchObject({ entries: [{ to: { type: 'multiplier', multiplier: '2' } }], nextCursor: null });
  });

  it('422 for an unknown product or limit, naming the field', async () => {
    const { handler } = setup();
    expect((await errorOf(await handler(new Request(`${ORIGIN}/pricing/history?product=fax`)))).fields).toEqual([
      expect.objectContaining({ path: 'product' }),
    ]);
    expect((await handler(new Request(`${ORIGIN}/pricing/history?limit=201`))).status).toBe(422);
  });

  it('501 when the adapter has no listPriceChanges, 500 when its answer is malformed', async () => {
    const { listPriceChanges: _omitted, ...minimal } = createMemoryAdapter();
    expect((await createRebillingHandler(minimal)(new Request(`${ORIGIN}/pricing/history`))).status).toBe(501);
    const broken: RebillingAdapter = {
      ...createMemoryAdapter(),
      listPriceChanges: async () => ({ entries: [{ id: '1', at: 'yesterday' }], nextCursor: null }) as never,
    };
    const onError = vi.fn();
    expect((await createRebillingHandler(broken, { onError })(new Request(`${ORIGIN}/pricing/history`))).status).toBe(500);
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('createRebillingHandler: the owner wallet', () => {
  const SETTINGS = { lowBalanceThreshold: '25', autoRecharge: { enabled: true, threshold: '20', target: '100', monthlyCap: '300' } };
  const putSettings = (body: string, key: string | null = 'w1') =>
    new Request(`${ORIGIN}/wallet/settings`, {
      method: 'PUT',
      body,
      headers: { 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
    });

  it('GET /wallet answers the wallet; PUT /wallet/settings saves once per key', async () => {
    const { backend, handler } = setup();
    expect(await (await handler(new Request(`${ORIGIN}/wallet`))).json()).toMatchObject({ currency: 'USD', autoRecharge: { enabled: false } });
    const saved = await handler(putSettings(JSON.stringify(SETTINGS)));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject(SETTINGS);
    expect((await handler(putSettings(JSON.stringify(SETTINGS)))).status).toBe(200);
    expect(backend.inspect.readWallet()).toMatchObject(SETTINGS);
  });

  it('400 without Idempotency-Key, 422 naming the field for a sub-cent or inverted setting, nothing saved', async () => {
    const { backend, handler } = setup();
    expect((await handler(putSettings(JSON.stringify(SETTINGS), null))).status).toBe(400);
    const subCent = { ...SETTINGS, autoRecharge: { ...SETTINGS.autoRecharge, target: '100.005' } };
    const response = await handler(putSettings(JSON.stringify(subCent)));
    expect(response.status).toBe(422);
    expect((await errorOf(response)).fields).toEqual([expect.objectContaining({ path: 'autoRecharge.target' })]);
    const inverted = { ...SETTINGS, autoRecharge: { ...SETTINGS.autoRecharge, target: '10' } };
    expect((await handler(putSettings(JSON.stringify(inverted), 'w2'))).status).toBe(422);
    expect(backend.inspect.readWallet().autoRecharge.enabled).toBe(false);
  });

  it('501 when the adapter has no wallet', async () => {
    const { loadWallet: _load, saveAutoRecharge: _save, ...minimal } = createMemoryAdapter();
    expect((await createRebillingHandler(minimal)(new Request(`${ORIGIN}/wallet`))).status).toBe(501);
  });
});
describe('GET /usage/summary', () => {
  it("answers the adapter's summary, 501 without loadUsageSummary, 500 when its answer is malformed", async () => {
    const adapter = createMemoryAdapter({ usage: { sms: 12_400 } });
    const response = await createRebillingHandler(adapter)(new Request(`${ORIGIN}/usage/summary`));
    expect(response.status).toBe(200);
    expect((await response.json()).quantities).toEqual({ sms: 12_400 });
    const { loadUsageSummary: _omitted, ...minimal } = createMemoryAdapter();
    expect((await createRebillingHandler(minimal)(new Request(`${ORIGIN}/usage/summary`))).status).toBe(501);
    const broken: RebillingAdapter = { ...createMemoryAdapter(), loadUsageSummary: async () => ({ from: 'then', to: 'now', quantities: {} }) };
    const onError = vi.fn();
    expect((await createRebillingHandler(broken, { onError })(new Request(`${ORIGIN}/usage/summary`))).status).toBe(500);
    expect(onError).toHaveBeenCalledOnce();
  });
});
