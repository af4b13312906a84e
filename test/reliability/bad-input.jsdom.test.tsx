/**
 * Bad input: typed prices, malformed adapter payloads, unsafe URLs. Each gives a clear error in
 * the UI; nothing renders "NaN", "undefined", "Infinity" or "[object Object]"; nothing crashes
 * beyond the one widget it concerns; nothing is saved or navigated to.
 */
import {
  createMemoryAdapter,
  sampleSnapshot,
  type MemoryAdapter,
  type PricingSnapshot,
} from '@rebill-kit/core';
import { ListingsWidget, RebillingPanel, RebillingProvider, SmsWidget, useRebillingContext } from '@rebill-kit/react';
import { createTestQueryClient } from '@rebill-kit/testkit/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { describe, expect, it, vi } from 'vitest';

const FORBIDDEN = /NaN|undefined|Infinity|\[object Object\]/;

function renderTree(adapter: MemoryAdapter | Parameters<typeof RebillingProvider>[0]['adapter'], ui: ReactElement, props: Record<string, unknown> = {}) {
  return render(
    <RebillingProvider adapter={adapter} queryClient={createTestQueryClient()} locale="en-US" {...props}>
      {ui}
    </RebillingProvider>,
  );
}

// ----- typed prices -----

const TYPED_PRICES = [
  '', ' ', 'abc', 'five', '-1', '-0.01', '−5', '+5', '--5', '5-', '1e3', '5e-3', '1e309', 'NaN', 'Infinity', '-Infinity',
  'undefined', 'null', '[object Object]', '0x10', '1_000', '12.345678901', '19.9999999', '0.0000001', '1.2.3', '$', '$5', '€5',
  '5 USD', '１２', '١٢', '٣.٥', '½', '🙂', '<script>alert(1)</script>', '\u0000', '12\n', '.5', '5.', '  7  ', '1 000', '1,000.50',
  '2,50', '999999999999999999999', '1'.repeat(1000), 'Infinity.5', '0', '0.0', '12', '12.00', '31', '3.14159', '49.5', '0.000001',
  '100000',
  // Within 10× You Pay ($30), so saved without a question (issue 14 asks above that).
  '45', '59.99', '299.99',
];

describe('typed prices', () => {
  it(`${TYPED_PRICES.length} typed prices: each is saved exactly as shown, or refused with a clear message; nothing else`, async () => {
    expect(TYPED_PRICES.length).toBeGreaterThanOrEqual(50);
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const { container } = renderTree(adapter, <ListingsWidget />);
    const root = await waitFor(() => {
      const widget = container.querySelector<HTMLElement>('[data-product="listings"]')!;
      expect(widget.dataset.state).toBe('idle');
      return widget;
    });
    const outcomes: Record<string, string> = {};
    for (const typed of TYPED_PRICES) {
      fireEvent.click(within(root).getByRole('button', { name: /Edit/ }));
      const input = within(root).getByRole<HTMLInputElement>('textbox');
      fireEvent.change(input, { target: { value: typed } });
      await act(async () => void fireEvent.submit(input.form!));
      const label = JSON.stringify(typed.length > 30 ? `${typed.slice(0, 20)}…(${typed.length})` : typed);
      const fieldError = root.querySelector('.rk-field-error');
      const lossConfirm = within(root).queryByRole('button', { name: 'Save at a loss' });
      // Issue 14: a price over 10× You Pay asks first too (e.g. "1 000" for a $30 listing).
      const highConfirm = within(root).queryByRole('button', { name: 'Save this price' });
      // Text the owner typed may be echoed; anything else must not say NaN, undefined, …
      const visible = (root.textContent ?? '').replace(typed, '');
      expect(visible, label).not.toMatch(FORBIDDEN);
      expect(root.dataset.state, label).not.toBe('crashed');
      if (fieldError) {
        expect(fieldError.textContent!.trim().length, label).toBeGreaterThan(10);
        expect(input.getAttribute('aria-invalid'), label).toBe('true');
        outcomes[label] = `refused: ${fieldError.textContent}`;
        fireEvent.keyDown(input, { key: 'Escape' });
      } else if (lossConfirm) {
        outcomes[label] = 'asks to confirm a loss';
        fireEvent.keyDown(input, { key: 'Escape' });
      } else if (highConfirm) {
        outcomes[label] = 'asks to confirm a price over 10× You Pay';
        fireEvent.keyDown(input, { key: 'Escape' });
      } else {
        expect(within(root).queryByRole('textbox'), label).toBeNull();
        await waitFor(() => expect(root.dataset.state, label).toBe('saved'));
        const rule = adapter.inspect.readPricing().products.listings.rule;
        expect(rule.type).toBe('fixed');
        const price = rule.type === 'fixed' ? rule.price : '';
        // Saved exactly what is shown.
        const shown = root.querySelector('[data-figure="sub-account-pays"] .rk-figure-value')!.textContent!;
        expect(Number(shown.replace(/[$,]/g, '')), label).toBe(Number(price));
        outcomes[label] = `saved ${price}`;
      }
      // Escape must leave the saved price.
      expect(within(root).queryByRole('textbox'), label).toBeNull();
    }
    const refused = Object.values(outcomes).filter((o) => o.startsWith('refused')).length;
    expect(refused).toBeGreaterThanOrEqual(35);
    expect(Object.values(outcomes).filter((o) => o.startsWith('saved')).length).toBeGreaterThanOrEqual(4);
    expect(Object.values(outcomes).filter((o) => o.startsWith('asks')).length).toBeGreaterThanOrEqual(4);
  }, 30_000);
});

