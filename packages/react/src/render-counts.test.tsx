/**
 * Render counts, not times: what the owner feels under the slider is how much React redoes per
 * step. These counts do not depend on the machine.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type PriceChange, createMemoryAdapter } from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { act, fireEvent, render, waitFor, within } from '@testing-library/react';
import { Profiler, type ProfilerOnRenderCallback } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RebillingProvider } from './context.js';
import { WithPriceHistory } from './PriceHistory.js';
import { WithProfitInsights } from './ProfitInsights.js';
import { RebillingPanel } from './RebillingPanel.js';
import { LightningDomainsWidget } from './widgets/FixedPriceWidget.js';
import { EmailWidget, PhoneNumbersWidget, SmsWidget } from './widgets/MultiplierWidget.js';

function counter() {
  const counts = new Map<string, number>();
  const onRender: ProfilerOnRenderCallback = (id) => counts.set(id, (counts.get(id) ?? 0) + 1);
  return { counts, onRender, reset: () => counts.clear() };
}

/**
 * Which components rendered in each commit, by name, read from the committed fiber tree (as the
 * React DevTools do): a fiber did work when it is new or carries PerformedWork; a subtree whose
 * children are the previous commit's was skipped. `onRender` is the Profiler callback to wrap the
 * tree in; it runs in every commit, after the tree is current.
 */
function componentRenders(container: HTMLElement) {
  interface Fiber {
    tag: number;
    type: { name?: string; displayName?: string } | string | null;
    flags: number;
    child: Fiber | null;
    sibling: Fiber | null;
    alternate: Fiber | null;
    return: Fiber | null;
    stateNode: unknown;
  }
  const PERFORMED_WORK = 1;
  const FUNCTION_COMPONENTS = new Set([0, 1, 11, 15]); // function, class, forwardRef, simple memo
  const counts = new Map<string, number>();
  const walk = (fiber: Fiber | null) => {
    for (let node = fiber; node; node = node.sibling) {
      const previous = node.alternate;
      if (FUNCTION_COMPONENTS.has(node.tag) && node.type && typeof node.type !== 'string' && (previous === null || (node.flags & PERFORMED_WORK) !== 0)) {
        const name = node.type.displayName ?? node.type.name ?? '?';
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      if (previous === null || node.child !== previous.child) walk(node.child);
    }
  };
  const onRender: ProfilerOnRenderCallback = () => {
    const element = container.querySelector('[data-product="sms"]');
    const key = element && Object.keys(element).find((name) => name.startsWith('__reactFiber$'));
    if (!element || !key) return;
    let fiber = (element as unknown as Record<string, Fiber>)[key]!;
    while (fiber.return) fiber = fiber.return;
    walk((fiber.stateNode as { current: Fiber }).current.child);
  };
  return { counts, onRender, reset: () => counts.clear() };
}

describe('render counts', () => {
  it('a slider step re-renders only its widget, once per value; a save re-renders no other widget', async () => {
    const { counts, onRender, reset } = counter();
    const { container, adapter } = renderWithRebilling(
      <>
        <Profiler id="sms" onRender={onRender}>
          <SmsWidget />
        </Profiler>
        <Profiler id="email" onRender={onRender}>
          <EmailWidget />
        </Profiler>
        <Profiler id="phoneNumbers" onRender={onRender}>
          <PhoneNumbersWidget />
        </Profiler>
        <Profiler id="lightningDomains" onRender={onRender}>
          <LightningDomainsWidget />
        </Profiler>
      </>,
    );
    const sms = await waitFor(() => {
      const root = container.querySelector<HTMLElement>('[data-product="sms"]')!;
      expect(root.dataset.state).toBe('idle');
      return root;
    });
    await waitFor(() => expect(container.querySelectorAll('[data-state="idle"]')).toHaveLength(4));
    const thumb = within(sms).getByRole('slider');
    reset();

    const steps = 7;
    for (let i = 0; i < steps; i++) {
      act(() => {
        fireEvent.keyDown(thumb, { key: 'ArrowRight' });
      });
    }
    expect(sms.querySelector('.rk-slider-value')!.textContent).toBe('3.2x');
    expect(counts.get('sms')).toBe(steps);
    expect(counts.get('email') ?? 0).toBe(0);
    expect(counts.get('phoneNumbers') ?? 0).toBe(0);
    expect(counts.get('lightningDomains') ?? 0).toBe(0);

    reset();
    act(() => {
      fireEvent.keyUp(thumb, { key: 'ArrowRight' });
    });
    await waitFor(() => expect(sms.dataset.state).toBe('saved'));
    expect(adapter.inspect.appliedSaves()).toBe(1);
    expect(counts.get('email') ?? 0).toBe(0);
    expect(counts.get('phoneNumbers') ?? 0).toBe(0);
    expect(counts.get('lightningDomains') ?? 0).toBe(0);
  });

  it('a held arrow key (repeating keydowns) makes exactly one save', async () => {
    const { container, adapter } = renderWithRebilling(<SmsWidget />);
    const sms = await waitFor(() => {
      const root = container.querySelector<HTMLElement>('[data-product="sms"]')!;
      expect(root.dataset.state).toBe('idle');
      return root;
    });
    const thumb = within(sms).getByRole('slider');
    for (let i = 0; i < 20; i++) fireEvent.keyDown(thumb, { key: 'ArrowRight', repeat: i > 0 });
    fireEvent.keyUp(thumb, { key: 'ArrowRight' });
    await waitFor(() => expect(sms.dataset.state).toBe('saved'));
    expect(adapter.inspect.appliedSaves()).toBe(1);
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '4.5' });
  });
});

