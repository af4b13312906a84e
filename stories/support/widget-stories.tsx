/**
 * The states every product widget is shown in, as story objects that each widget's file spreads
 * into its own named exports. Every state comes from the adapter's configuration, and every play
 * function drives the real UI into it (keyboard and pointer on the slider, typing a price).
 */
import type { ProductId } from '@rebill-kit/core';
import type { WidgetProps } from '@rebill-kit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ComponentType } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type RebillingStoryArgs, rebillingArgTypes, storyAdapter, withRebilling } from './story-adapter.js';

export type WidgetStoryArgs = WidgetProps & RebillingStoryArgs;
export type WidgetStory = StoryObj<WidgetStoryArgs>;
type PlayContext = Parameters<NonNullable<WidgetStory['play']>>[0];

/** Waits long enough for a story's configured latency. */
const slow = { timeout: 6000 };

/**
 * Meta fields shared by every widget's stories. Title, component, tags and parameters stay
 * literal in each file: Storybook reads them statically (and adds its own `parameters`).
 */
export function widgetMeta(
  Widget: ComponentType<WidgetProps>,
  product: ProductId,
): Pick<Meta<WidgetStoryArgs>, 'decorators' | 'render' | 'args' | 'argTypes'> {
  const rule = product === 'lightningDomains' || product === 'listings' ? 'fixed' : 'multiplier';
  return {
    decorators: [withRebilling],
    render: ({ country, title, className }: WidgetStoryArgs) => (
      <div style={{ maxWidth: 440 }}>
        <Widget {...(country ? { country } : {})} {...(title ? { title } : {})} {...(className ? { className } : {})} />
      </div>
    ),
    args: { stripe: 'connected', latencyMs: 0, locale: 'en-US', theme: 'light' },
    argTypes: {
      ...rebillingArgTypes,
      ...(rule === 'fixed' ? { multiplier: { table: { disable: true } } } : { price: { table: { disable: true } } }),
      country: {
        control: 'select',
        options: [undefined, 'US', 'CA', 'GB', 'DE', 'FR', 'AU', 'MX'],
        description: 'Shows the rate for this country (ISO 3166 alpha-2) instead of the US/CA baseline.',
        table: { category: 'Widget', type: { summary: 'string' } },
      },
      title: { control: 'text', description: "Replaces the product's default title.", table: { category: 'Widget', type: { summary: 'ReactNode' } } },
      className: { control: 'text', table: { category: 'Widget', type: { summary: 'string' } } },
    },
  };
}

function widgetIn(canvasElement: HTMLElement, product: ProductId): HTMLElement {
  const widget = canvasElement.querySelector<HTMLElement>(`[data-product="${product}"]`);
  if (!widget) throw new Error(`No widget with data-product="${product}" in the story.`);
  return widget;
}

async function waitForState(canvasElement: HTMLElement, product: ProductId, state: string) {
  await waitFor(() => expect(widgetIn(canvasElement, product)).toHaveAttribute('data-state', state), slow);
}

/** The slider once prices and Stripe have loaded and it accepts input. */
async function readySlider(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  const slider = await canvas.findByRole('slider', { name: / markup$/ }, slow);
  await waitFor(() => expect(slider).not.toHaveAttribute('aria-disabled'), slow);
  return slider;
}

async function readyEditButton(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  const edit = await canvas.findByRole('button', { name: /^Edit/ }, slow);
  await waitFor(() => expect(edit).toBeEnabled(), slow);
  return edit;
}

function savedRule(context: PlayContext, product: ProductId) {
  return storyAdapter(context).memory.inspect.readPricing().products[product].rule;
}

/** Moves the slider one step right with the keyboard: Tab to the thumb, ArrowRight, release. */
async function stepRight(canvasElement: HTMLElement) {
  const slider = await readySlider(canvasElement);
  await userEvent.tab();
  await expect(slider).toHaveFocus();
  await userEvent.keyboard('{ArrowRight}');
  return slider;
}

