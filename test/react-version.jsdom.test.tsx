/**
 * Guards the React 18 project: if the aliases stopped reaching a dependency, the tests would
 * silently run on React 19 again, or fail with "Invalid hook call" (two copies of React).
 */
import { createMemoryAdapter } from '@rebill-kit/core';
import { RebillingProvider, SmsWidget } from '@rebill-kit/react';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { version, useState } from 'react';
import { version as domVersion } from 'react-dom';
import { expect, test } from 'vitest';

const expectedMajor = process.env.EXPECTED_REACT_MAJOR ?? '19';

test(`runs on React ${expectedMajor} (react and react-dom agree)`, () => {
  expect(version.split('.')[0]).toBe(expectedMajor);
  expect(domVersion).toBe(version);
});

test('Testing Library, TanStack Query, Radix and our widgets share that one React', async () => {
  function Probe() {
    const [state] = useState('one React');
    useQueryClient();
    return <p>{state}</p>;
  }
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <Probe />
      <RebillingProvider adapter={createMemoryAdapter({ stripe: 'connected' })} queryClient={queryClient}>
        <SmsWidget />
      </RebillingProvider>
    </QueryClientProvider>,
  );
  expect(screen.getByText('one React')).toBeTruthy();
  expect(await screen.findByRole('slider')).toBeTruthy();
});
