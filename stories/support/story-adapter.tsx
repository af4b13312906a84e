/**
 * Every story runs on a real in-memory adapter of its own, created when the story mounts (so
 * stories never share state when run as tests), and its states come from the adapter's
 * configuration — latency, the testkit's fault wrapper, a save that fails once, a price changed
 * elsewhere — never from mocked UI. Play functions reach the adapter with `storyAdapter(context)`.
 */
import {
  type LedgerEntry,
  type MemoryAdapter,
  type PriceChange,
  type MemoryAdapterOptions,
  type PricingRule,
  type ProductId,
  RebillingError,
  type RebillingAdapter,
  type StripeStatus,
  DEFAULT_MULTIPLIER_LIMITS,
  createMemoryAdapter,
  multiplierAtStep,
} from '@rebill-kit/core';
import { type Appearance, type AppearanceVariables, RebillingProvider, type RebillingProviderProps } from '@rebill-kit/react';
import { type FaultyAdapter, withFaults } from '@rebill-kit/testkit/faults';
import type { Decorator } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import { type ReactNode, createContext, useContext, useEffect, useMemo, useState } from 'react';

/** How a story's adapter behaves: `parameters.rebilling`. Fixed for the story's lifetime. */
/** Zero-decimal yen prices with a Japanese rate, shared by the ja-JP stories. */
export const JPY_PRICING: NonNullable<MemoryAdapterOptions['pricing']> = {
  currency: 'JPY',
  products: {
    sms: { youPay: '1.2', countryRates: { US: '1.2', CA: '1.2', JP: '4.5' } },
    email: { youPay: '0.1' },
    lightningDomains: { youPay: '1800', rule: { type: 'fixed', price: '3000' } },
    phoneNumbers: { youPay: '170', countryRates: { US: '170', CA: '170', JP: '450' } },
    listings: { youPay: '4500', rule: { type: 'fixed', price: '7400' } },
  },
};

export interface StoryAdapterSetup {
  pricing?: MemoryAdapterOptions['pricing'];
  stripeConnect?: MemoryAdapterOptions['stripeConnect'];
  ledger?: LedgerEntry[];
  /** Price history already recorded, newest first (the widgets' "History"). */
  priceHistory?: PriceChange[];
  /** The owner's wallet: given, the adapter has `loadWallet` / `saveAutoRecharge` (the panel shows OneBalanceWidget). */
  wallet?: MemoryAdapterOptions['wallet'];
  /** Hide `listPriceChanges`: a minimal adapter, whose widgets leave History out. */
  withoutPriceHistory?: boolean;
  /** Serve per-sub-account overrides (the panel's sub-account picker), over these sub-accounts (default: the samples). */
  overrides?: boolean | { subAccounts: NonNullable<MemoryAdapterOptions['subAccounts']> };
  /** Last 30 days' volume per product (the projected profit). Default: the memory adapter's sample. */
  usage?: MemoryAdapterOptions['usage'];
  /** Hide `loadUsageSummary`: the widgets leave the projected profit out. */
  withoutUsageSummary?: boolean;
  /** `savePricing` rejects this many times with a retryable `unavailable` error, then works. */
  failSaves?: number;
  /** `connectStripe` rejects this many times, then works. */
  failConnects?: number;
  /** `listLedger` always rejects (the log's error state). */
  ledgerFails?: boolean;
  /** `loadPricing` waits this long, on top of the latency (the loading state). */
  loadDelayMs?: number;
  /** `savePricing` waits this long, on top of the latency (the saving state). */
  saveDelayMs?: number;
  /** The product the `multiplier` / `price` args set. */
  product?: ProductId;
  /**
   * Hide `subscribe`, so the widgets do not hear of `simulateExternalChange` and save against the
   * revision they loaded: what a host without push events sees, and how a conflict arises.
   */
  withoutEvents?: boolean;
}

