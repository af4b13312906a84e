/**
 * Races between saves, their responses and reloads, explored with fast-check's scheduler: every
 * run is one interleaving of the owner's saves (issued in order), the moments each request
 * reaches the backend and each response comes back, refetches (a focus or an event from
 * elsewhere), and faults (a request that never arrives, a response lost after the change was
 * applied). The save pipeline is driven without React, on a real QueryClient, exactly as the
 * widgets drive it.
 *
 * After everything settles, for every product the owner touched:
 * - if the owner's last save succeeded, the backend holds it and the cache shows it (no rollback
 *   and no late reload overwrote it with an older value);
 * - if it failed, the failed save is still there, in `error` or `conflict`, with the owner's
 *   value, for the widget to show with Retry (or the two conflict choices);
 * - saves reached the backend in the order the owner made them.
 */
import {
  PRODUCTS,
  PRODUCT_IDS,
  RebillingError,
  createMemoryAdapter,
  multiplierAtStep,
  multiplierLimits,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type RebillingAdapter,
} from '@rebill-kit/core';
import { QueryClient } from '@tanstack/react-query';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// The save pipeline is internal to @rebill-kit/react; this cross-package test drives it directly.
import { PricingSync, sameRule } from '../../packages/react/src/pricing-sync.js';

type Fate = 'ok' | 'fail' | 'lost';

type Action =
  | { kind: 'save'; productId: ProductId; value: number }
  | { kind: 'refetch' };

const EDITABLE: ProductId[] = ['sms', 'email', 'listings'];

function ruleFor(productId: ProductId, value: number): PricingRule {
  if (PRODUCTS[productId].rule === 'fixed') return { type: 'fixed', price: `${value + 1}.5` };
  const limits = multiplierLimits({});
  return { type: 'multiplier', multiplier: multiplierAtStep(limits, value * 7 + 3) };
}

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('save' as const), productId: fc.constantFrom(...EDITABLE), value: fc.integer({ min: 0, max: 9 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refetch' as const) }) },
);

const sleep = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Lets every microtask a release starts run, so the next pick sees every task now scheduled. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function ruleText(rule: PricingRule | undefined): string {
  return rule === undefined ? 'none' : rule.type === 'multiplier' ? `${rule.multiplier}x` : `$${rule.price}`;
}

async function runInterleaving(scheduler: fc.Scheduler, actions: Action[], fates: Fate[]) {
  const memory = createMemoryAdapter({ stripe: 'connected' });
  /** Issue index of every save, in the order the backend applied them. */
  const applied: Array<{ productId: ProductId; issue: number }> = [];
  let saveCalls = 0;
  const issueOf = new Map<string, number>();

  // An adapter without `subscribe`, like the HTTP adapter: the client learns of nothing by itself.
  const adapter: RebillingAdapter = {
    async loadPricing() {
      await scheduler.schedule(Promise.resolve(), 'load request');
      const snapshot = memory.inspect.readPricing();
      await scheduler.schedule(Promise.resolve(), 'load response');
      return snapshot;
    },
    async savePricing(change, options) {
      const fate = fates[saveCalls++ % fates.length] ?? 'ok';
      await scheduler.schedule(Promise.resolve(), 'save request');
      if (fate === 'fail') throw new RebillingError('unavailable', 'injected: request failed');
      const before = memory.inspect.appliedSaves();
      const result = await memory.savePricing(change, options);
      if (memory.inspect.appliedSaves() > before) {
        const [productId] = Object.keys(change.products) as ProductId[];
        applied.push({ productId: productId!, issue: issueOf.get(options.idempotencyKey)! });
      }
      await scheduler.schedule(Promise.resolve(), 'save response');
      if (fate === 'lost') throw new RebillingError('unavailable', 'injected: response lost');
      return result;
    },
    loadStripeConnection: memory.loadStripeConnection,
    connectStripe: memory.connectStripe,
  };

  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, networkMode: 'always' }, mutations: { retry: false } } });
  const sync = new PricingSync(queryClient, adapter);
  const load = queryClient.fetchQuery({ queryKey: sync.keys.pricing, queryFn: sync.load });
  while (queryClient.getQueryData(sync.keys.pricing) === undefined) {
    await scheduler.waitAll();
    await load.catch(() => undefined);
  }

  const lastSave = new Map<ProductId, { key: string; rule: PricingRule }>();
  let issued = 0;
  scheduler
    .scheduleSequence(
      actions.map((action) => ({
        label: action.kind === 'save' ? `save ${action.productId} ${ruleText(ruleFor(action.productId, action.value))}` : 'refetch',
        builder: async () => {
          if (action.kind === 'refetch') {
            void queryClient.refetchQueries({ queryKey: sync.keys.pricing, exact: true });
            return;
          }
          const rule = ruleFor(action.productId, action.value);
          const key = `issue-${issued}`;
          issueOf.set(key, issued++);
          lastSave.set(action.productId, { key, rule });
          void sync.save(action.productId, rule, { idempotencyKey: key });
        },
      })),
    )
    .task.catch(() => undefined);

  // Settle: run every scheduled request and response, and whatever they start in turn.
  for (let round = 0; round < 200; round++) {
    await scheduler.waitAll();
    await sleep();
    const busy = sync.pendingSaves().length > 0 || queryClient.isFetching() > 0 || scheduler.count() > 0;
    if (!busy) break;
  }
  expect(scheduler.count()).toBe(0);
  expect(sync.pendingSaves()).toHaveLength(0);

  const backend = memory.inspect.readPricing();
  const shown = queryClient.getQueryData<PricingSnapshot>(sync.keys.pricing)!;

  for (const [productId, last] of lastSave) {
    const state = sync.saveState(productId);
    expect(state.save?.idempotencyKey, `the last save of ${productId} is still known`).toBe(last.key);
    const status = state.status;
    if (status === 'saved') {
      expect(ruleText(backend.products[productId].rule), `backend holds the last saved ${productId}`).toBe(ruleText(last.rule));
      expect(ruleText(shown.products[productId].rule), `cache shows the last saved ${productId}`).toBe(ruleText(last.rule));
    } else {
      expect(['error', 'conflict'], `the last save of ${productId} settled`).toContain(status);
      // What the widget shows: the failed save's value with Retry (or the conflict choices).
      expect(sameRule(state.save!.rule, last.rule)).toBe(true);
      expect(['unavailable', 'conflict']).toContain(state.error?.code);
    }
  }
  // Untouched products: nothing changed them, on either side.
  for (const productId of PRODUCT_IDS.filter((id) => !lastSave.has(id))) {
    expect(ruleText(shown.products[productId].rule)).toBe(ruleText(backend.products[productId].rule));
  }
  // In the order the owner made them.
  const issues = applied.map((entry) => entry.issue);
  expect(issues).toEqual([...issues].sort((a, b) => a - b));
  queryClient.clear();
}

