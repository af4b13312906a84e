/** Runs only the broken-adapter fixture; used by conformance-suite.node.test.ts in a child Vitest. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'conformance-fixture',
    environment: 'node',
    include: ['test/conformance-broken-adapters.fixture.ts'],
  },
});
