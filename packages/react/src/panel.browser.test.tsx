/**
 * Issue 14 in real Chromium, with styles.css: what the owner sees at 1280 and 390 px. Each test
 * names the defect it guards (the numbered points).
 */
import './styles.css';
import { type MemoryAdapter, type RebillingAdapter, RebillingError, createMemoryAdapter, sampleLedger } from '@rebill-kit/core';
import { cleanup, render, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { RebillingProvider } from './context.js';
import { RebillingPanel } from './RebillingPanel.js';
import { ListingsWidget } from './widgets/FixedPriceWidget.js';
import { SmsWidget } from './widgets/MultiplierWidget.js';

afterEach(cleanup);

async function renderPanel(width: number, adapter: MemoryAdapter | ReturnType<typeof failingAdapter> = createMemoryAdapter({ stripe: 'connected' })) {
  await page.viewport(width, 900);
  const result = render(
    <StrictMode>
      <RebillingProvider adapter={adapter} locale="en-US">
        <RebillingPanel />
      </RebillingProvider>
    </StrictMode>,
  );
  const panel = result.container.querySelector<HTMLElement>('.rk-panel')!;
  return { ...result, panel, adapter };
}

const states = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>('[data-product]')].map((w) => w.dataset.state);

async function ready(container: HTMLElement, state = 'idle') {
  await waitFor(() => expect(states(container)).toEqual([state, state, state, state, state]));
}

/** Every call fails as a backend that is down would, with the adapter's own technical words. */
function failingAdapter() {
  const memory = createMemoryAdapter({ stripe: 'connected' });
  const down = () => Promise.reject(new RebillingError('unavailable', 'Injected fault: ECONNREFUSED 10.0.0.7:5432 (call 2)', { retryable: true }));
  return { ...memory, loadPricing: down, loadStripeConnection: down, savePricing: down, connectStripe: down, listLedger: down };
}

// --- contrast (WCAG 2.x relative luminance), on the colours Chromium computed -----------------

type Rgba = [number, number, number, number];

function parseColor(value: string): Rgba {
  const srgb = value.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
  const rgb = value.match(/^rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)$/);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
  throw new Error(`Unparsed colour: ${value}`);
}

/** The background an element's text is drawn on: its own and its ancestors' backgrounds, composited. */
function effectiveBackground(element: Element): Rgba {
  const layers: Rgba[] = [];
  for (let node: Element | null = element; node; node = node.parentElement) {
    const colour = parseColor(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] >= 1) break;
  }
  let result: Rgba = [255, 255, 255, 1];
  for (const [r, g, b, a] of layers.reverse()) result = [r * a + result[0] * (1 - a), g * a + result[1] * (1 - a), b * a + result[2] * (1 - a), 1];
  return result;
}