// ----- malformed adapter payloads -----

function snapshotWith(edit: (snapshot: Record<string, any>) => unknown): unknown {
  const snapshot = sampleSnapshot() as unknown as Record<string, any>;
  const result = edit(snapshot);
  return result === undefined ? snapshot : result;
}

const MEGABYTE = '1'.repeat(1024 * 1024);

const MALFORMED_SNAPSHOTS: Array<[string, unknown]> = [
  ['null', null],
  ['undefined', undefined],
  ['a string', 'prices'],
  ['a number', 42],
  ['an array', []],
  ['an empty object', {}],
  ['products missing', snapshotWith((s) => void delete s.products)],
  ['products empty', snapshotWith((s) => void (s.products = {}))],
  ['products an array', snapshotWith((s) => void (s.products = [s.products.sms]))],
  ['sms missing', snapshotWith((s) => void delete s.products.sms)],
  ['sms null', snapshotWith((s) => void (s.products.sms = null))],
  ['youPay a number', snapshotWith((s) => void (s.products.sms.youPay = 0.0079))],
  ['youPay NaN', snapshotWith((s) => void (s.products.sms.youPay = Number.NaN))],
  ['youPay "NaN"', snapshotWith((s) => void (s.products.sms.youPay = 'NaN'))],
  ['youPay "Infinity"', snapshotWith((s) => void (s.products.sms.youPay = 'Infinity'))],
  ['youPay "1e3"', snapshotWith((s) => void (s.products.sms.youPay = '1e3'))],
  ['negative You Pay', snapshotWith((s) => void (s.products.listings.youPay = '-30'))],
  ['youPay an object', snapshotWith((s) => void (s.products.sms.youPay = { toString: () => '0.0079' }))],
  ['youPay a 1 MB string', snapshotWith((s) => void (s.products.sms.youPay = MEGABYTE))],
  ['multiplier 50', snapshotWith((s) => void (s.products.sms.rule = { type: 'multiplier', multiplier: '50' }))],
  ['multiplier the number 3', snapshotWith((s) => void (s.products.sms.rule = { type: 'multiplier', multiplier: 3 }))],
  ['multiplier off the step', snapshotWith((s) => void (s.products.sms.rule = { type: 'multiplier', multiplier: '2.55' }))],
  ['rule of an unknown type', snapshotWith((s) => void (s.products.sms.rule = { type: 'percent', percent: '20' }))],
  ['rule missing', snapshotWith((s) => void delete s.products.email.rule)],
  ['fixed rule on a multiplier product', snapshotWith((s) => void (s.products.sms.rule = { type: 'fixed', price: '1' }))],
  ['fixed price too precise', snapshotWith((s) => void (s.products.listings.rule = { type: 'fixed', price: '19.9999999' }))],
  ['limits min above max', snapshotWith((s) => void (s.products.sms.limits = { min: '5', max: '2', step: '0.1' }))],
  ['limits step 0', snapshotWith((s) => void (s.products.sms.limits = { min: '1', max: '10', step: '0' }))],
  ['limits wider than 1x–10x', snapshotWith((s) => void (s.products.sms.limits = { min: '0', max: '100', step: '1' }))],
  ['unknown currency', snapshotWith((s) => void (s.currency = 'ABC'))],
  ['currency lower case', snapshotWith((s) => void (s.currency = 'usd'))],
  ['currency a number', snapshotWith((s) => void (s.currency = 840))],
  ['revision empty', snapshotWith((s) => void (s.revision = ''))],
  ['revision a number', snapshotWith((s) => void (s.revision = 1))],
  ['revision a 1 MB string', snapshotWith((s) => void (s.revision = MEGABYTE))],
  ['country code lower case', snapshotWith((s) => void (s.products.sms.countryRates = { gb: '0.04' }))],
  ['negative country rate', snapshotWith((s) => void (s.products.sms.countryRates = { GB: '-0.04' }))],
];

