/**
 * The HTTP adapter keeps the contract end to end: client → real socket → node:http →
 * createRebillingHandler → memory adapter. One server per test, on a free port.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpAdapter } from '@rebill-kit/adapter-http';
import { createRebillingHandler, toNodeListener } from '@rebill-kit/adapter-http/server';
import { createMemoryAdapter } from '@rebill-kit/core';
import { runAdapterConformanceTests } from '@rebill-kit/testkit';

async function serve(basePath: string) {
  const backend = createMemoryAdapter();
  const server = createServer(toNodeListener(createRebillingHandler(backend, { basePath })));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    adapter: createHttpAdapter({ baseUrl: `http://127.0.0.1:${port}${basePath}`, retry: false }),
    inspect: backend.inspect,
    cleanup: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

runAdapterConformanceTests({ name: 'createHttpAdapter() over node:http', create: () => serve('') });
runAdapterConformanceTests({ name: 'createHttpAdapter() under a base path', create: () => serve('/api/rebilling') });