describe('render counts inside the widget (issue 17)', () => {
  it('a step renders the figures and the slider once; a save status change re-renders only the status line', async () => {
    const ref: { current: ReturnType<typeof componentRenders> | null } = { current: null };
    // With the history and the projections on, as in the panel: they must not move these counts.
    const { container } = renderWithRebilling(
      <Profiler id="sms" onRender={(...args) => ref.current?.onRender(...args)}>
        <WithPriceHistory>
          <WithProfitInsights>
            <SmsWidget />
          </WithProfitInsights>
        </WithPriceHistory>
      </Profiler>,
      { strictMode: false, adapterOptions: { priceHistory: [] } },
    );
    const renders = componentRenders(container);
    ref.current = renders;
    const sms = await waitFor(() => {
      const root = container.querySelector<HTMLElement>('[data-product="sms"]')!;
      expect(root.dataset.state).toBe('idle');
      return root;
    });
    const thumb = within(sms).getByRole('slider');
    await waitFor(() => expect(sms.querySelector('[data-projection]')).not.toBeNull());
    renders.reset();

    act(() => {
      fireEvent.keyDown(thumb, { key: 'ArrowRight' });
    });
    expect(renders.counts.get('Figures')).toBe(1);
    // The projection follows the value; the closed History does not read it.
    expect(renders.counts.get('ProjectedProfit')).toBe(1);
    expect(renders.counts.get('PriceHistory') ?? 0).toBe(0);
    // A multiplier's margin notice says the margin is kept, whatever the value: it does not render.
    expect(renders.counts.get('MarginErosionNotice') ?? 0).toBe(0);
    expect(renders.counts.get('SliderControl')).toBe(1);
    expect(renders.counts.get('SaveStatusLine') ?? 0).toBe(0);

    // The commit moves the saved price (shown at once): what reads it renders once (the
    // projection's "vs the saved price", History's current entry); the figures and slider do not.
    renders.reset();
    act(() => thumb.blur());
    expect(renders.counts.get('ProjectedProfit')).toBe(1);
    expect(renders.counts.get('Figures') ?? 0).toBe(0);
    expect(renders.counts.get('SliderControl') ?? 0).toBe(0);

    renders.reset();
    await waitFor(() => expect(sms.dataset.state).toBe('saved'));
    // Then Saved: the line and the frame around it (its data-state), nothing inside, but for the
    // margin notice: its Restore is enabled again, and it reads the save's own history entry.
    expect(renders.counts.get('SaveStatusLine')).toBeGreaterThanOrEqual(1);
    expect(renders.counts.get('MarginErosionNotice') ?? 0).toBeLessThanOrEqual(2);
    renders.counts.delete('MarginErosionNotice');
    expect([...renders.counts.keys()].sort()).toEqual(['MultiplierWidget', 'SaveStatusLine', 'WidgetFrame']);
  });
});

