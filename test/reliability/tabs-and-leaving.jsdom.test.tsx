/**
 * Two panels on one backend (two tabs, two admins), and leaving the page with work in progress.
 */
import { RebillingError, createMemoryAdapter, type MemoryAdapter, type RebillingAdapter } from '@rebill-kit/core';
import { RebillingPanel, RebillingProvider } from '@rebill-kit/react';
import { createTestQueryClient } from '@rebill-kit/testkit/react';
import { focusManager, type QueryClient } from '@tanstack/react-query';
import { act, fireEvent, render, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

const sms = (root: ParentNode) => root.querySelector<HTMLElement>('[data-product="sms"]')!;
const shown = (widget: HTMLElement) => widget.querySelector('.rk-slider-value')!.textContent;

/** A tab: its own provider and QueryClient on the shared adapter (another tab's JS would have its own). */
function tab(adapter: RebillingAdapter, queryClient: QueryClient = createTestQueryClient()) {
  const view = render(
    <RebillingProvider adapter={adapter} queryClient={queryClient} locale="en-US">
      <RebillingPanel />
    </RebillingProvider>,
  );
  return { ...view, queryClient };
}

async function ready(container: HTMLElement) {
  return waitFor(() => {
    const widget = sms(container);
    expect(widget.dataset.state).toBe('idle');
    return widget;
  });
}

/** The same backend seen without change events, as over HTTP. */
function withoutEvents(memory: MemoryAdapter): RebillingAdapter {
  return {
    loadPricing: memory.loadPricing,
    savePricing: memory.savePricing,
    loadStripeConnection: memory.loadStripeConnection,
    connectStripe: memory.connectStripe,
    listLedger: memory.listLedger,
  };
}

describe('two tabs on one backend', () => {
  it('with events: the other tab shows the change without a reload', async () => {
    const user = userEvent.setup();
    const memory = createMemoryAdapter({ stripe: 'connected' });
    const a = tab(memory);
    const b = tab(memory);
    const [smsA, smsB] = [await ready(a.container), await ready(b.container)];
    within(smsA).getByRole('slider').focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(smsA.dataset.state).toBe('saved'));
    await waitFor(() => expect(shown(smsB)).toBe('2.6x'));
    expect(smsB.dataset.state).toBe('idle');
  });

  it('the later save of the same product gets the conflict with both choices; nothing is overwritten silently', async () => {
    const user = userEvent.setup();
    const memory = createMemoryAdapter({ stripe: 'connected' });
    const adapter = withoutEvents(memory);
    const a = tab(adapter);
    const b = tab(adapter);
    const [smsA, smsB] = [await ready(a.container), await ready(b.container)];

    within(smsA).getByRole('slider').focus();
    await user.keyboard('{ArrowRight}'); // A: 2.6x
    await waitFor(() => expect(smsA.dataset.state).toBe('saved'));
    within(smsB).getByRole('slider').focus();
    await user.keyboard('{End}'); // B, still on the old prices: 10x
    await waitFor(() => expect(smsB.dataset.state).toBe('conflict'));
    expect(memory.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.6' });
    // B still shows its own value, marked, with the two choices.
    expect(shown(smsB)).toBe('10x');
    expect(within(smsB).getByRole('button', { name: 'Use the latest' })).toBeTruthy();
    expect(within(smsB).getByRole('button', { name: 'Keep mine' })).toBeTruthy();

    await user.click(within(smsB).getByRole('button', { name: 'Use the latest' }));
    await waitFor(() => expect(shown(smsB)).toBe('2.6x'));
    expect(memory.inspect.appliedSaves()).toBe(1);
  });

  // Regression: the provider never mounted its QueryClient, so focus never reloaded prices.
  it('"Keep mine" saves over the other tab on purpose, and the other tab learns of it on focus (regression: focus never reloaded)', async () => {
    const user = userEvent.setup();
    const memory = createMemoryAdapter({ stripe: 'connected' });
    const adapter = withoutEvents(memory);
    // A host client whose prices go stale at once, so a focus reloads them (the provider's own
    // client uses 30 s; an adapter with `subscribe` needs neither).
    const a = tab(adapter);
    const bClient = createTestQueryClient();
    bClient.setDefaultOptions({ queries: { ...bClient.getDefaultOptions().queries, staleTime: 0 } });
    const b = tab(adapter, bClient);
    const [smsA, smsB] = [await ready(a.container), await ready(b.container)];

    within(smsB).getByRole('slider').focus();
    await user.keyboard('{ArrowLeft}'); // B: 2.4x
    await waitFor(() => expect(smsB.dataset.state).toBe('saved'));
    within(smsA).getByRole('slider').focus();
    await user.keyboard('{Home}'); // A: 1x, on old prices
    await waitFor(() => expect(smsA.dataset.state).toBe('conflict'));
    await user.click(within(smsA).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(smsA.dataset.state).toBe('saved'));
    expect(memory.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '1' });

    act(() => {
      focusManager.setFocused(false);
      focusManager.setFocused(true);
    });
    await waitFor(() => expect(shown(smsB)).toBe('1x'));
    focusManager.setFocused(undefined);
  });
});

