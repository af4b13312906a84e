/**
 * The host app's server: one `node:http` server on one origin serving the built page, the
 * rebilling REST contract (`server.handler`, which the panel's `createHttpAdapter` talks to)
 * and the host's own routes, on `@rebill-kit/server` over PGlite persisted in a data folder.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { toNodeListener } from '@rebill-kit/adapter-http/server';
import { isRebillingError } from '@rebill-kit/core';
import { createRebillingServer, createTestPayments } from '@rebill-kit/server';
import { type DemoPayments, hostRoute } from './routes.ts';
import { seedAccount, setSampleCatalog } from './seed.ts';
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

async function payments(): Promise<{ gateway: unknown; demo: DemoPayments }> {
  if (process.env.STRIPE_SECRET_KEY) {
    const { default: Stripe } = await import('stripe');
    const { createStripePayments } = await import('@rebill-kit/server');
    const origin = process.env.PUBLIC_URL ?? 'http://localhost:3000';
    const gateway = createStripePayments({
      stripe: new Stripe(process.env.STRIPE_SECRET_KEY),
      returnUrl: `${origin}/#/rebilling`,
      refreshUrl: `${origin}/#/rebilling`,
      webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? '',
    });
    const declines = () => false;
    return { gateway, demo: { ownerCardDeclines: declines, setOwnerCardDeclines: () => undefined } };
  }
  const gateway = createTestPayments();
  return {
    gateway,
    demo: {
      ownerCardDeclines: () => gateway.isDecliningOwnerCharges(),
      setOwnerCardDeclines: (declines) => gateway.declineOwnerCharges(declines),
    },
  };
}

export async function startHostApp(options: HostAppOptions) {
  const { database } = options;
  const firstRun = !existsSync(join(options.dataDir, 'seeded'));
  const { gateway, demo } = await payments();
  const server = await createRebillingServer({ database, payments: gateway as never });
  await server.migrate();
  setSampleCatalog(server);
  if (firstRun) {
    await seedAccount(server, OWNER.accountId);
    writeFileSync(join(options.dataDir, 'seeded'), new Date().toISOString());
  }

  const sessions = createSessions(options.dataDir);
  const rebilling = server.handler({ authorize: (request) => sessions.authorize(request), basePath: '/api/rebilling' });

  const handle = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/stripe/webhook' && 'stripeWebhook' in server) return server.stripeWebhook(request);
    if (pathname.startsWith('/api/rebilling/') || pathname === '/api/rebilling') return rebilling(request);
    if (pathname.startsWith('/api/')) {
      const session = sessions.read(request);
      if (!session) return Response.json({ error: { code: 'unauthorized', message: 'Not signed in: open the host app page first.' } }, { status: 401 });
      try {
        const response = await hostRoute(request, server.account(session.accountId), demo);
        return response ?? Response.json({ error: { code: 'validation', message: `No route ${request.method} ${pathname}.` } }, { status: 404 });
      } catch (error) {
        console.error(error);
        const message = isRebillingError(error) ? error.message : 'The server failed unexpectedly.';
        return Response.json({ error: { code: 'unknown', message } }, { status: 500 });
      }
    }
    return servePage(pathname, options.pageDir, sessions.read(request) ? null : sessions.signIn());
  };

  const http = createServer(toNodeListener(handle));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    firstRun,
    async close() {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await database.close();
    },
  };
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
