import { SmsSegmentEstimator, type SmsSegmentEstimatorProps } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type RebillingStoryArgs, rebillingArgTypes, withRebilling } from './support/story-adapter.js';

type EstimatorArgs = SmsSegmentEstimatorProps & RebillingStoryArgs;
type Story = StoryObj<EstimatorArgs>;

/**
 * How many segments a message or template is, in which encoding, and what one message costs at
 * the current SMS price. Both counting rules: a flat 160 characters per segment (the default), or
 * carrier rules (GSM-7 160/153 with extension characters counting 2, UCS-2 70/67).
 */
const meta = {
  title: 'Widgets/SmsSegmentEstimator',
  component: SmsSegmentEstimator,
  tags: ['autodocs'],
  decorators: [withRebilling],
  // `key` remounts the estimator when a default* control changes, so the control shows at once.
  render: ({ defaultValue, rule, defaultRule, defaultFieldLengths, country }) => (
    <div style={{ maxWidth: 520 }}>
      <SmsSegmentEstimator
        key={JSON.stringify([defaultValue, defaultRule, defaultFieldLengths])}
        {...(defaultValue !== undefined ? { defaultValue } : {})}
        {...(rule ? { rule } : {})}
        {...(defaultRule ? { defaultRule } : {})}
        {...(defaultFieldLengths ? { defaultFieldLengths } : {})}
        {...(country ? { country } : {})}
      />
    </div>
  ),
  args: { stripe: 'connected', locale: 'en-US', theme: 'light', latencyMs: 0 },
  argTypes: {
    ...rebillingArgTypes,
    multiplier: { table: { disable: true } },
    price: { table: { disable: true } },
    defaultValue: { control: 'text' },
    rule: { control: 'inline-radio', options: [undefined, 'flat-160', 'carrier'] },
    defaultRule: { control: 'inline-radio', options: ['flat-160', 'carrier'] },
    defaultFieldLengths: { control: 'object' },
    country: { control: 'select', options: [undefined, 'US', 'GB', 'DE', 'IN'] },
  },
} satisfies Meta<EstimatorArgs>;
export default meta;

function stat(canvasElement: HTMLElement, name: 'encoding' | 'segments' | 'characters') {
  return canvasElement.querySelector(`[data-stat="${name}"] dd`)?.textContent ?? '';
}

async function expectCount(canvasElement: HTMLElement, encoding: string, segments: string) {
  await waitFor(() => {
    // Under the flat rule no encoding is claimed: it applies no GSM-7 / UCS-2 limits.
    const carrier = canvasElement.querySelector('.rk-estimator')?.getAttribute('data-rule') === 'carrier';
    expect(stat(canvasElement, 'encoding')).toBe(carrier ? encoding : '');
    expect(stat(canvasElement, 'segments')).toBe(segments);
  });
}

async function chooseCarrier(canvasElement: HTMLElement) {
  await userEvent.click(within(canvasElement).getByRole('radio', { name: /Carrier rules/ }));
}

export const PlainGsm: Story = {
  name: 'Plain GSM text',
  args: { defaultValue: 'Hi! Your appointment is confirmed for Tuesday at 10:30. Reply STOP to opt out.' },
  play: async ({ canvasElement }) => {
    await expectCount(canvasElement, 'GSM-7', '1');
    await expect(stat(canvasElement, 'characters')).toMatch(/^78 used/);
    // Typing updates the count live.
    const textarea = within(canvasElement).getByRole('textbox', { name: 'Message' });
    await userEvent.type(textarea, ' See you soon.');
    await waitFor(() => expect(stat(canvasElement, 'characters')).toMatch(/^92 used/));
  },
};

export const ExtensionCharacters: Story = {
  name: 'GSM extension characters (€, {)',
  args: { defaultValue: 'Your total is €25 {incl. VAT}. Pay at example.com/pay' },
  play: async ({ canvasElement }) => {
    // Flat rule: every character counts 1.
    await expectCount(canvasElement, 'GSM-7', '1');
    await expect(stat(canvasElement, 'characters')).toMatch(/^53 used/);
    // Carrier rule: €, { and } are GSM extension characters and count 2 each.
    await chooseCarrier(canvasElement);
    await waitFor(() => expect(stat(canvasElement, 'characters')).toMatch(/^56 used/));
  },
};

export const EmojiUcs2: Story = {
  name: 'Emoji (UCS-2)',
  args: { defaultValue: 'Happy birthday! 🎉 Enjoy 20% off today only.', defaultRule: 'carrier' },
  play: async ({ canvasElement }) => {
    await expectCount(canvasElement, 'UCS-2', '1');
    // 70 UTF-16 code units per single UCS-2 segment: the emoji is two of them.
    await expect(stat(canvasElement, 'characters')).toMatch(/^44 used, 26 left/);
  },
};

export const MergeFields: Story = {
  name: 'Template with merge fields',
  args: {
    defaultValue: 'Hi {{first_name}}, your order {{order_id}} ships today.',
    defaultFieldLengths: { first_name: 20 },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // order_id has no length yet: the estimator says the estimate may be low.
    await expect(canvas.getByText(/Set a maximum length for \{\{order_id\}\}/)).toBeVisible();
    const orderId = canvas.getByRole('spinbutton', { name: 'Maximum length of {{order_id}}' });
    await userEvent.type(orderId, '12');
    await waitFor(() => expect(canvas.queryByText(/Set a maximum length/)).toBeNull());
    // "Hi , your order  ships today." is 29 characters, plus 20 + 12 for the fields.
    await waitFor(() => expect(stat(canvasElement, 'characters')).toMatch(/^61 used/));
  },
};

const longText =
  'Reminder: your annual plan renews on 1 March. To keep your number and your saved templates, ' +
  'make sure your card on file is up to date before then. Questions? Reply to this message and ' +
  'our team will get back to you within one business day. Thank you for being with us!';

export const ThreeParts: Story = {
  name: 'A 3-part message (both rules)',
  args: { defaultValue: `${longText} ${longText.slice(0, 100)}` },
  play: async ({ canvasElement }) => {
    // 368 characters: 3 segments of 160 under the flat rule, and 3 of 153 under carrier rules.
    await expectCount(canvasElement, 'GSM-7', '3');
    await chooseCarrier(canvasElement);
    await expectCount(canvasElement, 'GSM-7', '3');
    await expect(stat(canvasElement, 'characters')).toMatch(/^368 used, 91 left/);
  },
};

export const CarrierOnly: Story = {
  name: 'Rule fixed by the host (carrier)',
  args: { rule: 'carrier', defaultValue: 'Ünïcödé? No: ÄÖÜ are GSM-7, but ő is not.' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole('radio')).toBeNull();
    await expectCount(canvasElement, 'UCS-2', '1');
  },
};