describe('leaving the page', () => {
  it('a save in flight when the panel unmounts still completes', async () => {
    const memory = createMemoryAdapter({ stripe: 'connected' });
    let release: (() => void) | undefined;
    const realSave = memory.savePricing.bind(memory);
    vi.spyOn(memory, 'savePricing').mockImplementation(async (change, options) => {
      await new Promise<void>((resolve) => (release = resolve));
      return realSave(change, options);
    });
    const a = tab(memory);
    const widget = await ready(a.container);
    fireEvent.keyDown(within(widget).getByRole('slider'), { key: 'End' });
    fireEvent.keyUp(within(widget).getByRole('slider'), { key: 'End' });
    await waitFor(() => expect(release).toBeDefined());
    a.unmount();
    await act(async () => release!());
    await waitFor(() => expect(memory.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '10' }));
  });

  it('a save that fails after the panel unmounted is shown with Retry when the panel comes back (same provider)', async () => {
    const user = userEvent.setup();
    const memory = createMemoryAdapter({ stripe: 'connected' });
    let fail: (() => void) | undefined;
    vi.spyOn(memory, 'savePricing').mockImplementationOnce(
      () => new Promise((_, reject) => (fail = () => reject(new RebillingError('unavailable', 'The pricing service is down.')))),
    );
    const queryClient = createTestQueryClient();
    const page = (show: boolean) => (
      <RebillingProvider adapter={memory} queryClient={queryClient} locale="en-US">
        {show ? <RebillingPanel /> : <p>Another page</p>}
      </RebillingProvider>
    );
    const { container, rerender } = render(page(true));
    const widget = await ready(container);
    fireEvent.keyDown(within(widget).getByRole('slider'), { key: 'End' });
    fireEvent.keyUp(within(widget).getByRole('slider'), { key: 'End' });
    await waitFor(() => expect(fail).toBeDefined());
    rerender(page(false));
    await act(async () => fail!());
    rerender(page(true));
    const back = await waitFor(() => {
      const element = sms(container);
      expect(element.dataset.state).toBe('error');
      return element;
    });
    expect(shown(back)).toBe('10x');
    await user.click(within(back).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(memory.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '10' }));
  });

  it('the slider never holds an uncommitted value past its gesture: blur commits', async () => {
    const memory = createMemoryAdapter({ stripe: 'connected' });
    const a = tab(memory);
    const widget = await ready(a.container);
    const thumb = within(widget).getByRole('slider');
    thumb.focus();
    fireEvent.keyDown(thumb, { key: 'End' });
    act(() => thumb.blur());
    await waitFor(() => expect(memory.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '10' }));
  });

  it('a typed price not yet saved asks the browser to warn before the page unloads, and is discarded on unmount', async () => {
    const user = userEvent.setup();
    const memory = createMemoryAdapter({ stripe: 'connected' });
    const save = vi.spyOn(memory, 'savePricing');
    const a = tab(memory);
    await ready(a.container);
    const listings = a.container.querySelector<HTMLElement>('[data-product="listings"]')!;
    await waitFor(() => expect(listings.dataset.state).toBe('idle'));
    await user.click(within(listings).getByRole('button', { name: /Edit/ }));
    const input = within(listings).getByRole('textbox');
    await user.clear(input);
    await user.type(input, '55');

    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);

    a.unmount();
    const after = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
    expect(save).not.toHaveBeenCalled();
    expect(memory.inspect.readPricing().products.listings.rule).toEqual({ type: 'fixed', price: '49' });
  });
});