describe('malformed adapter payloads', () => {
  // Issue 14: one panel-level error with one Retry (was: the same box in every widget).
  it(`${MALFORMED_SNAPSHOTS.length} malformed snapshots from loadPricing: one clear load error with one Retry, no crash`, async () => {
    expect(MALFORMED_SNAPSHOTS.length).toBeGreaterThanOrEqual(30);
    for (const [name, payload] of MALFORMED_SNAPSHOTS) {
      const adapter = createMemoryAdapter({ stripe: 'connected' });
      vi.spyOn(adapter, 'loadPricing').mockResolvedValue(payload as PricingSnapshot);
      const { container, unmount } = renderTree(adapter, <RebillingPanel />);
      const widgets = await waitFor(() => {
        const all = [...container.querySelectorAll<HTMLElement>('[data-product]')];
        expect(all.map((w) => w.dataset.state), name).toEqual(Array(5).fill('load-error'));
        return all;
      });
      expect(widgets).toHaveLength(5);
      const alert = await within(container).findByRole('alert');
      expect(within(container).getAllByRole('alert'), name).toHaveLength(1);
      expect(alert.textContent, name).toContain('Couldn’t load your prices');
      expect(alert.textContent!.length, name).toBeLessThan(3000);
      expect(within(container).getAllByRole('button', { name: 'Retry' }), name).toHaveLength(1);
      expect(container.textContent, name).not.toMatch(FORBIDDEN);
      // The panel itself stays: header actions still there.
      expect(within(container).getByRole('button', { name: 'View Logs' })).toBeTruthy();
      unmount();
    }
  }, 60_000);

  it('extra fields are ignored, not shown', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const snapshot = snapshotWith((s) => {
      s.extra = { nested: true };
      s.products.sms.note = 'x'.repeat(10_000);
      s.products.sms.rule.extra = 1;
    });
    vi.spyOn(adapter, 'loadPricing').mockResolvedValue(snapshot as PricingSnapshot);
    const { container } = renderTree(adapter, <SmsWidget />);
    await waitFor(() => expect(container.querySelector<HTMLElement>('[data-product="sms"]')!.dataset.state).toBe('idle'));
    expect(container.textContent).not.toMatch(FORBIDDEN);
    expect(container.textContent).not.toContain('xxxxxxxx');
  });

  const MALFORMED_SAVE_RESULTS: Array<[string, unknown]> = [
    ['null', null],
    ['an empty object', {}],
    ['products missing', snapshotWith((s) => void delete s.products)],
    ['youPay NaN', snapshotWith((s) => void (s.products.sms.youPay = Number.NaN))],
    ['multiplier 50', snapshotWith((s) => void (s.products.sms.rule = { type: 'multiplier', multiplier: '50' }))],
    ['a thrown string', 'throw'],
    ['a thrown object', 'throw-object'],
  ];

  it.each(MALFORMED_SAVE_RESULTS)('savePricing answering %s: "Couldn’t save" with Retry, the owner’s value kept', async (name, payload) => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    vi.spyOn(adapter, 'savePricing').mockImplementation(async () => {
      if (payload === 'throw') throw 'boom';
      if (payload === 'throw-object') throw { status: 500 };
      return payload as PricingSnapshot;
    });
    const { container } = renderTree(adapter, <SmsWidget />);
    const root = await waitFor(() => {
      const widget = container.querySelector<HTMLElement>('[data-product="sms"]')!;
      expect(widget.dataset.state).toBe('idle');
      return widget;
    });
    within(root).getByRole('slider').focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(root.dataset.state, name).toBe('error'));
    expect(root.textContent).toContain('Couldn’t save');
    expect(root.querySelector('.rk-slider-value')!.textContent).toBe('2.6x');
    expect(within(root).getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(root.textContent, name).not.toMatch(FORBIDDEN);
  });

  it('one broken product does not take the panel down (error boundary per widget)', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    // No rate for country "ZZ": SMS and Phone Numbers cannot quote, the rest of the panel works.
    const { container } = renderTree(adapter, <RebillingPanel country="ZZ" />);
    await waitFor(() => {
      const states = Object.fromEntries([...container.querySelectorAll<HTMLElement>('[data-product]')].map((w) => [w.dataset.product, w.dataset.state]));
      expect(states).toEqual({ sms: 'crashed', email: 'idle', lightningDomains: 'idle', phoneNumbers: 'crashed', listings: 'idle' });
    });
    const crashed = container.querySelector<HTMLElement>('[data-product="sms"]')!;
    expect(within(crashed).getByRole('alert').textContent).toContain('This product couldn’t be shown.');
    expect(container.textContent).not.toMatch(FORBIDDEN);
    // The others still save.
    const email = container.querySelector<HTMLElement>('[data-product="email"]')!;
    fireEvent.keyDown(within(email).getByRole('slider'), { key: 'ArrowRight' });
    fireEvent.keyUp(within(email).getByRole('slider'), { key: 'ArrowRight' });
    await waitFor(() => expect(adapter.inspect.readPricing().products.email.rule).toEqual({ type: 'multiplier', multiplier: '3.1' }));
    spy.mockRestore();
  });
});

