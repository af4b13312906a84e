import { readFileSync, writeFileSync } from 'node:fs';
import { createRebillingServer } from '@rebill-kit/server';
import { afterAll, describe, expect, it } from 'vitest';
import { describeSchema } from '../../../test/support/describe-schema.js';
import { databaseKind, openTestDatabase } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
afterAll(() => db.close());
const snapshotPath = new URL('./schema.sql', import.meta.url);

describe(`migrations on ${databaseKind}`, () => {
  it('concurrent starts migrate once; migrate() again applies nothing', async () => {
    const servers = await Promise.all([0, 1, 2].map(() => createRebillingServer({ database: db.database, schema: db.schema })));
    const runs = await Promise.all(servers.map((server) => server.migrate()));
    expect(runs.map((run) => run.applied).sort()).toEqual([[], [], [1, 2, 3, 4, 5, 6]]);
    expect(await servers[0]!.migrate()).toEqual({ applied: [] });
    const { rows } = await servers[0]!.database.query<{ id: number }>(`SELECT id FROM "${db.schema}".migrations ORDER BY id`);
    expect(rows.map((row) => Number(row.id))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('produce exactly the committed schema.sql (set UPDATE_SCHEMA=1 to rewrite it after adding a migration)', async () => {
    const server = await createRebillingServer({ database: db.database, schema: db.schema });
    await server.migrate();
    const actual = await describeSchema(server.database, db.schema);
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(snapshotPath, actual);
    expect(actual).toBe(readFileSync(snapshotPath, 'utf8'));
  });

  it('says to run migrate() when the tables are missing', async () => {
    const server = await createRebillingServer({ database: db.database, schema: 'rebill_kit_never_migrated' });
    server.setCatalog({
      currency: 'USD',
      products: {
        sms: { youPay: '0.0079' },
        email: { youPay: '0.000675' },
        lightningDomains: { youPay: '12' },
        phoneNumbers: { youPay: '1.15' },
        listings: { youPay: '30' },
      },
    });
    await expect(server.account('acct').adapter.loadPricing()).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('server.migrate()') });
  });
});
