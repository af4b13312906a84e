import { sampleLedger } from '@rebill-kit/core';
import { IntegrateStripeDialog, type IntegrateStripeDialogProps, OneBalanceLog, OneBalanceLogDialog } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type RebillingStoryArgs, rebillingArgTypes, storyAdapter, withRebilling } from './support/story-adapter.js';

type Story = StoryObj<IntegrateStripeDialogProps & RebillingStoryArgs & { pageSize?: number }>;
const slow = { timeout: 6000 };

/** The dialogs the panel opens, each on its own: "+ Integrate Stripe" and "View Logs". */
const meta = {
  title: 'Panel/Dialogs',
  component: IntegrateStripeDialog,
  tags: ['autodocs'],
  decorators: [withRebilling],
  args: { stripe: 'disconnected', latencyMs: 0, locale: 'en-US', theme: 'light' },
  argTypes: { ...rebillingArgTypes, multiplier: { table: { disable: true } }, price: { table: { disable: true } } },
} satisfies Meta<IntegrateStripeDialogProps & RebillingStoryArgs & { pageSize?: number }>;
export default meta;

function StripeDialogDemo() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="rk-button" data-variant="primary" onClick={() => setOpen(true)}>
        Open the Integrate Stripe dialog
      </button>
      <IntegrateStripeDialog open={open} onOpenChange={setOpen} />
    </>
  );
}

export const IntegrateStripe: Story = {
  name: 'IntegrateStripeDialog (open)',
  render: () => <StripeDialogDemo />,
  // Ends with the dialog open: the state a designer opens this story to see.
  play: async (context) => {
    const canvas = within(context.canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /Open the Integrate Stripe dialog/ }));
    const dialog = within(await canvas.findByRole('dialog', { name: 'Integrate Stripe' }));
    await expect(dialog.getByRole('radio', { name: 'People' })).toBeChecked();
    await expect(dialog.getByRole('button', { name: 'Continue' })).toBeVisible();
  },
};

export const IntegrateStripeConnects: Story = {
  name: 'IntegrateStripeDialog: Skip, then Continue connects',
  render: () => <StripeDialogDemo />,
  play: async (context) => {
    const canvas = within(context.canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /Open the Integrate Stripe dialog/ }));
    const dialog = within(await canvas.findByRole('dialog', { name: 'Integrate Stripe' }));
    await userEvent.click(dialog.getByRole('radio', { name: 'Skip' }));
    await userEvent.click(dialog.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(canvas.queryByRole('dialog')).toBeNull(), slow);
    await expect(storyAdapter(context).memory.inspect.readStripe().status).toBe('connected');
  },
};

export const LedgerInline: Story = {
  name: 'OneBalanceLog (inline)',
  args: { pageSize: 10 },
  argTypes: { pageSize: { control: { type: 'number', min: 1, max: 200 } } },
  parameters: { rebilling: { ledger: sampleLedger(25) } },
  render: ({ pageSize }) => <OneBalanceLog {...(pageSize ? { pageSize } : {})} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getAllByRole('row')).toHaveLength(11), slow);
    await userEvent.click(canvas.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(canvas.getAllByRole('row')).toHaveLength(21), slow);
  },
};

function LogDialogDemo() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="rk-button" onClick={() => setOpen(true)}>
        View Logs
      </button>
      <OneBalanceLogDialog open={open} onOpenChange={setOpen} />
    </>
  );
}

export const LedgerDialog: Story = {
  name: 'OneBalanceLogDialog',
  render: () => <LogDialogDemo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const opener = canvas.getByRole('button', { name: 'View Logs' });
    await userEvent.click(opener);
    const dialog = within(await canvas.findByRole('dialog', { name: 'OneBalance activity' }));
    await waitFor(() => expect(dialog.getAllByRole('row').length).toBeGreaterThan(1), slow);
    await userEvent.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(canvas.queryByRole('dialog')).toBeNull());
    await expect(opener).toHaveFocus();
  },
};
