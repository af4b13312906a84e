import { LightningDomainsWidget } from '@rebill-kit/react';
import type { Meta } from '@storybook/react-vite';
import { type WidgetStory, type WidgetStoryArgs, fixedPriceWidgetStories, widgetMeta } from './support/widget-stories.js';

/** Lightning Domains: a fixed resale price per domain, paid from OneBalance. */
const meta = {
  title: 'Widgets/Lightning Domains',
  tags: ['autodocs'],
  parameters: { rebilling: { product: 'lightningDomains' } },
  component: LightningDomainsWidget,
  ...widgetMeta(LightningDomainsWidget, 'lightningDomains'),
} satisfies Meta<WidgetStoryArgs>;
export default meta;

const stories = fixedPriceWidgetStories('lightningDomains', '12');

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
