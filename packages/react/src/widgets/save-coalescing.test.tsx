/**
 * Issue 14 items 3 and 4: saves coalesce (at most one at the adapter and one waiting per product,
 * keyboard steps commit once the keys go idle), and every save can be undone for a few seconds.
 */
import { type MemoryAdapter, createMemoryAdapter } from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { act, fireEvent, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEYBOARD_IDLE_MS, SmsWidget } from './MultiplierWidget.js';
import { UNDO_NOTICE_MS } from './WidgetFrame.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function renderSms(adapter: MemoryAdapter) {
  const result = renderWithRebilling(<SmsWidget />, { adapter });
  const root = await waitFor(() => {
    const widget = result.container.querySelector<HTMLElement>('[data-product="sms"]')!;
    expect(widget.dataset.state).toBe('idle');
    return widget;
  });
  const thumb = within(root).getByRole('slider');
  const shown = () => root.querySelector('.rk-slider-value')!.textContent;
  const status = () => root.querySelector('.rk-save-status')!.textContent;
  return { ...result, root, thumb, shown, status };
}

/** What closing the tab does first: true when the page asked for the "Leave site?" confirmation. */
function leavingWarns(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('saves coalesce', () => {
  it('30 quick ArrowRight taps, then idle: at most 2 saves, and the saved value is the one shown', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected', latencyMs: 50 });
    const save = vi.spyOn(adapter, 'savePricing');
    const { root, thumb, shown } = await renderSms(adapter);
    thumb.focus();
    for (let tap = 0; tap < 30; tap++) {
      await act(async () => {
        fireEvent.keyDown(thumb, { key: 'ArrowRight' });
        fireEvent.keyUp(thumb, { key: 'ArrowRight' });
        await sleep(30);
      });
    }
    expect(shown()).toBe('5.5x');
    // Closing the page right after the taps: the value is not saved yet, so the browser warns.
    expect(root.dataset.state).toBe('editing');
    expect(leavingWarns()).toBe(true);

    await waitFor(() => expect(root.dataset.state).toBe('saved'));
    expect(save.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(save.mock.calls.length).toBeLessThanOrEqual(2);
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '5.5' });
    expect(shown()).toBe('5.5x');
    expect(leavingWarns()).toBe(false);
  });

  it('steps made while a save is in flight wait as one save with the latest value, which lands last', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    let release: (() => void) | undefined;
    const realSave = adapter.savePricing.bind(adapter);
    const save = vi.spyOn(adapter, 'savePricing').mockImplementation(async (change, options) => {
      if (save.mock.calls.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return realSave(change, options);
    });
    const { root, thumb, shown } = await renderSms(adapter);
    thumb.focus();
    // A first commit (blur), held at the adapter.
    fireEvent.keyDown(thumb, { key: 'ArrowRight' });
    act(() => thumb.blur());
    await waitFor(() => expect(release).toBeDefined());
    // Five more commits while it is in flight: each replaces the waiting one.
    for (let i = 0; i < 5; i++) {
      thumb.focus();
      fireEvent.keyDown(thumb, { key: 'ArrowRight' });
      act(() => thumb.blur());
    }
    expect(shown()).toBe('3.1x');
    expect(root.dataset.state).toBe('saving');
    expect(leavingWarns()).toBe(true);
    await act(async () => release!());
    await waitFor(() => expect(root.dataset.state).toBe('saved'));
    expect(save).toHaveBeenCalledTimes(2);
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '3.1' });
    expect(shown()).toBe('3.1x');
  });

  it('a pointer release commits at once; keyboard steps only once the keys have been idle', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const save = vi.spyOn(adapter, 'savePricing');
    const { root, thumb } = await renderSms(adapter);
    fireEvent.keyDown(thumb, { key: 'ArrowRight' });
    fireEvent.pointerUp(root.querySelector('.rk-slider')!);
    expect(save).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(root.dataset.state).toBe('saved'));

    fireEvent.keyDown(thumb, { key: 'ArrowRight' });
    fireEvent.keyUp(thumb, { key: 'ArrowRight' });
    await act(() => sleep(KEYBOARD_IDLE_MS / 2));
    expect(save).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(save).toHaveBeenCalledTimes(2));
  });

  it('a step still waiting for the keys to go idle is saved, not dropped, when the widget unmounts', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const { thumb, unmount } = await renderSms(adapter);
    fireEvent.keyDown(thumb, { key: 'End' });
    fireEvent.keyUp(thumb, { key: 'End' });
    unmount();
    await waitFor(() => expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '10' }));
  });
});

describe('undo', () => {
  it('after a save: "SMS set to 10x for all sub-accounts · Undo"; Undo saves the old rule and says so', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const save = vi.spyOn(adapter, 'savePricing');
    const { root, thumb, shown, status } = await renderSms(adapter);
    // The stray click at the end of the track: 10x for everyone.
    fireEvent.keyDown(thumb, { key: 'End' });
    fireEvent.pointerUp(root.querySelector('.rk-slider')!);
    await waitFor(() => expect(status()).toBe('Saved · SMS set to 10x for all sub-accounts · Undo'));
    const region = root.querySelector('.rk-save-status')!;
    expect(region.getAttribute('aria-live')).toBe('polite');

    await user.click(within(root).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(status()).toBe('Saved · SMS set back to 2.5x for all sub-accounts'));
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.5' });
    expect(shown()).toBe('2.5x');
    // Through the same path: a second save with its own idempotency key; nothing left to undo.
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1]![1].idempotencyKey).not.toBe(save.mock.calls[0]![1].idempotencyKey);
    expect(within(root).queryByRole('button', { name: 'Undo' })).toBeNull();
    // Focus stays in the widget, not lost to <body> with the button that went away.
    expect(root.contains(document.activeElement)).toBe(true);
  });

  it('Undo goes back to the value before a run of quick changes, not to one in between', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    let release: (() => void) | undefined;
    const realSave = adapter.savePricing.bind(adapter);
    const save = vi.spyOn(adapter, 'savePricing').mockImplementation(async (change, options) => {
      if (save.mock.calls.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return realSave(change, options);
    });
    const { root, thumb, status } = await renderSms(adapter);
    fireEvent.keyDown(thumb, { key: 'ArrowRight' });
    fireEvent.pointerUp(root.querySelector('.rk-slider')!); // 2.6x, held at the adapter
    await waitFor(() => expect(release).toBeDefined());
    fireEvent.keyDown(thumb, { key: 'End' });
    fireEvent.pointerUp(root.querySelector('.rk-slider')!); // 10x, waiting
    await act(async () => release!());
    await waitFor(() => expect(status()).toBe('Saved · SMS set to 10x for all sub-accounts · Undo'));
    await user.click(within(root).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(status()).toBe('Saved · SMS set back to 2.5x for all sub-accounts'));
    expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.5' });
  });

  it('the notice goes after about 8 seconds; "Saved" stays', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const { root, thumb, status } = await renderSms(adapter);
    fireEvent.keyDown(thumb, { key: 'End' });
    fireEvent.pointerUp(root.querySelector('.rk-slider')!);
    await waitFor(() => expect(status()).toBe('Saved · SMS set to 10x for all sub-accounts · Undo'));
    act(() => vi.advanceTimersByTime(UNDO_NOTICE_MS - 1000));
    expect(status()).toContain('Undo');
    act(() => vi.advanceTimersByTime(1500));
    expect(status()).toBe('Saved');
  });
});