describe('save races (fast-check scheduler)', () => {
  it('1,000 interleavings of saves, responses, reloads and faults: the backend and the screen end on the last committed value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler({
          act: async (release) => {
            await release();
            await flush();
          },
        }),
        fc.array(actionArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom<Fate>('ok', 'ok', 'ok', 'fail', 'lost'), { minLength: 1, maxLength: 8 }),
        async (scheduler, actions, fates) => runInterleaving(scheduler, actions, fates),
      ),
      { numRuns: 1000, seed: 20261125, endOnFailure: true },
    );
  }, 60_000);
});

describe('regression: a reload answered after a save overwrote it with older prices', () => {
  // Bug: a refetch (focus, conflict, an event) that read the backend before a save landed, and
  // answered after the save's response, put the older prices in the cache: the widget showed the
  // old value as saved while the backend held the new one, until the next reload.
  it('keeps the saved value when a reload that started before the save answers after it', async () => {
    const memory = createMemoryAdapter({ stripe: 'connected' });
    let holdLoads = false;
    let releaseLoad: (() => void) | undefined;
    const adapter: RebillingAdapter = {
      async loadPricing() {
        const snapshot = memory.inspect.readPricing();
        if (holdLoads) await new Promise<void>((resolve) => (releaseLoad = resolve));
        return snapshot;
      },
      savePricing: memory.savePricing,
      loadStripeConnection: memory.loadStripeConnection,
      connectStripe: memory.connectStripe,
    };
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const sync = new PricingSync(queryClient, adapter);
    await queryClient.fetchQuery({ queryKey: sync.keys.pricing, queryFn: sync.load });

    holdLoads = true;
    void queryClient.refetchQueries({ queryKey: sync.keys.pricing, exact: true });
    await sleep();
    await sync.save('sms', { type: 'multiplier', multiplier: '4' });
    releaseLoad!();
    await sleep();
    await sleep();

    const shown = queryClient.getQueryData<PricingSnapshot>(sync.keys.pricing)!;
    expect(memory.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '4' });
    expect(shown.products.sms.rule).toEqual({ type: 'multiplier', multiplier: '4' });
    // And the next save is based on the saved revision, not the stale one: no false conflict.
    holdLoads = false;
    await sync.save('sms', { type: 'multiplier', multiplier: '5' });
    expect(memory.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '5' });
    queryClient.clear();
  });
});
