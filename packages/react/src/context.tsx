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
import { type RebillingMessages, type RebillingMessagesInput, applyMessageOverrides } from './messages.js';
import { type PricingSync, pricingSyncFor } from './pricing-sync.js';

export interface RebillingProviderProps {
  /** Loads and saves prices: `createMemoryAdapter()`, `createHttpAdapter(…)` or your own. */
  adapter: RebillingAdapter;
  /**
   * BCP 47 locale for numbers, money, dates and texts. Default: the browser's for numbers, English
   * texts. German, French, Spanish and Japanese texts ship with the package (`de-DE`, `fr-CA`, …
   * pick them by language); each is loaded on first use, and the widgets render once it is in.
   * To render them on the server, import the bundle (`@rebill-kit/react/locales/de`) and pass it
   * as `messages`.
   */
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
  /** The built-in texts of `locale`'s language, when it has them (under the host's `messages`). */
  localeMessages: RebillingMessages | undefined;
  /** `Intl.PluralRules` in the provider's locale. */
  plural: Intl.PluralRules;
  /** A country's name in the provider's locale ("United Kingdom" for GB), or the code. */
  countryName(code: string): string;
  appearance: Appearance | undefined;
  rootStyle: CSSProperties;
  theme: 'light' | 'dark';
  formattersFor(currency: string): Formatters;
  redirectToStripe(url: string): void;
  onViewLogs: (() => void) | undefined;
  logsHref: string | undefined;
}

/** Exported for scoped layers (a sub-account's prices) that replace `sync` below them. */
export const RebillingContext = createContext<RebillingContextValue | null>(null);

function createOwnQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { networkMode: 'always', staleTime: 30_000, retry: 2 },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}

type ExactFormat = (value: string) => string;

/** Made on first use: an Intl formatter costs milliseconds to build, and a date one most of all. */
function lazily<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

function makeFormatters(locale: string | undefined, currency: string): Formatters {
  const decimalFormat = lazily(() => new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 }));
  const percentFormat = lazily(() => new Intl.NumberFormat(locale, { style: 'unit', unit: 'percent', maximumFractionDigits: 1 }));
  const dateFormat = lazily(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
  return {
    unitPrice: (amount) => formatUnitPrice(amount, { locale, currency }),
    total: (amount) => formatTotal(amount, { locale, currency }),
    decimal: (amount) => (decimalFormat().format as unknown as ExactFormat)(amount),
    percent: (amount) => (percentFormat().format as unknown as ExactFormat)(amount),
    dateTime: (iso) => dateFormat().format(new Date(iso)),
  };
}

type LocaleModule = { default: RebillingMessages };

/** Built-in texts by language. Each is its own module, so a host that never asks pays nothing. */
const LOCALE_LOADERS: Record<string, () => Promise<LocaleModule>> = {
  de: () => import('./locales/de.js'),
  es: () => import('./locales/es.js'),
  fr: () => import('./locales/fr.js'),
  ja: () => import('./locales/ja.js'),
};
/** language → its texts, or `undefined` when its chunk failed to load (English is shown). */
const loadedLocales = new Map<string, RebillingMessages | undefined>();

function languageOf(locale: string | undefined): string | undefined {
  const language = locale?.split(/[-_]/)[0]?.toLowerCase();
  return language && Object.hasOwn(LOCALE_LOADERS, language) ? language : undefined;
}

/** The built-in texts for `locale`, loading them on first use (`undefined` until they are in). */
function useLocaleMessages(locale: string | undefined): { messages: RebillingMessages | undefined; pending: boolean } {
  const language = languageOf(locale);
  const [, setLoaded] = useState(0);
  const messages = language ? loadedLocales.get(language) : undefined;
  useEffect(() => {
    if (!language || loadedLocales.has(language)) return undefined;
    let live = true;
    void LOCALE_LOADERS[language]!().then(
      (module) => {
        loadedLocales.set(language, module.default);
        if (live) setLoaded((n) => n + 1);
      },
      (error: unknown) => {
        // A chunk that fails to load (offline, a CDN gap) falls back to English rather than nothing.
        if (typeof console !== 'undefined') console.error(`rebill-kit: couldn't load the "${language}" texts; showing English.`, error);
        loadedLocales.set(language, undefined);
        if (live) setLoaded((n) => n + 1);
      },
    );
    return () => {
      live = false;
    };
  }, [language]);
  return { messages, pending: language !== undefined && !loadedLocales.has(language) };
}

/**
 * An absolute http(s) URL, or a path that stays on this origin. A path is resolved the way the
 * browser will (`/\evil.example` and `/<tab>/evil.example` are `//evil.example`, off-site),
 * so only a plain path, resolved with `new URL(href, location)` to this page's origin, passes.
 */
function isSafeHref(href: string): boolean {
  if (isHttpUrl(href)) return true;
  if (!/^\/(?![/\\])[^\\\s\x00-\x1f\x7f]*$/.test(href)) return false;
  if (typeof location === 'undefined') return true; // server rendering: the pattern alone decides
  try {
    return new URL(href, location.href).origin === location.origin;
  } catch {
    return false;
  }
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
  const localeTexts = useLocaleMessages(locale);
  const localeMessages = localeTexts.messages;

  const value = useMemo<RebillingContextValue>(() => {
    const formatterCache = new Map<string, Formatters>();
    let regionNames: Intl.DisplayNames | null | undefined;
    return {
      adapter,
      queryClient,
      sync,
      locale,
      expectedCurrency: currency,
      messageOverrides: messages,
      localeMessages,
      plural: new Intl.PluralRules(locale),
      countryName(code) {
        if (regionNames === undefined) {
          try {
            regionNames = new Intl.DisplayNames(locale, { type: 'region', fallback: 'code' });
          } catch {
            regionNames = null;
          }
        }
        try {
          return regionNames?.of(code.toUpperCase()) ?? code.toUpperCase();
        } catch {
          return code.toUpperCase();
        }
      },
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
  }, [adapter, queryClient, sync, locale, currency, messages, localeMessages, appearance, rootStyle, onStripeRedirect, onViewLogs, logsHref]);

  // Until the locale's texts are in (a few milliseconds), render nothing rather than English.
  return <RebillingContext.Provider value={value}>{localeTexts.pending ? null : children}</RebillingContext.Provider>;
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
  const { messageOverrides, localeMessages } = useRebillingContext();
  return useMemo(
    () => applyMessageOverrides(applyMessageOverrides(defaults, localeMessages), messageOverrides),
    [defaults, localeMessages, messageOverrides],
  );
}
