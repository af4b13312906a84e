import { sampleLedger } from '@rebill-kit/core';
import { RebillingPanel, type RebillingPanelProps, defaultMessages } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { JPY_PRICING, type RebillingStoryArgs, rebillingArgTypes, storyAdapter, withRebilling } from './support/story-adapter.js';

type PanelStoryArgs = RebillingPanelProps & RebillingStoryArgs;
type Story = StoryObj<PanelStoryArgs>;
type PlayContext = Parameters<NonNullable<Story['play']>>[0];

const slow = { timeout: 6000 };

/**
 * The whole rebilling page: Stripe connection and logs in the header, then General (SMS, Emails,
 * Lightning Domains) and Add-Ons (Phone Numbers, Listings). Every widget stays disabled, with the
 * reason, until Stripe is connected.
 */
const meta = {
  title: 'Panel/RebillingPanel',
  component: RebillingPanel,
  tags: ['autodocs'],
  parameters: { layout: 'padded' },
  decorators: [withRebilling],
  render: ({ title, country, className }) => (
    <RebillingPanel {...(title ? { title } : {})} {...(country ? { country } : {})} {...(className ? { className } : {})} />
  ),
  args: { stripe: 'connected', latencyMs: 0, locale: 'en-US', theme: 'light' },
  argTypes: {
    ...rebillingArgTypes,
    multiplier: { table: { disable: true } },
    price: { table: { disable: true } },
    country: {
      control: 'select',
      options: [undefined, 'US', 'CA', 'GB', 'DE', 'AU', 'MX'],
      table: { category: 'Panel' },
    },
    title: { control: 'text', table: { category: 'Panel' } },
    className: { control: 'text', table: { category: 'Panel' } },
  },
} satisfies Meta<PanelStoryArgs>;
export default meta;

async function panelLoaded(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await expect(await canvas.findByRole('heading', { level: 2, name: 'Rebilling' })).toBeVisible();
  await waitFor(() => expect(canvasElement.querySelector('.rk-panel')?.getAttribute('data-stripe')).toMatch(/connected|pending/), slow);
  return canvas;
}

export const Connected: Story = {
  name: 'Connected',
  play: async ({ canvasElement }) => {
    const canvas = await panelLoaded(canvasElement);
    await expect(await canvas.findByText('Stripe connected: Sample Agency LLC')).toBeVisible();
    await waitFor(() => expect(canvas.getAllByRole('slider')).toHaveLength(3));
    for (const slider of canvas.getAllByRole('slider')) await waitFor(() => expect(slider).not.toHaveAttribute('aria-disabled'));
    await expect(canvas.getByText(/Changes apply to all sub-accounts/)).toBeVisible();
  },
};

export const StripeDisconnected: Story = {
  name: 'Stripe disconnected',
  args: { stripe: 'disconnected' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('button', { name: '+ Integrate Stripe' }, slow)).toBeVisible();
    await waitFor(() => expect(canvasElement.querySelectorAll('[data-state="disabled"]')).toHaveLength(5), slow);
    // One banner by the call to action, not the same sentence in every card.
    await expect(canvas.getAllByText('Connect Stripe to set prices')).toHaveLength(1);
    await expect(canvasElement.querySelectorAll('.rk-widget-reason')).toHaveLength(0);
  },
};

export const Loading: Story = {
  name: 'Loading',
  parameters: { rebilling: { loadDelayMs: 10 * 60_000 } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('heading', { level: 2, name: 'Rebilling' })).toBeVisible();
    await waitFor(() => expect(canvasElement.querySelectorAll('[data-state="loading"]').length).toBeGreaterThanOrEqual(5));
    // Skeletons, not figures or a thumb at 1x that could pass for a price.
    await expect(canvasElement.querySelectorAll('.rk-widget [role="slider"]')).toHaveLength(0);
    await expect(canvasElement.querySelector('.rk-figure-value')).toBeNull();
  },
};

