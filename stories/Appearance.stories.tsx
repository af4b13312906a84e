import { type Appearance, RebillingPanel, type RebillingPanelProps, type RebillingMessagesInput, SmsWidget, themeDefaults } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { JPY_PRICING, type RebillingStoryArgs, rebillingArgTypes, useSetStoryAppearance, withRebilling } from './support/story-adapter.js';

type Story = StoryObj<RebillingPanelProps & RebillingStoryArgs & { containerWidth?: number }>;
const slow = { timeout: 6000 };

/**
 * Theming, locales and sizes, on the whole panel. Every colour, the font, the radius and the
 * spacing are `appearance.variables` (see Docs/Theming); numbers, money and dates follow the
 * provider's `locale`, and texts its `messages`.
 */
const meta = {
  title: 'Appearance/Themes and locales',
  component: RebillingPanel,
  decorators: [withRebilling],
  render: ({ containerWidth }) => (
    <div style={containerWidth ? { maxWidth: containerWidth } : undefined}>
      <RebillingPanel />
    </div>
  ),
  args: { stripe: 'connected', latencyMs: 0, locale: 'en-US', theme: 'light' },
  argTypes: {
    ...rebillingArgTypes,
    multiplier: { table: { disable: true } },
    price: { table: { disable: true } },
    containerWidth: { control: { type: 'range', min: 280, max: 1200, step: 10 }, description: 'Width of the host container, px.' },
  },
} satisfies Meta<RebillingPanelProps & RebillingStoryArgs & { containerWidth?: number }>;
export default meta;

function panelRoot(canvasElement: HTMLElement): HTMLElement {
  const root = canvasElement.querySelector<HTMLElement>('.rk-panel');
  if (!root) throw new Error('No .rk-panel in the story.');
  return root;
}

async function sliderReady(canvasElement: HTMLElement) {
  const [slider] = await within(canvasElement).findAllByRole('slider', {}, slow);
  await waitFor(() => expect(slider).not.toHaveAttribute('aria-disabled'), slow);
  return slider!;
}

export const Light: Story = {
  play: async ({ canvasElement }) => {
    await sliderReady(canvasElement);
    await expect(panelRoot(canvasElement)).toHaveAttribute('data-theme', 'light');
    await expect(panelRoot(canvasElement).style.getPropertyValue('--rk-color-primary')).toBe(themeDefaults.light.colorPrimary);
  },
};

export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { backgrounds: { value: 'dark' } },
  play: async ({ canvasElement }) => {
    await sliderReady(canvasElement);
    await expect(panelRoot(canvasElement)).toHaveAttribute('data-theme', 'dark');
    await expect(panelRoot(canvasElement).style.getPropertyValue('--rk-color-background')).toBe(themeDefaults.dark.colorBackground);
  },
};

const brand: Appearance['variables'] = {
  colorPrimary: '#0f766e',
  colorOnPrimary: '#ffffff',
  colorText: '#1c1917',
  colorTextMuted: '#57534e',
  colorBackground: '#fffbf5',
  colorSurface: '#f5efe6',
  colorBorder: '#d6cfc4',
  fontFamily: 'Georgia, "Times New Roman", serif',
  fontSize: '15px',
  borderRadius: '2px',
  spacing: '10px',
};

export const CustomBrand: Story = {
  name: 'Custom brand (colours, font, radius)',
  args: { variables: brand },
  play: async ({ canvasElement }) => {
    await sliderReady(canvasElement);
    const widget = canvasElement.querySelector<HTMLElement>('[data-product="sms"]')!;
    await expect(getComputedStyle(widget).fontFamily).toMatch(/Georgia/);
    await expect(getComputedStyle(widget).borderTopLeftRadius).toBe('2px');
  },
};

function RuntimeSwitcher() {
  const setAppearance = useSetStoryAppearance();
  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 440 }}>
      <div role="group" aria-label="Theme" style={{ display: 'flex', gap: 8 }}>
        <button type="button" className="rk-button" onClick={() => setAppearance({ theme: 'light' })}>
          Light
        </button>
        <button type="button" className="rk-button" onClick={() => setAppearance({ theme: 'dark' })}>
          Dark
        </button>
        <button type="button" className="rk-button" onClick={() => setAppearance({ theme: 'light', variables: brand })}>
          Brand
        </button>
      </div>
      <SmsWidget />
    </div>
  );
}

