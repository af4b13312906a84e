import type { Preview } from '@storybook/react-vite';
import '@rebill-kit/react/styles.css';
import './preview.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    // Any axe violation fails the story, in the Storybook UI and in `vitest --project storybook`.
    a11y: { test: 'error' },
    options: {
      storySort: {
        order: ['Demo', ['Host dashboard'], 'Docs', ['Getting started', 'Theming', 'Writing an adapter', 'Money and rounding', 'SMS segments'], 'Panel', 'Widgets', '*'],
      },
    },
  },
};

export default preview;
