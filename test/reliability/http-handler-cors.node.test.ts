/**
 * Issue 13 #4 in a real browser: a page on one origin calls the handler on another (the
 * README's cross-origin `baseUrl`). Chromium preflights the PUT (If-Match, Idempotency-Key,
 * JSON); with `cors` the save goes through and the page can read the ETag; a page on an origin
 * not allowed cannot read anything and its save never reaches the backend.
 */
import { once } from 'node:events';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRebillingHandler, toNodeListener } from '@rebill-kit/adapter-http/server';
import { createMemoryAdapter } from '@rebill-kit/core';
import { type Browser, chromium } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../browser-provider.ts';

const servers: Server[] = [];
let browser: Browser;
const backend = createMemoryAdapter();

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const page = () => createServer((_req, res) => res.setHeader('Content-Type', 'text/html').end('<!doctype html><title>host page</title>'));
let allowed: string;
let other: string;
let api: string;

beforeAll(async () => {
  allowed = await listen(page());
  other = await listen(page());
  api = await listen(createServer(toNodeListener(createRebillingHandler(backend, { cors: { origins: [allowed] } }))));
  browser = await chromium.launch({ ...(chromiumPath ? { executablePath: chromiumPath } : {}), args: chromiumArgs });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** In the page: load the prices, read the ETag, save with it. */
async function saveFrom(origin: string) {
  const tab = await browser.newPage();
  try {
    await tab.goto(origin);
    return await tab.evaluate(async (base) => {
      const attempt = async <T,>(run: () => Promise<T>) => {
        try {
          return await run();
        } catch (error) {
          return { error: String(error) };
        }
      };
      const loaded = await attempt(async () => {
        const response = await fetch(`${base}/pricing`);
        return { status: response.status, etag: response.headers.get('ETag') };
      });
      // Sent whatever the GET gave: a disallowed origin's PUT must be stopped by its preflight.
      const saved = await attempt(async () => {
        const response = await fetch(`${base}/pricing`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json', 'If-Match': '"1"', 'Idempotency-Key': crypto.randomUUID() },
          body: JSON.stringify({ products: { sms: { type: 'multiplier', multiplier: '3' } } }),
        });
        return { status: response.status, etag: response.headers.get('ETag') };
      });
      return { loaded, saved };
    }, api);
  } finally {
    await tab.close();
  }
}

it('issue 13 #4: Chromium on another origin preflights, saves and reads the ETag when the origin is allowed; a disallowed origin gets nothing', async () => {
  const refused = await saveFrom(other);
  expect(refused).toEqual({
    loaded: { error: expect.stringContaining('Failed to fetch') },
    saved: { error: expect.stringContaining('Failed to fetch') },
  });
  expect(backend.inspect.appliedSaves()).toBe(0);

  const result = await saveFrom(allowed);
  expect(result).toEqual({ loaded: { status: 200, etag: '"1"' }, saved: { status: 200, etag: '"2"' } });
  expect(backend.inspect.appliedSaves()).toBe(1);
  expect(backend.inspect.readPricing().products.sms.rule).toEqual({ type: 'multiplier', multiplier: '3' });
}, 60_000);
