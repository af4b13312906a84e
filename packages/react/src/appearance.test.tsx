import { createMemoryAdapter } from '@rebill-kit/core';
import { render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type Appearance, themeDefaults } from './appearance.js';
import { RebillingProvider } from './context.js';
import { SmsWidget } from './widgets/MultiplierWidget.js';

describe('appearance and messages', () => {
  it('maps appearance to --rk-* variables on the widget root and follows changes at runtime', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const ui = (appearance: Appearance) => (
      <RebillingProvider adapter={adapter} appearance={appearance}>
        <SmsWidget />
      </RebillingProvider>
    );
    const { container, rerender } = render(ui({ theme: 'light', variables: { colorPrimary: '#ff0066', borderRadius: '2px' } }));
    const root = container.querySelector<HTMLElement>('[data-product="sms"]')!;
    expect(root.style.getPropertyValue('--rk-color-primary')).toBe('#ff0066');
    expect(root.style.getPropertyValue('--rk-border-radius')).toBe('2px');
    expect(root.style.getPropertyValue('--rk-color-background')).toBe(themeDefaults.light.colorBackground);
    expect(root.dataset.theme).toBe('light');

    rerender(ui({ theme: 'dark', variables: { fontFamily: 'Georgia, serif' } }));
    expect(root.dataset.theme).toBe('dark');
    expect(root.style.getPropertyValue('--rk-color-background')).toBe(themeDefaults.dark.colorBackground);
    expect(root.style.getPropertyValue('--rk-font-family')).toBe('Georgia, serif');
    expect(root.style.getPropertyValue('--rk-color-primary')).toBe(themeDefaults.dark.colorPrimary);
  });

  it('takes every text from messages, partially overridden', async () => {
    const adapter = createMemoryAdapter({ stripe: 'connected' });
    const { container } = render(
      <RebillingProvider
        adapter={adapter}
        locale="de-DE"
        messages={{ youPay: 'Sie zahlen', productTitle: { sms: 'SMS-Nachrichten' }, multiplierValue: (m) => `${m}×` }}
      >
        <SmsWidget />
      </RebillingProvider>,
    );
    await waitFor(() => expect(container.querySelector<HTMLElement>('[data-product="sms"]')!.dataset.state).toBe('idle'));
    expect(container.textContent).toContain('Sie zahlen');
    expect(container.textContent).toContain('SMS-Nachrichten');
    // Issue 14: de-DE brings the German bundle; the overrides above still win over it.
    expect(container.textContent).toContain('Unterkonto zahlt');
    expect(container.querySelector('.rk-slider-value')!.textContent).toBe('2,5×');
    expect(container.querySelector('[data-figure="you-pay"] .rk-figure-value')!.textContent).toBe('0,0079\u00a0$');
  });

  it('formats JPY without minor units and refuses to show amounts in an unexpected currency', async () => {
    // Fixed prices in whole yen: a JPY snapshot with the sample's 19.99 is refused (issue 14).
    const jpy = createMemoryAdapter({
      stripe: 'connected',
      pricing: {
        currency: 'JPY',
        products: {
          sms: { youPay: '1.2' },
          lightningDomains: { youPay: '1800', rule: { type: 'fixed', price: '3000' } },
          listings: { youPay: '4500', rule: { type: 'fixed', price: '7400' } },
        },
      },
    });
    const { container } = render(
      <RebillingProvider adapter={jpy} locale="ja-JP">
        <SmsWidget />
      </RebillingProvider>,
    );
    await waitFor(() => expect(container.querySelector<HTMLElement>('[data-product="sms"]')!.dataset.state).toBe('idle'));
    expect(container.querySelector('[data-figure="sub-account-pays"] .rk-figure-value')!.textContent).toBe('￥3');

    const mismatch = render(
      <RebillingProvider adapter={jpy} currency="USD">
        <SmsWidget />
      </RebillingProvider>,
    );
    await waitFor(() => expect(mismatch.container.textContent).toContain('Prices are in JPY, but this page expects USD'));
    // No amount at all (a placeholder, issue 14's skeleton), rather than one in the wrong currency.
    expect(mismatch.container.querySelector('[data-figure="you-pay"] .rk-figure-value')).toBeNull();
  });
});
