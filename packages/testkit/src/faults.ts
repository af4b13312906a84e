import { RebillingError, type RebillingAdapter, abortableDelay } from '@rebill-kit/core';

export interface FaultOptions {
  /** Seed of the pseudo-random sequence: the same seed and calls give the same faults. Default `1`. */
  seed?: number;
  /** Share of calls (0–1) failing with a retryable `unavailable` error before reaching the adapter. Default `0`. */
  failureRate?: number;
  /** Share of `savePricing` calls (0–1) answered `conflict` without applying. Default `0`. */
  conflictRate?: number;
  /**
   * Share of `savePricing` calls (0–1) that are applied but answered with a retryable
   * `unavailable` error, like a response lost on the way back. Retrying with the same
   * idempotency key must then replay the result. Default `0`.
   */
  lostResponseRate?: number;
  /** Delay before every call: a number of milliseconds, or `[min, max]` drawn uniformly. Default `0`. */
  latencyMs?: number | readonly [number, number];
}

/** The current fault settings (everything but the seed). */
export type FaultSettings = Required<Omit<FaultOptions, 'seed'>>;

export interface FaultyAdapter extends RebillingAdapter {
  /** Changes some settings from the next call on (e.g. from a Storybook control). */
  setFaults(settings: Partial<FaultSettings>): void;
  /** The settings in force. */
  readonly faults: Readonly<FaultSettings>;
}

/** mulberry32: a tiny, fast, seedable PRNG. Not for cryptography. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkSettings(settings: Partial<FaultSettings>): void {
  for (const name of ['failureRate', 'conflictRate', 'lostResponseRate'] as const) {
    const rate = settings[name];
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError(`withFaults: ${name} must be from 0 to 1, got ${rate}.`);
  }
  const latency = settings.latencyMs;
  if (latency !== undefined) {
    const [min, max] = typeof latency === 'number' ? [latency, latency] : latency;
    if (!(min >= 0 && max >= min)) throw new RangeError(`withFaults: latencyMs must be ≥ 0, or [min, max] with 0 ≤ min ≤ max; got ${JSON.stringify(latency)}.`);
  }
}

/**
 * Wraps an adapter with deterministic faults: latency, retryable failures, conflicts and lost
 * responses, drawn from a seeded PRNG (four draws per call, so a call's fate depends only on
 * the seed and its position in the call sequence, not on the rates). Abort is honoured during
 * the latency. `subscribe` is passed through unchanged; optional methods stay optional.
 *
 * ```ts
 * const adapter = withFaults(createMemoryAdapter(), { seed: 42, failureRate: 0.2, latencyMs: [100, 400] });
 * adapter.setFaults({ failureRate: 0 });
 * ```
 */
export function withFaults(adapter: RebillingAdapter, options: FaultOptions = {}): FaultyAdapter {
  const settings: FaultSettings = {
    failureRate: options.failureRate ?? 0,
    conflictRate: options.conflictRate ?? 0,
    lostResponseRate: options.lostResponseRate ?? 0,
    latencyMs: options.latencyMs ?? 0,
  };
  checkSettings(settings);
  const seed = options.seed ?? 1;
  const random = mulberry32(seed);
  let calls = 0;

  /** Waits the latency, then says which faults hit this call. */
  async function fate(method: string, signal: AbortSignal | undefined) {
    calls += 1;
    const call = calls;
    const [latency, failure, conflict, lost] = [random(), random(), random(), random()];
    const range = settings.latencyMs;
    const [min, max] = typeof range === 'number' ? [range, range] : range;
    await abortableDelay(Math.round(min + latency * (max - min)), signal);
    if (signal?.aborted) throw signal.reason;
    const label = `withFaults (seed ${seed}, call ${call}): ${method}`;
    if (failure < settings.failureRate) {
      throw new RebillingError('unavailable', `Injected fault — ${label} failed as if the server were unavailable. Retry.`);
    }
    return {
      conflict: conflict < settings.conflictRate ? new RebillingError('conflict', `Injected fault — ${label} met a conflict: prices were changed elsewhere.`) : undefined,
      lost: lost < settings.lostResponseRate ? new RebillingError('unavailable', `Injected fault — ${label} was applied but its answer was lost. Retry with the same idempotency key.`) : undefined,
    };
  }

  const faulty: FaultyAdapter = {
    get faults() {
      return { ...settings };
    },
    setFaults(partial) {
      checkSettings(partial);
      for (const [name, value] of Object.entries(partial)) {
        if (value !== undefined) Object.assign(settings, { [name]: value });
      }
    },
    async loadPricing(callOptions = {}) {
      await fate('loadPricing', callOptions.signal);
      return adapter.loadPricing(callOptions);
    },
    async savePricing(change, saveOptions) {
      const { conflict, lost } = await fate('savePricing', saveOptions.signal);
      if (conflict) throw conflict;
      const result = await adapter.savePricing(change, saveOptions);
      if (lost) throw lost;
      return result;
    },
    async loadStripeConnection(callOptions = {}) {
      await fate('loadStripeConnection', callOptions.signal);
      return adapter.loadStripeConnection(callOptions);
    },
    async connectStripe(input) {
      await fate('connectStripe', undefined);
      return adapter.connectStripe(input);
    },
  };
  if (adapter.listLedger) {
    const listLedger = adapter.listLedger.bind(adapter);
    faulty.listLedger = async (query, callOptions = {}) => {
      await fate('listLedger', callOptions.signal);
      return listLedger(query, callOptions);
    };
  }
  if (adapter.listPriceChanges) {
    const listPriceChanges = adapter.listPriceChanges.bind(adapter);
    faulty.listPriceChanges = async (query, callOptions = {}) => {
      await fate('listPriceChanges', callOptions.signal);
      return listPriceChanges(query, callOptions);
    };
  }
  if (adapter.listOverrides && adapter.saveOverride && adapter.removeOverride) {
    const { listOverrides, saveOverride, removeOverride } = adapter;
    faulty.listOverrides = async (query, callOptions = {}) => {
      await fate('listOverrides', callOptions.signal);
      return listOverrides.call(adapter, query, callOptions);
    };
    faulty.saveOverride = async (input, saveOptions) => {
      const { lost } = await fate('saveOverride', saveOptions.signal);
      const result = await saveOverride.call(adapter, input, saveOptions);
      if (lost) throw lost;
      return result;
    };
    faulty.removeOverride = async (input, callOptions = {}) => {
      await fate('removeOverride', callOptions.signal);
      return removeOverride.call(adapter, input, callOptions);
    };
  }

  if (adapter.loadUsageSummary) {
    const loadUsageSummary = adapter.loadUsageSummary.bind(adapter);
    faulty.loadUsageSummary = async (callOptions = {}) => {
      await fate('loadUsageSummary', callOptions.signal);
      return loadUsageSummary(callOptions);
    };
  }
  if (adapter.loadWallet && adapter.saveAutoRecharge) {
    const loadWallet = adapter.loadWallet.bind(adapter);
    const saveAutoRecharge = adapter.saveAutoRecharge.bind(adapter);
    faulty.loadWallet = async (callOptions = {}) => {
      await fate('loadWallet', callOptions.signal);
      return loadWallet(callOptions);
    };
    faulty.saveAutoRecharge = async (settings, saveOptions) => {
      const { lost } = await fate('saveAutoRecharge', saveOptions.signal);
      const result = await saveAutoRecharge(settings, saveOptions);
      if (lost) throw lost;
      return result;
    };
  }
  if (adapter.subscribe) faulty.subscribe = adapter.subscribe.bind(adapter);
  return faulty;
}
