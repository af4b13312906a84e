import { type Database, type Queryable, type RebillingAccount } from '@rebill-kit/server';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ref, refMul, refString, refSub } from '../../../test/support/bigint-reference.js';
import { TEST_CATALOG, databaseKind, openTestDatabase, openTestServer, uniqueAccountId, uniqueKey } from '../../../test/support/server-database.js';

const db = await openTestDatabase();
const server = await openTestServer(db);
afterAll(() => db.close());

const EMAIL_YOU_PAY = TEST_CATALOG.products.email.youPay; // 0.000675

/** A new account with both wallets funded and the email multiplier set. */
async function fundedAccount(options: { main?: string; sub?: string; emailMultiplier?: string } = {}): Promise<RebillingAccount> {
  const account = server.account(uniqueAccountId());
  if (options.main) await account.addFunds({ wallet: 'main', amount: options.main, idempotencyKey: uniqueKey() });
  if (options.sub) await account.addFunds({ wallet: { subAccountId: 'sub' }, amount: options.sub, idempotencyKey: uniqueKey() });
  if (options.emailMultiplier) {
    const { revision } = await account.adapter.loadPricing();
    await account.adapter.savePricing(
      { products: { email: { type: 'multiplier', multiplier: options.emailMultiplier } } },
      { expectedRevision: revision, idempotencyKey: uniqueKey() },
    );
  }
  return account;
}

