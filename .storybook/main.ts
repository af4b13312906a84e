import type { StorybookConfig } from '@storybook/react-vite';
import react from '@vitejs/plugin-react';

/**
 * Storybook: the designers' home and the demo the README's start command opens. Stories and MDX
 * docs live in `stories/` and import only the packages' public entries.
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  // react-docgen (the default): react-docgen-typescript needs TypeScript's JS compiler API.
  typescript: { reactDocgen: 'react-docgen' },
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    const { mergeConfig } = await import('vite');
    // Fast Refresh in `storybook dev`; the framework itself only needs Vite's built-in JSX transform.
    return mergeConfig(viteConfig, { plugins: [react()], build: { chunkSizeWarningLimit: 4096 } });
  },
};

export default config;