export const ChangedAtRuntime: Story = {
  name: 'Changed at runtime',
  render: () => <RuntimeSwitcher />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const slider = await sliderReady(canvasElement);
    const widget = canvasElement.querySelector<HTMLElement>('[data-product="sms"]')!;
    // The value being dragged survives a theme change: nothing remounts.
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    await expect(slider).toHaveFocus();
    await userEvent.click(canvas.getByRole('button', { name: 'Dark' }));
    await expect(widget).toHaveAttribute('data-theme', 'dark');
    await expect(widget.style.getPropertyValue('--rk-color-text')).toBe(themeDefaults.dark.colorText);
    await userEvent.click(canvas.getByRole('button', { name: 'Brand' }));
    await expect(widget).toHaveAttribute('data-theme', 'light');
    await expect(widget.style.getPropertyValue('--rk-color-primary')).toBe('#0f766e');
    await expect(canvasElement.querySelector('[data-product="sms"]')).toBe(widget);
  },
};

const german: RebillingMessagesInput = {
  panelTitle: 'Weiterverrechnung',
  panelDescription: 'Legen Sie fest, was Ihre Unterkonten zahlen. Ihr Gewinn ist die Differenz.',
  generalSection: 'Allgemein',
  generalNote: 'SMS, E-Mails und Lightning-Domains werden aus dem OneBalance-Guthaben des Unterkontos bezahlt.',
  addOnsSection: 'Zusatzleistungen',
  addOnsNote: 'Zusatzleistungen werden über Ihr Stripe-Konto von der Karte des Unterkontos abgebucht.',
  regionNote: 'Die Preise gelten für die USA und Kanada; internationale Tarife variieren je nach Land.',
  scopeNote: 'Änderungen gelten für alle Unterkonten.',
  integrateStripe: '+ Stripe-Integration einrichten',
  viewLogs: 'Protokolle anzeigen',
  stripeConnectedAs: (name) => `Stripe verbunden: ${name}`,
  productTitle: { sms: 'SMS', email: 'E-Mails', lightningDomains: 'Lightning-Domains', phoneNumbers: 'Telefonnummern', listings: 'Brancheneinträge' },
  productDescription: {
    sms: 'Jedes Segment, eingehend und ausgehend.',
    email: 'Jede ausgehende E-Mail.',
    lightningDomains: 'Jede Domain, pro Abrechnungszeitraum.',
    phoneNumbers: 'Jede Nummer, pro Monat.',
    listings: 'Jeder Eintrag, pro Monat.',
  },
  productUnit: { sms: 'Segment', email: 'E-Mail', lightningDomains: 'Domain', phoneNumbers: 'Nummer / Monat', listings: 'Eintrag / Monat' },
  youPay: 'Ihre Kosten',
  subAccountPays: 'Unterkonto zahlt',
  profit: 'Gewinn',
  loss: 'Verlust',
  margin: (percent) => `${percent} Marge`,
  multiplierLabel: 'Preisaufschlag',
  multiplierValue: (multiplier) => `${multiplier}×`,
  multiplierValueText: (multiplier, pays) => `${multiplier}-fach, Unterkonto zahlt ${pays}`,
  edit: 'Bearbeiten',
  save: 'Speichern',
  cancel: 'Abbrechen',
  saving: 'Wird gespeichert…',
  saved: 'Gespeichert',
  saveFailed: 'Speichern fehlgeschlagen',
  retry: 'Erneut versuchen',
  loading: 'Preise werden geladen…',
};

export const German: Story = {
  name: 'de-DE (long labels, comma decimals)',
  args: { locale: 'de-DE' },
  parameters: { rebillingProvider: { messages: german } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const slider = await sliderReady(canvasElement);
    await expect(slider.getAttribute('aria-valuetext')).toMatch(/^2,5-fach, Unterkonto zahlt 0,01975\s\$/);
    // Typing a price the German way: comma decimals.
    await userEvent.click(canvas.getByRole('button', { name: /^Bearbeiten Lightning-Domains/ }));
    const input = canvas.getByRole('textbox');
    await userEvent.clear(input);
    await userEvent.type(input, '24,50{Enter}');
    await expect(await canvas.findByText('Gespeichert', {}, slow)).toBeVisible();
  },
};

export const JapaneseYen: Story = {
  name: 'ja-JP with JPY (zero-decimal)',
  args: { locale: 'ja-JP', currency: 'JPY' },
  parameters: {
    rebilling: {
      pricing: JPY_PRICING,
    },
  },
  play: async ({ canvasElement }) => {
    await sliderReady(canvasElement);
    const domains = canvasElement.querySelector('[data-product="lightningDomains"] [data-figure="sub-account-pays"] .rk-figure-value');
    await expect(domains?.textContent).toMatch(/[¥￥]3,000$/);
  },
};

export const Narrow: Story = {
  name: 'Narrow container (mobile width)',
  args: { containerWidth: 340 },
  play: async ({ canvasElement }) => {
    await sliderReady(canvasElement);
    const panel = panelRoot(canvasElement);
    // Nothing overflows the host's column.
    await expect(panel.scrollWidth).toBeLessThanOrEqual(panel.clientWidth + 1);
  },
};
