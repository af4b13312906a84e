/**
 * React test helpers: render rebill-kit UI inside a provider with a fresh in-memory adapter and
 * a fresh QueryClient (no retries), in StrictMode, the way a host's test would.
 *
 * ```tsx
 * import { renderWithRebilling } from '@rebill-kit/testkit/react';
 * const { adapter } = renderWithRebilling(<SmsWidget />, { adapterOptions: { stripe: 'connected' } });
 * ```
 */
import { type MemoryAdapter, type MemoryAdapterOptions, type RebillingAdapter, createMemoryAdapter } from '@rebill-kit/core';
import { RebillingProvider, type RebillingProviderProps } from '@rebill-kit/react';
import { QueryClient } from '@tanstack/react-query';
import { type RenderResult, render } from '@testing-library/react';
import { type ReactElement, StrictMode } from 'react';

export interface RenderWithRebillingOptions<A extends RebillingAdapter> {
  /** The adapter to use. Default: `createMemoryAdapter(adapterOptions)`. */
  adapter?: A;
  /** Options for the default memory adapter. Default: Stripe connected. */
  adapterOptions?: MemoryAdapterOptions;
  /** Any other provider props (locale, messages, appearance, callbacks). */
  providerProps?: Omit<RebillingProviderProps, 'adapter' | 'children' | 'queryClient'>;
  /** Default: on, as React's development checks should be. */
  strictMode?: boolean;
}

export interface RenderWithRebillingResult<A extends RebillingAdapter> extends RenderResult {
  adapter: A;
  queryClient: QueryClient;
}

/** A QueryClient for tests: no retries, so a failure shows at once. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, networkMode: 'always', staleTime: Infinity },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

export function renderWithRebilling<A extends RebillingAdapter = MemoryAdapter>(
  ui: ReactElement,
  options: RenderWithRebillingOptions<A> = {},
): RenderWithRebillingResult<A> {
  const adapter = (options.adapter ?? createMemoryAdapter({ stripe: 'connected', ...options.adapterOptions })) as A;
  const queryClient = createTestQueryClient();
  const tree = (
    <RebillingProvider adapter={adapter} queryClient={queryClient} {...options.providerProps}>
      {ui}
    </RebillingProvider>
  );
  const result = render(options.strictMode === false ? tree : <StrictMode>{tree}</StrictMode>);
  return { ...result, adapter, queryClient };
}
