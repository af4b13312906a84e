import { createHttpAdapter } from '@rebill-kit/adapter-http';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseKind, openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
const server = await openTestServer(db);
afterAll(() => db.close());

/** Sessions of the host app: a token names the account and the person acting. */
const alice = { token: 'token-alice', accountId: uniqueAccountId('alice'), actor: 'alice@agency.test' };
const bob = { token: 'token-bob', accountId: uniqueAccountId('bob'), actor: 'bob@other.test' };
const sessions = new Map([alice, bob].map((session) => [session.token, session]));

let authorizeCalls = 0;
const handler = server.handler({
  basePath: '/api/rebilling',
  authorize(request) {
    authorizeCalls += 1;
    const session = sessions.get(request.headers.get('Authorization')?.replace(/^Bearer /, '') ?? '');
    return session ? { accountId: session.accountId, actor: session.actor } : null;
  },
});

const adapterFor = (token?: string) =>
  createHttpAdapter({
    baseUrl: 'http://rebilling.test/api/rebilling',
    fetch: (input, init) => handler(new Request(input, init)),
    ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
  });

describe(`server.handler on ${databaseKind}`, () => {
  it('serves each signed-in account its own prices and ledger, and records the actor in price history', async () => {
    await server.account(alice.accountId).addFunds({ wallet: 'main', amount: '25', idempotencyKey: uniqueKey() });
    const asAlice = adapterFor(alice.token);
    const before = await asAlice.loadPricing();
    const saved = await asAlice.savePricing(
      { products: { sms: { type: 'multiplier', multiplier: '2.5' } } },
      { expectedRevision: before.revision, idempotencyKey: uniqueKey() },
    );
    expect(saved.products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.5' });
    expect((await asAlice.listLedger!({ limit: 10 })).entries).toMatchObject([{ type: 'funds_added', amount: '25', balanceAfter: '25' }]);
    const [change] = (await server.account(alice.accountId).listPriceChanges()).entries;
    expect(change).toMatchObject({ actor: alice.actor, product: 'sms', to: { type: 'multiplier', multiplier: '2.5' } });

    const asBob = adapterFor(bob.token);
    expect((await asBob.loadPricing()).products.sms.rule).toEqual({ type: 'multiplier', multiplier: '1' });
    expect((await asBob.listLedger!({ limit: 10 })).entries).toEqual([]);
    // Bob cannot save against Alice's revision: his account is at its own.
    await expect(
      asBob.savePricing({ products: { sms: { type: 'multiplier', multiplier: '9' } } }, { expectedRevision: saved.revision, idempotencyKey: uniqueKey() }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await asAlice.loadPricing()).products.sms.rule).toEqual({ type: 'multiplier', multiplier: '2.5' });
  });

  it('answers 401 without a session, before reading the body, and changes nothing', async () => {
    let pulled = false;
    const body = new ReadableStream({
      pull(controller) {
        pulled = true;
        controller.enqueue(new TextEncoder().encode('{"products":{"sms":{"type":"multiplier","multiplier":"9"}}}'));
        controller.close();
      },
    }, { highWaterMark: 0 }); // pulled only when someone reads it
    const calls = authorizeCalls;
    const response = await handler(
      new Request('http://rebilling.test/api/rebilling/pricing', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'If-Match': '"1"', 'Idempotency-Key': uniqueKey(), Authorization: 'Bearer stolen' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(401);
    expect(authorizeCalls).toBe(calls + 1);
    expect(pulled).toBe(false);
    await expect(adapterFor().loadPricing()).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('refuses to build a handler without authorize, naming it', () => {
    expect(() => server.handler({} as Parameters<typeof server.handler>[0])).toThrow(/authorize/);
  });
});
