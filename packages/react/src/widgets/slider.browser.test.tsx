/**
 * Pointer and layout behaviour in real Chromium: trusted mouse input through Playwright, real
 * pointer capture, real layout from styles.css.
 */
import '../styles.css';
import { createMemoryAdapter } from '@rebill-kit/core';
import { cleanup, render, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from 'vitest/browser';
import { RebillingProvider } from '../context.js';
import { LightningDomainsWidget } from './FixedPriceWidget.js';
import { SmsWidget } from './MultiplierWidget.js';

afterEach(cleanup);

async function renderSms(width = 480) {
  const adapter = createMemoryAdapter({ stripe: 'connected' });
  const saves = vi.spyOn(adapter, 'savePricing');
  const { container } = render(
    <StrictMode>
      <div style={{ width }}>
        <RebillingProvider adapter={adapter} locale="en-US">
          <SmsWidget />
          <LightningDomainsWidget />
        </RebillingProvider>
      </div>
    </StrictMode>,
  );
  const root = await waitFor(() => {
    const widget = container.querySelector<HTMLElement>('[data-product="sms"]')!;
    expect(widget.dataset.state).toBe('idle');
    return widget;
  });
  const value = () => root.querySelector('.rk-slider-value')!.textContent;
  const profit = () => root.querySelector('[data-figure="profit"] .rk-figure-value')!.textContent;
  return { adapter, saves, root, value, profit };
}

describe('slider pointer input (Chromium)', () => {
  it('a drag updates the figures on the way and saves exactly once, on release, with the final value', async () => {
    const { adapter, saves, value, profit } = await renderSms();
    const seen = new Set<string | null>();
    const observer = new MutationObserver(() => seen.add(profit()));
    observer.observe(document.body, { subtree: true, characterData: true, childList: true });

    await commands.pointerDrag({ selector: '[data-product="sms"] .rk-slider', path: [0.16, 0.3, 0.5, 0.75, 1] });
    observer.disconnect();

    expect(value()).toBe('10x');
    expect(seen.size).toBeGreaterThan(3);
    await waitFor(() => expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '10' }));
    expect(saves).toHaveBeenCalledTimes(1);
  });

  it('a click on the track moves there and saves once', async () => {
    const { adapter, saves, value } = await renderSms();
    await commands.pointerDrag({ selector: '[data-product="sms"] .rk-slider', path: [0.5] });
    const shown = value();
    expect(shown).not.toBe('2.5x');
    await waitFor(() => expect(saves).toHaveBeenCalledTimes(1));
    const multiplier = (adapter.inspect.readPricing().products.sms.rule as { multiplier: string }).multiplier;
    expect(`${multiplier}x`).toBe(shown);
    // Halfway along a 1x–10x track.
    expect(Number(multiplier)).toBeGreaterThan(5);
    expect(Number(multiplier)).toBeLessThan(6.1);
  });

  it('a drag that leaves the slider still commits once when released outside', async () => {
    const { saves } = await renderSms();
    await commands.pointerDrag({ selector: '[data-product="sms"] .rk-slider', path: [0.16, 0.6, 1.5] });
    await waitFor(() => expect(saves).toHaveBeenCalledTimes(1));
  });
});

describe('layout (Chromium)', () => {
  it('fits a narrow container: the three figures wrap instead of overflowing', async () => {
    const { root } = await renderSms(280);
    expect(root.scrollWidth).toBeLessThanOrEqual(root.clientWidth);
    const figures = [...root.querySelectorAll<HTMLElement>('[data-figure]')];
    expect(figures).toHaveLength(3);
    for (const figure of figures) expect(figure.getBoundingClientRect().right).toBeLessThanOrEqual(root.getBoundingClientRect().right + 0.5);
  });

  it('places the three figures side by side in a wide container', async () => {
    const { root } = await renderSms(720);
    const tops = [...root.querySelectorAll<HTMLElement>('[data-figure]')].map((f) => Math.round(f.getBoundingClientRect().top));
    expect(new Set(tops).size).toBe(1);
  });

  it('follows the card as it narrows: a strip of three, then values that shrink to fit, then a list', async () => {
    // A resize must not end in the browser's "ResizeObserver loop" error, which hosts' error
    // trackers report.
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    const { root } = await renderSms(720);
    const frame = root.parentElement!;
    const figures = () => [...root.querySelectorAll<HTMLElement>('[data-figure]')];
    const valueSize = () => Number.parseFloat(getComputedStyle(root.querySelector('.rk-figure-value')!).fontSize);
    const wideSize = valueSize();
    expect(wideSize).toBeCloseTo(1.3 * Number.parseFloat(getComputedStyle(root).fontSize), 1);

    // 340 px: still one strip, the values smaller so that each fits its third.
    frame.style.width = '340px';
    await waitFor(() => expect(valueSize()).toBeLessThan(wideSize));
    expect(new Set(figures().map((figure) => Math.round(figure.getBoundingClientRect().top))).size).toBe(1);
    for (const value of root.querySelectorAll<HTMLElement>('.rk-figure-value')) expect(value.scrollWidth).toBeLessThanOrEqual(value.parentElement!.clientWidth + 1);

    // 280 px: one figure per row, its label and value on the same line.
    frame.style.width = '280px';
    await waitFor(() => expect(new Set(figures().map((figure) => Math.round(figure.getBoundingClientRect().top))).size).toBe(3));
    for (const figure of figures()) {
      const [label, value] = [figure.querySelector('.rk-figure-label')!, figure.querySelector('.rk-figure-value')!].map((part) => part.getBoundingClientRect());
      expect(value!.left).toBeGreaterThan(label!.right);
      expect(value!.top).toBeLessThan(label!.bottom);
    }

    // And back: the strip again, at full size.
    frame.style.width = '720px';
    await waitFor(() => expect(new Set(figures().map((figure) => Math.round(figure.getBoundingClientRect().top))).size).toBe(1));
    expect(valueSize()).toBe(wideSize);
    window.removeEventListener('error', onError);
    expect(errors).toEqual([]);
  });

  it('disabled widgets are greyed out and their slider cannot be moved by pointer', async () => {
    const adapter = createMemoryAdapter({ stripe: 'disconnected' });
    const saves = vi.spyOn(adapter, 'savePricing');
    const { container } = render(
      <div style={{ width: 480 }}>
        <RebillingProvider adapter={adapter}>
          <SmsWidget />
        </RebillingProvider>
      </div>,
    );
    const root = await waitFor(() => {
      const widget = container.querySelector<HTMLElement>('[data-product="sms"]')!;
      expect(widget.dataset.state).toBe('disabled');
      return widget;
    });
    // Issue 14: greyed by a muted card and grey accents (no filter or opacity, so text keeps AA).
    expect(getComputedStyle(root).borderTopStyle).toBe('dashed');
    const range = getComputedStyle(root.querySelector('.rk-slider-range')!).backgroundColor;
    const muted = getComputedStyle(root.querySelector('.rk-widget-description')!).color;
    expect(range).toBe(muted);
    await commands.pointerDrag({ selector: '[data-product="sms"] .rk-slider', path: [0.1, 0.9] });
    expect(root.querySelector('.rk-slider-value')!.textContent).toBe('2.5x');
    expect(saves).not.toHaveBeenCalled();
  });
});