function luminance([r, g, b]: Rgba): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(element: Element): number {
  const text = parseColor(getComputedStyle(element).color);
  const [a, b] = [luminance(text), luminance(effectiveBackground(element))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

function noHorizontalOverflow(element: HTMLElement) {
  expect(element.scrollWidth, `${element.className} scrollWidth`).toBeLessThanOrEqual(element.clientWidth + 1);
  expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(window.innerWidth + 1);
}

describe('RebillingPanel layout (issue 14, Chromium)', () => {
  it('8: no empty fourth column at 1280 px: the cards of each section span the whole row', async () => {
    const { container } = await renderPanel(1280);
    await ready(container);
    for (const grid of container.querySelectorAll<HTMLElement>('.rk-panel-grid')) {
      const box = grid.getBoundingClientRect();
      const cards = [...grid.children].map((card) => card.getBoundingClientRect());
      // One row, and the last card ends where the grid ends (no empty track after it).
      expect(new Set(cards.map((card) => Math.round(card.top))).size).toBe(1);
      expect(Math.abs(cards.at(-1)!.right - box.right)).toBeLessThanOrEqual(1);
      expect(Math.abs(cards[0]!.left - box.left)).toBeLessThanOrEqual(1);
    }
    expect(container.querySelectorAll('.rk-panel-grid')[0]!.children).toHaveLength(3);
  });

  it('8: on a wide card the three figures read as one line, and no number is split across lines', async () => {
    const { container } = await renderPanel(1280);
    await ready(container);
    for (const widget of container.querySelectorAll<HTMLElement>('[data-product]')) {
      const figures = [...widget.querySelectorAll('.rk-figure')].map((figure) => figure.getBoundingClientRect());
      expect(new Set(figures.map((figure) => Math.round(figure.top))).size).toBe(1);
      for (const value of widget.querySelectorAll<HTMLElement>('.rk-figure-value')) {
        // One line box: its height is one line-height, and nothing spills out of the tile.
        expect(value.getClientRects()).toHaveLength(1);
        expect(value.scrollWidth).toBeLessThanOrEqual(value.closest('.rk-figure')!.clientWidth);
      }
    }
  });

  it('8: no horizontal overflow at 390 px, in the panel and in the log (each entry a card)', async () => {
    const { container, panel } = await renderPanel(390, createMemoryAdapter({ stripe: 'connected', ledger: sampleLedger(25) }));
    await ready(container);
    noHorizontalOverflow(panel);
    for (const value of container.querySelectorAll<HTMLElement>('.rk-figure-value')) expect(value.getClientRects()).toHaveLength(1);

    await userEvent.click(within(panel).getByRole('button', { name: 'View Logs' }));
    // The log is loaded on first use: its chunk's first import can take seconds on a loaded machine.
    const dialog = await within(document.body).findByRole('dialog', { name: 'OneBalance activity' }, { timeout: 10_000 });
    const rows = await waitFor(() => {
      const found = dialog.querySelectorAll<HTMLElement>('.rk-log__row');
      expect(found.length).toBe(20);
      return found;
    });
    const scroll = dialog.querySelector<HTMLElement>('.rk-log__scroll')!;
    noHorizontalOverflow(scroll);
    noHorizontalOverflow(dialog);
    const dialogBox = dialog.getBoundingClientRect();
    for (const column of ['amount', 'balance-after']) {
      const cell = rows[0]!.querySelector<HTMLElement>(`[data-column="${column}"]`)!.getBoundingClientRect();
      expect(cell.width).toBeGreaterThan(0);
      expect(cell.right).toBeLessThanOrEqual(dialogBox.right);
    }
    // 12: a true minus sign, and whose wallet it is.
    expect(dialog.textContent).toMatch(/\u2212\$\d/);
    expect(dialog.textContent).not.toMatch(/-\$\d/);
    expect(within(dialog).getByText('Your main OneBalance wallet')).toBeTruthy();

    // 12: "Load more" visibly adds rows: the first new one is scrolled into view and the count announced.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(dialog.querySelectorAll('.rk-log__row')).toHaveLength(25));
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toBe('5 more entries loaded. Showing 25 entries'));
    const firstNew = dialog.querySelectorAll<HTMLElement>('.rk-log__row')[20]!.getBoundingClientRect();
    const visible = dialog.getBoundingClientRect();
    expect(firstNew.top).toBeGreaterThanOrEqual(visible.top - 1);
    expect(firstNew.top).toBeLessThan(visible.bottom);
  });

  it('issue 17: a save and its Undo notice leave every card\u2019s height as it was (no row reflow per key press)', async () => {
    const { container } = await renderPanel(1280);
    await ready(container);
    const heights = () => [...container.querySelectorAll('[data-product]')].map((card) => Math.round(card.getBoundingClientRect().height));
    const before = heights();
    const sms = container.querySelector<HTMLElement>('[data-product="sms"]')!;
    within(sms).getByRole('slider').focus();
    await userEvent.keyboard('{ArrowRight}');
    await waitFor(() => expect(within(sms).getByRole('button', { name: 'Undo' })).toBeTruthy());
    expect(heights()).toEqual(before);
    // The Undo button is still a 24 px target (WCAG 2.5.8).
    expect(within(sms).getByRole('button', { name: 'Undo' }).getBoundingClientRect().height).toBeGreaterThanOrEqual(24);
  });

  it('10: the slider thumb is at least 24 × 24 px and stays inside the track at 10x', async () => {
    await page.viewport(1280, 900);
    const adapter = createMemoryAdapter({ stripe: 'connected', pricing: { products: { sms: { rule: { type: 'multiplier', multiplier: '10' } } } } });
    const { container } = render(
      <RebillingProvider adapter={adapter} locale="en-US">
        <div style={{ width: 360 }}>
          <SmsWidget />
        </div>
      </RebillingProvider>,
    );
    const thumb = await waitFor(() => {
      const found = container.querySelector<HTMLElement>('[role="slider"]');
      expect(found?.getAttribute('aria-valuetext')).toMatch(/^10 times/);
      return found!;
    });
    const box = thumb.getBoundingClientRect();
    expect(box.width).toBeGreaterThanOrEqual(24);
    expect(box.height).toBeGreaterThanOrEqual(24);
    const track = container.querySelector('.rk-slider-track')!.getBoundingClientRect();
    expect(box.right).toBeLessThanOrEqual(track.right + 0.5);
    // 10: its accessible name says which product; "1 time", not "1 times".
    expect(within(container).getByRole('slider', { name: 'SMS markup' })).toBe(thumb);
    expect(container.querySelector('.rk-slider-ends')!.textContent).toBe('1x10x');
  });
});

describe('RebillingPanel states (issue 14, Chromium)', () => {
  it('7: disconnected: greyed cards, one banner by the call to action, and AA contrast on every text', async () => {
    const { container, panel } = await renderPanel(1280, createMemoryAdapter({ stripe: 'disconnected' }));
    await ready(container, 'disabled');
    expect(within(panel).getAllByText('Connect Stripe to set prices')).toHaveLength(1);
    const banner = panel.querySelector<HTMLElement>('[data-banner="stripe"]')!;
    expect(within(banner).getByRole('button', { name: '+ Integrate Stripe' })).toBeTruthy();
    expect(container.querySelectorAll('.rk-widget-reason')).toHaveLength(0);

    // Greyed: the card background differs from a connected card's, without opacity.
    const sms = container.querySelector<HTMLElement>('[data-product="sms"]')!;
    expect(getComputedStyle(sms).backgroundColor).not.toBe(getComputedStyle(panel).backgroundColor);
    expect(getComputedStyle(sms).opacity).toBe('1');

    const texts = [
      ...banner.querySelectorAll('.rk-message-title, .rk-message-text span'),
      ...container.querySelectorAll('.rk-figure-label, .rk-figure-value, .rk-figure-unit, .rk-widget-description, .rk-slider-label, .rk-slider-ends'),
    ];
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) expect(contrast(text), `${text.className}: "${text.textContent}"`).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    { status: 'disconnected' as const, width: 1280 },
    { status: 'disconnected' as const, width: 390 },
    { status: 'pending' as const, width: 1280 },
  ])('7: the $status banner takes space reserved while the Stripe status loads: no card moves when it arrives ($width px)', async ({ status, width }) => {
    const memory = createMemoryAdapter({ stripe: status });
    let answer: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (answer = resolve));
    const adapter = { ...memory, loadStripeConnection: async () => (await gate, memory.loadStripeConnection()) };
    const { container, panel } = await renderPanel(width, adapter as unknown as MemoryAdapter);
    // Prices are in, the Stripe status is not: the cards have their final size, the banner is not known yet.
    await waitFor(() => expect(container.querySelectorAll('[role="slider"]')).toHaveLength(3));
    expect(panel.querySelector('[data-banner="stripe"]:not([data-placeholder])')).toBeNull();
    const cards = () => [...container.querySelectorAll('[data-product]')].map((card) => {
      const box = card.getBoundingClientRect();
      return [Math.round(box.left), Math.round(box.top)];
    });
    const before = cards();
    answer!();
    await waitFor(() => expect(panel.querySelector(`[data-banner="stripe"][data-reason="${status}"]:not([data-placeholder])`)).not.toBeNull());
    expect(panel.dataset.state).toBe('locked');
    expect(cards()).toEqual(before);
  });

  it('7: after connecting, focus lands on the "Stripe connected" badge, not <body>', async () => {
    const { container, panel } = await renderPanel(1280, createMemoryAdapter({ stripe: 'disconnected' }));
    await ready(container, 'disabled');
    await userEvent.click(within(panel).getByRole('button', { name: '+ Integrate Stripe' }));
    const dialog = await within(document.body).findByRole('dialog', { name: 'Integrate Stripe' }, { timeout: 10_000 });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await ready(container);
    // The account name sits in a <bdi> (host text isolation); focus belongs on the badge itself.
    const badge = within(panel).getByText('Stripe connected: Sample Agency LLC').closest<HTMLElement>('.rk-badge')!;
    await waitFor(() => expect(document.activeElement).toBe(badge));
    // 9: the header row kept its height when the button was replaced by the badge.
    expect(panel.querySelector('.rk-panel-actions')!.getBoundingClientRect().height).toBeGreaterThanOrEqual(32);
  });

  it('6: backend down: one panel-level message with one Retry, the adapter text behind Details', async () => {
    const { panel } = await renderPanel(1280, failingAdapter());
    // Both loads fail on their own retry schedules: the panel names the shared cause from its first render of it.
    const alert = await within(panel).findByRole('alert', {}, { timeout: 10_000 });
    expect(within(panel).getAllByRole('alert')).toHaveLength(1);
    expect(alert.textContent).toContain('Couldn’t reach the rebilling service');
    expect(within(panel).getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
    const details = within(alert).getByText('Details');
    const raw = within(alert).getByText(/ECONNREFUSED/);
    expect(raw.checkVisibility()).toBe(false);
    await userEvent.click(details);
    expect(raw.checkVisibility()).toBe(true);
    // 9: loading placeholders, not figures: no thumb sits at 1x looking like a price.
    expect(panel.querySelectorAll('[role="slider"]')).toHaveLength(0);
  });

  it('4: backend down: the first error the owner sees is the final one ("service"), with no "prices" flash before it', async () => {
    const { panel } = await renderPanel(1280, failingAdapter());
    // Every cause the panel ever showed, in order, as React committed it.
    const shown: string[] = [];
    const record = () => {
      const cause = panel.querySelector<HTMLElement>('[data-cause]')?.dataset.cause;
      if (cause && shown.at(-1) !== cause) shown.push(cause);
    };
    const observer = new MutationObserver(record);
    observer.observe(panel, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-cause'] });
    record();
    try {
      await waitFor(() => expect(shown).toContain('service'), { timeout: 10_000 });
      // Settled: nothing replaces it afterwards either.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(shown).toEqual(['service']);
    } finally {
      observer.disconnect();
    }
  });

  it('6: a Stripe status failure is labelled as such, not as prices', async () => {
    const memory = createMemoryAdapter({ stripe: 'connected' });
    const adapter = { ...memory, loadStripeConnection: () => Promise.reject(new RebillingError('unavailable', 'stripe down', { retryable: true })) };
    const { panel } = await renderPanel(1280, adapter as unknown as MemoryAdapter);
    const alert = await within(panel).findByRole('alert', {}, { timeout: 5000 });
    expect(alert.textContent).toContain('Couldn’t check your Stripe connection');
    expect(alert.textContent).not.toContain('prices');
  });
});

describe('figures an owner can trust (issue 14, Chromium)', () => {
  async function renderListings() {
    await page.viewport(1280, 900);
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const { container } = render(
      <RebillingProvider adapter={adapter} locale="en-US">
        <div style={{ width: 420 }}>
          <ListingsWidget />
        </div>
      </RebillingProvider>,
    );
    const root = await waitFor(() => {
      const widget = container.querySelector<HTMLElement>('[data-product="listings"]')!;
      expect(widget.dataset.state).toBe('idle');
      return widget;
    });
    const figure = (name: string) => root.querySelector(`[data-figure="${name}"] .rk-figure-value`)!.textContent;
    return { adapter, root, figure };
  }

  it.each(['12.3456789', '1e3', '12.3.4', '49.999'])('1: typing %j shows the saved figures, marked as not the typed value', async (typed) => {
    const { root, figure, adapter } = await renderListings();
    await userEvent.click(within(root).getByRole('button', { name: /^Edit/ }));
    const input = within(root).getByRole('textbox');
    await userEvent.clear(input);
    await userEvent.type(input, typed);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // The saved price ($49), never one computed from an earlier keystroke ($12.345678, $1.00, $12.30).
    expect(figure('sub-account-pays')).toBe('$49.00');
    expect(figure('profit')).toBe('$19.00');
    expect(root.querySelector('.rk-figures-block')!.hasAttribute('data-stale')).toBe(true);
    expect(within(root).getByText('Showing the saved price until the typed one is valid.')).toBeTruthy();
    expect(adapter.inspect.appliedSaves()).toBe(0);
  });

  it('2: a card-charged multiplier product shows what the card is charged ($1.15 × 2.5 → $2.88), the exact price beside it', async () => {
    await page.viewport(1280, 900);
    const adapter = createMemoryAdapter({ stripe: 'connected', pricing: { products: { phoneNumbers: { rule: { type: 'multiplier', multiplier: '2.5' } } } } });
    const { container } = render(
      <RebillingProvider adapter={adapter} locale="en-US">
        <RebillingPanel />
      </RebillingProvider>,
    );
    await ready(container);
    const phone = container.querySelector<HTMLElement>('[data-product="phoneNumbers"]')!;
    const pays = phone.querySelector<HTMLElement>('[data-figure="sub-account-pays"]')!;
    expect(pays.querySelector('.rk-figure-value')!.textContent).toBe('$2.88');
    expect(pays.textContent).toContain('exactly $2.875');
    expect(phone.querySelector('[data-figure="profit"] .rk-figure-value')!.textContent).toBe('$1.73');
  });

  it('5: a conflict shows the value saved elsewhere next to the owner\u2019s, before the choice', async () => {
    await page.viewport(1280, 900);
    // Latency 0 on purpose: the reload a conflict starts once landed while the failed save still
    // counted as pending, and showed the owner's own value as the one saved elsewhere.
    const memory = createMemoryAdapter({ stripe: 'connected', latencyMs: 0 });
    // Without events the widget saves against the revision it loaded: a change elsewhere conflicts.
    const adapter: RebillingAdapter = {
      loadPricing: (options) => memory.loadPricing(options),
      savePricing: (change, options) => memory.savePricing(change, options),
      loadStripeConnection: (options) => memory.loadStripeConnection(options),
      connectStripe: (input) => memory.connectStripe(input),
    };
    const { container } = render(
      <RebillingProvider adapter={adapter} locale="en-US">
        <div style={{ width: 420 }}>
          <SmsWidget />
        </div>
      </RebillingProvider>,
    );
    const thumb = await waitFor(() => {
      const found = container.querySelector<HTMLElement>('[role="slider"]');
      expect(found?.getAttribute('aria-disabled')).toBeNull();
      return found!;
    });
    memory.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } });
    thumb.focus();
    await userEvent.keyboard('{ArrowRight}');
    const root = container.querySelector<HTMLElement>('[data-product="sms"]')!;
    await waitFor(() => expect(root.dataset.state).toBe('conflict'));
    await waitFor(() => expect(root.querySelector('[data-side="theirs"]')!.textContent).toBe('Saved elsewhere4x ($0.0316)'));
    expect(root.querySelector('[data-side="mine"]')!.textContent).toBe('Yours2.6x ($0.02054)');
    expect(within(root).getByRole('button', { name: 'Use the latest' })).toBeTruthy();
  });
});
