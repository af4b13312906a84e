import { describe, expect, it, vi } from 'vitest';
import type { LedgerEntry, PricingChange, RebillingEvent } from './contract.js';
import { RebillingError } from './errors.js';
import { createMemoryAdapter, type MemoryAdapterOptions } from './memory-adapter.js';
import { sampleLedger, sampleSnapshot } from './sample-data.js';

/** A tiny in-memory `Storage`, shared by adapters the way `localStorage` is shared across reloads. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const KEY = 'rebill-kit:memory-adapter';
let keyCounter = 0;
const newKey = () => `key-${++keyCounter}`;

/** A fresh adapter per test, with the events it emits recorded. */
function setup(options: MemoryAdapterOptions = {}) {
  const adapter = createMemoryAdapter(options);
  const events: RebillingEvent['type'][] = [];
  adapter.subscribe((event) => events.push(event.type));
  return { adapter, events };
}

async function rejection(promise: Promise<unknown>): Promise<RebillingError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RebillingError);
  return error as RebillingError;
}

const sms35: PricingChange = { products: { sms: { type: 'multiplier', multiplier: '3.5' } } };

describe('createMemoryAdapter: pricing', () => {
  it('starts from the sample prices at revision 1', async () => {
    const { adapter } = setup();
    expect(await adapter.loadPricing()).toEqual(sampleSnapshot());
    expect(adapter.inspect.appliedSaves()).toBe(0);
  });

  it('merges options over the sample, and validates them', () => {
    const { adapter } = setup({ pricing: { currency: 'EUR', products: { sms: { rule: { type: 'multiplier', multiplier: '4' } } } } });
    const pricing = adapter.inspect.readPricing();
    expect(pricing.currency).toBe('EUR');
    expect(pricing.products.sms).toMatchObject({ youPay: '0.0079', rule: { multiplier: '4' } });
    expect(() => createMemoryAdapter({ pricing: { products: { sms: { rule: { type: 'multiplier', multiplier: '50' } } } } })).toThrow(
      /createMemoryAdapter\(\{ pricing \}\) is invalid.*products\.sms\.rule\.multiplier/,
    );
  });

  it('applies a save, returns the new snapshot with a new revision, and stores it', async () => {
    const { adapter } = setup();
    const saved = await adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: newKey() });
    expect(saved.revision).not.toBe('1');
    expect(saved.products.sms.rule).toEqual({ type: 'multiplier', multiplier: '3.5' });
    expect(adapter.inspect.readPricing()).toEqual(saved);
    expect(await adapter.loadPricing()).toEqual(saved);

    const again = await adapter.savePricing(
      { products: { listings: { type: 'fixed', price: '55' }, email: { type: 'multiplier', multiplier: '2' } } },
      { expectedRevision: saved.revision, idempotencyKey: newKey() },
    );
    expect(new Set(['1', saved.revision, again.revision]).size).toBe(3);
    expect(again.products.sms.rule).toEqual({ type: 'multiplier', multiplier: '3.5' });
    expect(again.products.listings.rule).toEqual({ type: 'fixed', price: '55' });
    expect(adapter.inspect.appliedSaves()).toBe(2);
  });

  it('hands out copies: changing a returned snapshot changes nothing stored', async () => {
    const { adapter } = setup();
    const loaded = await adapter.loadPricing();
    loaded.products.sms.youPay = '999';
    expect(adapter.inspect.readPricing().products.sms.youPay).toBe('0.0079');
  });

  it('hands out copies from every call that returns data (saves, replays, history, ledger), though it keeps no copies itself', async () => {
    const { adapter } = setup();
    const change: PricingChange = { products: { sms: { type: 'multiplier', multiplier: '3.5' } } };
    const options = { expectedRevision: '1', idempotencyKey: newKey() };
    const saved = await adapter.savePricing(change, options);
    const replayed = await adapter.savePricing(change, options);
    // What the caller passed in is not kept either.
    (change.products.sms as { multiplier: string }).multiplier = '9';
    for (const snapshot of [saved, replayed, adapter.inspect.readPricing()]) {
      (snapshot.products.sms.rule as { multiplier: string }).multiplier = '7';
      snapshot.products.email.youPay = '999';
    }
    const history = await adapter.listPriceChanges({ product: 'sms', limit: 10 });
    (history.entries[0]!.to as { multiplier: string }).multiplier = '8';
    const ledger = await adapter.listLedger({ limit: 1 });
    ledger.entries[0]!.amount = '1000000';

    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '3.5' });
    expect(adapter.inspect.readPricing().products.email.youPay).toBe(sampleSnapshot().products.email.youPay);
    expect((await adapter.listPriceChanges({ product: 'sms', limit: 10 })).entries[0]!.to).toEqual({ type: 'multiplier', multiplier: '3.5' });
    expect((await adapter.listLedger({ limit: 1 })).entries[0]!.amount).toBe(sampleLedger()[0]!.amount);
    // A replay still answers with what was saved.
    expect((await adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '3.5' } } }, options)).products.sms.rule).toEqual({ type: 'multiplier', multiplier: '3.5' });
  });

  it('a stale revision is a conflict and applies nothing', async () => {
    const { adapter, events } = setup();
    await adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: newKey() });
    const before = adapter.inspect.readPricing();
    const error = await rejection(
      adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '5' } } }, { expectedRevision: '1', idempotencyKey: newKey() }),
    );
    expect(error.code).toBe('conflict');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Load the latest prices');
    expect(adapter.inspect.readPricing()).toEqual(before);
    expect(adapter.inspect.appliedSaves()).toBe(1);
    expect(events).toEqual(['pricing']);
  });

  it('a change made elsewhere makes the loaded revision stale', async () => {
    const { adapter, events } = setup();
    const external = adapter.simulateExternalChange({ products: { email: { type: 'multiplier', multiplier: '4' } } });
    expect(events).toEqual(['pricing']);
    expect(adapter.inspect.readPricing()).toEqual(external);
    expect((await rejection(adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: newKey() }))).code).toBe('conflict');
  });
});

