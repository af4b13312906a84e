import { RebillingPanel, type RebillingPanelProps } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type RebillingStoryArgs, rebillingArgTypes, storyAdapter, withRebilling } from './support/story-adapter.js';

type Story = StoryObj<RebillingPanelProps & RebillingStoryArgs>;

/**
 * The whole panel on an in-memory backend behind the testkit's fault wrapper
 * (`withFaults(adapter, { seed, latencyMs, failureRate, conflictRate })`). The controls change
 * the wrapper's settings at runtime (`setFaults`): turn up the failure rate and watch
 * "Couldn't save — Retry", or the conflict rate and watch "Prices changed elsewhere".
 */
const meta = {
  title: 'Demo/Playground',
  component: RebillingPanel,
  decorators: [withRebilling],
  render: () => <RebillingPanel />,
  args: { stripe: 'connected', latencyMs: 400, failureRate: 0, conflictRate: 0, locale: 'en-US', theme: 'light' },
  argTypes: {
    ...rebillingArgTypes,
    multiplier: { table: { disable: true } },
    price: { table: { disable: true } },
    failureRate: {
      control: { type: 'range', min: 0, max: 1, step: 0.05 },
      description: 'Share of adapter calls failing with a retryable error.',
      table: { category: 'Adapter' },
    },
    conflictRate: {
      control: { type: 'range', min: 0, max: 1, step: 0.05 },
      description: 'Share of saves answered "conflict" (prices changed elsewhere).',
      table: { category: 'Adapter' },
    },
  },
} satisfies Meta<RebillingPanelProps & RebillingStoryArgs>;
export default meta;

const slow = { timeout: 8000 };

export const Playground: Story = {
  play: async (context) => {
    const { canvasElement } = context;
    const canvas = within(canvasElement);
    const [sms] = await canvas.findAllByRole('slider', {}, slow);
    await waitFor(() => expect(sms).not.toHaveAttribute('aria-disabled'), slow);
    // The controls reach the running wrapper: every save now conflicts.
    storyAdapter(context).adapter.setFaults({ conflictRate: 1, latencyMs: 50 });
    sms!.focus();
    await userEvent.keyboard('{ArrowRight}');
    await expect(await canvas.findByText(/Prices changed elsewhere/, {}, slow)).toBeVisible();
    storyAdapter(context).adapter.setFaults({ conflictRate: context.args.conflictRate ?? 0, latencyMs: context.args.latencyMs ?? 0 });
    await userEvent.click(canvas.getByRole('button', { name: 'Keep mine' }));
    await expect(await canvas.findByText('Saved', {}, slow)).toBeVisible();
    await expect(storyAdapter(context).memory.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.6' });
  },
};