/** Args every rebilling story understands; each maps to the real adapter or provider. */
export interface RebillingStoryArgs {
  /** Stripe status; changing it at runtime calls `simulateStripeStatus`. */
  stripe?: StripeStatus;
  /** Delay of every adapter call, in milliseconds (through `withFaults`). */
  latencyMs?: number;
  /** Share of calls failing with a retryable error (through `withFaults`). */
  failureRate?: number;
  /** Share of saves answered `conflict` (through `withFaults`). */
  conflictRate?: number;
  locale?: string;
  /** The currency the host expects; the prices' currency comes from `parameters.rebilling.pricing`. */
  currency?: string;
  theme?: 'light' | 'dark';
  /** Appearance variables over the theme's defaults. */
  variables?: AppearanceVariables;
  /** The backend's multiplier for `parameters.rebilling.product`; changing it is a change made elsewhere. */
  multiplier?: number;
  /** The backend's fixed price for `parameters.rebilling.product`, as a decimal string. */
  price?: string;
  /** Provider `onStripeRedirect` (an action in the Actions panel when given `fn()`). */
  onStripeRedirect?: (url: string) => void;
}

export interface StoryAdapters {
  /** The backend: inspect it, or change it "elsewhere". */
  memory: MemoryAdapter;
  /** What the provider talks to: `memory` behind the fault wrapper and the story's failures. */
  adapter: FaultyAdapter;
  /** Every `connectStripe` input, in order (the customer-sync choice reaching the backend). */
  connectInputs: Array<{ syncCustomersAs: 'people' | 'businesses' | null }>;
}

const registry = new Map<string, StoryAdapters>();

/** The adapters of the story being played. */
export function storyAdapter(context: { id: string }): StoryAdapters {
  const adapters = registry.get(context.id);
  if (!adapters) throw new Error(`No rebilling adapter for story "${context.id}": add the withRebilling decorator to its meta.`);
  return adapters;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function failing(message: string): RebillingError {
  return new RebillingError('unavailable', message, { retryable: true });
}

/** The story's backend behaviours that the fault wrapper has no knob for. */
function withStoryBehaviour(memory: MemoryAdapter, setup: StoryAdapterSetup, connectInputs: StoryAdapters['connectInputs']): RebillingAdapter {
  let saveFailures = setup.failSaves ?? 0;
  let connectFailures = setup.failConnects ?? 0;
  const adapter: RebillingAdapter = {
    async loadPricing(options) {
      if (setup.loadDelayMs) await wait(setup.loadDelayMs);
      return memory.loadPricing(options);
    },
    async savePricing(change, options) {
      if (setup.saveDelayMs) await wait(setup.saveDelayMs);
      if (saveFailures > 0) {
        saveFailures -= 1;
        await wait(50);
        throw failing('The pricing service did not answer (story: this save fails once).');
      }
      return memory.savePricing(change, options);
    },
    loadStripeConnection: (options) => memory.loadStripeConnection(options),
    async connectStripe(input) {
      connectInputs.push({ ...input });
      if (connectFailures > 0) {
        connectFailures -= 1;
        await wait(50);
        throw failing('Stripe did not answer (story: the first attempt fails).');
      }
      return memory.connectStripe(input);
    },
    async listLedger(query, options) {
      if (setup.ledgerFails) {
        await wait(50);
        throw failing('The ledger service is unavailable (story).');
      }
      return memory.listLedger(query, options);
    },
  };
  if (!setup.withoutPriceHistory) adapter.listPriceChanges = (query, options) => memory.listPriceChanges(query, options);
  if (!setup.withoutUsageSummary) adapter.loadUsageSummary = (options) => memory.loadUsageSummary(options);
  if (setup.wallet) {
    adapter.loadWallet = (options) => memory.loadWallet(options);
    adapter.saveAutoRecharge = (settings, options) => memory.saveAutoRecharge(settings, options);
  }
  if (!setup.withoutEvents) adapter.subscribe = (listener) => memory.subscribe(listener);
  if (setup.overrides) {
    adapter.listOverrides = (query, options) => memory.listOverrides(query, options);
    adapter.saveOverride = (input, options) => memory.saveOverride(input, options);
    adapter.removeOverride = (input, options) => memory.removeOverride(input, options);
  }
  return adapter;
}

/** The rule the `multiplier` / `price` args ask for, if any. */
function ruleFromArgs(args: RebillingStoryArgs): PricingRule | undefined {
  if (args.multiplier !== undefined) {
    // The control is a number; the rule is the exact decimal at the nearest 0.1 step.
    const step = Math.round((args.multiplier - 1) * 10);
    return { type: 'multiplier', multiplier: multiplierAtStep(DEFAULT_MULTIPLIER_LIMITS, step) };
  }
  if (args.price !== undefined && args.price.trim() !== '') return { type: 'fixed', price: args.price.trim() };
  return undefined;
}

export function createStoryAdapters(setup: StoryAdapterSetup, args: RebillingStoryArgs): StoryAdapters {
  const rule = ruleFromArgs(args);
  const pricing: MemoryAdapterOptions['pricing'] =
    rule && setup.product
      ? { ...setup.pricing, products: { ...setup.pricing?.products, [setup.product]: { ...setup.pricing?.products?.[setup.product], rule } } }
      : setup.pricing;
  const memory = createMemoryAdapter({
    stripe: args.stripe ?? 'connected',
    ...(pricing ? { pricing } : {}),
    ...(setup.stripeConnect ? { stripeConnect: setup.stripeConnect } : {}),
    ...(setup.ledger ? { ledger: setup.ledger } : {}),
    ...(setup.usage ? { usage: setup.usage } : {}),
    ...(setup.priceHistory ? { priceHistory: setup.priceHistory, actor: 'you@agency.example' } : {}),
    ...(typeof setup.overrides === 'object' ? { subAccounts: setup.overrides.subAccounts } : {}),
    ...(setup.wallet ? { wallet: setup.wallet } : {}),
  });
  const connectInputs: StoryAdapters['connectInputs'] = [];
  const adapter = withFaults(withStoryBehaviour(memory, setup, connectInputs), {
    seed: 7,
    latencyMs: args.latencyMs ?? 0,
    failureRate: args.failureRate ?? 0,
    conflictRate: args.conflictRate ?? 0,
  });
  return { memory, adapter, connectInputs };
}

/** Stories show failures at once: no silent query retries hiding the state being shown. */
function createStoryQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, networkMode: 'always' },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

