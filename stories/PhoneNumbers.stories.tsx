import { PhoneNumbersWidget } from '@rebill-kit/react';
import type { Meta } from '@storybook/react-vite';
import { type WidgetStory, type WidgetStoryArgs, multiplierWidgetStories, widgetMeta } from './support/widget-stories.js';

/** Phone number markup (an add-on): per number per month, charged to the sub-account's card. */
const meta = {
  title: 'Widgets/Phone Numbers',
  tags: ['autodocs'],
  parameters: { rebilling: { product: 'phoneNumbers' } },
  component: PhoneNumbersWidget,
  ...widgetMeta(PhoneNumbersWidget, 'phoneNumbers'),
} satisfies Meta<WidgetStoryArgs>;
export default meta;

const stories = multiplierWidgetStories('phoneNumbers', 'AU');

export const Loading: WidgetStory = { ...stories.Loading };
export const StripeDisconnected: WidgetStory = { ...stories.StripeDisconnected };
export const StripePending: WidgetStory = { ...stories.StripePending };
export const At1x: WidgetStory = { ...stories.At1x };
export const AtMiddle: WidgetStory = { ...stories.AtMiddle };
export const At10x: WidgetStory = { ...stories.At10x };
export const KeyboardSave: WidgetStory = { ...stories.KeyboardSave };
export const Pointer: WidgetStory = { ...stories.Pointer };
export const Saving: WidgetStory = { ...stories.Saving };
export const SaveFailed: WidgetStory = { ...stories.SaveFailed };
export const SaveRetried: WidgetStory = { ...stories.SaveRetried };
export const Conflict: WidgetStory = { ...stories.Conflict };
export const ConflictKeepMine: WidgetStory = { ...stories.ConflictKeepMine };
export const International: WidgetStory = { ...stories.International };