describe('createMemoryAdapter: idempotency', () => {
  it('the same key replays the first result with one effect, even once the revision moved on', async () => {
    const { adapter, events } = setup();
    const key = newKey();
    const first = await adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: key });
    const replay = await adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: key });
    expect(replay).toEqual(first);
    expect(adapter.inspect.appliedSaves()).toBe(1);
    expect(events).toEqual(['pricing']);

    await adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '4' } } }, { expectedRevision: first.revision, idempotencyKey: newKey() });
    expect(await adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: key })).toEqual(first);
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '4' });
    expect(adapter.inspect.appliedSaves()).toBe(2);
  });

  it('treats the same amounts written differently as the same change', async () => {
    const { adapter } = setup();
    const key = newKey();
    const first = await adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: key });
    const replay = await adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '3.50' } } }, { expectedRevision: '1', idempotencyKey: key });
    expect(replay).toEqual(first);
    expect(adapter.inspect.appliedSaves()).toBe(1);
  });

  // Regression: the key compared changes with JSON.stringify and a key whitelist that also
  // filtered nested fields, so every sms change looked like every other one and was replayed.
  it.each<[string, PricingChange]>([
    ['another multiplier', { products: { sms: { type: 'multiplier', multiplier: '4' } } }],
    ['another product', { products: { email: { type: 'multiplier', multiplier: '3.5' } } }],
    ['an extra product', { products: { sms: { type: 'multiplier', multiplier: '3.5' }, email: { type: 'multiplier', multiplier: '2' } } }],
  ])('the same key with %s is a validation error, applying nothing', async (_name, other) => {
    const { adapter, events } = setup();
    const key = newKey();
    const first = await adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: key });
    const error = await rejection(adapter.savePricing(other, { expectedRevision: first.revision, idempotencyKey: key }));
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual([{ path: 'idempotencyKey', message: 'was used for a different change' }]);
    expect(adapter.inspect.readPricing()).toEqual(first);
    expect(adapter.inspect.appliedSaves()).toBe(1);
    expect(events).toEqual(['pricing']);
  });
});