interface StoryHostProps {
  storyId: string;
  setup: StoryAdapterSetup;
  args: RebillingStoryArgs;
  providerProps?: Partial<Omit<RebillingProviderProps, 'adapter' | 'children'>>;
  children: ReactNode;
}

const AppearanceOverride = createContext<((appearance: Appearance | null) => void) | null>(null);

/** Changes the provider's `appearance` at runtime from inside a story (null: back to the args). */
export function useSetStoryAppearance(): (appearance: Appearance | null) => void {
  const set = useContext(AppearanceOverride);
  if (!set) throw new Error('useSetStoryAppearance needs the withRebilling decorator.');
  return set;
}

function StoryHost({ storyId, setup, args, providerProps, children }: StoryHostProps) {
  const [adapters] = useState(() => createStoryAdapters(setup, args));
  const [queryClient] = useState(createStoryQueryClient);
  registry.set(storyId, adapters);
  useEffect(
    () => () => {
      if (registry.get(storyId) === adapters) registry.delete(storyId);
    },
    [storyId, adapters],
  );

  // Controls change the running adapter rather than building a new one.
  const { stripe, latencyMs, failureRate, conflictRate } = args;
  useEffect(() => {
    if (stripe && adapters.memory.inspect.readStripe().status !== stripe) adapters.memory.simulateStripeStatus(stripe);
  }, [adapters, stripe]);
  useEffect(() => {
    adapters.adapter.setFaults({
      ...(latencyMs !== undefined ? { latencyMs } : {}),
      ...(failureRate !== undefined ? { failureRate } : {}),
      ...(conflictRate !== undefined ? { conflictRate } : {}),
    });
  }, [adapters, latencyMs, failureRate, conflictRate]);

  const rule = ruleFromArgs(args);
  const ruleKey = rule ? JSON.stringify(rule) : undefined;
  useEffect(() => {
    const product = setup.product;
    if (!product || !ruleKey) return;
    const current = adapters.memory.inspect.readPricing().products[product].rule;
    if (JSON.stringify(current) === ruleKey) return;
    try {
      adapters.memory.simulateExternalChange({ products: { [product]: JSON.parse(ruleKey) as PricingRule } });
    } catch (error) {
      // A control value the backend rejects (off the step, too precise): say so, keep the old price.
      console.warn(error);
    }
  }, [adapters, setup.product, ruleKey]);

  const [override, setOverride] = useState<Appearance | null>(null);
  const fromArgs = useMemo<Appearance>(
    () => ({ theme: args.theme ?? 'light', ...(args.variables ? { variables: args.variables } : {}) }),
    [args.theme, args.variables],
  );
  const appearance = override ?? fromArgs;

  return (
    <RebillingProvider
      adapter={adapters.adapter}
      queryClient={queryClient}
      appearance={appearance}
      {...(args.locale ? { locale: args.locale } : {})}
      {...(args.currency ? { currency: args.currency } : {})}
      {...(args.onStripeRedirect ? { onStripeRedirect: args.onStripeRedirect } : {})}
      {...providerProps}
    >
      <AppearanceOverride.Provider value={setOverride}>{children}</AppearanceOverride.Provider>
    </RebillingProvider>
  );
}

