/** The body of `pnpm bench:server` (see bench/server.mjs). */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { type Database, type DatabaseInput, createRebillingServer } from '@rebill-kit/server';
import pg from 'pg';
import { startPostgres } from '../test/support/postgres-cluster.ts';
import { TEST_CATALOG } from '../test/support/catalog.ts';

const CLIENTS = [1, 8, 32];

interface Run {
  backend: 'pglite' | 'postgres';
  kind: 'chargeUsage' | 'bare';
  clients: number;
  operations: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `operation` from `clients` loops for `seconds` (after a short warm-up) and times each call. */
async function measure(clients: number, seconds: number, operation: (client: number, i: number) => Promise<void>) {
  const warmUntil = performance.now() + 300;
  let counter = 0;
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    while (performance.now() < warmUntil) await operation(client, counter++);
  }));
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < end) {
        const t = performance.now();
        await operation(client, counter++);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { operations: latencies.length, perSecond: Math.round(latencies.length / elapsed), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
}

/** The floor: the same two wallet rows and two ledger rows, nothing else. */
async function bare(db: Database, clients: number, seconds: number) {
  await db.query('DROP TABLE IF EXISTS bare_ledger, bare_wallets');
  await db.query('CREATE TABLE bare_wallets (id text PRIMARY KEY, balance numeric NOT NULL CHECK (balance >= 0))');
  await db.query('CREATE TABLE bare_ledger (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, wallet text NOT NULL, amount numeric NOT NULL, balance_after numeric NOT NULL)');
  await db.query(`INSERT INTO bare_wallets SELECT 'sub' || g, 1000000 FROM generate_series(0, $1::int) g`, [clients]);
  await db.query(`INSERT INTO bare_wallets VALUES ('main', 1000000)`);
  return measure(clients, seconds, (client) =>
    db.transaction(async (tx) => {
      const sub = await tx.query<{ balance: string }>(`UPDATE bare_wallets SET balance = balance - 0.002025 WHERE id = $1 AND balance >= 0.002025 RETURNING balance::text AS balance`, [`sub${client}`]);
      const main = await tx.query<{ balance: string }>(`UPDATE bare_wallets SET balance = balance - 0.000675 WHERE id = 'main' AND balance >= 0.000675 RETURNING balance::text AS balance`);
      await tx.query(`INSERT INTO bare_ledger (wallet, amount, balance_after) VALUES ($1, -0.002025, $2::numeric)`, [`sub${client}`, sub.rows[0]!.balance]);
      await tx.query(`INSERT INTO bare_ledger (wallet, amount, balance_after) VALUES ('main', -0.000675, $1::numeric)`, [main.rows[0]!.balance]);
    }),
  );
}

async function charges(database: DatabaseInput, clients: number, seconds: number) {
  const schema = `rk_bench_${clients}`;
  const server = await createRebillingServer({ database, schema });
  await server.database.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await server.migrate();
  server.setCatalog(TEST_CATALOG);
  const account = server.account('acct_bench');
  await account.addFunds({ wallet: 'main', amount: '1000000', idempotencyKey: 'main' });
  for (let c = 0; c < clients; c++) await account.addFunds({ wallet: { subAccountId: `sub${c}` }, amount: '1000000', idempotencyKey: `sub${c}` });
  const run = await measure(clients, seconds, async (client, i) => {
    const result = await account.chargeUsage({ idempotencyKey: `charge-${i}`, subAccountId: `sub${client}`, product: 'email' });
    if (result.status !== 'charged') throw new Error(`bench charge ${i}: ${result.status}`);
  });
  await server.database.query(`DROP SCHEMA ${schema} CASCADE`);
  return run;
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { seconds: { type: 'string', default: '4' }, backends: { type: 'string', default: 'pglite,postgres' } } });
  const seconds = Number(values.seconds);
  const backends = values.backends!.split(',') as Array<Run['backend']>;
  const runs: Run[] = [];
  const loadBefore = loadavg()[0]!;
  const cluster = backends.includes('postgres') ? await startPostgres({ durable: true }) : undefined;
  try {
    for (const backend of backends) {
      for (const clients of CLIENTS) {
        let database: DatabaseInput;
        let close: () => Promise<void>;
        if (backend === 'pglite') {
          const pglite = new PGlite();
          database = pglite;
          close = () => pglite.close();
        } else {
          const pool = new pg.Pool({ connectionString: cluster!.url, max: clients });
          database = pool;
          close = () => pool.end();
        }
        const server = await createRebillingServer({ database });
        for (const [kind, run] of [
          ['bare', () => bare(server.database, clients, seconds)],
          ['chargeUsage', () => charges(database, clients, seconds)],
        ] as const) {
          const result = await run();
          runs.push({ backend, kind, clients, ...result });
          console.log(`${backend.padEnd(8)} ${kind.padEnd(11)} ${String(clients).padStart(2)} clients: ${String(result.perSecond).padStart(5)}/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms`);
        }
        await close();
      }
    }
  } finally {
    await cluster?.stop();
  }
  const ratios = runs
    .filter((run) => run.kind === 'chargeUsage')
    .map((run) => {
      const floor = runs.find((other) => other.kind === 'bare' && other.backend === run.backend && other.clients === run.clients)!;
      return { backend: run.backend, clients: run.clients, ratio: Math.round((run.perSecond / floor.perSecond) * 100) / 100 };
    });
  console.log('\nchargeUsage / bare transaction:');
  for (const r of ratios) console.log(`  ${r.backend.padEnd(8)} ${String(r.clients).padStart(2)} clients: ${Math.round(r.ratio * 100)}%`);
  const goal = runs.find((run) => run.backend === 'postgres' && run.kind === 'chargeUsage' && run.clients === 8);
  const goalRatio = ratios.find((r) => r.backend === 'postgres' && r.clients === 8);
  if (goal && goalRatio) {
    console.log(`\nGoal (Postgres, 8 clients): ≥ 50% of bare → ${Math.round(goalRatio.ratio * 100)}%; p99 < 20 ms → ${goal.p99Ms} ms`);
  }
  const out = new URL('./server-results.json', import.meta.url);
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), seconds, cpus: cpus().length, loadAverage: { before: loadBefore, after: loadavg()[0] }, note: 'email charges (one sub-account wallet per client, one shared main wallet); bare = 2 conditional UPDATEs + 2 INSERTs', runs, ratios }, null, 2)}\n`);
  console.log(`\nload average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs (numbers are for this machine at this load)`);
  console.log(`wrote ${out.pathname}`);
}
