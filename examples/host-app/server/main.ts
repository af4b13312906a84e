/**
 * The host app's server: one `node:http` server on one origin serving the built page, the
 * rebilling REST contract (`server.handler`, which the panel's `createHttpAdapter` talks to),
 * Stripe's webhooks and the host's own routes, on `@rebill-kit/server` over PGlite.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { toNodeListener } from '@rebill-kit/adapter-http/server';
import { isRebillingError } from '@rebill-kit/core';
import { createRebillingServer, createStripePayments, createTestPayments, type PaymentGateway, type TestPayments } from '@rebill-kit/server';
import { hostRoute } from './routes.ts';
import { registerSubAccounts, seedAccount, setSampleCatalog } from './seed.ts';
import { OWNER, createSessions } from './session.ts';

export interface HostAppOptions {
  /** The database: PGlite in `dataDir` here (a host passes a `pg.Pool`). */
  database: PGlite;
  /** Where the session secret and the seed marker are kept, beside the database. */
  dataDir: string;
  /** The Vite build of the page. */
  pageDir: string;
  port: number;
  host?: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
/** How often purchases past their refund deadline (or stuck in flight) are driven on: a host's cron. */
const DUE_PURCHASES_EVERY_MS = 60_000;

/** Stripe itself when a key is set; otherwise the deterministic test gateway, onboarding on this origin. */
async function createPayments(origin: string): Promise<{ gateway: PaymentGateway; test: TestPayments | null }> {
  const key = process.env.STRIPE_SECRET_KEY;
  if (!key) {
    const test = createTestPayments({ onboardingUrl: `${origin}/demo/stripe-onboarding/` });
    return { gateway: test, test };
  }
  const { default: Stripe } = await import('stripe');
  const publicUrl = process.env.PUBLIC_URL ?? origin;
  const gateway = createStripePayments({
    stripe: new Stripe(key),
    returnUrl: `${publicUrl}/#/rebilling`,
    refreshUrl: `${publicUrl}/#/rebilling`,
    // Comma-separated: the platform endpoint's secret and the Connect endpoint's.
    webhookSecret: (process.env.STRIPE_WEBHOOK_SECRET ?? '').split(',').filter(Boolean),
    // The host's customers and their saved cards: this example has none.
    cardOnFile: async () => {
      throw new Error('Add-ons with real Stripe need your cardOnFile(request) lookup: see examples/host-app/README.md.');
    },
  });
  return { gateway, test: null };
}

export async function startHostApp(options: HostAppOptions) {
  const { database, dataDir } = options;
  // Listen first: the test gateway's onboarding link needs this origin (and its port).
  let handle: (request: Request) => Promise<Response> = async () => new Response('Starting…', { status: 503 });
  const http = createServer(toNodeListener((request) => handle(request)));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const origin = `http://localhost:${(http.address() as AddressInfo).port}`;

  const payments = await createPayments(origin);
  const server = await createRebillingServer({ database, payments: payments.gateway });
  await server.migrate();
  setSampleCatalog(server);
  const firstRun = !existsSync(join(dataDir, 'seeded'));
  if (firstRun) {
    await seedAccount(server, OWNER.accountId);
    writeFileSync(join(dataDir, 'seeded'), new Date().toISOString());
  }
  await registerSubAccounts(server, OWNER.accountId);
  const duePurchases = setInterval(() => void server.processDuePurchases().catch(console.error), DUE_PURCHASES_EVERY_MS);
  duePurchases.unref();
  // Expired idempotency keys already count as new keys: deleting them only keeps the table small.
  const expiredKeys = setInterval(() => void server.pruneExpiredKeys().catch(console.error), 60 * 60_000);
  expiredKeys.unref();

  const sessions = createSessions(dataDir);
  const rebilling = server.handler({ authorize: (request) => sessions.read(request), basePath: '/api/rebilling' });

  handle = async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/stripe/webhook' && request.method === 'POST') return server.stripeWebhook(request);
    if (pathname === '/api/rebilling' || pathname.startsWith('/api/rebilling/')) return rebilling(request);
    const onboarding = /^\/demo\/stripe-onboarding\/([\w-]+)$/.exec(pathname);
    if (onboarding && payments.test) return testOnboarding(request, onboarding[1]!, payments.test, server.stripeWebhook);
    if (pathname.startsWith('/api/')) {
      const session = sessions.read(request);
      if (!session) return Response.json({ error: { code: 'unauthorized', message: 'Not signed in: open the host app page first.' } }, { status: 401 });
      try {
        const response = await hostRoute(request, server.account(session.accountId, { actor: session.actor }), payments.test);
        return response ?? Response.json({ error: { code: 'validation', message: `No route ${request.method} ${pathname}.` } }, { status: 404 });
      } catch (error) {
        console.error(error);
        const message = isRebillingError(error) ? error.message : 'The server failed unexpectedly.';
        return Response.json({ error: { code: isRebillingError(error) ? error.code : 'unknown', message } }, { status: 500 });
      }
    }
    return servePage(pathname, options.pageDir, sessions.read(request) ? null : sessions.signIn());
  };

  return {
    url: `${origin}/`,
    firstRun,
    async close() {
      clearInterval(duePurchases);
      clearInterval(expiredKeys);
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await database.close();
    },
  };
}

/**
 * Stands in for Stripe's hosted onboarding with the test gateway: a page with one button, which
 * completes onboarding and delivers the signed `account.updated` webhook, then returns to the panel.
 */
async function testOnboarding(
  request: Request,
  connectedAccountId: string,
  test: TestPayments,
  stripeWebhook: (request: Request) => Promise<Response>,
): Promise<Response> {
  if (request.method === 'POST') {
    const event = test.completeOnboarding(connectedAccountId, { name: 'Acme Agency (test mode)' });
    const delivered = await stripeWebhook(test.webhookRequest(event));
    if (!delivered.ok) return new Response(`The webhook was refused: ${await delivered.text()}`, { status: 500 });
    return new Response(null, { status: 303, headers: { Location: '/#/rebilling' } });
  }
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test Stripe onboarding</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto">
<h1>Stripe onboarding (test gateway)</h1>
<p>With <code>STRIPE_SECRET_KEY</code> set, this is Stripe's hosted onboarding for connected account ${connectedAccountId}.</p>
<form method="post"><button type="submit">Complete onboarding</button></form></body></html>`;
  return new Response(page, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

/** The built page: hashed assets cached for good, anything else answered with index.html. */
async function servePage(pathname: string, pageDir: string, signInCookie: string | null): Promise<Response> {
  const path = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = path.startsWith('/assets/') ? join(pageDir, path) : join(pageDir, 'index.html');
  try {
    const headers = new Headers({ 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    headers.set('Cache-Control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (signInCookie) headers.set('Set-Cookie', signInCookie);
    return new Response(await readFile(file), { headers });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
