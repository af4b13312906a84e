/**
 * The jsdom project again on React 18.3 (`react-18` / `react-dom-18` are npm aliases of
 * react@18.3.1 and react-dom@18.3.1): the peer range promises both majors, so the React tests
 * run on both. `react` and `react-dom` (and their subpaths) resolve to the 18 copies for our
 * source and for the ESM dependencies that import React, which Vitest must therefore transform
 * itself (`server.deps.inline`); CommonJS ones (react-dom itself, Testing Library) are redirected
 * in `test/setup/react18.ts`.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { TestProjectInlineConfiguration } from 'vitest/config';

const require = createRequire(import.meta.url);
const react18 = dirname(require.resolve('react-18/package.json'));
const reactDom18 = dirname(require.resolve('react-dom-18/package.json'));

export function jsdomReact18Project(base: { include: string[]; exclude?: string[]; setupFiles: string[] }): TestProjectInlineConfiguration {
  return {
    resolve: {
      alias: [
        { find: /^react$/, replacement: react18 },
        { find: /^react\/(.*)$/, replacement: `${react18}/$1` },
        { find: /^react-dom$/, replacement: reactDom18 },
        { find: /^react-dom\/(.*)$/, replacement: `${reactDom18}/$1` },
      ],
    },
    test: {
      name: 'jsdom-react18',
      environment: 'jsdom',
      ...base,
      setupFiles: ['test/setup/react18.ts', ...base.setupFiles],
      env: { EXPECTED_REACT_MAJOR: '18' },
      server: { deps: { inline: [/@testing-library\/react/, /@tanstack\/react-query/, /@radix-ui\//] } },
    },
  };
}