describe('createMemoryAdapter: validation applies nothing', () => {
  it.each<[string, unknown, string]>([
    ['11x', { products: { sms: { type: 'multiplier', multiplier: '11' } } }, 'products.sms.multiplier'],
    ['an off-step multiplier', { products: { sms: { type: 'multiplier', multiplier: '3.55' } } }, 'products.sms.multiplier'],
    ['a negative fixed price', { products: { listings: { type: 'fixed', price: '-1' } } }, 'products.listings.price'],
    ['an unknown product', { products: { fax: { type: 'fixed', price: '1' } } }, 'products.fax'],
    ['a multiplier on a fixed product', { products: { lightningDomains: { type: 'multiplier', multiplier: '2' } } }, 'products.lightningDomains.type'],
    ['a numeric multiplier', { products: { sms: { type: 'multiplier', multiplier: 3.5 } } }, 'products.sms.multiplier'],
    ['no product', { products: {} }, 'products'],
    ['one bad rule among good ones', { products: { email: { type: 'multiplier', multiplier: '2' }, sms: { type: 'multiplier', multiplier: '0.5' } } }, 'products.sms.multiplier'],
  ])('%s', async (_name, change, path) => {
    const { adapter, events } = setup();
    const before = adapter.inspect.readPricing();
    const error = await rejection(adapter.savePricing(change as PricingChange, { expectedRevision: '1', idempotencyKey: newKey() }));
    expect(error.code).toBe('validation');
    expect(error.fields.map((f) => f.path)).toContain(path);
    expect(adapter.inspect.readPricing()).toEqual(before);
    expect(adapter.inspect.appliedSaves()).toBe(0);
    expect(events).toEqual([]);
  });

  it('checks multipliers against the snapshot’s own narrowed limits', async () => {
    const { adapter } = setup({ pricing: { products: { sms: { limits: { min: '1.5', max: '3', step: '0.25' }, rule: { type: 'multiplier', multiplier: '2' } } } } });
    const error = await rejection(adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: newKey() }));
    expect(error.fields[0]).toMatchObject({ path: 'products.sms.multiplier', message: 'must be between 1.5x and 3x' });
    await adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '2.75' } } }, { expectedRevision: '1', idempotencyKey: newKey() });
    expect(adapter.inspect.appliedSaves()).toBe(1);
  });
});

describe('createMemoryAdapter: latency and abort', () => {
  it('waits latencyMs before answering, calling a latency function per call', async () => {
    const latency = vi.fn(() => 40);
    const { adapter } = setup({ latencyMs: latency });
    const started = performance.now();
    await adapter.loadPricing();
    await adapter.loadStripeConnection();
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(latency).toHaveBeenCalledTimes(2);
  });

  it('rejects with the signal’s reason when aborted during the delay, applying nothing', async () => {
    const { adapter } = setup({ latencyMs: 1000 });
    const controller = new AbortController();
    const reason = new DOMException('The owner navigated away', 'AbortError');
    const saving = adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: newKey(), signal: controller.signal });
    const loading = adapter.loadPricing({ signal: controller.signal });
    setTimeout(() => controller.abort(reason), 10);
    await expect(saving).rejects.toBe(reason);
    await expect(loading).rejects.toBe(reason);
    expect(adapter.inspect.appliedSaves()).toBe(0);
  });

  it('rejects at once for a signal already aborted, even with no latency', async () => {
    const { adapter } = setup();
    const controller = new AbortController();
    controller.abort('gone');
    await expect(adapter.loadPricing({ signal: controller.signal })).rejects.toBe('gone');
    await expect(adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: newKey(), signal: controller.signal })).rejects.toBe('gone');
    await expect(adapter.listLedger({ limit: 5 }, { signal: controller.signal })).rejects.toBe('gone');
    expect(adapter.inspect.appliedSaves()).toBe(0);
  });
});

