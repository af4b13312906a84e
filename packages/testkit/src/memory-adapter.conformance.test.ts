import { createMemoryAdapter } from '@rebill-kit/core';
import { runAdapterConformanceTests, withFaults } from '@rebill-kit/testkit';

runAdapterConformanceTests({
  name: 'createMemoryAdapter()',
  create: () => {
    const adapter = createMemoryAdapter();
    return { adapter, inspect: adapter.inspect };
  },
});

runAdapterConformanceTests({
  name: 'createMemoryAdapter() answering pending with a Stripe onboarding URL',
  create: () => {
    const adapter = createMemoryAdapter({ stripeConnect: { redirectUrl: 'https://connect.stripe.com/setup/s/sample' } });
    return { adapter, inspect: adapter.inspect };
  },
});

// Latency alone must not break the contract; the wrapper keeps abort and optional methods.
runAdapterConformanceTests({
  name: 'createMemoryAdapter() behind withFaults latency',
  create: () => {
    const memory = createMemoryAdapter();
    return { adapter: withFaults(memory, { seed: 7, latencyMs: [0, 2] }), inspect: memory.inspect };
  },
});
