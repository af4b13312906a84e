#!/usr/bin/env node
/**
 * `pnpm bench:server`: chargeUsage throughput and latency on PGlite and on a throwaway
 * PostgreSQL cluster (default durability settings), with 1, 8 and 32 concurrent clients, next
 * to the bare minimal transaction (two conditional UPDATEs, two INSERTs, plain SQL) as the
 * floor. Prints a table and writes bench/server-results.json. Reported, never asserted.
 *
 *   node bench/server.mjs [--seconds 4] [--backends pglite,postgres]
 */
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./server-bench.ts', import.meta.url).pathname);
await module.main(process.argv.slice(2));