async function wholeLedger(account: RebillingAccount, wallet: 'main' | { subAccountId: string }) {
  const entries = [];
  let cursor: string | undefined;
  do {
    const page = await account.listLedger({ wallet, limit: 200, ...(cursor ? { cursor } : {}) });
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

/** Sum of ledger amounts, by the BigInt reference. */
function sum(amounts: string[]): string {
  return refString(amounts.reduce((total, amount) => refSub(total, refSub(ref('0'), ref(amount))), ref('0')));
}

describe(`chargeUsage on ${databaseKind}`, () => {
  it('debits an email exactly: $0.002025 at 3x, never rounded to $0.00 (regression, issue 11)', async () => {
    const account = await fundedAccount({ main: '1', sub: '1', emailMultiplier: '3' });
    const result = await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub', product: 'email' });
    expect(result).toEqual({ status: 'charged', quantity: 1, subAccountDebit: '0.002025', mainAccountDebit: '0.000675', replayed: false });
    expect(await account.balances({ subAccountId: 'sub' })).toEqual({ main: '0.999325', subAccount: '0.997975' });
    const [subEntry] = (await account.listLedger({ wallet: { subAccountId: 'sub' }, limit: 1 })).entries;
    expect(subEntry).toMatchObject({ type: 'usage', product: 'email', quantity: 1, amount: '-0.002025', balanceAfter: '0.997975' });
    const [mainEntry] = (await account.listLedger({ wallet: 'main', limit: 1 })).entries;
    expect(mainEntry).toMatchObject({ type: 'usage', product: 'email', quantity: 1, amount: '-0.000675', balanceAfter: '0.999325' });
  });

  it('counts SMS segments by the account rule, bills inbound and outbound, and uses the country rate × multiplier', async () => {
    const account = await fundedAccount({ main: '10', sub: '10' });
    const text = 'x'.repeat(161); // 2 segments flat-160; 2 by the carrier rule (153 per part)
    const outbound = await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub', product: 'sms', sms: { text, direction: 'outbound' } });
    expect(outbound).toMatchObject({ status: 'charged', quantity: 2, subAccountDebit: '0.0158', mainAccountDebit: '0.0158' });
    const inbound = await account.chargeUsage({
      idempotencyKey: uniqueKey(),
      subAccountId: 'sub',
      product: 'sms',
      sms: { text: 'Hi {{name}}', direction: 'inbound', fieldLengths: { name: 200 } },
      country: 'GB',
    });
    expect(inbound).toMatchObject({ status: 'charged', quantity: 2, subAccountDebit: '0.0832', mainAccountDebit: '0.0832' });

    await account.updateSettings({ smsSegmentRule: 'carrier' });
    const emoji = await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub', product: 'sms', sms: { text: '☕'.repeat(71), direction: 'outbound' } });
    expect(emoji).toMatchObject({ status: 'charged', quantity: 2 }); // UCS-2: 71 > 70, so 2 parts of 67
    await expect(
      account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub', product: 'sms', sms: { text: 'Hi {{name}}', direction: 'outbound' } }),
    ).rejects.toMatchObject({ code: 'validation', message: expect.stringContaining('{{name}}') });
  });

  it('does not bill inbound email, and refuses add-ons, unknown countries and bad quantities with the field named', async () => {
    const account = await fundedAccount({ main: '10', sub: '10' });
    expect(await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub', product: 'email', email: { direction: 'inbound' } })).toEqual({
      status: 'not-billable',
    });
    const base = { idempotencyKey: uniqueKey(), subAccountId: 'sub' };
    await expect(account.chargeUsage({ ...base, product: 'listings' as 'email' })).rejects.toMatchObject({ code: 'validation', fields: [{ path: 'product' }] });
    await expect(account.chargeUsage({ ...base, product: 'sms', quantity: 1, country: 'ZZ' })).rejects.toMatchObject({ code: 'validation', fields: [{ path: 'country' }] });
    await expect(account.chargeUsage({ ...base, product: 'email', quantity: 1.5 })).rejects.toMatchObject({ fields: [{ path: 'quantity' }] });
    await expect(account.chargeUsage({ ...base, product: 'email', idempotencyKey: '' })).rejects.toMatchObject({ fields: [{ path: 'idempotencyKey' }] });
    expect(await account.balances({ subAccountId: 'sub' })).toEqual({ main: '10', subAccount: '10' });
  });

  it('checks the sub-account first, then the main account, and debits nothing when either is short', async () => {
    const account = await fundedAccount({ main: '0.001', sub: '0.002', emailMultiplier: '3' });
    const charge = (quantity: number) => account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub', product: 'email', quantity });
    // 3 emails: the sub-account pays 3 × 0.002025 = 0.006075 and holds 0.002; the main account is short too.
    expect(await charge(3)).toEqual({ status: 'sub-account-needs-funds', shortfall: '0.004075' });
    await account.addFunds({ wallet: { subAccountId: 'sub' }, amount: '0.004075', idempotencyKey: uniqueKey() });
    // Now the sub-account holds exactly enough; the main account (0.001 < 3 × 0.000675) is told apart.
    expect(await charge(3)).toEqual({ status: 'main-account-needs-funds' });
    expect(await account.balances({ subAccountId: 'sub' })).toEqual({ main: '0.001', subAccount: '0.006075' });
    expect((await wholeLedger(account, { subAccountId: 'sub' })).filter((e) => e.type === 'usage')).toEqual([]);
    expect((await wholeLedger(account, 'main')).filter((e) => e.type === 'usage')).toEqual([]);
    await account.addFunds({ wallet: 'main', amount: '0.001025', idempotencyKey: uniqueKey() });
    expect(await charge(3)).toMatchObject({ status: 'charged' });
    expect(await account.balances({ subAccountId: 'sub' })).toEqual({ main: '0', subAccount: '0' });
  });

  it('replays a charged key with replayed: true, refuses the key for another charge, and does not remember needs-funds', async () => {
    const account = await fundedAccount({ main: '1' });
    const key = uniqueKey();
    const input = { idempotencyKey: key, subAccountId: 'sub', product: 'lightningDomains' as const };
    expect(await account.chargeUsage(input)).toEqual({ status: 'sub-account-needs-funds', shortfall: '12' });
    await account.addFunds({ wallet: { subAccountId: 'sub' }, amount: '12', idempotencyKey: uniqueKey() });
    // Default prices (no markup): a fixed product is sold at You Pay, so the main wallet is short.
    expect(await account.chargeUsage(input)).toEqual({ status: 'main-account-needs-funds' });
    await account.addFunds({ wallet: 'main', amount: '11', idempotencyKey: uniqueKey() });
    const first = await account.chargeUsage(input);
    expect(first).toEqual({ status: 'charged', quantity: 1, subAccountDebit: '12', mainAccountDebit: '12', replayed: false });
    expect(await account.chargeUsage(input)).toEqual({ ...first, replayed: true });
    await expect(account.chargeUsage({ ...input, quantity: 2 })).rejects.toMatchObject({ code: 'validation', fields: [{ path: 'idempotencyKey' }] });
    expect(await account.balances({ subAccountId: 'sub' })).toEqual({ main: '0', subAccount: '0' });
  });
});

describe(`concurrency on ${databaseKind}`, () => {
  it('200 concurrent charges against funds for 137: exactly 137 charged, 63 short, ledgers equal the balance changes', async () => {
    const price = '0.002025'; // email at 3x
    const account = await fundedAccount({ main: '5', sub: refString(refMul(ref(price), ref('137'))), emailMultiplier: '3' });
    const results = await Promise.all(
      Array.from({ length: 200 }, () => account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub', product: 'email' })),
    );
    expect(results.filter((r) => r.status === 'charged')).toHaveLength(137);
    expect(results.filter((r) => r.status === 'sub-account-needs-funds')).toHaveLength(63);
    const after = await account.balances({ subAccountId: 'sub' });
    expect(after.subAccount).toBe('0');
    expect(after.main).toBe(refString(refSub(ref('5'), refMul(ref(EMAIL_YOU_PAY), ref('137')))));
    const subLedger = await wholeLedger(account, { subAccountId: 'sub' });
    const mainLedger = await wholeLedger(account, 'main');
    expect(subLedger.filter((e) => e.type === 'usage')).toHaveLength(137);
    expect(mainLedger.filter((e) => e.type === 'usage')).toHaveLength(137);
    expect(sum(subLedger.map((e) => e.amount))).toBe(after.subAccount);
    expect(sum(mainLedger.map((e) => e.amount))).toBe(after.main);
  });

  it('100 concurrent calls with one key: one effect, and every caller sees the same result', async () => {
    const account = await fundedAccount({ main: '10', sub: '10' });
    const key = uniqueKey();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => account.chargeUsage({ idempotencyKey: key, subAccountId: 'sub', product: 'email', quantity: 7 })),
    );
    const { replayed: _, ...first } = results.find((r) => r.status === 'charged' && !r.replayed) as Extract<(typeof results)[number], { status: 'charged' }>;
    expect(results.filter((r) => r.status === 'charged' && !r.replayed)).toHaveLength(1);
    for (const result of results) expect(result).toMatchObject(first);
    expect(await account.balances({ subAccountId: 'sub' })).toEqual({ main: '9.995275', subAccount: '9.995275' });
    expect((await wholeLedger(account, 'main')).filter((e) => e.type === 'usage')).toHaveLength(1);
  });
});