// ----- unsafe URLs -----

describe('View Logs and Stripe redirects accept only http: and https:', () => {
  it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '//evil.example/logs'])(
    'logsHref=%j renders no such link',
    async (href) => {
      const adapter = createMemoryAdapter({ stripe: 'connected' });
      const { container } = renderTree(adapter, <RebillingPanel />, { logsHref: href });
      await waitFor(() => expect(within(container).getByRole('button', { name: 'View Logs' })).toBeTruthy());
      for (const link of container.querySelectorAll('a')) {
        expect(new URL(link.href, 'https://host.example').protocol).toMatch(/^https?:$/);
        expect(link.getAttribute('href')).not.toBe(href);
      }
    },
  );

  it.each(['https://dashboard.example/logs', '/billing/logs'])('logsHref=%j is a link', async (href) => {
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    renderTree(adapter, <RebillingPanel />, { logsHref: href });
    const link = await screen.findByRole('link', { name: 'View Logs' });
    expect(link.getAttribute('href')).toBe(href);
  });

  const BAD_REDIRECTS = ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', ' javascript:alert(1)', 'data:text/html,hi', 'vbscript:msgbox', '//evil.example/onboard', 'file:///etc/passwd', ''];

  it.each(BAD_REDIRECTS)('redirectUrl %j becomes a clear error in the dialog, not a navigation', async (redirectUrl) => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'disconnected' });
    vi.spyOn(adapter, 'connectStripe').mockResolvedValue({ status: 'pending', redirectUrl });
    const onStripeRedirect = vi.fn();
    const assign = vi.fn();
    vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, assign } as Location);
    const { container } = renderTree(adapter, <RebillingPanel />, { onStripeRedirect });
    await user.click(await within(container).findByRole('button', { name: '+ Integrate Stripe' }));
    await user.click(await within(container).findByRole('button', { name: 'Continue' }));
    const alert = await within(container).findByRole('alert');
    expect(alert.textContent).toContain('must be an http: or https: URL');
    expect(alert.textContent).not.toMatch(FORBIDDEN);
    expect(onStripeRedirect).not.toHaveBeenCalled();
    expect(assign).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it('an https: redirect is handed to onStripeRedirect', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ stripe: 'disconnected', stripeConnect: { redirectUrl: 'https://connect.stripe.com/setup/x' } });
    const onStripeRedirect = vi.fn();
    const { container } = renderTree(adapter, <RebillingPanel />, { onStripeRedirect });
    await user.click(await within(container).findByRole('button', { name: '+ Integrate Stripe' }));
    await user.click(await within(container).findByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(onStripeRedirect).toHaveBeenCalledWith('https://connect.stripe.com/setup/x'));
  });

  it('the provider itself refuses to navigate to a non-http URL, whoever asks', async () => {
    const onStripeRedirect = vi.fn();
    let attempt: (() => void) | undefined;
    function Probe() {
      const { redirectToStripe } = useRebillingContext();
      attempt = () => redirectToStripe('javascript:alert(1)');
      return null;
    }
    renderTree(createMemoryAdapter(), <Probe />, { onStripeRedirect });
    expect(() => attempt!()).toThrow(/only http\(s\) URLs/);
    expect(onStripeRedirect).not.toHaveBeenCalled();
  });
});
