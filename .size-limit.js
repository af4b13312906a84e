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
// Entries that count core resolve it to the built dist hosts install; the others leave it external.
const entry = (check) => ({
  brotli: true,
  ...(check.ignore?.includes('@rebill-kit/core') ? {} : { modifyEsbuildConfig: useBuiltCore }),
  ...check,
});

// Every widget needs RebillingProvider, so every entry imports it: a budget that leaves it out
// measures code no host can run. The issue's budgets are for the React package (the panel's own
// code ≤ 12 kB; one widget with Radix Slider ≤ 16 kB) with @rebill-kit/core counted in its own
// entry; the "all our code" entries below also count core inside the React entries, as ratchets,
// so that neither view can grow unnoticed.
const CORE = ['@rebill-kit/core'];

export default [
  entry({
    name: 'RebillingPanel + RebillingProvider: @rebill-kit/react own code (core in its own entry; peers, Radix, valibot ignored)',
    path: react,
    import: '{ RebillingPanel, RebillingProvider }',
    ignore: [...PEERS, ...THIRD_PARTY, ...CORE],
    limit: '12 kB',
  }),
  entry({
    name: 'SmsWidget + RebillingProvider with Radix Slider (core in its own entry; peers ignored)',
    path: react,
    import: '{ SmsWidget, RebillingProvider }',
    ignore: [...PEERS, 'valibot', ...CORE],
    limit: '16 kB',
  }),
  entry({
    // Proves one widget does not pull in the others: well under the panel's own code.
    name: 'SmsWidget + RebillingProvider: @rebill-kit/react own code (core in its own entry)',
    path: react,
    import: '{ SmsWidget, RebillingProvider }',
    ignore: [...PEERS, ...THIRD_PARTY, ...CORE],
    limit: '7 kB',
  }),
  entry({
    // The price history (issue 15): its own entry, so a host rendering single widgets without
    // WithPriceHistory ships none of it (the SmsWidget entries above stay where they were).
    name: 'PriceHistory + WithPriceHistory: @rebill-kit/react own code over SmsWidget (core in its own entry)',
    path: react,
    import: '{ SmsWidget, RebillingProvider, WithPriceHistory, PriceHistory }',
    ignore: [...PEERS, ...THIRD_PARTY, ...CORE],
    limit: '9 kB',
  }),
  entry({
    // Exact decimals, money, pricing, validation with valibot, segments, funds, add-on purchase,
    // memory adapter with sample data, everything exported at once.
    name: '@rebill-kit/core, whole entry with valibot',
    path: 'packages/core/dist/index.js',
    import: '*',
    limit: '12 kB',
  }),
  entry({
    name: 'RebillingPanel + RebillingProvider: all our code (react + the core it uses; peers, Radix, valibot ignored)',
    path: react,
    import: '{ RebillingPanel, RebillingProvider }',
    ignore: [...PEERS, ...THIRD_PARTY],
    limit: '15.6 kB',
  }),
  entry({
    name: 'SmsWidget + RebillingProvider: everything a host ships (react, core, Radix, valibot; peers ignored)',
    path: react,
    import: '{ SmsWidget, RebillingProvider }',
    ignore: PEERS,
    limit: '21 kB',
  }),
];