describe(`atomicity on ${databaseKind}`, () => {
  it('a failure between the two debits leaves both wallets and both ledgers unchanged', async () => {
    // The same tables, through a database whose main-wallet debit fails (a statement that errors).
    const failing = (database: Database): Database => {
      const faulty = (tx: Queryable): Queryable => ({
        query(text, params) {
          if (/UPDATE \S+\.wallets SET balance = balance -/.test(text) && params?.[1] === '') {
            return Promise.reject(new Error('injected failure on the main-wallet debit'));
          }
          return tx.query(text, params);
        },
      });
      return { query: (text, params) => database.query(text, params), transaction: (fn) => database.transaction((tx) => fn(faulty(tx))) };
    };
    const faultyServer = await openTestServer(db, { wrap: failing });
    const account = await fundedAccount({ main: '10', sub: '10' });
    const before = { balances: await account.balances({ subAccountId: 'sub' }), sub: await wholeLedger(account, { subAccountId: 'sub' }), main: await wholeLedger(account, 'main') };
    await expect(
      faultyServer.account(account.id).chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub', product: 'email', quantity: 100 }),
    ).rejects.toThrow('injected failure');
    expect(await account.balances({ subAccountId: 'sub' })).toEqual(before.balances);
    expect(await wholeLedger(account, { subAccountId: 'sub' })).toEqual(before.sub);
    expect(await wholeLedger(account, 'main')).toEqual(before.main);
  });
});

