/**
 * Issue 13, "must show": the handler fuzzed with fast-check. Random methods (every
 * `Object.prototype` name among them), paths, headers and bodies, against a fresh memory
 * backend each run: the handler always resolves with a `Response` (it never throws), every
 * 4xx/5xx has a JSON error body, and a 4xx never applies anything.
 */
import { createRebillingHandler } from '@rebill-kit/adapter-http/server';
import { RebillingError, createMemoryAdapter } from '@rebill-kit/core';
import fc from 'fast-check';
import { expect, it, vi } from 'vitest';

const ORIGIN = 'http://host.test';
const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&\'*+-.^_`|~';
/** Methods `new Request` refuses to construct: a Fetch-API runtime never hands them to a handler. */
const FORBIDDEN = new Set(['CONNECT', 'TRACE', 'TRACK']);

const method = fc
  .oneof(
    fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)),
    fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'get', 'put', 'Put'),
    fc.string({ unit: fc.constantFrom(...TOKEN), minLength: 1, maxLength: 12 }),
  )
  .filter((name) => !FORBIDDEN.has(name.toUpperCase()));

const segment = fc.oneof(
  fc.constantFrom('pricing', 'stripe', 'connect', 'ledger', 'api', '..', '.', '', '%2e%2e', '__proto__', 'constructor', 'hasOwnProperty', '%00', '%E2%80%AE'),
  fc.string({ unit: fc.constantFrom(...'abcxyz019-_.~%'), maxLength: 8 }),
);
const path = fc.oneof(
  fc.constantFrom('/pricing', '/stripe', '/stripe/connect', '/ledger', '/ledger?limit=5', '/ledger?cursor=&limit=0', '/pricing/', '//pricing'),
  fc.array(segment, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
  fc.tuple(fc.constantFrom('/ledger', '/pricing'), fc.string({ unit: fc.constantFrom(...'a=&?%0-9limcursor'), maxLength: 20 })).map(([p, q]) => `${p}?${q}`),
);

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 40 });
const headers = fc.record(
  {
    'Content-Type': fc.oneof(fc.constantFrom('application/json', 'Application/JSON; charset=utf-8', 'text/plain', 'application/jsonx', ''), printable),
    'If-Match': fc.oneof(fc.constantFrom('"1"', '"2"', '*', 'W/"1"', '"1", "2"', '"%ZZ"', '""'), printable),
    'Idempotency-Key': fc.oneof(fc.constantFrom('key-1', 'key-2', ''), printable),
    Origin: fc.constantFrom('https://app.example.com', 'https://evil.example', 'null'),
    'Access-Control-Request-Method': fc.constantFrom('PUT', 'GET', 'constructor'),
    Authorization: fc.constantFrom('Bearer ok', 'Bearer no'),
    'Content-Length': fc.oneof(fc.nat({ max: 200_000 }).map(String), printable),
  },
  { requiredKeys: [] },
);

const rule = fc.oneof(
  fc.record({ type: fc.constantFrom('multiplier'), multiplier: fc.oneof(fc.constantFrom('3', '2.5', '11', '0.9', '2.55', '-0', `3.${'0'.repeat(37)}`, 'NaN'), printable) }),
  fc.record({ type: fc.constantFrom('fixed'), price: fc.oneof(fc.constantFrom('19.99', '-1', '-0.000', '1.0000001', '1e3'), printable) }),
  fc.jsonValue(),
);
const productKey = fc.constantFrom('sms', 'email', 'lightningDomains', 'phoneNumbers', 'listings', '__proto__', 'constructor', 'fax');
const body = fc.oneof(
  fc.dictionary(productKey, rule, { maxKeys: 3 }).map((products) =>
    `{"products":{${Object.entries(products).map(([id, value]) => `${JSON.stringify(id)}:${JSON.stringify(value)}`).join(',')}}}`,
  ),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 60 }),
  fc.uint8Array({ maxLength: 60 }),
  fc.constant(null),
);

it('issue 13 fuzz: any request gets a Response, errors are JSON, and a 4xx applies nothing', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await fc.assert(
      fc.asyncProperty(method, path, headers, body, fc.boolean(), async (name, target, sent, payload, withAuthorize) => {
        const backend = createMemoryAdapter();
        const before = backend.inspect.readPricing();
        const handler = createRebillingHandler(withAuthorize ? (request) => {
          if (request.headers.get('Authorization') !== 'Bearer ok') throw new RebillingError('unauthorized', 'Sign in.');
          return backend;
        } : backend, { cors: { origins: ['https://app.example.com'], credentials: true }, maxBodyBytes: 1024, onError: () => undefined });
        const request = new Request(`${ORIGIN}${target}`, {
          method: name,
          headers: sent,
          ...(payload === null || ['GET', 'HEAD'].includes(name.toUpperCase()) ? {} : { body: payload }),
        });
        const response: unknown = await handler(request);
        expect(response).toBeInstanceOf(Response);
        const { status, headers: answered } = response as Response;
        expect(status).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(600);
        if (status >= 400) {
          expect(answered.get('Content-Type')).toMatch(/^application\/json/);
          const error = ((await (response as Response).json()) as { error: { code: string; message: string } }).error;
          expect(typeof error.code).toBe('string');
          expect(error.message.length).toBeGreaterThan(0);
        }
        if (status >= 400 && status < 500) {
          expect(backend.inspect.appliedSaves()).toBe(0);
          expect(backend.inspect.readPricing()).toEqual(before);
        }
        if (sent.Origin === 'https://evil.example') {
          expect([...answered.keys()].filter((header) => header.startsWith('access-control-'))).toEqual([]);
        }
      }),
      { numRuns: 1000 },
    );
  } finally {
    errors.mockRestore();
  }
}, 60_000);
