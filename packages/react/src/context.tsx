import {
  type RebillingAdapter,
  type RebillingEvent,
  assertRebillingAdapter,
  formatTotal,
  formatUnitPrice,
  isHttpUrl,
} from '@rebill-kit/core';
import { QueryClient } from '@tanstack/react-query';
import { type CSSProperties, type ReactNode, createContext, useContext, useEffect, useMemo, useState } from 'react';
import { type Appearance, appearanceStyle } from './appearance.js';
import { type RebillingMessagesInput, applyMessageOverrides } from './messages.js';
import { type PricingSync, pricingSyncFor } from './pricing-sync.js';

export interface RebillingProviderProps {
  /** Loads and saves prices: `createMemoryAdapter()`, `createHttpAdapter(…)` or your own. */
  adapter: RebillingAdapter;
  /** BCP 47 locale for numbers, money and dates. Default: the browser's. */
  locale?: string;
  /**
   * The ISO 4217 currency the host expects. When the adapter's prices are in another currency the
   * widgets show an error instead of mislabelled amounts. Default: whatever the adapter returns.
   */
  currency?: string;
  appearance?: Appearance;
  /** Overrides for any text; see `defaultMessages`. */
  messages?: RebillingMessagesInput;
  /**
   * A TanStack QueryClient to keep rebill-kit's cache in. Default: a private client owned by the
   * provider. The host's client is never used unless passed here.
   */
  queryClient?: QueryClient;
  /** Called with Stripe's onboarding URL. Default: navigates the window there. Only http(s) URLs. */
  onStripeRedirect?: (url: string) => void;
  /** Called when the owner clicks "View Logs"; the panel then opens no log dialog of its own. */
  onViewLogs?: () => void;
  /** Makes "View Logs" a link to the host's own log page (http(s) or a relative path). */
  logsHref?: string;
  children?: ReactNode;
}

export interface Formatters {
  unitPrice(amount: string): string;
  total(amount: string): string;
  /** A plain localized decimal without grouping, e.g. "3,5" in de-DE. */
  decimal(amount: string): string;
  percent(amount: string): string;
  dateTime(iso: string): string;
}

export interface RebillingContextValue {
  adapter: RebillingAdapter;
  queryClient: QueryClient;
  sync: PricingSync;
  locale: string | undefined;
  expectedCurrency: string | undefined;
  /** The host's `messages` prop; components read their texts through `useMessages`. */
  messageOverrides: RebillingMessagesInput | undefined;
  appearance: Appearance | undefined;
  rootStyle: CSSProperties;
  theme: 'light' | 'dark';
  formattersFor(currency: string): Formatters;
  redirectToStripe(url: string): void;
  onViewLogs: (() => void) | undefined;
  logsHref: string | undefined;
}

const RebillingContext = createContext<RebillingContextValue | null>(null);

function createOwnQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { networkMode: 'always', staleTime: 30_000, retry: 2 },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}

type ExactFormat = (value: string) => string;

function makeFormatters(locale: string | undefined, currency: string): Formatters {
  const decimalFormat = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 });
  const percentFormat = new Intl.NumberFormat(locale, { style: 'unit', unit: 'percent', maximumFractionDigits: 1 });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    unitPrice: (amount) => formatUnitPrice(amount, { locale, currency }),
    total: (amount) => formatTotal(amount, { locale, currency }),
    decimal: (amount) => (decimalFormat.format as unknown as ExactFormat)(amount),
    percent: (amount) => (percentFormat.format as unknown as ExactFormat)(amount),
    dateTime: (iso) => dateFormat.format(new Date(iso)),
  };
}

function isSafeHref(href: string): boolean {
  return isHttpUrl(href) || (href.startsWith('/') && !href.startsWith('//'));
}

/**
 * Gives every rebill-kit widget below it the adapter, locale, texts and theme.
 *
 * ```tsx
 * <RebillingProvider adapter={createMemoryAdapter()} locale="en-US">
 *   <RebillingPanel />
 * </RebillingProvider>
 * ```
 */
export function RebillingProvider(props: RebillingProviderProps) {
  const { adapter, locale, currency, appearance, messages, onStripeRedirect, onViewLogs, logsHref, children } = props;
  assertRebillingAdapter(adapter);
  const [ownClient] = useState(() => (props.queryClient ? undefined : createOwnQueryClient()));
  const queryClient = props.queryClient ?? ownClient!;
  const sync = pricingSyncFor(queryClient, adapter);

  // What QueryClientProvider does: without it the client never hears focus or reconnect, so
  // prices would not reload when the owner comes back to the tab.
  useEffect(() => {
    queryClient.mount();
    return () => queryClient.unmount();
  }, [queryClient]);

  useEffect(() => {
    if (!adapter.subscribe) return undefined;
    return adapter.subscribe((event: RebillingEvent) => sync.handleEvent(event));
  }, [adapter, sync]);

  const rootStyle = useMemo(() => appearanceStyle(appearance), [appearance]);

  const value = useMemo<RebillingContextValue>(() => {
    const formatterCache = new Map<string, Formatters>();
    return {
      adapter,
      queryClient,
      sync,
      locale,
      expectedCurrency: currency,
      messageOverrides: messages,
      appearance,
      rootStyle,
      theme: appearance?.theme ?? 'light',
      formattersFor(code) {
        let formatters = formatterCache.get(code);
        if (!formatters) {
          formatters = makeFormatters(locale, code);
          formatterCache.set(code, formatters);
        }
        return formatters;
      },
      redirectToStripe(url) {
        if (!isHttpUrl(url)) {
          throw new Error(`rebill-kit: refused to open the Stripe redirect "${url.slice(0, 80)}": only http(s) URLs are allowed.`);
        }
        if (onStripeRedirect) onStripeRedirect(url);
        else window.location.assign(url);
      },
      onViewLogs,
      logsHref: logsHref && isSafeHref(logsHref) ? logsHref : undefined,
    };
  }, [adapter, queryClient, sync, locale, currency, messages, appearance, rootStyle, onStripeRedirect, onViewLogs, logsHref]);

  return <RebillingContext.Provider value={value}>{children}</RebillingContext.Provider>;
}

/** The provider's value, for widgets and for hosts building their own. */
export function useRebillingContext(): RebillingContextValue {
  const value = useContext(RebillingContext);
  if (!value) {
    throw new Error(
      'rebill-kit: could not find the RebillingProvider context. Wrap the part of your app that uses rebill-kit widgets or hooks in <RebillingProvider adapter={…}>.',
    );
  }
  return value;
}

/**
 * A component's texts: its `defaults` (e.g. `widgetMessages`) with the provider's `messages`
 * overrides applied. Reading one group per component keeps other components' texts out of a
 * bundle that does not use them.
 */
export function useMessages<T extends object>(defaults: T): T {
  const { messageOverrides } = useRebillingContext();
  return useMemo(() => applyMessageOverrides(defaults, messageOverrides), [defaults, messageOverrides]);
}
