/**
 * Page A: the full panel on the memory adapter (Stripe connected), production React, with every
 * feature on. With `?renders` the DevTools hook counts which widgets render per commit.
 */
import './devtools-hook.ts';
import { RebillingPanel, RebillingProvider, createMemoryAdapter, type RebillingAdapter } from '@rebill-kit/react';
import '@rebill-kit/react/styles.css';
import { QueryClient } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { WIDGETS, widgetRenders } from './devtools-hook.ts';
import { markReady, pressKeys } from './page.ts';

let saves = 0;
const base = createMemoryAdapter({ stripe: 'connected' });
const adapter = new Proxy(base, {
  get(target, key) {
    if (key === 'savePricing') {
      return (...args: Parameters<RebillingAdapter['savePricing']>) => {
        saves += 1;
        return target.savePricing(...args);
      };
    }
    const value = Reflect.get(target, key) as unknown;
    return typeof value === 'function' ? value.bind(target) : value;
  },
});
// Passed in only so the bench can read its caches; the same defaults as the provider's own client.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { networkMode: 'always', staleTime: 30_000, retry: 2 },
    mutations: { networkMode: 'always', retry: false },
  },
});

const sms = () => document.querySelector<HTMLElement>('[data-product="sms"]')!;
const thumb = () => sms().querySelector<HTMLElement>('[role="slider"]')!;
const busy = () => document.querySelector('[data-product][data-state="saving"], [data-product][data-state="editing"]') !== null;

const interactive = () => {
  const widgets = [...document.querySelectorAll('[data-product]')];
  return widgets.length === WIDGETS.length && widgets.every((widget) => !['loading', 'disabled', 'load-error'].includes(widget.getAttribute('data-state') ?? 'loading'));
};

/** Resolves when no widget is editing or saving. */
const settled = () =>
  new Promise<void>((resolve) => {
    const check = () => (busy() ? setTimeout(check, 1) : resolve());
    check();
  });

const root = document.getElementById('root')!;
const observer = new MutationObserver(() => {
  if (!interactive()) return;
  observer.disconnect();
  markReady({
    target: thumb,
    busy,
    // Each press is committed at once by a blur (as tabbing away does), then its save settles.
    pressMany: (count, budgetMs) =>
      pressKeys(thumb, count, budgetMs, async (element) => {
        element.blur();
        element.focus();
        await settled();
      }),
    inspect: () => ({
      saves,
      mutationCache: queryClient.getMutationCache().getAll().length,
      queryCache: queryClient.getQueryCache().getAll().length,
      ...Object.fromEntries(Object.entries(widgetRenders).map(([name, count]) => [`renders.${name}`, count])),
    }),
  });
});
observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
createRoot(root).render(
  <RebillingProvider adapter={adapter} queryClient={queryClient} locale="en-US">
    <RebillingPanel />
  </RebillingProvider>,
);
