import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { pointerDrag } from './test/browser-commands.ts';
import { chromiumProvider } from './test/browser-provider.ts';
import { jsdomReact18Project } from './test/react18-project.ts';
import { serverProjects } from './test/server-projects.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          // Property tests run 10,000 cases; on a loaded 2-core machine that can pass 5 s.
          testTimeout: 30_000,
          include: ['packages/{core,adapter-http,testkit}/src/**/*.test.ts', 'test/**/*.node.test.ts'],
        },
      },
      {
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['packages/{react,testkit}/src/**/*.test.tsx', 'test/**/*.jsdom.test.tsx'],
          exclude: ['**/*.browser.test.tsx', '**/node_modules/**'],
          setupFiles: ['test/setup/jsdom.ts'],
        },
      },
      jsdomReact18Project({
        include: ['packages/{react,testkit}/src/**/*.test.tsx', 'test/**/*.jsdom.test.tsx'],
        exclude: ['**/*.browser.test.tsx', '**/node_modules/**'],
        setupFiles: ['test/setup/jsdom.ts'],
      }),
      {
        test: {
          name: 'browser',
          include: ['packages/**/src/**/*.browser.test.tsx', 'test/**/*.browser.test.tsx'],
          browser: {
            enabled: true,
            headless: true,
            provider: chromiumProvider(),
            instances: [{ browser: 'chromium' }],
            commands: { pointerDrag },
          },
        },
      },
      // @rebill-kit/server: the same files on PGlite and on a throwaway PostgreSQL server.
      ...serverProjects(),
      {
        // Every story in stories/ as a test in real Chromium: it renders, its play function passes,
        // and axe finds no violation (parameters.a11y.test = 'error' in .storybook/preview.tsx).
        plugins: [storybookTest({ configDir: `${import.meta.dirname}/.storybook` })],
        test: {
          name: 'storybook',
          browser: {
            enabled: true,
            headless: true,
            provider: chromiumProvider(),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
