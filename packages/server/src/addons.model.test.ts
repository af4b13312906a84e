// Model test of add-on purchases (issue 12): random sequences of purchases, card declines on
// either side, lost answers, charges that settle later, owner retries, duplicate and reordered
// webhooks, deadline passes and process restarts (a new server object on the same database),
// checked after every step against what the payment gateway really did.
import { createRebillingServer, createTestPayments, type OwnerNotification, type RebillingServer, type TestChargeOutcome, type TestPayments } from '@rebill-kit/server';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_CATALOG, databaseKind, openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

// 2,000 sequences on PGlite, 500 on a real PostgreSQL server (same file, same checks); MODEL_RUNS overrides.
const RUNS = Number(process.env.MODEL_RUNS ?? (databaseKind === 'pglite' ? 2000 : 500));
const DEADLINE_MS = 6 * 60 * 60_000;
const RESUME_MS = 60_000;

const db = await openTestDatabase();
let first: RebillingServer;
let accountId: string;

beforeAll(async () => {
  const payments = createTestPayments();
  first = await openTestServer(db, { payments });
  // One connected owner with resale prices; every sequence makes its own purchases (and keys).
  accountId = uniqueAccountId('model');
  const account = first.account(accountId);
  await account.adapter.connectStripe({ syncCustomersAs: 'people' });
  const { rows } = await first.database.query<{ id: string }>(
    `SELECT connected_account_id AS id FROM "${first.schema}".stripe_connections WHERE account_id = $1`,
    [accountId],
  );
  await first.stripeWebhook(payments.webhookRequest(payments.completeOnboarding(rows[0]!.id)));
  const { revision } = await account.adapter.loadPricing();
  await account.adapter.savePricing(
    { products: { phoneNumbers: { type: 'multiplier', multiplier: '2.5' }, listings: { type: 'fixed', price: '49.99' } } },
    { expectedRevision: revision, idempotencyKey: uniqueKey() },
  );
}, 120_000);
afterAll(() => db.close());

type Command =
  | { kind: 'purchase'; product: 'phoneNumbers' | 'listings'; sub: TestChargeOutcome; owner: TestChargeOutcome }
  | { kind: 'repeat-purchase'; index: number }
  | { kind: 'retry'; index: number; owner: TestChargeOutcome }
  | { kind: 'settle'; index: number; result: 'succeeded' | 'failed' }
  | { kind: 'deliver'; index: number; times: number }
  | { kind: 'time'; ms: number }
  | { kind: 'restart' };

const outcome = fc.constantFrom<TestChargeOutcome>('succeed', 'succeed', 'decline', 'decline', 'error', 'process');
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('purchase' as const), product: fc.constantFrom('phoneNumbers' as const, 'listings' as const), sub: outcome, owner: outcome }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat-purchase' as const), index: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry' as const), index: fc.nat(), owner: outcome }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('settle' as const), index: fc.nat(), result: fc.constantFrom('succeeded' as const, 'failed' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deliver' as const), index: fc.nat(), times: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('time' as const), ms: fc.constantFrom(RESUME_MS + 1, DEADLINE_MS / 2, DEADLINE_MS + 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
);

interface World {
  payments: TestPayments;
  server: RebillingServer;
  clock: Date;
  purchases: { id: string; key: string; product: 'phoneNumbers' | 'listings'; subAccountId: string }[];
  notified: OwnerNotification[];
  stats: Record<string, number>;
}

async function newServer(world: World): Promise<RebillingServer> {
  const server = await createRebillingServer({
    database: db.database,
    schema: db.schema,
    payments: world.payments,
    now: () => world.clock,
    refundDeadlineMs: DEADLINE_MS,
    resumeAfterMs: RESUME_MS,
    onNotify: (n) => void world.notified.push(n),
  });
  server.setCatalog(TEST_CATALOG);
  return server;
}

const pick = <T>(list: readonly T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length]);

