import { createMemoryAdapter, type RebillingAdapter } from '@rebill-kit/core';
import { describe, expect, it } from 'vitest';
import { createHttpAdapter } from './client.js';
import { createRebillingHandler } from './server.js';

const ORIGIN = 'http://host.test';
/** Ids a host may really use: a slash, spaces and a query character, non-ASCII, the longest allowed. */
const AWKWARD_IDS = ['team/42', 'a b?c#d', 'café—東京', '%2e%2e', 'x'.repeat(255)];

function setup(backend: RebillingAdapter = createMemoryAdapter({ subAccounts: AWKWARD_IDS.map((subAccountId, i) => ({ subAccountId, name: `Sub ${i}`, overrides: {} })) })) {
  const handler = createRebillingHandler(backend, { onError: () => undefined });
  const adapter = createHttpAdapter({ baseUrl: `${ORIGIN}/api/rebilling`, fetch: (input, init) => handler(new Request(new Request(input, init).url.replace('/api/rebilling', ''), init)), retry: false });
  return { handler, adapter };
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; fields?: Array<{ path: string }> } }).error;
}

describe('overrides over HTTP', () => {
  it.each(AWKWARD_IDS)('saves and removes an override for the sub-account %j (its id is one encoded path segment)', async (subAccountId) => {
    const { adapter } = setup();
    const saved = await adapter.saveOverride!({ subAccountId, product: 'sms', rule: { type: 'multiplier', multiplier: '4' } }, { idempotencyKey: 'k1' });
    expect(saved.subAccountId).toBe(subAccountId);
    expect(saved.overrides).toEqual({ sms: { type: 'multiplier', multiplier: '4' } });
    const page = await adapter.listOverrides!({ limit: 200 });
    expect(page.subAccounts.filter((s) => Object.keys(s.overrides).length > 0).map((s) => s.subAccountId)).toEqual([subAccountId]);
    expect((await adapter.removeOverride!({ subAccountId, product: 'sms' })).overrides).toEqual({});
  });

  it('refuses "." and ".." in the client (a URL would resolve them away), sending nothing', async () => {
    const { adapter } = setup();
    for (const subAccountId of ['.', '..']) {
      await expect(adapter.removeOverride!({ subAccountId, product: 'sms' })).rejects.toMatchObject({ code: 'validation', fields: [{ path: 'subAccountId' }] });
    }
  });

  it('validates the rule against the account snapshot (off step → 422 naming rule.multiplier), applying nothing', async () => {
    const backend = createMemoryAdapter({ pricing: { products: { sms: { limits: { min: '1', max: '5', step: '0.5' } } } } });
    const { adapter } = setup(backend);
    await expect(
      adapter.saveOverride!({ subAccountId: 'sub_lumen_yoga', product: 'sms', rule: { type: 'multiplier', multiplier: '2.2' } }, { idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ code: 'validation', fields: [{ path: 'rule.multiplier' }] });
    expect(backend.inspect.readOverrides().every((s) => Object.keys(s.overrides).length === 0)).toBe(true);
  });

  it('answers 400 without an Idempotency-Key, 422 for an unknown product or a missing rule, 501 without the methods', async () => {
    const { handler } = setup(createMemoryAdapter());
    const put = (path: string, body: unknown, headers: Record<string, string> = { 'Idempotency-Key': 'k' }) =>
      handler(new Request(`${ORIGIN}${path}`, { method: 'PUT', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } }));
    const rule = { type: 'multiplier', multiplier: '3' };
    expect((await put('/overrides/sub_lumen_yoga/sms', { rule }, {})).status).toBe(400);
    const unknown = await put('/overrides/sub_lumen_yoga/fax', { rule });
    expect(unknown.status).toBe(422);
    expect((await errorOf(unknown)).fields?.map((f) => f.path)).toEqual(['product']);
    const missing = await put('/overrides/sub_lumen_yoga/sms', {});
    expect((await errorOf(missing)).fields?.map((f) => f.path)).toEqual(['rule']);
    expect((await put('/overrides/sub_lumen_yoga/sms/extra', { rule })).status).toBe(404);
    expect((await put('/overrides/%E0%A4%A/sms', { rule })).status).toBe(400);

    const { saveOverride: _s, listOverrides: _l, removeOverride: _r, ...minimal } = createMemoryAdapter();
    const bare = createRebillingHandler(minimal as RebillingAdapter);
    expect((await bare(new Request(`${ORIGIN}/overrides`))).status).toBe(501);
    expect((await bare(new Request(`${ORIGIN}/overrides/a/sms`, { method: 'DELETE' }))).status).toBe(501);
  });

  it('features without "overrides" leaves the three methods out', () => {
    const adapter = createHttpAdapter({ baseUrl: ORIGIN, features: ['priceHistory'] });
    expect(adapter.listOverrides).toBeUndefined();
    expect(adapter.saveOverride).toBeUndefined();
    expect(adapter.removeOverride).toBeUndefined();
    expect(typeof createHttpAdapter({ baseUrl: ORIGIN }).saveOverride).toBe('function');
  });
});