describe(`precision on ${databaseKind}`, () => {
  // 10,000 on real Postgres; PGlite runs the same SQL on one WASM connection at a fraction of
  // the speed, so it charges 1,000 to keep the suite within its time budget.
  const count = databaseKind === 'postgres' ? 10_000 : 1_000;
  it(`${count.toLocaleString('en-US')} single-email charges debit exactly ${count.toLocaleString('en-US')} × the price on both sides`, async () => {
    const account = await fundedAccount({ main: '100', sub: '100', emailMultiplier: '3' });
    const workers = 8;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let i = 0; i < count / workers; i++) {
          const result = await account.chargeUsage({ idempotencyKey: uniqueKey(), subAccountId: 'sub', product: 'email' });
          if (result.status !== 'charged') throw new Error(`charge ${i} was ${result.status}`);
        }
      }),
    );
    // e.g. 10,000 × 0.002025 = 20.25 and 10,000 × 0.000675 = 6.75, to the last digit.
    expect(await account.balances({ subAccountId: 'sub' })).toEqual({
      main: refString(refSub(ref('100'), refMul(ref(EMAIL_YOU_PAY), ref(String(count))))),
      subAccount: refString(refSub(ref('100'), refMul(ref('0.002025'), ref(String(count))))),
    });
  }, 300_000);

  it('random prices and quantities debit exactly what the BigInt reference computes (property)', async () => {
    const steps = fc.integer({ min: 0, max: 90 }); // 1x–10x by 0.1
    const charge = fc.record({ quantity: fc.integer({ min: 1, max: 100_000 }), country: fc.constantFrom(undefined, 'US', 'GB', 'DE', 'IN') });
    await fc.assert(
      fc.asyncProperty(steps, steps, fc.array(charge, { minLength: 1, maxLength: 8 }), async (emailStep, smsStep, charges) => {
        const account = server.account(uniqueAccountId());
        const emailMultiplier = refString(ref(`${1 + Math.floor(emailStep / 10)}.${emailStep % 10}`));
        const smsMultiplier = refString(ref(`${1 + Math.floor(smsStep / 10)}.${smsStep % 10}`));
        const { revision } = await account.adapter.loadPricing();
        await account.adapter.savePricing(
          { products: { email: { type: 'multiplier', multiplier: emailMultiplier }, sms: { type: 'multiplier', multiplier: smsMultiplier } } },
          { expectedRevision: revision, idempotencyKey: uniqueKey() },
        );
        // Enough for the dearest case: 8 × 100,000 SMS to DE at 10x = 689,600.
        await account.addFunds({ wallet: 'main', amount: '1000000', idempotencyKey: uniqueKey() });
        await account.addFunds({ wallet: { subAccountId: 'sub' }, amount: '1000000', idempotencyKey: uniqueKey() });
        let sub = ref('1000000');
        let main = ref('1000000');
        for (const [index, { quantity, country }] of charges.entries()) {
          const product = index % 2 === 0 ? 'email' : 'sms';
          const youPay = product === 'sms' && country ? TEST_CATALOG.products.sms.countryRates![country]! : TEST_CATALOG.products[product].youPay;
          const multiplier = product === 'sms' ? smsMultiplier : emailMultiplier;
          const expectedSub = refMul(refMul(ref(youPay), ref(multiplier)), ref(String(quantity)));
          const expectedMain = refMul(ref(youPay), ref(String(quantity)));
          const result = await account.chargeUsage({
            idempotencyKey: uniqueKey(),
            subAccountId: 'sub',
            product,
            quantity,
            ...(product === 'sms' && country ? { country } : {}),
          });
          expect(result).toEqual({ status: 'charged', quantity, subAccountDebit: refString(expectedSub), mainAccountDebit: refString(expectedMain), replayed: false });
          sub = refSub(sub, expectedSub);
          main = refSub(main, expectedMain);
        }
        expect(await account.balances({ subAccountId: 'sub' })).toEqual({ main: refString(main), subAccount: refString(sub) });
      }),
      { numRuns: 25 },
    );
  });
});