async function run(world: World, c: Command): Promise<void> {
  const account = world.server.account(accountId);
  world.stats[c.kind] = (world.stats[c.kind] ?? 0) + 1;
  switch (c.kind) {
    case 'purchase': {
      world.payments.script({ payer: 'sub-account', outcome: c.sub });
      world.payments.script({ payer: 'owner', outcome: c.owner });
      const entry = { key: uniqueKey('model'), product: c.product, subAccountId: `sub_${world.purchases.length % 3}` };
      const purchase = await account.purchaseAddon({ ...entry, idempotencyKey: entry.key });
      world.purchases.push({ id: purchase.id, ...entry });
      return;
    }
    case 'repeat-purchase': {
      const p = pick(world.purchases, c.index);
      if (!p) return;
      const again = await account.purchaseAddon({ subAccountId: p.subAccountId, product: p.product, idempotencyKey: p.key });
      expect(again.id).toBe(p.id);
      return;
    }
    case 'retry': {
      const p = pick(world.purchases, c.index);
      if (!p) return;
      const current = (await account.getPurchase(p.id))!;
      if (current.status !== 'awaiting-owner-payment' && current.status !== 'active') {
        await expect(account.retryOwnerCharge(p.id)).rejects.toThrow(/only a purchase waiting|passed its deadline/);
        return;
      }
      world.payments.script({ payer: 'owner', outcome: c.owner });
      await account.retryOwnerCharge(p.id);
      return;
    }
    case 'settle': {
      const charge = pick(world.payments.charges.filter((ch) => ch.status === 'processing'), c.index);
      if (charge) world.payments.settle(charge.chargeId, c.result);
      return;
    }
    case 'deliver': {
      const event = pick(world.payments.events, c.index);
      if (!event) return;
      for (let i = 0; i < c.times; i++) {
        const response = await world.server.stripeWebhook(world.payments.webhookRequest(event, { timestamp: world.clock }));
        expect(response.status).toBe(200);
      }
      return;
    }
    case 'time': {
      world.clock = new Date(world.clock.getTime() + c.ms);
      await world.server.processDuePurchases();
      // By the deadline: nothing is still waiting on the owner past its deadline.
      const { rows } = await first.database.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM "${db.schema}".addon_purchases
          WHERE account_id = $1 AND id = ANY($2::text[]) AND status = 'awaiting-owner-payment' AND refund_deadline <= $3::timestamptz`,
        [accountId, world.purchases.map((p) => p.id), world.clock.toISOString()],
      );
      expect(rows[0]!.n).toBe('0');
      return;
    }
    case 'restart':
      world.server = await newServer(world);
      return;
  }
}

async function statuses(world: World): Promise<Map<string, string>> {
  const { rows } = await first.database.query<{ id: string; status: string }>(
    `SELECT id, status FROM "${db.schema}".addon_purchases WHERE account_id = $1 AND id = ANY($2::text[])`,
    [accountId, world.purchases.map((p) => p.id)],
  );
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** What must hold after every step, against the gateway's record of what it really charged. */
async function checkAlways(world: World): Promise<void> {
  const status = await statuses(world);
  for (const p of world.purchases) {
    const charges = world.payments.charges.filter((c) => c.request.purchaseId === p.id);
    const sub = charges.filter((c) => c.request.payer === 'sub-account');
    // The sub-account is charged at most once for one purchase.
    expect(sub.length).toBeLessThanOrEqual(1);
    expect(world.payments.refunds.filter((r) => r.request.purchaseId === p.id).length).toBeLessThanOrEqual(1);
    if (status.get(p.id) === 'active') {
      // Never active without both charges succeeded.
      expect(sub[0]?.status).toBe('succeeded');
      expect(charges.some((c) => c.request.payer === 'owner' && c.status === 'succeeded')).toBe(true);
    }
    // The owner is charged only after the sub-account paid.
    if (charges.some((c) => c.request.payer === 'owner')) expect(['succeeded', 'refunded']).toContain(sub[0]?.status);
  }
}

/** Lets everything outstanding finish: processing charges settle, every event arrives, deadlines pass. */
async function quiesce(world: World, results: readonly ('succeeded' | 'failed')[]): Promise<void> {
  let delivered = 0;
  let settled = 0;
  for (let round = 0; round < 8; round++) {
    for (const charge of world.payments.charges.filter((c) => c.status === 'processing')) {
      world.payments.settle(charge.chargeId, results[settled++ % results.length]!);
    }
    // Every event not yet delivered by the quiesce (the sequence may have delivered some already).
    const batch = world.payments.events.slice(delivered);
    delivered += batch.length;
    for (const event of batch) {
      expect((await world.server.stripeWebhook(world.payments.webhookRequest(event, { timestamp: world.clock }))).status).toBe(200);
    }
    const status = await statuses(world);
    if ([...status.values()].every((s) => s === 'active' || s === 'declined' || s === 'refunded')) return;
    world.clock = new Date(world.clock.getTime() + DEADLINE_MS + RESUME_MS + 1);
    await world.server.processDuePurchases();
  }
}

async function checkFinal(world: World): Promise<void> {
  const status = await statuses(world);
  const { rows: notifications } = await first.database.query<{ purchaseId: string; attempt: number }>(
    `SELECT purchase_id AS "purchaseId", attempt FROM "${db.schema}".notifications WHERE account_id = $1 AND purchase_id = ANY($2::text[])`,
    [accountId, world.purchases.map((p) => p.id)],
  );
  for (const p of world.purchases) {
    const s = status.get(p.id);
    expect(['active', 'declined', 'refunded']).toContain(s);
    const charges = world.payments.charges.filter((c) => c.request.purchaseId === p.id);
    const sub = charges.find((c) => c.request.payer === 'sub-account');
    const ownerPaid = charges.some((c) => c.request.payer === 'owner' && c.status === 'succeeded');
    if (s === 'active') {
      expect(sub?.status).toBe('succeeded');
      expect(ownerPaid).toBe(true);
    } else {
      // Every sub-account charge on a purchase that did not activate was refunded; the owner paid nothing.
      expect(sub === undefined || sub.status === 'declined' || sub.status === 'refunded').toBe(true);
      expect(s === 'refunded').toBe(sub?.status === 'refunded');
      expect(ownerPaid).toBe(false);
    }
    // The owner is notified exactly once per declined owner charge.
    const declinedAttempts = charges.filter((c) => c.request.payer === 'owner' && c.status === 'declined').map((c) => c.request.attempt).sort();
    const notifiedAttempts = notifications.filter((n) => n.purchaseId === p.id).map((n) => Number(n.attempt)).sort();
    expect(notifiedAttempts).toEqual(declinedAttempts);
    expect(world.notified.filter((n) => n.purchaseId === p.id).map((n) => n.attempt).sort()).toEqual(declinedAttempts);
  }
}

const totals: Record<string, number> = {};

it(`model: ${RUNS} sequences on ${databaseKind}; never active unpaid, one sub-account charge, refunds by the deadline, one notification per decline`, async () => {
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(
      fc.array(command, { minLength: 1, maxLength: 6 }),
      fc.array(fc.constantFrom('succeeded' as const, 'failed' as const), { minLength: 1, maxLength: 4 }),
      async (commands, results) => {
        const world: World = {
          payments: createTestPayments({ now: () => world.clock }),
          server: undefined as unknown as RebillingServer,
          clock: new Date('2026-12-01T00:00:00Z'),
          purchases: [],
          notified: [],
          stats: {},
        };
        world.server = await newServer(world);
        for (const c of commands) {
          await run(world, c);
          await checkAlways(world);
        }
        await quiesce(world, results);
        await checkAlways(world);
        await checkFinal(world);
        for (const [k, v] of Object.entries(world.stats)) totals[k] = (totals[k] ?? 0) + v;
        totals.purchases = (totals.purchases ?? 0) + world.purchases.length;
      },
    ),
    { numRuns: RUNS },
  );
  console.log(`addon model (${databaseKind}): ${RUNS} sequences in ${((Date.now() - started) / 1000).toFixed(1)} s; steps ${JSON.stringify(totals)}`);
}, 600_000);
