/**
 * The panel's "+ Integrate Stripe" flow against the real server: RebillingPanel → createHttpAdapter
 * → server.handler on PGlite → createStripePayments → the real `stripe` SDK → the local Stripe
 * stand-in, whose signed account.updated goes to server.stripeWebhook. Pending with Stripe's
 * onboarding URL, then connected once onboarding finishes, without a reload: the panel refetches
 * the connection when the owner comes back to the tab (the HTTP adapter has no push).
 */
import { createHttpAdapter } from '@rebill-kit/adapter-http';
import { RebillingPanel, RebillingProvider } from '@rebill-kit/react';
import { type RebillingServer, createStripePayments } from '@rebill-kit/server';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openTestDatabase, openTestServer, type TestDatabase } from './support/server-database.ts';
import { type StripeStandin, startStripeStandin } from './support/stripe-standin.ts';

let db: TestDatabase;
let server: RebillingServer;
let standin: StripeStandin;

beforeAll(async () => {
  db = await openTestDatabase();
  standin = await startStripeStandin({ webhook: (request) => server.stripeWebhook(request) });
  server = await openTestServer(db, {
    payments: createStripePayments({
      stripe: standin.stripe(),
      returnUrl: 'https://agency.example.test/rebilling?stripe=return',
      refreshUrl: 'https://agency.example.test/rebilling?stripe=refresh',
      webhookSecret: [standin.platformWebhookSecret, standin.connectWebhookSecret],
      cardOnFile: () => Promise.reject(new Error('no purchases in this test')),
    }),
  });
}, 120_000);
afterAll(async () => {
  vi.useRealTimers();
  await standin?.close();
  await db?.close();
});

it('Integrate Stripe: pending with the onboarding URL, then connected after account.updated, without a reload', async () => {
  const handler = server.handler({ authorize: () => ({ accountId: 'acct_panel_owner' }), basePath: '/api/rebilling' });
  const adapter = createHttpAdapter({
    baseUrl: 'https://agency.example.test/api/rebilling',
    fetch: (input, init) => handler(new Request(input, init)),
  });
  const redirects: string[] = [];
  const user = userEvent.setup();
  render(
    <RebillingProvider adapter={adapter} locale="en-US" onStripeRedirect={(url) => redirects.push(url)}>
      <RebillingPanel />
    </RebillingProvider>,
  );
  const panel = await screen.findByRole('region', { name: /rebilling/i });
  await waitFor(() => expect(panel.getAttribute('data-stripe')).toBe('disconnected'));

  await user.click(within(panel).getByRole('button', { name: '+ Integrate Stripe' }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByRole('radio', { name: /people/i }));
  await user.click(within(dialog).getByRole('button', { name: /continue/i }));

  await waitFor(() => expect(redirects).toHaveLength(1));
  expect(redirects[0]).toMatch(new RegExp(`^${standin.url}/setup/e/acct_`));
  await waitFor(() => expect(panel.getAttribute('data-stripe')).toBe('pending'));
  expect(within(panel).getByText('Stripe setup in progress…')).toBeTruthy();

  // The owner finishes Stripe's onboarding in that tab; Stripe sends account.updated.
  const returned = await fetch(redirects[0]!, { redirect: 'manual' });
  expect(returned.headers.get('location')).toBe('https://agency.example.test/rebilling?stripe=return');
  await standin.flush();
  expect(standin.events.filter((e) => e.type === 'account.updated')).toHaveLength(1);

  // A minute later the owner is back on the dashboard tab: the same page, no reload.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 60_000);
  fireEvent(window, new Event('visibilitychange'));
  await waitFor(() => expect(panel.getAttribute('data-stripe')).toBe('connected'), { timeout: 10_000 });
  expect(within(panel).getByText('Stripe connected: Acme Agency')).toBeTruthy();
  expect(within(panel).queryByRole('button', { name: '+ Integrate Stripe' })).toBeNull();
  vi.useRealTimers();
}, 60_000);