export const BackendDown: Story = {
  name: 'Backend down (one error)',
  args: { failureRate: 1 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const alert = await canvas.findByRole('alert', {}, slow);
    await expect(alert).toHaveTextContent('Couldn’t reach the rebilling service');
    await expect(canvas.getAllByRole('alert')).toHaveLength(1);
    await expect(canvas.getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
    // The adapter's own words sit behind Details, not in the headline.
    await expect(canvas.getByText('Details')).toBeVisible();
    await expect(canvas.getByText(/withFaults/)).not.toBeVisible();
  },
};

/** Every translated default text; none may show in a translated story. */
function englishTextsIn(element: HTMLElement, translated: Record<string, unknown>): string[] {
  const text = element.textContent ?? '';
  const english: string[] = [];
  // As a whole word: "Balance" is English, the brand "OneBalance" in a German sentence is not.
  const shows = (en: string) => new RegExp(`(?<![\\p{L}])${en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u').test(text);
  const collect = (en: unknown, other: unknown) => {
    if (typeof en === 'string' && en !== other && en.length > 3 && shows(en)) english.push(en);
    else if (en && typeof en === 'object') for (const key of Object.keys(en)) collect((en as Record<string, unknown>)[key], (other as Record<string, unknown> | undefined)?.[key]);
  };
  for (const key of Object.keys(defaultMessages)) collect((defaultMessages as unknown as Record<string, unknown>)[key], translated[key]);
  // Texts built by functions: the English words they would add.
  for (const word of ['You Pay', 'Sub-account pays', 'Profit', 'margin', 'Markup', 'Stripe connected', 'per segment', 'Rate for']) {
    if (text.includes(word)) english.push(word);
  }
  return english;
}

export const German: Story = {
  name: 'de-DE (no English)',
  args: { locale: 'de-DE' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('heading', { level: 2, name: 'Weiterberechnung' }, slow)).toBeVisible();
    await waitFor(() => expect(canvas.getAllByRole('slider')).toHaveLength(3), slow);
    const { default: de } = await import('@rebill-kit/react/locales/de');
    await expect(englishTextsIn(canvasElement, de as unknown as Record<string, unknown>)).toEqual([]);
    await expect(canvas.getByRole('slider', { name: 'Aufschlag SMS' })).toBeVisible();
  },
};

export const JapaneseYen: Story = {
  name: 'ja-JP with JPY (no English)',
  args: { locale: 'ja-JP', currency: 'JPY' },
  parameters: {
    rebilling: {
      pricing: JPY_PRICING,
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('heading', { level: 2, name: 'リビリング' }, slow)).toBeVisible();
    await waitFor(() => expect(canvas.getAllByRole('slider')).toHaveLength(3), slow);
    const { default: ja } = await import('@rebill-kit/react/locales/ja');
    await expect(englishTextsIn(canvasElement, ja as unknown as Record<string, unknown>)).toEqual([]);
  },
};

/** Connects through the dialog with the chosen customer sync, and checks every widget unlocks. */
function integrateStripe(choice: 'People' | 'Businesses' | 'Skip', expected: 'people' | 'businesses' | null) {
  return async (context: PlayContext) => {
    const { canvasElement } = context;
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: '+ Integrate Stripe' }, slow));
    const dialog = await canvas.findByRole('dialog', { name: 'Integrate Stripe' });
    const body = within(dialog);
    const option = body.getByRole('radio', { name: choice });
    await userEvent.click(option);
    await expect(option).toBeChecked();
    await userEvent.click(body.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(canvas.queryByRole('dialog')).toBeNull(), slow);
    await expect(await canvas.findByText('Stripe connected: Sample Agency LLC', {}, slow)).toBeVisible();
    await waitFor(() => expect(canvasElement.querySelectorAll('[data-state="disabled"]')).toHaveLength(0), slow);
    await expect(storyAdapter(context).connectInputs).toEqual([{ syncCustomersAs: expected }]);
    await expect(canvas.queryByRole('button', { name: '+ Integrate Stripe' })).toBeNull();
  };
}

export const IntegrateStripePeople: Story = {
  name: 'Integrate Stripe: People',
  args: { stripe: 'disconnected', latencyMs: 250 },
  play: integrateStripe('People', 'people'),
};

export const IntegrateStripeBusinesses: Story = {
  name: 'Integrate Stripe: Businesses',
  args: { stripe: 'disconnected', latencyMs: 250 },
  play: integrateStripe('Businesses', 'businesses'),
};

export const IntegrateStripeSkip: Story = {
  name: 'Integrate Stripe: Skip',
  args: { stripe: 'disconnected', latencyMs: 250 },
  play: integrateStripe('Skip', null),
};

export const IntegrateStripeKeyboard: Story = {
  name: 'Integrate Stripe: keyboard only',
  args: { stripe: 'disconnected' },
  play: async (context) => {
    const { canvasElement } = context;
    const canvas = within(canvasElement);
    const open = await canvas.findByRole('button', { name: '+ Integrate Stripe' }, slow);
    open.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = await canvas.findByRole('dialog', { name: 'Integrate Stripe' });
    // Focus starts on the checked option (People); arrows move through the group.
    await expect(within(dialog).getByRole('radio', { name: 'People' })).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    await expect(within(dialog).getByRole('radio', { name: 'Businesses' })).toBeChecked();
    await userEvent.keyboard('{Enter}');
    await expect(await canvas.findByText('Stripe connected: Sample Agency LLC', {}, slow)).toBeVisible();
    await expect(storyAdapter(context).connectInputs).toEqual([{ syncCustomersAs: 'businesses' }]);
  },
};

export const IntegrateStripeCancel: Story = {
  name: 'Integrate Stripe: Cancel',
  args: { stripe: 'disconnected' },
  play: async (context) => {
    const { canvasElement } = context;
    const canvas = within(canvasElement);
    const open = await canvas.findByRole('button', { name: '+ Integrate Stripe' }, slow);
    await userEvent.click(open);
    const dialog = await canvas.findByRole('dialog', { name: 'Integrate Stripe' });
    // (Escape is the browser's own <dialog> behaviour, which synthetic key events cannot trigger.)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(canvas.queryByRole('dialog')).toBeNull());
    await expect(open).toHaveFocus();
    await expect(storyAdapter(context).connectInputs).toEqual([]);
  },
};

export const IntegrateStripeRetry: Story = {
  name: 'Integrate Stripe: fails, then Retry',
  args: { stripe: 'disconnected' },
  parameters: { rebilling: { failConnects: 1 } },
  play: async (context) => {
    const { canvasElement } = context;
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: '+ Integrate Stripe' }, slow));
    const dialog = within(await canvas.findByRole('dialog', { name: 'Integrate Stripe' }));
    await userEvent.click(dialog.getByRole('button', { name: 'Continue' }));
    await expect(await dialog.findByText(/Couldn’t connect Stripe/, {}, slow)).toBeVisible();
    await userEvent.click(dialog.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByText('Stripe connected: Sample Agency LLC', {}, slow)).toBeVisible();
    await expect(storyAdapter(context).connectInputs).toHaveLength(2);
  },
};

export const IntegrateStripeRedirect: Story = {
  name: 'Integrate Stripe: onboarding redirect (pending)',
  args: { stripe: 'disconnected', onStripeRedirect: fn() },
  parameters: { rebilling: { stripeConnect: { redirectUrl: 'https://connect.stripe.com/setup/s/example' } } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: '+ Integrate Stripe' }, slow));
    const dialog = within(await canvas.findByRole('dialog', { name: 'Integrate Stripe' }));
    await userEvent.click(dialog.getByRole('button', { name: 'Continue' }));
    await expect(await dialog.findByText(/Finish setup in Stripe/, {}, slow)).toBeVisible();
    await expect(args.onStripeRedirect).toHaveBeenCalledWith('https://connect.stripe.com/setup/s/example');
    // Navigation may have been blocked: Continue never dead-ends, the link opens Stripe.
    await expect(dialog.getByRole('link', { name: 'Open Stripe' })).toHaveAttribute('href', 'https://connect.stripe.com/setup/s/example');
    await expect(await canvas.findByText('Stripe setup in progress…', {}, slow)).toBeInTheDocument();
  },
};

export const StripePending: Story = {
  name: 'Stripe pending',
  args: { stripe: 'pending' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('Stripe setup in progress…', {}, slow)).toBeVisible();
    await waitFor(() => expect(canvasElement.querySelectorAll('[data-state="disabled"]')).toHaveLength(5), slow);
    await expect(canvas.getByRole('button', { name: 'Resume setup' })).toBeVisible();
  },
};

export const ViewLogs: Story = {
  name: 'View Logs: several pages',
  parameters: { rebilling: { ledger: sampleLedger(45) } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'View Logs' }));
    const dialog = within(await canvas.findByRole('dialog', { name: 'OneBalance activity' }));
    const rows = () => dialog.getAllByRole('row').length - 1; // minus the header row
    await waitFor(() => expect(rows()).toBe(20), slow);
    await userEvent.click(dialog.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows()).toBe(40), slow);
    await userEvent.click(dialog.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows()).toBe(45), slow);
    await expect(dialog.getByText('That’s all the activity.')).toBeVisible();
  },
};

export const EmptyLedger: Story = {
  name: 'View Logs: empty ledger',
  parameters: { rebilling: { ledger: [] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'View Logs' }));
    const dialog = within(await canvas.findByRole('dialog', { name: 'OneBalance activity' }));
    await expect(await dialog.findByText('No activity yet', {}, slow)).toBeVisible();
  },
};

export const LedgerError: Story = {
  name: 'View Logs: ledger error',
  parameters: { rebilling: { ledgerFails: true } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'View Logs' }));
    const dialog = within(await canvas.findByRole('dialog', { name: 'OneBalance activity' }));
    await expect(await dialog.findByText(/Couldn’t load the activity/, {}, slow)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

export const International: Story = {
  name: 'International rates (GB)',
  args: { country: 'GB' },
  play: async ({ canvasElement }) => {
    const canvas = await panelLoaded(canvasElement);
    await expect((await canvas.findAllByText('Rate for United Kingdom', {}, slow)).length).toBeGreaterThan(0);
    // The region note follows the country shown.
    await expect(canvas.getByText(/Prices shown are for United Kingdom/)).toBeVisible();
  },
};
