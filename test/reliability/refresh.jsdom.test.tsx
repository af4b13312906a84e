/**
 * Regression tests for the two silent differences the soak found: a failed background refresh
 * that hid (or, once the cache was written, silently kept) prices known to be old, and a reload
 * cancelled by navigating away that left the cache at prices known to be old.
 */
import { RebillingError, createMemoryAdapter } from '@rebill-kit/core';
import { RebillingProvider, SmsWidget } from '@rebill-kit/react';
import { createTestQueryClient } from '@rebill-kit/testkit/react';
import { act, render, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

const value = (root: HTMLElement) => root.querySelector('.rk-slider-value')!.textContent;

describe('regression: a failed refresh showed old prices as saved, or hid the widget mid-drag', () => {
  it('keeps the figures and the slider, and says the prices may be out of date with Retry', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const { container } = render(
      <RebillingProvider adapter={adapter} queryClient={createTestQueryClient()} locale="en-US">
        <SmsWidget />
      </RebillingProvider>,
    );
    const root = await waitFor(() => {
      const widget = container.querySelector<HTMLElement>('[data-product="sms"]')!;
      expect(widget.dataset.state).toBe('idle');
      return widget;
    });
    const load = vi.spyOn(adapter, 'loadPricing').mockRejectedValue(new RebillingError('unavailable', 'The pricing service is down.'));
    // Another tab changes the price; the refresh that would show it fails.
    act(() => void adapter.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } }));
    const notice = await waitFor(() => {
      const element = root.querySelector<HTMLElement>('[data-refresh="failed"]');
      expect(element).not.toBeNull();
      return element!;
    });
    // Issue 14: the headline in human words, the adapter's text behind Details.
    expect(notice.querySelector('.rk-message-text')!.textContent).toBe('Couldn’t load prices.');
    expect(notice.querySelector('.rk-details-body')!.textContent).toBe('The pricing service is down.');
    // Still usable: the last prices and the slider stay.
    expect(value(root)).toBe('2.5x');
    expect(within(root).getByRole('slider').getAttribute('aria-disabled')).toBeNull();

    load.mockRestore();
    await user.click(within(notice).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(value(root)).toBe('4x'));
    expect(root.querySelector('[data-refresh="failed"]')).toBeNull();
  });

  it('still says so after a save of another product wrote the cache', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const { container } = render(
      <RebillingProvider adapter={adapter} queryClient={createTestQueryClient()} locale="en-US">
        <SmsWidget />
      </RebillingProvider>,
    );
    const root = await waitFor(() => {
      const widget = container.querySelector<HTMLElement>('[data-product="sms"]')!;
      expect(widget.dataset.state).toBe('idle');
      return widget;
    });
    vi.spyOn(adapter, 'loadPricing').mockRejectedValue(new RebillingError('unavailable', 'down'));
    vi.spyOn(adapter, 'subscribe');
    act(() => void adapter.simulateExternalChange({ products: { email: { type: 'multiplier', multiplier: '4' } } }));
    await waitFor(() => expect(root.querySelector('[data-refresh="failed"]')).not.toBeNull());
    // The owner saves SMS: its stale revision conflicts, and the rollback writes the cache.
    within(root).getByRole('slider').focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(root.dataset.state).toBe('conflict'));
    expect(root.querySelector('[data-refresh="failed"]')).not.toBeNull();
  });
});

describe('regression: a reload cancelled by navigating away kept prices known to be old', () => {
  it('lets the reload land after the widgets unmount, so coming back shows the latest prices', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const queryClient = createTestQueryClient();
    const tree = (show: boolean) => (
      <RebillingProvider adapter={adapter} queryClient={queryClient} locale="en-US">
        {show ? <SmsWidget /> : null}
      </RebillingProvider>
    );
    const { container, rerender } = render(tree(true));
    await waitFor(() => expect(container.querySelector<HTMLElement>('[data-product="sms"]')!.dataset.state).toBe('idle'));

    let release: (() => void) | undefined;
    const realLoad = adapter.loadPricing.bind(adapter);
    vi.spyOn(adapter, 'loadPricing').mockImplementation(async (options) => {
      await new Promise<void>((resolve) => (release = resolve));
      options?.signal?.throwIfAborted();
      return realLoad(options);
    });
    // A change elsewhere starts a reload; the owner navigates away before it answers.
    act(() => void adapter.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } }));
    await waitFor(() => expect(release).toBeDefined());
    rerender(tree(false));
    await act(async () => release!());
    rerender(tree(true));
    await waitFor(() => expect(value(container.querySelector<HTMLElement>('[data-product="sms"]')!)).toBe('4x'));
  });
});