describe('createMemoryAdapter: persistence', () => {
  it('a second adapter on the same storage sees saved prices and the Stripe status', async () => {
    const storage = new MemoryStorage();
    const first = createMemoryAdapter({ storage });
    const saved = await first.savePricing(sms35, { expectedRevision: '1', idempotencyKey: newKey() });
    await first.connectStripe({ syncCustomersAs: 'people' });

    const second = createMemoryAdapter({ storage });
    expect(await second.loadPricing()).toEqual(saved);
    expect(await second.loadStripeConnection()).toEqual({ status: 'connected', accountName: 'Sample Agency LLC' });
    const next = await second.savePricing({ products: { sms: { type: 'multiplier', multiplier: '4' } } }, { expectedRevision: saved.revision, idempotencyKey: newKey() });
    expect(next.revision).not.toBe(saved.revision);
    expect(createMemoryAdapter({ storage }).inspect.readPricing()).toEqual(next);
  });

  it('keeps the newest 1,000 price changes, so a long session still reads back from storage', async () => {
    const storage = new MemoryStorage();
    const adapter = createMemoryAdapter({ storage });
    let revision = '1';
    for (let index = 0; index < 1_005; index++) {
      const multiplier = index % 2 === 0 ? '3' : '4';
      revision = (await adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier } } }, { expectedRevision: revision, idempotencyKey: newKey() })).revision;
    }
    const reloaded = createMemoryAdapter({ storage });
    expect(reloaded.inspect.readPricing().revision).toBe(revision);
    const revisions: string[] = [];
    for (let cursor: string | undefined, page; !page || page.nextCursor; cursor = page.nextCursor ?? undefined) {
      page = await reloaded.listPriceChanges(cursor === undefined ? { limit: 200 } : { cursor, limit: 200 });
      revisions.push(...page.entries.map((entry) => entry.revision));
    }
    expect([revisions.length, revisions[0], revisions.at(-1)]).toEqual([1_000, revision, String(Number(revision) - 999)]);
  });

  it('keeps state under storageKey, apart from other adapters', async () => {
    const storage = new MemoryStorage();
    await createMemoryAdapter({ storage, storageKey: 'a' }).savePricing(sms35, { expectedRevision: '1', idempotencyKey: newKey() });
    expect([...storage.items.keys()]).toEqual(['a']);
    expect(createMemoryAdapter({ storage, storageKey: 'b' }).inspect.readPricing()).toEqual(sampleSnapshot());
  });

  it.each<[string, string]>([
    ['not JSON', '{not json'],
    ['JSON null', 'null'],
    ['another version', JSON.stringify({ version: 2, pricing: sampleSnapshot(), stripe: { status: 'connected' } })],
    ['invalid prices', JSON.stringify({ version: 1, pricing: { ...sampleSnapshot(), currency: 'USD', revision: '9', products: { sms: { youPay: 'x' } } }, stripe: { status: 'connected' } })],
    ['an unknown Stripe status', JSON.stringify({ version: 1, pricing: { ...sampleSnapshot(), revision: '9' }, stripe: { status: 'hacked' } })],
    ['another currency', JSON.stringify({ version: 1, pricing: { ...sampleSnapshot(), currency: 'EUR', revision: '9' }, stripe: { status: 'connected' } })],
  ])('corrupt storage (%s) falls back to the defaults', (_name, raw) => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, raw);
    const adapter = createMemoryAdapter({ storage });
    expect(adapter.inspect.readPricing()).toEqual(sampleSnapshot());
    expect(adapter.inspect.readStripe()).toEqual({ status: 'disconnected' });
  });

  // Regression: a throwing setItem (quota, private mode) failed a save that had been applied.
  it('a storage that cannot write does not fail a save', async () => {
    const storage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota exceeded', 'QuotaExceededError');
      },
    };
    const adapter = createMemoryAdapter({ storage });
    const saved = await adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: newKey() });
    expect(adapter.inspect.readPricing()).toEqual(saved);
  });
});

