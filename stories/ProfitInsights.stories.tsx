import type { PriceChange } from '@rebill-kit/core';
import { ListingsWidget, RebillingPanel, SmsWidget, WithProfitInsights } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fireEvent, userEvent, waitFor, within } from 'storybook/test';
import { type RebillingStoryArgs, rebillingArgTypes, storyAdapter, withRebilling } from './support/story-adapter.js';

type Story = StoryObj<RebillingStoryArgs>;

/** Listings were set to $49 when You Pay was $25; the platform's cost is $30 now. */
const LISTINGS_SET_AT_25: PriceChange[] = [
  {
    id: '1',
    at: '2026-10-14T11:20:00.000Z',
    actor: 'maria@agency.example',
    product: 'listings',
    revision: '1',
    from: { type: 'fixed', price: '39' },
    to: { type: 'fixed', price: '49' },
    youPayAtTheTime: '25',
  },
];

/** SMS was set to 2.5x when You Pay was $0.0075; it is $0.0079 now. */
const SMS_SET_AT_0_0075: PriceChange[] = [
  {
    id: '1',
    at: '2026-10-14T11:20:00.000Z',
    actor: 'maria@agency.example',
    product: 'sms',
    revision: '1',
    from: { type: 'multiplier', multiplier: '2' },
    to: { type: 'multiplier', multiplier: '2.5' },
    youPayAtTheTime: '0.0075',
  },
];

function found(root: ParentNode, selector: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`${selector} is not rendered yet`);
  return element;
}

/**
 * What no peer's rebilling panel shows. **Projected profit**: under the figures, what the price
 * shown earns at last 30 days' volume (`loadUsageSummary`), live while dragging and exact (core's
 * `projectProfit`), with the difference against the saved price. **Margin erosion**: when You Pay
 * changed since the owner last set the price (the newest price history entry), the widget says
 * so, with the cost and the profit per unit then and now; a fixed price offers **Restore my
 * margin**, previewed in the figures before it is saved; a multiplier keeps its margin by itself.
 * `RebillingPanel` shows both; single widgets inside `<WithProfitInsights>`.
 */
const meta = {
  title: 'Widgets/ProfitInsights',
  tags: ['autodocs'],
  decorators: [withRebilling],
  // The memory adapter's sample usage: 12,400 SMS segments, 8,200 emails, 3 domains, 14 numbers, 6 listings.
  parameters: { rebilling: { product: 'sms' } },
  render: () => (
    <WithProfitInsights>
      <SmsWidget />
    </WithProfitInsights>
  ),
  args: { stripe: 'connected', latencyMs: 0, locale: 'en-US', theme: 'light' },
  argTypes: { ...rebillingArgTypes, multiplier: { table: { disable: true } }, price: { table: { disable: true } } },
} satisfies Meta<RebillingStoryArgs>;
export default meta;

export const ProjectedProfit: Story = {
  name: 'Projected profit: live while the markup moves',
  play: async ({ canvasElement }) => {
    const projection = await waitFor(() => found(canvasElement, '[data-projection]'));
    await expect(projection).toHaveTextContent('At last 30 days’ volume (12,400 segments): $146.94 / month profit');
    const slider = within(canvasElement).getByRole('slider');
    slider.focus();
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    await expect(found(canvasElement, '[data-projection]')).toHaveTextContent('$156.74 / month profit, +$9.80 vs the saved price');
  },
};

export const NoUsage: Story = {
  name: 'No usage in the last 30 days: no projection',
  parameters: { rebilling: { product: 'sms', usage: {} } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-product="sms"]')).toHaveAttribute('data-state', 'idle'));
    await expect(canvasElement.querySelector('[data-projection]')).toBeNull();
  },
};

export const MarginEroded: Story = {
  name: 'Margin erosion: You Pay rose under a fixed price',
  parameters: { rebilling: { product: 'listings', priceHistory: LISTINGS_SET_AT_25 } },
  render: () => (
    <WithProfitInsights>
      <ListingsWidget />
    </WithProfitInsights>
  ),
  play: async ({ canvasElement }) => {
    const notice = await waitFor(() => found(canvasElement, '[data-erosion="rose"]'));
    await expect(notice).toHaveTextContent('You Pay went from $25.00 to $30.00. Profit per unit: $24.00 then, $19.00 now.');
    await expect(within(notice).getByRole('button', { name: 'Restore my margin' })).toBeEnabled();
  },
};

export const RestoreMyMargin: Story = {
  name: 'Restore my margin: previewed, then saved',
  parameters: MarginEroded.parameters,
  render: MarginEroded.render,
  play: async (context) => {
    const { canvasElement } = context;
    const { memory } = storyAdapter(context);
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Restore my margin' }));
    // The figures show the proposal ($49 × 30 / 25), marked as a preview, nothing saved yet.
    await expect(found(canvasElement, '[data-figure="sub-account-pays"]')).toHaveTextContent('$58.80');
    await expect(found(canvasElement, '[data-erosion]')).toHaveTextContent('Preview: $58.80 keeps the margin you had.');
    await expect(memory.inspect.appliedSaves()).toBe(0);
    await userEvent.click(canvas.getByRole('button', { name: 'Save this price' }));
    await waitFor(() => expect(memory.inspect.readPricing().products.listings.rule).toEqual({ type: 'fixed', price: '58.8' }));
    await waitFor(() => expect(canvasElement.querySelector('[data-erosion]')).toBeNull());
    await expect(canvas.getByRole('button', { name: /^Undo/ })).toBeVisible();
  },
};

export const MultiplierKeepsMargin: Story = {
  name: 'Margin erosion under a multiplier: the margin is kept',
  parameters: { rebilling: { product: 'sms', priceHistory: SMS_SET_AT_0_0075 } },
  play: async ({ canvasElement }) => {
    const notice = await waitFor(() => found(canvasElement, '[data-erosion="rose"]'));
    await expect(notice).toHaveTextContent('already keeps the margin');
    await expect(within(notice).queryByRole('button')).toBeNull();
  },
};

export const InThePanel: Story = {
  name: 'In the panel, with Price changes beside View Logs',
  parameters: { rebilling: { product: 'listings', priceHistory: LISTINGS_SET_AT_25 } },
  render: () => <RebillingPanel />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvasElement.querySelectorAll('[data-projection]')).toHaveLength(5));
    await waitFor(() => found(canvasElement, '[data-product="listings"] [data-erosion="rose"]'));
    await userEvent.click(canvas.getByRole('button', { name: 'Price changes' }));
    const dialog = await within(canvasElement.ownerDocument.body).findByRole('dialog', { name: 'Price changes' });
    await waitFor(() => expect(dialog.querySelectorAll('[data-history-entry]')).toHaveLength(1));
    await expect(dialog).toHaveTextContent('$39.00 → $49.00');
  },
};
