/**
 * The database a server test file runs on, chosen by its Vitest project: one PGlite instance
 * (`server-pglite`), or a schema of its own on the run's PostgreSQL server (`server-postgres`).
 * Tests inside a file isolate themselves by account id.
 */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type Database, type RebillingServer, type RebillingServerOptions, createRebillingServer } from '@rebill-kit/server';
import pg from 'pg';
import { inject } from 'vitest';
import { TEST_CATALOG } from './catalog.ts';

export { TEST_CATALOG };

export type TestDatabaseKind = 'pglite' | 'postgres';

export const databaseKind = (process.env.REBILL_KIT_TEST_DATABASE ?? 'pglite') as TestDatabaseKind;

export interface TestDatabase {
  database: PGlite | pg.Pool;
  schema: string;
  close(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  if (databaseKind === 'pglite') {
    // Only server-pglite's globalSetup makes the dump; a jsdom file (stripe-panel) starts a fresh
    // PGlite, slower but without adding that setup to every jsdom run.
    const dumpFile = inject('pgliteDump');
    const database = dumpFile ? new PGlite({ loadDataDir: new Blob([readFileSync(dumpFile)]) }) : new PGlite();
    return { database, schema: 'rebill_kit', close: () => database.close() };
  }
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 20 });
  const schema = `rk_test_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  return {
    database: pool,
    schema,
    async close() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

/** A migrated server with the test catalog over `db` (optionally through a wrapped database). */
export async function openTestServer(
  db: TestDatabase,
  options: Omit<RebillingServerOptions, 'database' | 'schema'> & { wrap?: (database: Database) => Database } = {},
): Promise<RebillingServer> {
  const { wrap, ...rest } = options;
  const first = await createRebillingServer({ database: db.database, schema: db.schema, ...rest });
  const server = wrap ? await createRebillingServer({ database: wrap(first.database), schema: db.schema, ...rest }) : first;
  await server.migrate();
  server.setCatalog(TEST_CATALOG);
  return server;
}

/** A fresh account id: tests sharing one database never see each other's rows. */
export function uniqueAccountId(label = 'acct'): string {
  return `${label}_${globalThis.crypto.randomUUID()}`;
}

export function uniqueKey(label = 'key'): string {
  return `${label}-${globalThis.crypto.randomUUID()}`;
}
