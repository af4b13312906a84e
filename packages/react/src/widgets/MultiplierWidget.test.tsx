import { type RebillingAdapter, RebillingError, createMemoryAdapter } from '@rebill-kit/core';
import { type RenderWithRebillingOptions, renderWithRebilling } from '@rebill-kit/testkit/react';
import type { MemoryAdapter } from '@rebill-kit/core';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ReactElement } from 'react';
import { WithPriceHistory } from '../PriceHistory.js';
import { EmailWidget, SmsWidget } from './MultiplierWidget.js';

function figure(root: HTMLElement, name: 'you-pay' | 'sub-account-pays' | 'profit') {
  return root.querySelector<HTMLElement>(`[data-figure="${name}"] .rk-figure-value`)!.textContent;
}

async function renderSms<A extends RebillingAdapter = MemoryAdapter>(options: RenderWithRebillingOptions<A> = {}, ui: ReactElement = <SmsWidget />) {
  const result = renderWithRebilling<A>(ui, options);
  const root = await waitFor(() => {
    const widget = result.container.querySelector<HTMLElement>('[data-product="sms"]')!;
    expect(widget.dataset.state).toBe('idle');
    return widget;
  });
  return { ...result, root, thumb: within(root).getByRole('slider') };
}

describe('SmsWidget', () => {
  it('shows You Pay, Sub-account pays and Profit for the saved multiplier', async () => {
    const { root, thumb } = await renderSms();
    expect(figure(root, 'you-pay')).toBe('$0.0079');
    expect(figure(root, 'sub-account-pays')).toBe('$0.01975');
    expect(figure(root, 'profit')).toBe('$0.01185');
    expect(root.querySelector('.rk-figure-margin')!.textContent).toBe('60% margin');
    expect(root.querySelector('.rk-slider-value')!.textContent).toBe('2.5x');
    expect(thumb.getAttribute('aria-valuetext')).toBe('2.5 times, sub-account pays $0.01975');
  });

  it('shows a loading state, then the figures', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected', latencyMs: 200 });
    const { container } = renderWithRebilling(<SmsWidget />, { adapter });
    const root = container.querySelector<HTMLElement>('[data-product="sms"]')!;
    expect(root.dataset.state).toBe('loading');
    expect(root.getAttribute('aria-busy')).toBe('true');
    await waitFor(() => expect(root.dataset.state).toBe('idle'));
  });

  it('updates the figures on every arrow key but saves once, on keyup, with the final value', async () => {
    const user = userEvent.setup();
    const { root, thumb, adapter } = await renderSms();
    const save = vi.spyOn(adapter, 'savePricing');
    thumb.focus();
    await user.keyboard('{ArrowRight>5}');
    expect(root.querySelector('.rk-slider-value')!.textContent).toBe('3x');
    expect(figure(root, 'sub-account-pays')).toBe('$0.0237');
    expect(save).not.toHaveBeenCalled();
    await user.keyboard('{/ArrowRight}');
    await waitFor(() => expect(root.dataset.state).toBe('saved'));
    expect(save).toHaveBeenCalledTimes(1);
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '3' });
  });

  it('saves on blur when a value was changed without a keyup', async () => {
    const { root, thumb, adapter } = await renderSms();
    const save = vi.spyOn(adapter, 'savePricing');
    thumb.focus();
    act(() => {
      thumb.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    expect(root.querySelector('.rk-slider-value')!.textContent).toBe('10x');
    act(() => thumb.blur());
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '10' }));
  });

  // Issue 14 item 3: a key step commits once the keys go idle, so it is "editing" until then.
  it('shows the step as editing, then Saving… once the keys go idle, then Saved with what changed', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected', latencyMs: 200 });
    const { root, thumb } = await renderSms({ adapter });
    const status = root.querySelector('.rk-save-status')!;
    thumb.focus();
    await user.keyboard('{ArrowLeft}');
    expect(root.dataset.state).toBe('editing');
    expect(status.textContent).toBe('');
    await waitFor(() => expect(status.textContent).toBe('Saving…'));
    await waitFor(() => expect(status.textContent).toBe('Saved · SMS set to 2.4x for all sub-accounts · Undo'));
  });

  it('keeps an unsaved value visible with Retry, and Retry reuses the idempotency key', async () => {
    const user = userEvent.setup();
    const { root, thumb, adapter } = await renderSms();
    const realSave = adapter.savePricing.bind(adapter);
    const save = vi
      .spyOn(adapter, 'savePricing')
      .mockRejectedValueOnce(new RebillingError('unavailable', 'The pricing service is down.'))
      .mockImplementation(realSave);
    thumb.focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(root.dataset.state).toBe('error'));
    // Issue 14: the adapter's words sit behind Details, under the human headline.
    expect(root.querySelector('.rk-message-text')!.textContent).toBe('Couldn’t save');
    expect(root.querySelector('.rk-details-body')!.textContent).toBe('The pricing service is down.');
    // The owner's value stays on screen, not the old one.
    expect(root.querySelector('.rk-slider-value')!.textContent).toBe('2.6x');
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.5' });

    await user.click(within(root).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(root.dataset.state).toBe('saved'));
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1]![1].idempotencyKey).toBe(save.mock.calls[0]![1].idempotencyKey);
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.6' });
  });

  it('Discard after a failure shows the saved value again', async () => {
    const user = userEvent.setup();
    const { root, thumb, adapter } = await renderSms();
    vi.spyOn(adapter, 'savePricing').mockRejectedValue(new RebillingError('network', 'Offline.'));
    thumb.focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(root.dataset.state).toBe('error'));
    await user.click(within(root).getByRole('button', { name: 'Discard' }));
    expect(root.querySelector('.rk-slider-value')!.textContent).toBe('2.5x');
    expect(root.dataset.state).toBe('idle');
  });

  // A backend that does not announce changes: the owner's save is the first to learn of them.
  function silentAdapter() {
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    vi.spyOn(adapter, 'subscribe').mockReturnValue(() => {});
    return adapter;
  }

  it('on a conflict offers "Use the latest" and "Keep mine"; Keep mine saves over the newer prices', async () => {
    const user = userEvent.setup();
    const { root, thumb, adapter } = await renderSms({ adapter: silentAdapter() });
    adapter.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } });
    thumb.focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(root.dataset.state).toBe('conflict'));
    expect(root.textContent).toContain('Prices changed elsewhere');
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '4' });

    await user.click(within(root).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(root.dataset.state).toBe('saved'));
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.6' });
  });

  it('on a conflict, "Use the latest" shows the other change and saves nothing', async () => {
    const user = userEvent.setup();
    const { root, thumb, adapter } = await renderSms({ adapter: silentAdapter() });
    adapter.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } });
    thumb.focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(root.dataset.state).toBe('conflict'));
    await user.click(within(root).getByRole('button', { name: 'Use the latest' }));
    await waitFor(() => expect(root.querySelector('.rk-slider-value')!.textContent).toBe('4x'));
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '4' });
    expect(adapter.inspect.appliedSaves()).toBe(1);
  });

  it('after a conflict on a backend that answers at once (latency 0), "Saved elsewhere" shows the other value, not the owner\u2019s', async () => {
    // Regression: the reload the conflict starts answered while the failed save still counted as
    // in flight, so it was re-applied over the backend's prices and shown as theirs.
    const memory = createMemoryAdapter({ stripe: 'connected' });
    const adapter: RebillingAdapter = {
      loadPricing: () => Promise.resolve(memory.inspect.readPricing()),
      savePricing: (change, options) => memory.savePricing(change, options),
      loadStripeConnection: () => Promise.resolve({ status: 'connected' }),
      connectStripe: (input) => memory.connectStripe(input),
    };
    const user = userEvent.setup();
    const { root, thumb } = await renderSms({ adapter });
    memory.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } });
    thumb.focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(root.dataset.state).toBe('conflict'));
    await waitFor(() => expect(root.querySelector('[data-side="theirs"]')!.textContent).toBe('Saved elsewhere4x ($0.0316)'));
    // Settled: nothing later puts the owner's value back in its place.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(root.querySelector('[data-side="theirs"]')!.textContent).toBe('Saved elsewhere4x ($0.0316)');
    expect(root.querySelector('[data-side="mine"]')!.textContent).toBe('Yours2.6x ($0.02054)');
  });

  it.each([
    { who: 'a known actor', actor: 'maria@example.com', said: 'Changed to 4x by \u2068maria@example.com\u2069 2 minutes ago' },
    { who: 'no actor known', actor: undefined, said: 'Changed to 4x 2 minutes ago' },
  ])('on a conflict with a price history ($who), says what it was changed to and when, before the choice', async ({ actor, said }) => {
    // The other change was saved two minutes before the owner's save.
    let clock = Date.now() - 120_000;
    const adapter = createMemoryAdapter({ stripe: 'connected', now: () => clock });
    vi.spyOn(adapter, 'subscribe').mockReturnValue(() => {});
    const user = userEvent.setup();
    const { root, thumb } = await renderSms({ adapter }, <WithPriceHistory><SmsWidget /></WithPriceHistory>);
    adapter.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } }, actor ? { actor } : {});
    clock = Date.now();
    thumb.focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(root.dataset.state).toBe('conflict'));
    const source = await waitFor(() => {
      const found = root.querySelector<HTMLElement>('[data-side="theirs"] [data-conflict-source]');
      expect(found?.textContent).toBe(said);
      return found!;
    });
    // Beside the other value, ahead of "Use the latest" / "Keep mine" in reading order.
    expect(root.querySelector('[data-side="theirs"] .rk-conflict-value')!.textContent).toBe('4x ($0.0316)');
    const useLatest = within(root).getByRole('button', { name: 'Use the latest' });
    expect(source.compareDocumentPosition(useLatest) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('on a conflict, names no one when the newest change in the history is not the value shown', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected', actor: 'owner@example.com' });
    vi.spyOn(adapter, 'subscribe').mockReturnValue(() => {});
    // A history that lags the prices (another backend's replica): its newest entry is an older value.
    const listPriceChanges = adapter.listPriceChanges.bind(adapter);
    vi.spyOn(adapter, 'listPriceChanges').mockImplementation(async (query, options) => {
      const page = await listPriceChanges(query, options);
      return { ...page, entries: page.entries.slice(1) };
    });
    const user = userEvent.setup();
    const { root, thumb } = await renderSms({ adapter }, <WithPriceHistory><SmsWidget /></WithPriceHistory>);
    await act(async () => {
      await adapter.savePricing({ products: { sms: { type: 'multiplier', multiplier: '3' } } }, { expectedRevision: adapter.inspect.readPricing().revision, idempotencyKey: 'k1' });
    });
    adapter.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } }, { actor: 'maria@example.com' });
    thumb.focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(root.querySelector('[data-side="theirs"] .rk-conflict-value')?.textContent).toBe('4x ($0.0316)'));
    await waitFor(() => expect(adapter.listPriceChanges).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(root.querySelector('[data-conflict-source]')).toBeNull();
  });

  it('learns of a change made elsewhere through subscribe, without a reload', async () => {
    const { root, adapter } = await renderSms();
    act(() => {
      adapter.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } });
    });
    await waitFor(() => expect(root.querySelector('.rk-slider-value')!.textContent).toBe('4x'));
  });

  it('is disabled with the reason while Stripe is not connected', async () => {
    const { container } = renderWithRebilling(<SmsWidget />, { adapterOptions: { stripe: 'disconnected' } });
    const root = await waitFor(() => {
      const widget = container.querySelector<HTMLElement>('[data-product="sms"]')!;
      expect(widget.dataset.state).toBe('disabled');
      return widget;
    });
    const thumb = within(root).getByRole('slider');
    expect(thumb.getAttribute('aria-disabled')).toBe('true');
    expect(thumb.hasAttribute('tabindex')).toBe(false);
    expect(root.textContent).toContain('Connect Stripe to set prices.');
    expect(root.getAttribute('aria-describedby')).toBe(root.querySelector('.rk-widget-reason')!.id);
  });

  it('says Stripe setup is being finished while pending', async () => {
    const { container } = renderWithRebilling(<SmsWidget />, { adapterOptions: { stripe: 'pending' } });
    await waitFor(() => expect(container.textContent).toContain('Stripe setup is being finished'));
  });

  it('shows an international rate and a clear error for a country without one', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { container } = renderWithRebilling(
      <>
        <SmsWidget country="GB" />
        <EmailWidget country="ZZ" />
      </>,
    );
    await waitFor(() => expect(container.querySelector('[data-product="sms"] [data-figure="you-pay"] .rk-figure-value')!.textContent).toBe('$0.0416'));
    const broken = await waitFor(() => {
      const widget = container.querySelector<HTMLElement>('[data-product="email"]')!;
      expect(widget.dataset.state).toBe('crashed');
      return widget;
    });
    expect(broken.textContent).toContain('No rate for country "ZZ"');
    // The other widget still works.
    expect(container.querySelector<HTMLElement>('[data-product="sms"]')!.dataset.state).toBe('idle');
    spy.mockRestore();
  });

  it('shows a load error with Retry instead of NaN when the adapter returns garbage', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const load = vi.spyOn(adapter, 'loadPricing').mockResolvedValue({ revision: '1', currency: 'USD', products: {} } as never);
    const { container } = renderWithRebilling(<SmsWidget />, { adapter });
    const root = await waitFor(() => {
      const widget = container.querySelector<HTMLElement>('[data-product="sms"]')!;
      expect(widget.dataset.state).toBe('load-error');
      return widget;
    });
    expect(root.textContent).toContain('products.sms');
    expect(root.textContent).not.toMatch(/NaN|undefined|Infinity|\[object Object\]/);
    load.mockRestore();
    await user.click(within(root).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(root.dataset.state).toBe('idle'));
  });
});