describe('createMemoryAdapter: events', () => {
  it('fires once per applied save, not for replays or rejected saves; unsubscribe stops it', async () => {
    const adapter = createMemoryAdapter();
    const listener = vi.fn();
    const other = vi.fn();
    const unsubscribe = adapter.subscribe(listener);
    adapter.subscribe(other);
    const key = newKey();
    const saved = await adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: key });
    await adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: key });
    await rejection(adapter.savePricing(sms35, { expectedRevision: '1', idempotencyKey: newKey() }));
    await rejection(adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '99' } } }, { expectedRevision: saved.revision, idempotencyKey: newKey() }));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ type: 'pricing', revision: saved.revision });

    unsubscribe();
    unsubscribe();
    await adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '4' } } }, { expectedRevision: saved.revision, idempotencyKey: newKey() });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(2);
  });

  it('announces Stripe and ledger changes', async () => {
    const { adapter, events } = setup();
    await adapter.connectStripe({ syncCustomersAs: null });
    adapter.simulateStripeStatus('disconnected');
    adapter.simulateLedgerEntry(newEntry('led_new'));
    expect(events).toEqual(['stripe', 'stripe', 'ledger']);
  });
});

function newEntry(id: string): LedgerEntry {
  return { id, at: '2026-11-21T10:00:00.000Z', type: 'funds_added', amount: '50', balanceAfter: '150', description: 'Funds added by card' };
}

async function readAll(adapter: ReturnType<typeof createMemoryAdapter>, limit: number, between?: (page: number) => void) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await adapter.listLedger(cursor === undefined ? { limit } : { cursor, limit });
    expect(result.entries.length).toBeLessThanOrEqual(limit);
    ids.push(...result.entries.map((e) => e.id));
    if (result.nextCursor === null) return ids;
    expect(result.entries.length).toBe(limit);
    cursor = result.nextCursor;
    between?.(page);
  }
  throw new Error('the ledger never ended');
}

describe('createMemoryAdapter: ledger', () => {
  const expected = sampleLedger().map((e) => e.id);

  it.each([1, 2, 7, 10, 44, 45, 46, 200])('pages of %i cover the sample ledger, newest first, without gaps or repeats', async (limit) => {
    const { adapter } = setup();
    const ids = await readAll(adapter, limit);
    expect(ids).toEqual(expected);
  });

  it('entries added between page calls neither shift nor repeat the pages being read', async () => {
    const { adapter } = setup();
    let added = 0;
    const ids = await readAll(adapter, 10, () => adapter.simulateLedgerEntry(newEntry(`led_new_${++added}`)));
    expect(added).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
    const fresh = await adapter.listLedger({ limit: 2 });
    expect(fresh.entries.map((e) => e.id)).toEqual([`led_new_${added}`, `led_new_${added - 1}`]);
  });

  it('returns the entries themselves, equal to the sample', async () => {
    const { adapter } = setup();
    const page = await adapter.listLedger({ limit: 3 });
    expect(page).toEqual({ entries: sampleLedger().slice(0, 3), nextCursor: sampleLedger()[2]!.id });
  });

  it('an empty ledger is one empty page', async () => {
    const { adapter } = setup({ ledger: [] });
    expect(await adapter.listLedger({ limit: 50 })).toEqual({ entries: [], nextCursor: null });
  });

  it.each([0, -1, 201, 1.5, Number.NaN])('limit %s is a validation error', async (limit) => {
    const { adapter } = setup();
    const error = await rejection(adapter.listLedger({ limit }));
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual([{ path: 'limit', message: 'must be a whole number from 1 to 200' }]);
  });

  it('an unknown cursor is a validation error', async () => {
    const { adapter } = setup();
    const error = await rejection(adapter.listLedger({ cursor: 'nope', limit: 10 }));
    expect(error.code).toBe('validation');
    expect(error.fields[0]?.path).toBe('cursor');
  });

  it('refuses a malformed or duplicate simulated entry', () => {
    const { adapter } = setup();
    expect(() => adapter.simulateLedgerEntry({ ...newEntry('x'), amount: 5 as unknown as string })).toThrow(RebillingError);
    expect(() => adapter.simulateLedgerEntry(newEntry('led_0001'))).toThrow(/already in the ledger/);
  });
});