/** Opens the price editor, replaces the price, and submits with Enter. */
async function typePrice(canvasElement: HTMLElement, price: string, submit = true) {
  const canvas = within(canvasElement);
  await userEvent.click(await readyEditButton(canvasElement));
  const input = await canvas.findByRole('textbox');
  await expect(input).toHaveFocus();
  await userEvent.clear(input);
  await userEvent.type(input, submit ? `${price}{Enter}` : price);
  return input;
}

function disabledStories(product: ProductId) {
  const control = async (canvasElement: HTMLElement) => {
    const canvas = within(canvasElement);
    return product === 'lightningDomains' || product === 'listings'
      ? canvas.findByRole('button', { name: /^Edit/ }, slow)
      : canvas.findByRole('slider', { name: / markup$/ }, slow);
  };
  return {
    Loading: {
      name: 'Loading',
      parameters: { rebilling: { product, loadDelayMs: 10 * 60_000 } },
      play: async ({ canvasElement }) => {
        const canvas = within(canvasElement);
        await expect(await canvas.findByText('Loading prices…')).toBeVisible();
        await expect(widgetIn(canvasElement, product)).toHaveAttribute('aria-busy', 'true');
        await expect(widgetIn(canvasElement, product)).toHaveAttribute('data-state', 'loading');
      },
    },
    StripeDisconnected: {
      name: 'Stripe disconnected',
      args: { stripe: 'disconnected' },
      play: async ({ canvasElement }) => {
        const canvas = within(canvasElement);
        await expect(await canvas.findByText(/Connect Stripe to set prices/, {}, slow)).toBeVisible();
        await waitForState(canvasElement, product, 'disabled');
        const target = await control(canvasElement);
        await userEvent.tab();
        await expect(target).not.toHaveFocus();
      },
    },
    StripePending: {
      name: 'Stripe pending',
      args: { stripe: 'pending' },
      play: async ({ canvasElement }) => {
        const canvas = within(canvasElement);
        await expect(await canvas.findByText(/Stripe setup is being finished/, {}, slow)).toBeVisible();
        await waitForState(canvasElement, product, 'disabled');
      },
    },
  } satisfies Record<string, WidgetStory>;
}

