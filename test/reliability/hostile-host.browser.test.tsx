/**
 * A hostile host page: aggressive global CSS (a Tailwind-like preflight, `button { all: unset }`,
 * `* { box-sizing: content-box }`, `html { font-size: 22px }`, `dl, dd { margin: 40px }`). The
 * panel must stay usable in a 360px container: buttons visible, sized and clickable, the slider
 * moves with a real pointer drag, figures readable, no horizontal overflow.
 */
import '@rebill-kit/react/styles.css';
import { createMemoryAdapter } from '@rebill-kit/core';
import { RebillingPanel, RebillingProvider } from '@rebill-kit/react';
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';

const HOSTILE_CSS = `
/* A Tailwind-like preflight */
*, ::before, ::after { box-sizing: border-box; border-width: 0; border-style: solid; border-color: currentColor; margin: 0; padding: 0; }
html { line-height: 1.5; -webkit-text-size-adjust: 100%; font-family: serif; }
h1, h2, h3, h4, h5, h6 { font-size: inherit; font-weight: inherit; }
button, input, select, textarea { font: inherit; color: inherit; margin: 0; padding: 0; background-color: transparent; background-image: none; }
button, [role="button"] { cursor: pointer; }
ol, ul, menu { list-style: none; }
img, svg, video, canvas, audio, iframe, embed, object { display: block; vertical-align: middle; }
table { border-collapse: collapse; text-indent: 0; border-color: inherit; }
dialog { padding: 0; }
/* And worse */
button { all: unset; }
* { box-sizing: content-box; }
html { font-size: 22px; }
dl, dd { margin: 40px; }
span { display: inline; }
section { padding: 30px; }
p { margin: 2em 0; }
`;

let style: HTMLStyleElement;
beforeEach(() => {
  style = document.createElement('style');
  style.textContent = HOSTILE_CSS;
  document.head.append(style);
});
afterEach(() => {
  cleanup();
  style.remove();
});

async function renderPanel() {
  const adapter = createMemoryAdapter({ stripe: 'connected' });
  const { container } = render(
    <div id="host" style={{ width: 360 }}>
      <RebillingProvider adapter={adapter} locale="en-US">
        <RebillingPanel />
      </RebillingProvider>
    </div>,
  );
  await waitFor(() => {
    for (const widget of container.querySelectorAll<HTMLElement>('[data-product]')) expect(widget.dataset.state).toBe('idle');
    expect(container.querySelectorAll('[data-product]')).toHaveLength(5);
  });
  return { adapter, host: container.querySelector<HTMLElement>('#host')! };
}

describe('on a hostile host page (Chromium)', () => {
  it('buttons are visible, sized and clickable', async () => {
    const { host } = await renderPanel();
    const buttons = [...host.querySelectorAll<HTMLButtonElement>('button.rk-button')].filter((b) => !b.closest('dialog'));
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    for (const button of buttons) {
      button.scrollIntoView({ block: 'center' });
      const box = button.getBoundingClientRect();
      const label = button.textContent;
      expect(box.width, label ?? '').toBeGreaterThanOrEqual(24);
      expect(box.height, label ?? '').toBeGreaterThanOrEqual(24);
      const css = getComputedStyle(button);
      expect(css.visibility).toBe('visible');
      expect(css.display).not.toBe('none');
      // The button's own middle is the button (nothing from the host covers it).
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      expect(hit === button || button.contains(hit), label ?? '').toBe(true);
      // Looks like a button: a border or a background.
      expect(css.borderTopWidth !== '0px' || css.backgroundColor !== 'rgba(0, 0, 0, 0)', label ?? '').toBe(true);
    }
    // And it works: View Logs opens the log dialog.
    buttons.find((b) => b.textContent === 'View Logs')!.click();
    await waitFor(() => expect(document.querySelector('dialog[open]')).not.toBeNull());
  });

  it('the slider moves with a real pointer drag and saves once', async () => {
    const { adapter, host } = await renderPanel();
    const sms = host.querySelector<HTMLElement>('[data-product="sms"]')!;
    const slider = sms.querySelector<HTMLElement>('.rk-slider')!;
    slider.scrollIntoView({ block: 'center' });
    const box = slider.getBoundingClientRect();
    expect(box.width).toBeGreaterThan(100);
    expect(box.height).toBeGreaterThan(10);
    const thumb = sms.querySelector<HTMLElement>('.rk-slider-thumb')!.getBoundingClientRect();
    expect(thumb.width).toBeGreaterThanOrEqual(16);
    await commands.pointerDrag({ selector: '[data-product="sms"] .rk-slider', path: [0.16, 0.5, 1] });
    expect(sms.querySelector('.rk-slider-value')!.textContent).toBe('10x');
    await waitFor(() => expect(adapter.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '10' }));
  });

  it('figures are readable and nothing overflows the 360px container', async () => {
    const { host } = await renderPanel();
    const panel = host.querySelector<HTMLElement>('.rk-panel')!;
    expect(panel.getBoundingClientRect().width).toBeLessThanOrEqual(360.5);
    expect(panel.scrollWidth).toBeLessThanOrEqual(panel.clientWidth + 1);
    for (const element of panel.querySelectorAll<HTMLElement>('*')) {
      if (element.closest('dialog') || element.closest('.rk-visually-hidden')) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0) continue;
      expect(rect.right, element.className || element.tagName).toBeLessThanOrEqual(panel.getBoundingClientRect().right + 1);
    }
    for (const value of panel.querySelectorAll<HTMLElement>('[data-figure] .rk-figure-value')) {
      const rect = value.getBoundingClientRect();
      expect(rect.width).toBeGreaterThan(10);
      expect(rect.height).toBeGreaterThan(8);
      expect(Number.parseFloat(getComputedStyle(value).fontSize)).toBeGreaterThanOrEqual(12);
      expect(value.textContent).toMatch(/^\$\d/);
    }
  });
});