describe('createMemoryAdapter: Stripe', () => {
  it('starts disconnected unless told otherwise', async () => {
    expect(await setup().adapter.loadStripeConnection()).toEqual({ status: 'disconnected' });
    expect(await setup({ stripe: 'connected' }).adapter.loadStripeConnection()).toEqual({ status: 'connected', accountName: 'Sample Agency LLC' });
    expect(await setup({ stripe: 'pending' }).adapter.loadStripeConnection()).toEqual({ status: 'pending' });
  });

  it('connects at once by default', async () => {
    const { adapter } = setup();
    expect(await adapter.connectStripe({ syncCustomersAs: 'businesses' })).toEqual({ status: 'connected' });
    expect(adapter.inspect.readStripe()).toEqual({ status: 'connected', accountName: 'Sample Agency LLC' });
  });

  it('answers pending with the redirect when configured to', async () => {
    const redirectUrl = 'https://connect.stripe.com/setup/s/acct_123';
    const { adapter } = setup({ stripeConnect: { redirectUrl } });
    expect(await adapter.connectStripe({ syncCustomersAs: 'people' })).toEqual({ status: 'pending', redirectUrl });
    expect(await adapter.loadStripeConnection()).toEqual({ status: 'pending' });
    adapter.simulateStripeStatus('connected', 'Acme');
    expect(await adapter.loadStripeConnection()).toEqual({ status: 'connected', accountName: 'Acme' });
  });

  // Regression: a configured javascript: URL was handed to the host to navigate to.
  it('never answers with a javascript: redirect', async () => {
    const { adapter, events } = setup({ stripeConnect: { redirectUrl: 'javascript:alert(1)' } });
    const error = await rejection(adapter.connectStripe({ syncCustomersAs: null }));
    expect(error.fields).toEqual([{ path: 'redirectUrl', message: 'must be an http: or https: URL' }]);
    expect(adapter.inspect.readStripe()).toEqual({ status: 'disconnected' });
    expect(events).toEqual([]);
  });

  it('refuses an unknown customer sync', async () => {
    const { adapter } = setup();
    const error = await rejection(adapter.connectStripe({ syncCustomersAs: 'everyone' as 'people' }));
    expect(error.fields[0]?.path).toBe('syncCustomersAs');
    expect(adapter.inspect.readStripe().status).toBe('disconnected');
  });
});

describe('regression: a throwing subscriber', () => {
  it('does not make an applied save look failed', async () => {
    const adapter = createMemoryAdapter();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    adapter.subscribe(() => {
      throw new Error('listener bug');
    });
    const { revision } = await adapter.loadPricing();
    await expect(
      adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '3' } } }, { expectedRevision: revision, idempotencyKey: 'k' }),
    ).resolves.toMatchObject({ products: { sms: { rule: { multiplier: '3' } } } });
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });
});

