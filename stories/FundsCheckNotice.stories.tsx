import { checkUsageFunds } from '@rebill-kit/core';
import { FundsCheckNotice, type FundsCheckNoticeProps } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { type RebillingStoryArgs, withRebilling } from './support/story-adapter.js';

type FundsArgs = FundsCheckNoticeProps &
  RebillingStoryArgs & {
    subAccountBalance: string;
    mainAccountBalance: string;
    segments: number;
  };
type Story = StoryObj<FundsArgs>;

/**
 * The two OneBalance checks of a usage charge, as the sub-account sees them: its own wallet
 * short → add funds (with the amount missing); the main account short → contact the
 * administrator. The checks run in `checkUsageFunds` from core; the controls set the balances.
 */
const meta = {
  title: 'Widgets/FundsCheckNotice',
  component: FundsCheckNotice,
  tags: ['autodocs'],
  decorators: [withRebilling],
  render: ({ subAccountBalance, mainAccountBalance, segments, onAddFunds }) => {
    const result = checkUsageFunds({
      subAccountBalance,
      mainAccountBalance,
      unitPrices: { subAccountPays: '0.01975', youPay: '0.0079' },
      quantity: segments,
      currency: 'USD',
    });
    return <FundsCheckNotice result={result} success {...(onAddFunds ? { onAddFunds } : {})} />;
  },
  args: { subAccountBalance: '12.40', mainAccountBalance: '250', segments: 1200, onAddFunds: fn(), stripe: 'connected' },
  argTypes: {
    result: { control: false, description: 'Computed by `checkUsageFunds` from the controls below.' },
    subAccountBalance: { control: 'text', description: "The sub-account's OneBalance wallet." },
    mainAccountBalance: { control: 'text', description: "The main account's OneBalance wallet." },
    segments: { control: { type: 'number', min: 0 }, description: 'SMS segments to charge (at $0.01975 / $0.0079).' },
  },
} satisfies Meta<FundsArgs>;
export default meta;

export const SubAccountShort: Story = {
  name: 'Sub-account short: add funds',
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    // 1,200 × $0.01975 = $23.70 against $12.40: $11.30 missing.
    await expect(await canvas.findByText(/Add at least \$11\.30/)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Add funds' }));
    await expect(args.onAddFunds).toHaveBeenCalledOnce();
  },
};

export const MainAccountShort: Story = {
  name: 'Main account short: contact administrator',
  args: { subAccountBalance: '100', mainAccountBalance: '5' },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText(/Contact your administrator/)).toBeVisible();
  },
};

export const Enough: Story = {
  name: 'Both wallets hold enough',
  args: { subAccountBalance: '100', mainAccountBalance: '250' },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Enough funds for this charge.')).toBeVisible();
  },
};
