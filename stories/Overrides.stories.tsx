import { RebillingPanel } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type RebillingStoryArgs, rebillingArgTypes, storyAdapter, withRebilling } from './support/story-adapter.js';

type Story = StoryObj<RebillingStoryArgs>;

const SUB_ACCOUNTS = [
  { subAccountId: 'sub_rosas_bakery', name: "Rosa's Bakery", overrides: { sms: { type: 'multiplier' as const, multiplier: '4' } } },
  { subAccountId: 'sub_northside_dental', name: 'Northside Dental', overrides: {} },
  { subAccountId: 'sub_lumen_yoga', name: 'Lumen Yoga', overrides: {} },
];

/**
 * Per-sub-account overrides: with an adapter that has `listOverrides` / `saveOverride` /
 * `removeOverride`, the panel gets a **Prices for** picker (a native select: keyboard and screen
 * readers know it). "All sub-accounts" is the default and says "Changes apply to all
 * sub-accounts". With a sub-account chosen, each widget says **Inherited** or **Overridden for
 * <name>**; an edit saves an override for that sub-account alone (the same Saving… / Saved /
 * Retry), and **Use the account-wide price** removes it. An adapter without the methods shows no
 * picker at all.
 */
const meta = {
  title: 'Panel/Sub-account overrides',
  tags: ['autodocs'],
  parameters: { layout: 'padded', rebilling: { overrides: { subAccounts: SUB_ACCOUNTS } } },
  decorators: [withRebilling],
  render: () => <RebillingPanel />,
  args: { stripe: 'connected', latencyMs: 0, locale: 'en-US', theme: 'light' },
  argTypes: { ...rebillingArgTypes, multiplier: { table: { disable: true } }, price: { table: { disable: true } } },
} satisfies Meta<RebillingStoryArgs>;
export default meta;

const widget = (canvasElement: HTMLElement, id: string) => canvasElement.querySelector<HTMLElement>(`[data-product="${id}"]`)!;
const status = (canvasElement: HTMLElement, id: string) => widget(canvasElement, id).querySelector('[data-override]')?.textContent ?? null;

async function choose(canvasElement: HTMLElement, name: string) {
  const picker = await within(canvasElement).findByRole('combobox', { name: 'Prices for' });
  await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(SUB_ACCOUNTS.length + 1));
  await userEvent.selectOptions(picker, name);
}

export const AllSubAccounts: Story = {
  name: 'Picker: all sub-accounts by default',
  play: async ({ canvasElement }) => {
    const picker = await within(canvasElement).findByRole('combobox', { name: 'Prices for' });
    await waitFor(() => expect(within(picker).getAllByRole('option').map((option) => option.textContent)).toEqual(['All sub-accounts', 'Lumen Yoga', 'Northside Dental', "Rosa's Bakery"]));
    await expect(canvasElement).toHaveTextContent('Changes apply to all sub-accounts.');
    await expect(canvasElement.querySelector('[data-override]')).toBeNull();
  },
};

export const Inherited: Story = {
  name: 'A sub-account that inherits every price',
  play: async ({ canvasElement }) => {
    await choose(canvasElement, 'Lumen Yoga');
    await waitFor(() => expect(status(canvasElement, 'listings')).toBe('Inherited'));
    for (const id of ['sms', 'email', 'lightningDomains', 'phoneNumbers']) await expect(status(canvasElement, id)).toBe('Inherited');
    await expect(canvasElement).toHaveTextContent('Changes apply to Lumen Yoga only.');
  },
};

export const Overridden: Story = {
  name: 'Overridden for a sub-account, then back to the account-wide price',
  play: async (context) => {
    const { canvasElement } = context;
    const { memory } = storyAdapter(context);
    await choose(canvasElement, "Rosa's Bakery");
    await waitFor(() => expect(status(canvasElement, 'sms')).toContain("Overridden for Rosa's Bakery"));
    await expect(widget(canvasElement, 'sms').querySelector('[data-figure="sub-account-pays"]')).toHaveTextContent('$0.0316');
    await expect(status(canvasElement, 'email')).toBe('Inherited');
    await userEvent.click(within(widget(canvasElement, 'sms')).getByRole('button', { name: 'Use the account-wide price' }));
    await waitFor(() => expect(status(canvasElement, 'sms')).toBe('Inherited'));
    await waitFor(() => expect(widget(canvasElement, 'sms').querySelector('[data-figure="sub-account-pays"]')).toHaveTextContent('$0.01975'));
    await expect(memory.inspect.readOverrides().find((s) => s.subAccountId === 'sub_rosas_bakery')?.overrides).toEqual({});
  },
};

export const EditSavesOverride: Story = {
  name: 'Keyboard edit: saved for the chosen sub-account only',
  play: async (context) => {
    const { canvasElement } = context;
    const { memory } = storyAdapter(context);
    await choose(canvasElement, 'Northside Dental');
    await waitFor(() => expect(status(canvasElement, 'email')).toBe('Inherited'));
    const slider = within(widget(canvasElement, 'email')).getByRole('slider');
    slider.focus();
    await userEvent.keyboard('{ArrowRight}{/ArrowRight}');
    await waitFor(() => expect(widget(canvasElement, 'email').dataset.state).toBe('saved'));
    await waitFor(() => expect(status(canvasElement, 'email')).toContain('Overridden for Northside Dental'));
    await expect(memory.inspect.readPricing().products.email.rule).toEqual({ type: 'multiplier', multiplier: '3' });
    await expect(memory.inspect.readOverrides().find((s) => s.subAccountId === 'sub_northside_dental')?.overrides).toEqual({
      email: { type: 'multiplier', multiplier: '3.1' },
    });
  },
};

export const Dark: Story = {
  name: 'Overridden, dark theme',
  args: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, "Rosa's Bakery");
    await waitFor(() => expect(status(canvasElement, 'sms')).toContain("Overridden for Rosa's Bakery"));
  },
};
