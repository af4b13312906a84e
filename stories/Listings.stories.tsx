import { ListingsWidget } from '@rebill-kit/react';
import type { Meta } from '@storybook/react-vite';
import { type WidgetStory, type WidgetStoryArgs, fixedPriceWidgetStories, widgetMeta } from './support/widget-stories.js';

/** Listings (an add-on): a fixed resale price per listing per month, charged to the sub-account's card. */
const meta = {
  title: 'Widgets/Listings',
  tags: ['autodocs'],
  parameters: { rebilling: { product: 'listings' } },
  component: ListingsWidget,
  ...widgetMeta(ListingsWidget, 'listings'),
} satisfies Meta<WidgetStoryArgs>;
export default meta;

const stories = fixedPriceWidgetStories('listings', '30');

export const Loading: WidgetStory = { ...stories.Loading };
export const StripeDisconnected: WidgetStory = { ...stories.StripeDisconnected };
export const StripePending: WidgetStory = { ...stories.StripePending };
export const Connected: WidgetStory = { ...stories.Connected };
export const Editing: WidgetStory = { ...stories.Editing };
export const Saved: WidgetStory = { ...stories.Saved };
export const Saving: WidgetStory = { ...stories.Saving };
export const SaveFailed: WidgetStory = { ...stories.SaveFailed };
export const SaveRetried: WidgetStory = { ...stories.SaveRetried };
export const Conflict: WidgetStory = { ...stories.Conflict };
export const InvalidPrice: WidgetStory = { ...stories.InvalidPrice };
export const BelowCost: WidgetStory = { ...stories.BelowCost };
export const BelowCostSaved: WidgetStory = { ...stories.BelowCostSaved };
export const SubCentPrice: WidgetStory = { ...stories.SubCentPrice };
export const FarAboveCost: WidgetStory = { ...stories.FarAboveCost };
