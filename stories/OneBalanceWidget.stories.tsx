import { OneBalanceWidget } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type RebillingStoryArgs, rebillingArgTypes, storyAdapter, withRebilling } from './support/story-adapter.js';

type Story = StoryObj<RebillingStoryArgs>;

/**
 * The owner's main OneBalance wallet. The balance is exact: the currency's decimals, plus the
 * sub-cent digits usage debits leave (a OneBalance balance is never rounded, so neither is what
 * is shown). Below the **low-balance threshold** the widget warns in the panel. **Auto-recharge**
 * (off by default): when a usage charge takes the balance below the threshold, the server tops
 * it up once to the target, never above the monthly cap; a failure is shown here and not
 * retried. `RebillingPanel` shows the widget when the adapter has `loadWallet`.
 */
const meta = {
  title: 'Widgets/OneBalanceWidget',
  tags: ['autodocs'],
  decorators: [withRebilling],
  parameters: { rebilling: { wallet: { balance: '18.734521', lowBalanceThreshold: '25' } } },
  render: () => <OneBalanceWidget />,
  args: { stripe: 'connected', latencyMs: 0, locale: 'en-US', theme: 'light' },
  argTypes: { ...rebillingArgTypes, multiplier: { table: { disable: true } }, price: { table: { disable: true } } },
} satisfies Meta<RebillingStoryArgs>;
export default meta;

/** Below the threshold: the exact balance and the in-panel warning. */
export const LowBalance: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('$18.734521')).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('below $25.00');
  },
};

/** Turning auto-recharge on with the keyboard, a target not above the threshold refused, then saved. */
export const TurnOnAutoRecharge: Story = {
  play: async ({ canvasElement, id }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('checkbox', { name: 'Auto-recharge' }));
    const target = canvas.getByRole('textbox', { name: 'Top up to' });
    await userEvent.clear(target);
    await userEvent.type(target, '10');
    await userEvent.click(canvas.getByRole('button', { name: 'Save' }));
    await expect(canvas.getByText(/Must be above \$10\.00/)).toBeVisible();
    await userEvent.clear(target);
    await userEvent.type(target, '100');
    await userEvent.keyboard('{Enter}');
    await expect(await canvas.findByText('Saved')).toBeVisible();
    await waitFor(() => expect(storyAdapter({ id }).memory.inspect.readWallet().autoRecharge).toMatchObject({ enabled: true, target: '100' }));
  },
};

/** The last top-up was declined: the owner sees why, and that it was not retried. */
export const LastRechargeFailed: Story = {
  parameters: {
    rebilling: {
      wallet: {
        balance: '4.5',
        lowBalanceThreshold: '25',
        rechargedThisMonth: '150',
        autoRecharge: { enabled: true, threshold: '20', target: '100', monthlyCap: '300' },
        lastRechargeFailure: { at: '2026-12-01T09:30:00.000Z', message: 'Auto-recharge of 95.50 USD was declined (Your card was declined.). It is not retried.' },
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(/Topped up \$150\.00 of \$300\.00 this month/)).toBeVisible();
    await expect(canvas.getByRole('alert')).toHaveTextContent('declined');
  },
};
