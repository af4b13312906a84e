import { createMemoryAdapter, isRebillingError, type PricingChange } from '@rebill-kit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withFaults } from './index.js';

const CHANGE: PricingChange = { products: { sms: { type: 'multiplier', multiplier: '3' } } };

async function outcomes(seed: number, count: number): Promise<string[]> {
  const adapter = withFaults(createMemoryAdapter(), { seed, failureRate: 0.5 });
  const results: string[] = [];
  for (let i = 0; i < count; i++) {
    results.push(await adapter.loadPricing().then(() => 'ok', (error: unknown) => (isRebillingError(error) ? error.code : 'other')));
  }
  return results;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('withFaults', () => {
  it('is deterministic: the same seed gives the same faults, another seed others', async () => {
    const first = await outcomes(42, 40);
    expect(await outcomes(42, 40)).toEqual(first);
    expect(await outcomes(43, 40)).not.toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('unavailable');
  });

  it('throws failures as retryable unavailable RebillingErrors, before reaching the adapter', async () => {
    const memory = createMemoryAdapter();
    const adapter = withFaults(memory, { failureRate: 1 });
    const error = await adapter.savePricing(CHANGE, { expectedRevision: '1', idempotencyKey: 'k' }).catch((reason: unknown) => reason);
    expect(isRebillingError(error) && [error.code, error.retryable]).toEqual(['unavailable', true]);
    expect(memory.inspect.appliedSaves()).toBe(0);
  });

  it('answers conflict on savePricing without applying', async () => {
    const memory = createMemoryAdapter();
    const adapter = withFaults(memory, { conflictRate: 1 });
    const error = await adapter.savePricing(CHANGE, { expectedRevision: '1', idempotencyKey: 'k' }).catch((reason: unknown) => reason);
    expect(isRebillingError(error) && error.code).toBe('conflict');
    expect(memory.inspect.appliedSaves()).toBe(0);
    await expect(adapter.loadPricing()).resolves.toMatchObject({ revision: '1' });
  });

  it('loses a response after applying, and a retry with the same key replays it', async () => {
    const memory = createMemoryAdapter();
    const adapter = withFaults(memory, { lostResponseRate: 1 });
    const options = { expectedRevision: '1', idempotencyKey: 'same-key' };
    await expect(adapter.savePricing(CHANGE, options)).rejects.toMatchObject({ code: 'unavailable', retryable: true });
    expect(memory.inspect.appliedSaves()).toBe(1);
    adapter.setFaults({ lostResponseRate: 0 });
    await expect(adapter.savePricing(CHANGE, options)).resolves.toMatchObject({ revision: '2' });
    expect(memory.inspect.appliedSaves()).toBe(1);
  });

  it('delays calls by latencyMs, a number or a [min, max] range', async () => {
    vi.useFakeTimers();
    const adapter = withFaults(createMemoryAdapter(), { latencyMs: 100 });
    let settled = false;
    const load = adapter.loadPricing().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await load;
    expect(settled).toBe(true);

    adapter.setFaults({ latencyMs: [200, 300] });
    const started = Date.now();
    await Promise.all([adapter.loadPricing(), vi.advanceTimersByTimeAsync(300)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('honours abort during the latency, without calling the adapter', async () => {
    const memory = createMemoryAdapter();
    const spy = vi.spyOn(memory, 'savePricing');
    const adapter = withFaults(memory, { latencyMs: 10_000 });
    const controller = new AbortController();
    const reason = new Error('closed the dialog');
    const save = adapter.savePricing(CHANGE, { expectedRevision: '1', idempotencyKey: 'k', signal: controller.signal });
    controller.abort(reason);
    await expect(save).rejects.toBe(reason);
    expect(spy).not.toHaveBeenCalled();
  });

  it('changes rates at runtime, and rejects rates outside 0–1', () => {
    const adapter = withFaults(createMemoryAdapter(), { failureRate: 0.3 });
    adapter.setFaults({ failureRate: 0, latencyMs: [10, 20] });
    expect(adapter.faults).toEqual({ failureRate: 0, conflictRate: 0, lostResponseRate: 0, latencyMs: [10, 20] });
    expect(() => adapter.setFaults({ conflictRate: 2 })).toThrow(RangeError);
    expect(() => withFaults(createMemoryAdapter(), { latencyMs: [50, 10] })).toThrow(/latencyMs/);
  });

  it('keeps optional methods optional', () => {
    const { listLedger: _ledger, subscribe: _subscribe, ...bare } = createMemoryAdapter();
    const wrapped = withFaults(bare);
    expect('listLedger' in wrapped).toBe(false);
    expect('subscribe' in wrapped).toBe(false);
    expect(typeof withFaults(createMemoryAdapter()).listLedger).toBe('function');
  });
});