describe('render counts in the panel (issue 17)', () => {
  it('a save of one product re-renders no other widget of the panel, refetches only its own history while its notice shows, and keeps no cache entry per save', async () => {
    const ref: { current: ReturnType<typeof componentRenders> | null } = { current: null };
    // SMS was last priced when You Pay was 0.0075 (it is 0.0079): its margin notice shows.
    const smsChange: PriceChange = {
      id: '1', at: '2026-11-20T15:30:00.000Z', actor: 'owner@agency.test', product: 'sms', revision: '1',
      from: { type: 'multiplier', multiplier: '2' }, to: { type: 'multiplier', multiplier: '2.5' }, youPayAtTheTime: '0.0075',
    };
    const base = createMemoryAdapter({ stripe: 'connected', priceHistory: [smsChange] });
    const historyCalls: string[] = [];
    const adapter: typeof base = {
      ...base,
      listPriceChanges: (query, options) => {
        historyCalls.push(query?.product ?? 'all');
        return base.listPriceChanges(query, options);
      },
    };
    const { container, queryClient } = renderWithRebilling(
      <Profiler id="panel" onRender={(...args) => ref.current?.onRender(...args)}>
        <RebillingPanel />
      </Profiler>,
      { strictMode: false, adapter },
    );
    const renders = componentRenders(container);
    ref.current = renders;
    await waitFor(() => expect(container.querySelectorAll('[data-product][data-state="idle"]')).toHaveLength(5));
    // The lazily loaded projections are in every widget, each with its newest price change read.
    await waitFor(() => expect(container.querySelectorAll('[data-projection]').length).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
    await waitFor(() => expect(new Set(historyCalls).size).toBe(5));
    const sms = container.querySelector<HTMLElement>('[data-product="sms"]')!;
    const thumb = within(sms).getByRole('slider');
    const cacheEntries = queryClient.getQueryCache().getAll().length;
    historyCalls.length = 0;
    renders.reset();
    expect(sms.querySelector('[data-erosion]')).not.toBeNull();
    for (let save = 1; save <= 3; save++) {
      act(() => {
        fireEvent.keyDown(thumb, { key: 'ArrowRight' });
      });
      act(() => thumb.blur());
      await waitFor(() => expect(sms.dataset.state).toBe('saved'));
      // The first save is the newest change now, at today's You Pay: the notice goes.
      if (save === 1) await waitFor(() => expect(sms.querySelector('[data-erosion]')).toBeNull());
      await act(() => new Promise((settle) => setTimeout(settle, 50)));
    }
    for (const other of ['EmailWidget', 'LightningDomainsWidget', 'PhoneNumbersWidget', 'ListingsWidget']) expect(renders.counts.get(other) ?? 0, other).toBe(0);
    expect(renders.counts.get('RebillingPanel') ?? 0).toBe(0);
    // The first save refetches the saved product's newest change, since its notice showed; once
    // the notice shows nothing, a save keeps it so and fetches nothing. No other product's.
    expect(historyCalls).toEqual(['sms']);
    expect(queryClient.getQueryCache().getAll()).toHaveLength(cacheEntries);
  });
});

describe('embedding', () => {
  it('renders to a string on the server without touching window', () => {
    const html = renderToString(
      <RebillingProvider adapter={createMemoryAdapter()}>
        <SmsWidget />
      </RebillingProvider>,
    );
    expect(html).toContain('data-product="sms"');
    expect(html).toContain('data-state="loading"');
  });

  it("never uses the host's QueryClient unless given it, and two providers do not mix data", async () => {
    const hostClient = new QueryClient();
    const usd = createMemoryAdapter({ stripe: 'connected' });
    const eur = createMemoryAdapter({ stripe: 'connected', pricing: { currency: 'EUR', products: { sms: { youPay: '0.05' } } } });
    const { container } = render(
      <QueryClientProvider client={hostClient}>
        <div data-testid="a">
          <RebillingProvider adapter={usd}>
            <SmsWidget />
          </RebillingProvider>
        </div>
        <div data-testid="b">
          <RebillingProvider adapter={eur} locale="en-US">
            <SmsWidget />
          </RebillingProvider>
        </div>
      </QueryClientProvider>,
    );
    await waitFor(() => expect(container.querySelectorAll('[data-state="idle"]')).toHaveLength(2));
    const [first, second] = [...container.querySelectorAll('[data-figure="you-pay"] .rk-figure-value')].map((n) => n.textContent);
    expect(first).toBe('$0.0079');
    expect(second).toBe('€0.05');
    expect(hostClient.getQueryCache().getAll()).toHaveLength(0);
  });

  it('two providers sharing one host-given QueryClient keep their adapters apart', async () => {
    const shared = new QueryClient();
    const a = createMemoryAdapter({ stripe: 'connected', pricing: { products: { sms: { youPay: '0.01' } } } });
    const b = createMemoryAdapter({ stripe: 'connected', pricing: { products: { sms: { youPay: '0.02' } } } });
    const { container } = render(
      <>
        <RebillingProvider adapter={a} queryClient={shared}>
          <SmsWidget />
        </RebillingProvider>
        <RebillingProvider adapter={b} queryClient={shared}>
          <SmsWidget />
        </RebillingProvider>
      </>,
    );
    await waitFor(() => expect(container.querySelectorAll('[data-state="idle"]')).toHaveLength(2));
    const values = [...container.querySelectorAll('[data-figure="you-pay"] .rk-figure-value')].map((n) => n.textContent);
    expect(values).toEqual(['$0.01', '$0.02']);
  });

  it('a hook used outside the provider says how to fix it', () => {
    expect(() => render(<SmsWidget />)).toThrow(/Wrap the part of your app .* in <RebillingProvider/);
  });
});