describe('idempotency keys expire and are bounded (issue 13 #13)', () => {
  const change = (multiplier: string): PricingChange => ({ products: { sms: { type: 'multiplier', multiplier } } });

  it('issue 13 #13: a key replays within its lifetime (default 24 h) and is a new key after it', async () => {
    let time = 0;
    const adapter = createMemoryAdapter({ now: () => time });
    const first = await adapter.savePricing(change('3'), { expectedRevision: '1', idempotencyKey: 'k' });
    time = 24 * 60 * 60 * 1000 - 1;
    expect((await adapter.savePricing(change('3'), { expectedRevision: '1', idempotencyKey: 'k' })).revision).toBe(first.revision);
    expect(adapter.inspect.appliedSaves()).toBe(1);
    time += 1;
    // Expired: the same call is a new save on a stale revision.
    expect((await rejection(adapter.savePricing(change('3'), { expectedRevision: '1', idempotencyKey: 'k' }))).code).toBe('conflict');
    expect(adapter.inspect.storedIdempotencyKeys()).toBe(0);
  });

  it('issue 13 #13: saves beyond the bound keep at most maxIdempotencyKeys keys (default 10,000), dropping the oldest first', async () => {
    const adapter = createMemoryAdapter();
    let revision = '1';
    for (let index = 0; index < 10_500; index++) {
      revision = (await adapter.savePricing(change(index % 2 === 0 ? '3' : '4'), { expectedRevision: revision, idempotencyKey: `k-${index}` })).revision;
    }
    expect(adapter.inspect.appliedSaves()).toBe(10_500);
    expect(adapter.inspect.storedIdempotencyKeys()).toBe(10_000);
    // The newest key still replays; the oldest is forgotten (a new save, on a stale revision).
    expect((await adapter.savePricing(change('4'), { expectedRevision: '0', idempotencyKey: 'k-10499' })).revision).toBe(revision);
    expect((await rejection(adapter.savePricing(change('3'), { expectedRevision: '1', idempotencyKey: 'k-0' }))).code).toBe('conflict');
  }, 30_000);

  it('issue 13 #13: both limits are configurable and checked', async () => {
    const adapter = createMemoryAdapter({ maxIdempotencyKeys: 2, idempotencyKeyTtlMs: 1000 });
    let revision = '1';
    for (const key of ['a', 'b', 'c']) revision = (await adapter.savePricing(change(key === 'b' ? '4' : '3'), { expectedRevision: revision, idempotencyKey: key })).revision;
    expect(adapter.inspect.storedIdempotencyKeys()).toBe(2);
    expect(() => createMemoryAdapter({ maxIdempotencyKeys: 0 })).toThrow(/maxIdempotencyKeys/);
    expect(() => createMemoryAdapter({ idempotencyKeyTtlMs: -1 })).toThrow(/idempotencyKeyTtlMs/);
  });
});

describe('createMemoryAdapter: price history', () => {
  it('records each applied save per product (who, when, from → to, You Pay then), newest first; replays and rejections add nothing', async () => {
    const adapter = createMemoryAdapter({ actor: 'owner@agency.test', now: () => Date.parse('2026-12-01T10:00:00Z') });
    const { youPay, rule: before } = adapter.inspect.readPricing().products.sms;
    const change = { products: { sms: { type: 'multiplier' as const, multiplier: '2' }, listings: { type: 'fixed' as const, price: '30' } } };
    const saved = await adapter.savePricing(change, { expectedRevision: '1', idempotencyKey: 'a' });
    await adapter.savePricing(change, { expectedRevision: '1', idempotencyKey: 'a' });
    await expect(adapter.savePricing(change, { expectedRevision: '1', idempotencyKey: 'b' })).rejects.toMatchObject({ code: 'conflict' });
    const { entries, nextCursor } = await adapter.listPriceChanges({ limit: 10 });
    expect(nextCursor).toBeNull();
    expect(entries).toHaveLength(2);
    expect(entries.find((entry) => entry.product === 'sms')).toEqual({
      id: expect.any(String),
      at: '2026-12-01T10:00:00.000Z',
      actor: 'owner@agency.test',
      product: 'sms',
      revision: saved.revision,
      from: before,
      to: { type: 'multiplier', multiplier: '2' },
      youPayAtTheTime: youPay,
    });
  });

  it('pages one product without skipping or repeating while saves land, and refuses an unknown cursor', async () => {
    const adapter = createMemoryAdapter();
    const save = async (multiplier: string) =>
      adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier } } }, { expectedRevision: adapter.inspect.readPricing().revision, idempotencyKey: multiplier });
    for (const multiplier of ['1.1', '1.2', '1.3']) await save(multiplier);
    adapter.simulateExternalChange({ products: { email: { type: 'multiplier', multiplier: '5' } } });
    const first = await adapter.listPriceChanges({ product: 'sms', limit: 2 });
    await save('9');
    const second = await adapter.listPriceChanges({ product: 'sms', limit: 2, cursor: first.nextCursor! });
    expect([...first.entries, ...second.entries].map((entry) => (entry.to as { multiplier: string }).multiplier)).toEqual(['1.3', '1.2', '1.1']);
    expect(second.nextCursor).toBeNull();
    await expect(adapter.listPriceChanges({ limit: 2, cursor: 'nope' })).rejects.toMatchObject({ code: 'validation', fields: [{ path: 'cursor' }] });
  });
});
