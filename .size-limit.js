/**
 * Bundle budgets (brotli, what a host's bundler adds for one import), run by `pnpm size` after
 * `pnpm build`. A JavaScript config rather than JSON for one reason: in the workspace
 * `@rebill-kit/core` resolves to its TypeScript source, so `modifyEsbuildConfig` points it at
 * the built `dist` that hosts install.
 *
 * What is ignored, and why:
 * - PEERS (react, react-dom, @tanstack/react-query): the host already ships one copy; never ours.
 * - "own code" entries also ignore third-party dependencies (@radix-ui/*, valibot): the budget is
 *   for code we write (@rebill-kit/react + @rebill-kit/core). The widget entry counts them.
 */
import { fileURLToPath } from 'node:url';

const PEERS = ['react', 'react-dom', '@tanstack/react-query'];
const THIRD_PARTY = ['@radix-ui/react-slider', '@radix-ui', 'valibot'];
const coreDist = fileURLToPath(new URL('./packages/core/dist/index.js', import.meta.url));
const useBuiltCore = (config) => ({ ...config, alias: { ...config.alias, '@rebill-kit/core': coreDist } });

const react = 'packages/react/dist/index.js';
const entry = (check) => ({ brotli: true, modifyEsbuildConfig: useBuiltCore, ...check });

// Every widget needs RebillingProvider, so every entry imports it: a budget that leaves it out
// measures code no host can run. The issue's goals were 12 kB (panel, own code) and 16 kB (one
// widget with Radix); the limits below are ratchets at today's honest sizes (see the README's
// performance section for the gap and what would close it). Lower them as the code shrinks.
export default [
  entry({
    name: 'RebillingPanel + RebillingProvider, own code (@rebill-kit/react + core; peers, Radix, valibot ignored)',
    path: react,
    import: '{ RebillingPanel, RebillingProvider }',
    ignore: [...PEERS, ...THIRD_PARTY],
    limit: '15.8 kB',
  }),
  entry({
    name: 'SmsWidget + RebillingProvider, with Radix Slider and valibot (peers ignored)',
    path: react,
    import: '{ SmsWidget, RebillingProvider }',
    ignore: PEERS,
    limit: '21.9 kB',
  }),
  entry({
    // Proves one widget does not pull in the others: well under the panel's own code.
    name: 'SmsWidget + RebillingProvider, own code (peers, Radix, valibot ignored)',
    path: react,
    import: '{ SmsWidget, RebillingProvider }',
    ignore: [...PEERS, ...THIRD_PARTY],
    limit: '10.9 kB',
  }),
  entry({
    name: 'RebillingPanel + RebillingProvider with every dependency (peers ignored), for reference',
    path: react,
    import: '{ RebillingPanel, RebillingProvider }',
    ignore: PEERS,
  }),
  entry({
    // Exact decimals, money, pricing, validation with valibot, segments, funds, add-on purchase,
    // memory adapter with sample data. A ratchet at today's size.
    name: '@rebill-kit/core, whole entry with valibot',
    path: 'packages/core/dist/index.js',
    import: '*',
    limit: '12 kB',
  }),
  entry({
    name: '@rebill-kit/core, whole entry, own code (valibot ignored)',
    path: 'packages/core/dist/index.js',
    import: '*',
    ignore: ['valibot'],
  }),
];
