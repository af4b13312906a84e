import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Ref, ref, refMul, refString, refSub } from '../../../test/support/bigint-reference.js';
import { TEST_CATALOG, databaseKind, openTestDatabase, openTestServer, uniqueAccountId } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
const server = await openTestServer(db);
afterAll(() => db.close());

type Operation =
  | { kind: 'funds'; account: 0 | 1; sub: boolean; amount: string }
  | { kind: 'charge'; account: 0 | 1; quantity: number }
  | { kind: 'price'; account: 0 | 1; tenths: number };

const amount = fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 999_999 })).map(([whole, millionths]) =>
  refString({ n: BigInt(whole) * 1_000_000n + BigInt(millionths), s: 6 }),
);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('funds' as const), account: fc.constantFrom(0 as const, 1 as const), sub: fc.boolean(), amount }),
  fc.record({ kind: fc.constant('charge' as const), account: fc.constantFrom(0 as const, 1 as const), quantity: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ kind: fc.constant('price' as const), account: fc.constantFrom(0 as const, 1 as const), tenths: fc.integer({ min: 10, max: 100 }) }),
);

const gte = (a: Ref, b: Ref) => refSub(a, b).n >= 0n;

describe(`tenancy on ${databaseKind}`, () => {
  it('two accounts under random operations: nothing of one is visible or changed through the other, and one key is two keys', async () => {
    const youPay = TEST_CATALOG.products.email.youPay;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        const accounts = [server.account(uniqueAccountId('a')), server.account(uniqueAccountId('b'))] as const;
        const model = accounts.map(() => ({ main: ref('0'), sub: ref('0'), multiplier: '1', revision: 1, mainEntries: 0, subEntries: 0, changes: 0 }));
        const counters = [0, 0];
        for (const op of operations) {
          const account = accounts[op.account];
          const state = model[op.account]!;
          // The n-th operation of each account uses the key "op-n": the same keys in both accounts.
          const idempotencyKey = `op-${counters[op.account]!++}`;
          if (op.kind === 'funds') {
            await account.addFunds({ wallet: op.sub ? { subAccountId: 'sub' } : 'main', amount: op.amount, idempotencyKey });
            if (op.sub) {
              state.sub = refSub(state.sub, refSub(ref('0'), ref(op.amount)));
              state.subEntries += 1;
            } else {
              state.main = refSub(state.main, refSub(ref('0'), ref(op.amount)));
              state.mainEntries += 1;
            }
          } else if (op.kind === 'charge') {
            const subDebit = refMul(refMul(ref(youPay), ref(state.multiplier)), ref(String(op.quantity)));
            const mainDebit = refMul(ref(youPay), ref(String(op.quantity)));
            const result = await account.chargeUsage({ idempotencyKey, subAccountId: 'sub', product: 'email', quantity: op.quantity });
            const expected = !gte(state.sub, subDebit) ? 'sub-account-needs-funds' : !gte(state.main, mainDebit) ? 'main-account-needs-funds' : 'charged';
            expect(result.status).toBe(expected);
            if (expected === 'charged') {
              expect(result).toMatchObject({ replayed: false, subAccountDebit: refString(subDebit), mainAccountDebit: refString(mainDebit) });
              state.sub = refSub(state.sub, subDebit);
              state.main = refSub(state.main, mainDebit);
              state.subEntries += 1;
              state.mainEntries += 1;
            }
          } else {
            const multiplier = refString({ n: BigInt(op.tenths), s: 1 });
            const saved = await account.adapter.savePricing(
              { products: { email: { type: 'multiplier', multiplier } } },
              { expectedRevision: String(state.revision), idempotencyKey },
            );
            expect(saved.revision).toBe(String(state.revision + 1));
            state.revision += 1;
            state.multiplier = multiplier;
            state.changes += 1;
          }
        }
        for (const [index, account] of accounts.entries()) {
          const state = model[index]!;
          expect(await account.balances({ subAccountId: 'sub' })).toEqual({ main: refString(state.main), subAccount: refString(state.sub) });
          const pricing = await account.adapter.loadPricing();
          expect(pricing.revision).toBe(String(state.revision));
          expect(pricing.products.email.rule).toEqual({ type: 'multiplier', multiplier: state.multiplier });
          expect((await account.listLedger({ wallet: 'main', limit: 200 })).entries).toHaveLength(state.mainEntries);
          expect((await account.listLedger({ wallet: { subAccountId: 'sub' }, limit: 200 })).entries).toHaveLength(state.subEntries);
          expect((await account.listPriceChanges()).entries).toHaveLength(state.changes);
          // The other account's ledger ids are not cursors here.
          const other = accounts[1 - index]!;
          const [foreign] = (await other.listLedger({ wallet: 'main', limit: 1 })).entries;
          if (foreign) await expect(account.listLedger({ wallet: 'main', cursor: foreign.id, limit: 5 })).rejects.toMatchObject({ code: 'validation' });
        }
      }),
      { numRuns: 20 },
    );
  });
});
