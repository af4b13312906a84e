/** The handler behind a real node:http socket: body limits and errors hold on the wire, not only in-process. */
import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRebillingHandler, toNodeListener } from '@rebill-kit/adapter-http/server';
import { createMemoryAdapter } from '@rebill-kit/core';
import { afterEach, expect, it } from 'vitest';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  if (server) await once(server, 'close');
  server = undefined;
});

async function serve() {
  const backend = createMemoryAdapter();
  server = createServer(toNodeListener(createRebillingHandler(backend, { basePath: '/api/rebilling' })));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { backend, port: (server.address() as AddressInfo).port };
}

it('answers 413 to a chunked upload over 64 KB and applies nothing', async () => {
  const { backend, port } = await serve();
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: 'PUT', path: '/api/rebilling/pricing', headers: { 'Content-Type': 'application/json', 'If-Match': '"1"', 'Idempotency-Key': 'k' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    // No Content-Length: chunked, so only counting the bytes read can stop it.
    for (let i = 0; i < 10; i++) req.write(`${'x'.repeat(16 * 1024)}`);
    req.end();
  });
  expect(status).toBe(413);
  expect(backend.inspect.appliedSaves()).toBe(0);
});

it('passes status, headers and JSON body through toNodeListener', async () => {
  const { port } = await serve();
  const response = await fetch(`http://127.0.0.1:${port}/api/rebilling/pricing`);
  expect([response.status, response.headers.get('etag'), response.headers.get('content-type')]).toEqual([200, '"1"', 'application/json; charset=utf-8']);
  expect(((await response.json()) as { currency: string }).currency).toBe('USD');
  const wrong = await fetch(`http://127.0.0.1:${port}/api/rebilling/stripe/connect`);
  expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST, OPTIONS']);
});
