import { EmailWidget } from '@rebill-kit/react';
import type { Meta } from '@storybook/react-vite';
import { type WidgetStory, type WidgetStoryArgs, multiplierWidgetStories, widgetMeta } from './support/widget-stories.js';

/** Email markup: every outgoing email, paid from OneBalance. */
const meta = {
  title: 'Widgets/Emails',
  tags: ['autodocs'],
  parameters: { rebilling: { product: 'email' } },
  component: EmailWidget,
  ...widgetMeta(EmailWidget, 'email'),
} satisfies Meta<WidgetStoryArgs>;
export default meta;

const stories = multiplierWidgetStories('email');

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
