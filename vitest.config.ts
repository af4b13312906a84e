import { defineConfig } from 'vitest/config';
import { pointerDrag } from './test/browser-commands.ts';
import { chromiumProvider } from './test/browser-provider.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
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
    ],
  },
});