/** SMS, Emails, Phone Numbers: the markup slider. */
export function multiplierWidgetStories(product: 'sms' | 'email' | 'phoneNumbers', internationalCountry?: string) {
  const at = (multiplier: number, valueText: RegExp): WidgetStory => ({
    args: { multiplier },
    play: async ({ canvasElement }) => {
      const slider = await readySlider(canvasElement);
      await waitFor(() => expect(slider.getAttribute('aria-valuetext')).toMatch(valueText));
    },
  });
  return {
    ...disabledStories(product),
    At1x: { name: 'Connected at 1x (no profit)', ...at(1, /^1 time,/) },
    AtMiddle: { name: 'Connected at 5.5x', ...at(5.5, /^5\.5 times/) },
    At10x: {
      name: 'Connected at 10x',
      args: { multiplier: 10 },
      play: async (context) => {
        const { canvasElement } = context;
        const slider = await readySlider(canvasElement);
        await waitFor(() => expect(slider.getAttribute('aria-valuetext')).toMatch(/^10 times/));
        // Already at the top: End and ArrowRight change nothing and save nothing.
        await userEvent.tab();
        await userEvent.keyboard('{End}{ArrowRight}');
        await expect(slider.getAttribute('aria-valuetext')).toMatch(/^10 times/);
        await expect(storyAdapter(context).memory.inspect.appliedSaves()).toBe(0);
      },
    },
    KeyboardSave: {
      name: 'Saved (keyboard)',
      args: { multiplier: 2.5 },
      play: async (context) => {
        const { canvasElement } = context;
        const slider = await stepRight(canvasElement);
        await expect(slider.getAttribute('aria-valuetext')).toMatch(/^2\.6 times/);
        await expect(await within(canvasElement).findByText('Saved', {}, slow)).toBeVisible();
        await expect(savedRule(context, product)).toEqual({ type: 'multiplier', multiplier: '2.6' });
        // A held key is one gesture: three more presses, then one release, one more save.
        await userEvent.keyboard('{ArrowRight>3/}');
        await waitFor(() => expect(savedRule(context, product)).toEqual({ type: 'multiplier', multiplier: '2.9' }), slow);
      },
    },
    Pointer: {
      name: 'Saved (pointer)',
      args: { multiplier: 2 },
      play: async (context) => {
        const { canvasElement } = context;
        const canvas = within(canvasElement);
        const slider = await readySlider(canvasElement);
        const root = slider.closest<HTMLElement>('.rk-slider');
        if (!root) throw new Error('The slider root (.rk-slider) is missing.');
        const press = async (share: number) => {
          const rect = root.getBoundingClientRect();
          const coords = { clientX: rect.left + rect.width * share, clientY: rect.top + rect.height / 2 };
          await userEvent.pointer([
            { keys: '[MouseLeft>]', target: root, coords },
            { keys: '[/MouseLeft]', target: root, coords },
          ]);
        };
        // A press on the track moves the thumb there; the release is the gesture's one save.
        await press(1);
        await waitFor(() => expect(slider.getAttribute('aria-valuetext')).toMatch(/^10 times/));
        await expect(await canvas.findByText('Saved', {}, slow)).toBeVisible();
        await expect(savedRule(context, product)).toEqual({ type: 'multiplier', multiplier: '10' });
        await press(0);
        await waitFor(() => expect(savedRule(context, product)).toEqual({ type: 'multiplier', multiplier: '1' }), slow);
        await expect(storyAdapter(context).memory.inspect.appliedSaves()).toBe(2);
      },
    },
    Saving: {
      name: 'Saving',
      args: { multiplier: 2.5 },
      // The save never answers while the story is open: it stays in its named state.
      parameters: { rebilling: { product, saveDelayMs: 10 * 60_000 } },
      play: async ({ canvasElement }) => {
        await stepRight(canvasElement);
        await expect(await within(canvasElement).findByText('Saving…')).toBeVisible();
        await waitForState(canvasElement, product, 'saving');
      },
    },
    SaveFailed: {
      name: 'Save failed',
      args: { multiplier: 2.5 },
      parameters: { rebilling: { product, failSaves: 1 } },
      play: async (context) => {
        const { canvasElement } = context;
        const canvas = within(canvasElement);
        await stepRight(canvasElement);
        await expect(await canvas.findByText(/Couldn’t save/, {}, slow)).toBeVisible();
        await expect(savedRule(context, product)).toEqual({ type: 'multiplier', multiplier: '2.5' });
        // One Retry, and the adapter's words only behind Details.
        await expect(canvas.getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
        await expect(canvas.getByText('Details')).toBeVisible();
        await waitForState(canvasElement, product, 'error');
      },
    },
    SaveRetried: {
      name: 'Save failed, then Retry',
      args: { multiplier: 2.5 },
      parameters: { rebilling: { product, failSaves: 1 } },
      play: async (context) => {
        const { canvasElement } = context;
        const canvas = within(canvasElement);
        await stepRight(canvasElement);
        await expect(await canvas.findByText(/Couldn’t save/, {}, slow)).toBeVisible();
        await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
        await expect(await canvas.findByText('Saved', {}, slow)).toBeVisible();
        await expect(savedRule(context, product)).toEqual({ type: 'multiplier', multiplier: '2.6' });
      },
    },
    Conflict: {
      name: 'Conflict (changed elsewhere)',
      args: { multiplier: 2.5 },
      parameters: { rebilling: { product, withoutEvents: true } },
      play: async (context) => {
        const { canvasElement } = context;
        const canvas = within(canvasElement);
        await readySlider(canvasElement);
        storyAdapter(context).memory.simulateExternalChange({ products: { [product]: { type: 'multiplier', multiplier: '4' } } });
        await stepRight(canvasElement);
        await expect(await canvas.findByText(/Prices changed elsewhere/, {}, slow)).toBeVisible();
        await expect(savedRule(context, product)).toEqual({ type: 'multiplier', multiplier: '4' });
        await waitForState(canvasElement, product, 'conflict');
        // The other value, next to the owner's, before the choice.
        const theirs = canvasElement.querySelector('[data-side="theirs"]');
        const mine = canvasElement.querySelector('[data-side="mine"]');
        await waitFor(() => expect(theirs?.textContent).toMatch(/Saved elsewhere4x/));
        await expect(mine?.textContent).toMatch(/Yours2\.6x/);
      },
    },
    ConflictKeepMine: {
      name: 'Conflict resolved: Keep mine',
      args: { multiplier: 2.5 },
      parameters: { rebilling: { product, withoutEvents: true } },
      play: async (context) => {
        const { canvasElement } = context;
        const canvas = within(canvasElement);
        await readySlider(canvasElement);
        storyAdapter(context).memory.simulateExternalChange({ products: { [product]: { type: 'multiplier', multiplier: '4' } } });
        await stepRight(canvasElement);
        await userEvent.click(await canvas.findByRole('button', { name: 'Keep mine' }, slow));
        await expect(await canvas.findByText('Saved', {}, slow)).toBeVisible();
        await expect(savedRule(context, product)).toEqual({ type: 'multiplier', multiplier: '2.6' });
      },
    },
    ...(internationalCountry
      ? {
          International: {
            name: `International rate (${internationalCountry})`,
            args: { country: internationalCountry },
            play: async ({ canvasElement }) => {
              const canvas = within(canvasElement);
              await readySlider(canvasElement);
              const name = new Intl.DisplayNames('en-US', { type: 'region' }).of(internationalCountry);
              await expect(canvas.getByText(`Rate for ${name}`)).toBeVisible();
            },
          } satisfies WidgetStory,
        }
      : {}),
  } satisfies Record<string, WidgetStory>;
}

/** Lightning Domains and Listings: a fixed resale price, edited inline. */
export function fixedPriceWidgetStories(product: 'lightningDomains' | 'listings', youPay: string) {
  const below = String(Math.max(0, Number(youPay) - 5));
  return {
    ...disabledStories(product),
    Connected: {
      name: 'Connected',
      play: async ({ canvasElement }) => {
        await readyEditButton(canvasElement);
        await waitForState(canvasElement, product, 'idle');
      },
    },
    Editing: {
      name: 'Fixed price being edited',
      play: async ({ canvasElement }) => {
        await typePrice(canvasElement, '59.5', false);
        const profit = canvasElement.querySelector('[data-figure="profit"] .rk-figure-value');
        await waitFor(() => expect(profit?.textContent).toMatch(/\$\d/));
        await waitForState(canvasElement, product, 'editing');
      },
    },
    Saved: {
      name: 'Saved',
      play: async (context) => {
        const { canvasElement } = context;
        await typePrice(canvasElement, '59.5');
        await expect(await within(canvasElement).findByText('Saved', {}, slow)).toBeVisible();
        await expect(savedRule(context, product)).toEqual({ type: 'fixed', price: '59.5' });
        // Focus returns to Edit, so a keyboard user can carry on.
        await expect(within(canvasElement).getByRole('button', { name: /^Edit/ })).toHaveFocus();
      },
    },
    Saving: {
      name: 'Saving',
      parameters: { rebilling: { product, saveDelayMs: 10 * 60_000 } },
      play: async ({ canvasElement }) => {
        await typePrice(canvasElement, '59.5');
        await expect(await within(canvasElement).findByText('Saving…')).toBeVisible();
        await waitForState(canvasElement, product, 'saving');
      },
    },
    SaveFailed: {
      name: 'Save failed',
      parameters: { rebilling: { product, failSaves: 1 } },
      play: async ({ canvasElement }) => {
        const canvas = within(canvasElement);
        await typePrice(canvasElement, '59.5');
        await expect(await canvas.findByText(/Couldn’t save/, {}, slow)).toBeVisible();
        await expect(canvas.getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
        await waitForState(canvasElement, product, 'error');
      },
    },
    SaveRetried: {
      name: 'Save failed, then Retry',
      parameters: { rebilling: { product, failSaves: 1 } },
      play: async (context) => {
        const { canvasElement } = context;
        const canvas = within(canvasElement);
        await typePrice(canvasElement, '59.5');
        await expect(await canvas.findByText(/Couldn’t save/, {}, slow)).toBeVisible();
        await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
        await expect(await canvas.findByText('Saved', {}, slow)).toBeVisible();
        await expect(savedRule(context, product)).toEqual({ type: 'fixed', price: '59.5' });
      },
    },
    Conflict: {
      name: 'Conflict (changed elsewhere)',
      parameters: { rebilling: { product, withoutEvents: true } },
      play: async (context) => {
        const { canvasElement } = context;
        await readyEditButton(canvasElement);
        storyAdapter(context).memory.simulateExternalChange({ products: { [product]: { type: 'fixed', price: '99' } } });
        await typePrice(canvasElement, '59.5');
        await expect(await within(canvasElement).findByText(/Prices changed elsewhere/, {}, slow)).toBeVisible();
        await expect(savedRule(context, product)).toEqual({ type: 'fixed', price: '99' });
        await waitFor(() => expect(canvasElement.querySelector('[data-side="theirs"]')?.textContent).toMatch(/\$99\.00/));
        await expect(canvasElement.querySelector('[data-side="mine"]')?.textContent).toMatch(/\$59\.50/);
      },
    },
    InvalidPrice: {
      name: 'Invalid price',
      play: async ({ canvasElement }) => {
        const canvas = within(canvasElement);
        const input = await typePrice(canvasElement, '12.3.4');
        await expect(await canvas.findByRole('alert')).toBeVisible();
        await expect(input).toHaveAttribute('aria-invalid', 'true');
        await expect(input).toHaveFocus();
      },
    },
    BelowCost: {
      name: 'Below cost (asks to confirm)',
      play: async ({ canvasElement }) => {
        const canvas = within(canvasElement);
        await typePrice(canvasElement, below);
        await expect(await canvas.findByText('Sell below cost?')).toBeVisible();
        await expect(canvas.getByText('Loss')).toBeVisible();
        await expect(widgetIn(canvasElement, product)).toHaveAttribute('data-loss');
      },
    },
    SubCentPrice: {
      name: 'Sub-cent price refused',
      play: async ({ canvasElement }) => {
        const canvas = within(canvasElement);
        const input = await typePrice(canvasElement, '49.999');
        await expect(await canvas.findByText(/at most 2 decimal places: USD prices are charged in whole cents/)).toBeVisible();
        await expect(input).toHaveAttribute('aria-invalid', 'true');
        await expect(canvasElement.querySelector('[data-stale-note]')).not.toBeNull();
      },
    },
    FarAboveCost: {
      name: 'Over 10× You Pay (asks to confirm)',
      play: async ({ canvasElement }) => {
        const canvas = within(canvasElement);
        await typePrice(canvasElement, String(Number(youPay) * 11));
        await expect(await canvas.findByText('Charge over 10× what you pay?')).toBeVisible();
      },
    },
    BelowCostSaved: {
      name: 'Below cost, confirmed and saved',
      play: async (context) => {
        const { canvasElement } = context;
        const canvas = within(canvasElement);
        await typePrice(canvasElement, below);
        await expect(await canvas.findByText('Sell below cost?')).toBeVisible();
        await userEvent.click(canvas.getByRole('button', { name: 'Save at a loss' }));
        await expect(await canvas.findByText('Saved', {}, slow)).toBeVisible();
        await expect(savedRule(context, product)).toEqual({ type: 'fixed', price: below });
      },
    },
  } satisfies Record<string, WidgetStory>;
}
