/**
 * Issue 13 #1: one unauthenticated request with the method `constructor` made the handler resolve
 * with a non-Response; served over `node:http2` with `toNodeListener`, writing it threw
 * `ERR_HTTP2_STATUS_INVALID` and the process exited. This serves the handler over a real
 * HTTP/2 socket, sends every `Object.prototype` name as a method, and checks each gets an
 * answer and the server still serves the next request.
 */
import { once } from 'node:events';
import { connect, createServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createRebillingHandler, toNodeListener, type NodeListener } from '@rebill-kit/adapter-http/server';
import { createMemoryAdapter } from '@rebill-kit/core';
import { afterEach, expect, it, vi } from 'vitest';

let server: Http2Server | undefined;

afterEach(async () => {
  if (server) {
    server.close();
    await once(server, 'close');
  }
  server = undefined;
});

async function serve(listener: NodeListener) {
  server = createServer(listener as unknown as Parameters<typeof createServer>[0]);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const request = (method: string, path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const stream = client.request({ ':method': method, ':path': path });
      let body = '';
      let status = 0;
      stream.on('response', (headers) => {
        status = Number(headers[':status']);
      });
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        body += chunk;
      });
      stream.on('end', () => resolve({ status, body }));
      stream.on('error', reject);
      stream.setTimeout(3000, () => reject(new Error(`${method} ${path}: no answer within 3 s`)));
      stream.end();
    });
  return { request, close: () => client.close() };
}

it('issue 13 #1: every Object.prototype name as a method over node:http2 gets a 405 JSON answer, and the process keeps serving', async () => {
  const backend = createMemoryAdapter();
  const unhandled = vi.fn();
  process.on('unhandledRejection', unhandled);
  const { request, close } = await serve(toNodeListener(createRebillingHandler(backend, { basePath: '/api' })));
  try {
    for (const method of Object.getOwnPropertyNames(Object.prototype)) {
      const answer = await request(method, '/api/pricing');
      expect([method, answer.status]).toEqual([method, 405]);
      expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe('unknown');
    }
    const after = await request('GET', '/api/pricing');
    expect(after.status).toBe(200);
    expect(backend.inspect.appliedSaves()).toBe(0);
    expect(unhandled).not.toHaveBeenCalled();
  } finally {
    close();
    process.off('unhandledRejection', unhandled);
  }
});

it('issue 13 #1: toNodeListener survives a handler that resolves with a non-Response, throws, or answers a status HTTP/2 refuses', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const unhandled = vi.fn();
  process.on('unhandledRejection', unhandled);
  const answers: Record<string, () => Promise<Response>> = {
    '/not-a-response': async () => Object as unknown as Response,
    '/throws': async () => {
      throw new Error('boom');
    },
    // HTTP/2 has no 1xx final status: writing it throws ERR_HTTP2_STATUS_INVALID inside the listener.
    '/status-101': async () => Object.defineProperty(new Response(null), 'status', { value: 101 }),
    '/ok': async () => new Response('{"ok":true}', { status: 200, headers: { 'Content-Type': 'application/json' } }),
  };
  const { request, close } = await serve(toNodeListener(async (req) => answers[new URL(req.url).pathname]!()));
  try {
    expect((await request('GET', '/not-a-response')).status).toBe(500);
    expect((await request('GET', '/throws')).status).toBe(500);
    expect((await request('GET', '/status-101')).status).toBe(500);
    expect(await request('GET', '/ok')).toEqual({ status: 200, body: '{"ok":true}' });
    expect(unhandled).not.toHaveBeenCalled();
  } finally {
    close();
    process.off('unhandledRejection', unhandled);
    errors.mockRestore();
  }
});
