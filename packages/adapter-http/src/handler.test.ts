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
    expect(response.headers.get('Allow')).toBe('GET, PUT');
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
