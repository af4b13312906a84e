import type { PriceChange } from '@rebill-kit/core';
import { ListingsWidget, SmsWidget, WithPriceHistory } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type RebillingStoryArgs, rebillingArgTypes, storyAdapter, withRebilling } from './support/story-adapter.js';

type Story = StoryObj<RebillingStoryArgs>;

const smsChange = (id: string, at: string, actor: string | null, from: string, to: string): PriceChange => ({
  id,
  at,
  actor,
  product: 'sms',
  revision: id,
  from: { type: 'multiplier', multiplier: from },
  to: { type: 'multiplier', multiplier: to },
  youPayAtTheTime: id === '1' ? '0.0075' : '0.0079',
});

/** Newest first; the newest `to` is the SMS widget's saved 2.5x. */
const SMS_HISTORY: PriceChange[] = [
  smsChange('3', '2026-11-28T16:05:00.000Z', 'maria@agency.example', '3', '2.5'),
  smsChange('2', '2026-11-12T09:40:00.000Z', 'maria@agency.example', '2', '3'),
  smsChange('1', '2026-10-02T14:15:00.000Z', null, '1', '2'),
];

/**
 * Price history ("View Logs" for prices): a **History** disclosure at the foot of each widget
 * lists who changed the price, when, from → to and You Pay at the time, newest first. **Revert
 * to this** saves that rule through the widget's ordinary save (new revision, idempotency key,
 * Saving… / Saved), so the revert is itself a new entry. `RebillingPanel` shows History in every
 * widget; single widgets show it inside `<WithPriceHistory>`; an adapter without
 * `listPriceChanges` gets no History at all.
 */
const meta = {
  title: 'Widgets/PriceHistory',
  tags: ['autodocs'],
  decorators: [withRebilling],
  parameters: { rebilling: { product: 'sms', priceHistory: SMS_HISTORY } },
  render: () => (
    <WithPriceHistory>
      <SmsWidget />
    </WithPriceHistory>
  ),
  args: { stripe: 'connected', latencyMs: 0, locale: 'en-US', theme: 'light' },
  argTypes: { ...rebillingArgTypes, multiplier: { table: { disable: true } }, price: { table: { disable: true } } },
} satisfies Meta<RebillingStoryArgs>;
export default meta;

async function openHistory(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByText('History'));
  return waitFor(() => {
    const entries = canvasElement.querySelectorAll<HTMLElement>('[data-history-entry]');
    expect(entries.length).toBeGreaterThan(0);
    return entries;
  });
}

export const Open: Story = {
  name: 'Open: who, when, from → to, You Pay then',
  play: async ({ canvasElement }) => {
    const entries = await openHistory(canvasElement);
    expect(entries).toHaveLength(3);
    await expect(entries[0]!).toHaveTextContent('Current price');
    await expect(entries[1]!).toHaveTextContent('2x → 3x');
    await expect(entries[2]!).toHaveTextContent('Unknown');
    await expect(entries[2]!).toHaveTextContent('$0.0075');
  },
};

export const RevertToThis: Story = {
  name: 'Revert to this: saved as a new change',
  play: async (context) => {
    const { canvasElement } = context;
    const { memory } = storyAdapter(context);
    await openHistory(canvasElement);
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /^Revert to this: SMS at 3x,/ }));
    await waitFor(() => expect(memory.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '3' }));
    await waitFor(() => expect(canvasElement.querySelectorAll('[data-history-entry]')).toHaveLength(4));
    const [newest] = canvasElement.querySelectorAll<HTMLElement>('[data-history-entry]');
    await expect(newest!).toHaveTextContent('2.5x → 3x');
    await expect(newest!).toHaveTextContent('you@agency.example');
    await expect(canvasElement.querySelector('.rk-save-status')!).toHaveTextContent('Saved');
  },
};

export const RevertToALoss: Story = {
  name: 'Revert to a price below You Pay: asks first',
  parameters: {
    rebilling: {
      product: 'listings',
      priceHistory: [
        { id: '1', at: '2026-11-01T10:00:00.000Z', actor: 'maria@agency.example', product: 'listings', revision: '1', from: { type: 'fixed', price: '30' }, to: { type: 'fixed', price: '1' }, youPayAtTheTime: '10' },
      ],
    },
  },
  render: () => (
    <WithPriceHistory>
      <ListingsWidget />
    </WithPriceHistory>
  ),
  play: async ({ canvasElement }) => {
    await openHistory(canvasElement);
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /^Revert to this: Listings at \$1\.00,/ }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('below You Pay');
    await expect(canvas.getByRole('button', { name: 'Revert anyway' })).toBeVisible();
  },
};

export const WithoutListPriceChanges: Story = {
  name: 'Adapter without listPriceChanges: no History',
  parameters: { rebilling: { product: 'sms', withoutPriceHistory: true } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-product="sms"]')).toHaveAttribute('data-state', 'idle'));
    await expect(canvasElement.querySelector('[data-history]')).toBeNull();
  },
};

export const ConflictWhoAndWhen: Story = {
  name: 'Conflict: who changed it, and when',
  parameters: { rebilling: { product: 'sms', priceHistory: SMS_HISTORY, withoutEvents: true } },
  play: async (context) => {
    const { canvasElement } = context;
    const canvas = within(canvasElement);
    const slider = await canvas.findByRole('slider', { name: 'SMS markup' });
    await waitFor(() => expect(canvasElement.querySelector('[data-product="sms"]')).toHaveAttribute('data-state', 'idle'));
    // Maria saves 4x in another tab; the owner, not told, steps the slider from 2.5x.
    storyAdapter(context).memory.simulateExternalChange({ products: { sms: { type: 'multiplier', multiplier: '4' } } }, { actor: 'maria@agency.example' });
    slider.focus();
    await userEvent.keyboard('{ArrowRight}');
    const source = await waitFor(() => {
      const found = canvasElement.querySelector<HTMLElement>('[data-side="theirs"] [data-conflict-source]');
      expect(found).not.toBeNull();
      return found!;
    }, { timeout: 5000 });
    await expect(source.textContent).toMatch(/^Changed to 4x by \u2068maria@agency\.example\u2069 \d+ seconds? ago$/);
    await expect(canvas.getByRole('button', { name: 'Use the latest' })).toBeVisible();
  },
};