/**
 * Wraps the story in a `RebillingProvider` over a fresh adapter built from
 * `parameters.rebilling` and the story's args.
 */
export const withRebilling: Decorator = (Story, context) => {
  const setup = (context.parameters['rebilling'] ?? {}) as StoryAdapterSetup;
  const providerProps = context.parameters['rebillingProvider'] as StoryHostProps['providerProps'];
  const dark = (context.args as RebillingStoryArgs).theme === 'dark';
  return (
    <div className="sb-host" data-theme={dark ? 'dark' : 'light'}>
      <StoryHost storyId={context.id} setup={setup} args={context.args as RebillingStoryArgs} providerProps={providerProps}>
        <Story />
      </StoryHost>
    </div>
  );
};

/** Shared control definitions for the args above. */
export const rebillingArgTypes = {
  stripe: {
    control: 'inline-radio',
    options: ['disconnected', 'pending', 'connected'],
    description: 'Stripe status of the in-memory backend (changes it at runtime).',
    table: { category: 'Adapter' },
  },
  latencyMs: {
    control: { type: 'range', min: 0, max: 3000, step: 50 },
    description: 'Delay of every adapter call (testkit `withFaults`).',
    table: { category: 'Adapter' },
  },
  locale: {
    control: 'select',
    options: ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'ja-JP'],
    description: 'Provider `locale`.',
    table: { category: 'Provider' },
  },
  theme: {
    control: 'inline-radio',
    options: ['light', 'dark'],
    description: 'Provider `appearance.theme`.',
    table: { category: 'Provider' },
  },
  currency: { control: false, table: { category: 'Provider' } },
  variables: { control: 'object', description: 'Provider `appearance.variables`.', table: { category: 'Provider' } },
  multiplier: {
    control: { type: 'range', min: 1, max: 10, step: 0.1 },
    description: 'The saved multiplier in the backend (a change made elsewhere at runtime).',
    table: { category: 'Adapter' },
  },
  price: {
    control: 'text',
    description: 'The saved fixed price in the backend, e.g. "19.99" (a change made elsewhere at runtime).',
    table: { category: 'Adapter' },
  },
  onStripeRedirect: { table: { category: 'Provider' } },
  failureRate: { control: false, table: { category: 'Adapter' } },
  conflictRate: { control: false, table: { category: 'Adapter' } },
} as const;
