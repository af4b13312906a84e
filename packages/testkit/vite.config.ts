import { defineConfig } from 'vite';
import { libraryConfig } from '../../vite.lib.config.ts';

// ESM only: the main entry imports Vitest, which ships no CommonJS build, and the helpers are
// meant for Vitest test files (ESM). `./react` renders client components: 'use client' on all.
export default defineConfig(
  libraryConfig({
    root: import.meta.dirname,
    entries: { index: 'src/index.ts', 'faults-entry': 'src/faults-entry.ts', react: 'src/react.tsx' },
    useClient: true,
    esmOnly: true,
  }),
);
