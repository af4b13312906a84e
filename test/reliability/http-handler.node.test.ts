/**
 * The HTTP handler fed what a hostile or broken client sends: every answer is a 4xx JSON error
 * body, and nothing reaches the backend (no save applied, prices unchanged).
 */
import { createMemoryAdapter } from '@rebill-kit/core';
import { createRebillingHandler } from '@rebill-kit/adapter-http/server';
import { describe, expect, it, vi } from 'vitest';

const BASE = 'http://host.example';
const validChange = JSON.stringify({ products: { sms: { type: 'multiplier', multiplier: '3' } } });
const json = { 'Content-Type': 'application/json' };
const put = (headers: Record<string, string>, body?: BodyInit | null) => ({ method: 'PUT', path: '/pricing', headers, body });
const good = { ...json, 'If-Match': '"1"', 'Idempotency-Key': 'k-1' };

interface Case {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
}

const CASES: Array<[string, number, Case]> = [
  ['PUT without a body', 400, put(good)],
  ['PUT with an empty body', 400, put(good, '')],
  ['PUT with broken JSON', 400, put(good, '{"products":')],
  ['PUT with JSON null', 422, put(good, 'null')],
  ['PUT with a JSON array', 422, put(good, '[]')],
  ['PUT with a JSON string', 422, put(good, '"prices"')],
  ['PUT with no products', 422, put(good, '{}')],
  ['PUT with empty products', 422, put(good, '{"products":{}}')],
  ['PUT with an unknown product', 422, put(good, '{"products":{"fax":{"type":"multiplier","multiplier":"2"}}}')],
  ['PUT with a number instead of a decimal string', 422, put(good, '{"products":{"sms":{"type":"multiplier","multiplier":3}}}')],
  ['PUT with multiplier 50', 422, put(good, '{"products":{"sms":{"type":"multiplier","multiplier":"50"}}}')],
  ['PUT with a negative price', 422, put(good, '{"products":{"listings":{"type":"fixed","price":"-1"}}}')],
  ['PUT with "NaN"', 422, put(good, '{"products":{"sms":{"type":"multiplier","multiplier":"NaN"}}}')],
  ['PUT with a wrong rule type for the product', 422, put(good, '{"products":{"sms":{"type":"fixed","price":"1"}}}')],
  ['PUT with a __proto__ product', 422, put(good, '{"products":{"__proto__":{"type":"fixed","price":"1"}}}')],
  ['PUT with invalid UTF-8', 400, put(good, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))],
  ['PUT with text/plain', 415, put({ ...good, 'Content-Type': 'text/plain' }, validChange)],
  ['PUT with form encoding', 415, put({ ...good, 'Content-Type': 'application/x-www-form-urlencoded' }, 'products=1')],
  ['PUT with no Content-Type', 415, put({ 'If-Match': '"1"', 'Idempotency-Key': 'k' }, new Blob([validChange]))],
  ['PUT with a 1 MB body', 413, put(good, JSON.stringify({ products: { sms: { type: 'multiplier', multiplier: '3' } }, pad: 'x'.repeat(1 << 20) }))],
  ['PUT with a huge declared Content-Length', 413, put({ ...good, 'Content-Length': String(10 * 1024 * 1024) }, validChange)],
  ['PUT without If-Match', 428, put({ ...json, 'Idempotency-Key': 'k' }, validChange)],
  ['PUT with If-Match *', 400, put({ ...good, 'If-Match': '*' }, validChange)],
  ['PUT with a weak or listed If-Match', 400, put({ ...good, 'If-Match': 'W/"1", "2"' }, validChange)],
  ['PUT with a stale If-Match', 412, put({ ...good, 'If-Match': '"0"' }, validChange)],
  ['PUT without Idempotency-Key', 400, put({ ...json, 'If-Match': '"1"' }, validChange)],
  ['PUT with an over-long Idempotency-Key', 400, put({ ...good, 'Idempotency-Key': 'k'.repeat(300) }, validChange)],
  ['PUT with a non-ASCII Idempotency-Key', 400, put({ ...good, 'Idempotency-Key': 'k k' }, validChange)],
  ['POST /pricing', 405, { method: 'POST', path: '/pricing', headers: json, body: validChange }],
  ['DELETE /pricing', 405, { method: 'DELETE', path: '/pricing' }],
  ['unknown route', 404, { method: 'GET', path: '/admin' }],
  ['path traversal', 404, { method: 'GET', path: '/pricing/../../etc/passwd' }],
  ['connect with a bad choice', 422, { method: 'POST', path: '/stripe/connect', headers: json, body: '{"syncCustomersAs":"everyone"}' }],
  ['connect with broken JSON', 400, { method: 'POST', path: '/stripe/connect', headers: json, body: '{' }],
  ['connect with text/html', 415, { method: 'POST', path: '/stripe/connect', headers: { 'Content-Type': 'text/html' }, body: '<p>' }],
  ['ledger limit 0', 422, { method: 'GET', path: '/ledger?limit=0' }],
  ['ledger limit NaN', 422, { method: 'GET', path: '/ledger?limit=NaN' }],
  ['ledger limit huge', 422, { method: 'GET', path: '/ledger?limit=100000' }],
  ['ledger unknown cursor', 422, { method: 'GET', path: '/ledger?cursor=nope' }],
];

describe('HTTP handler: malformed requests', () => {
  it('has at least 20 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it.each(CASES)('%s → %i JSON error, nothing applied', async (_name, status, request) => {
    const memory = createMemoryAdapter({ stripe: 'disconnected' });
    const before = memory.inspect.readPricing();
    const connect = vi.spyOn(memory, 'connectStripe');
    const onError = vi.fn();
    const handler = createRebillingHandler(memory, { onError });
    const response = await handler(
      new Request(`${BASE}${request.path}`, {
        method: request.method,
        headers: request.headers ?? {},
        ...(request.body === undefined || request.body === null ? {} : { body: request.body }),
      }),
    );
    expect(response.status).toBe(status);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(typeof body.error.code).toBe('string');
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(body.error.message).not.toMatch(/\[object Object\]|undefined/);
    expect(memory.inspect.appliedSaves()).toBe(0);
    expect(memory.inspect.readPricing()).toEqual(before);
    expect(connect).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });
});
