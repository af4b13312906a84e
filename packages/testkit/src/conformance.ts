import {
  PRODUCT_IDS,
  assertRebillingAdapter,
  compare,
  isHttpUrl,
  isRebillingError,
  parseLedgerPage,
  parseOwnerWallet,
  parsePriceChangePage,
  parseUsageSummary,
  parsePricingSnapshot,
  parseStripeConnectResult,
  parseStripeConnection,
  parseSubAccountOverridesPage,
  toDecimal,
  type FieldError,
  type LedgerEntry,
  type PricingChange,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type RebillingAdapter,
  type RebillingEvent,
  type WalletSettings,
  type SubAccountOverrides,
} from '@rebill-kit/core';
import { describe, expect, it } from 'vitest';
import {
  NEGATIVE_PRICE,
  aboveRangeMultiplier,
  belowRangeMultiplier,
  distinctMultiplierChanges,
  fixedRule,
  multiplierRule,
  numberPaths,
  offStepMultiplier,
  pickProducts,
  unknownProductChange,
  validFixedPrice,
  validMultiplier,
  validMultiplierChange,
} from './fixtures.js';
import { CAPABILITY_NOTES, CONFORMANCE_RULES as RULE } from './rules.js';

/** Reads the backend directly, not through the adapter, so the suite sees what was really stored. */
export interface ConformanceInspector {
  readPricing(): PricingSnapshot | Promise<PricingSnapshot>;
  /** Every sub-account with its overrides, read from the backend (else read through `listOverrides`). */
  readOverrides?(): SubAccountOverrides[] | Promise<SubAccountOverrides[]>;
}

/** One fresh adapter over one fresh backend. */
export interface ConformanceSubject {
  adapter: RebillingAdapter;
  inspect?: ConformanceInspector;
  /** Called after each test, pass or fail (close servers, drop databases). */
  cleanup?: () => void | Promise<void>;
}

export interface ConformanceOptions {
  /** Shown in the report: `"<name> keeps the RebillingAdapter contract"`. */
  name: string;
  /**
   * Called once per test (and once while the suite is collected, to detect optional methods).
   * Each call must return an adapter over its own backend state, seeded with all products and
   * a Stripe connection that `connectStripe` may change, and, when the adapter has
   * `listOverrides`, at least two sub-accounts without overrides.
   */
  create: () => ConformanceSubject | Promise<ConformanceSubject>;
  /** Time limit of each test in milliseconds. Default `10000`. */
  timeoutMs?: number;
  /** Calls made at once by the concurrency rules (`Promise.all`, no timing assumed). Default `8`; at least 2. */
  parallelCalls?: number;
}

const LEDGER_MAX_PAGES = 1000;

async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  let shown: string;
  try {
    shown = JSON.stringify(value)?.slice(0, 300) ?? String(value);
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  return expect.fail(`${what} resolved with ${shown}, but it must reject`);
}

function describeError(error: unknown): string {
  if (isRebillingError(error)) return `RebillingError ${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const FIELD_ERROR_SHAPE =
  'an array of { path, message } objects (core\'s FieldError), e.g. [{ path: "products.sms.multiplier", message: "must be between 1x and 10x" }]: build it with RebillingError.validation(summary, fields)';

/** The error's `fields`, or a failure that says how they must look. Never throws a TypeError on malformed ones. */
function fieldsOf(error: unknown): FieldError[] {
  const fields: unknown = isRebillingError(error) ? (error as { fields?: unknown }).fields : [];
  const wellFormed =
    Array.isArray(fields) &&
    fields.every((field: unknown) => typeof field === 'object' && field !== null && typeof (field as FieldError).path === 'string' && typeof (field as FieldError).message === 'string');
  if (!wellFormed) {
    let shown: string;
    try {
      shown = JSON.stringify(fields)?.slice(0, 300) ?? String(fields);
    } catch {
      shown = Object.prototype.toString.call(fields);
    }
    return expect.fail(`the RebillingError's fields must be ${FIELD_ERROR_SHAPE}; got ${shown}`);
  }
  return fields as FieldError[];
}

function expectCode(error: unknown, code: 'conflict' | 'validation'): void {
  expect(isRebillingError(error) && error.code === code, `expected a RebillingError "${code}", got ${describeError(error)}`).toBe(true);
  fieldsOf(error);
}

/** A validation error whose fields name the offending product (or field). */
function expectValidation(error: unknown, mentions: string): void {
  expectCode(error, 'validation');
  const fields = fieldsOf(error);
  expect(
    fields.some((field) => field.path.includes(mentions)),
    `the validation error's fields must name "${mentions}"; got ${JSON.stringify(fields)}`,
  ).toBe(true);
}

function sameDecimal(a: string, b: string): boolean {
  try {
    return compare(toDecimal(a), toDecimal(b)) === 0;
  } catch {
    return false;
  }
}

function sameRule(actual: PricingRule | undefined, expected: PricingRule): boolean {
  if (!actual || actual.type !== expected.type) return false;
  return actual.type === 'multiplier'
    ? sameDecimal(actual.multiplier, (expected as { multiplier: string }).multiplier)
    : sameDecimal(actual.price, (expected as { price: string }).price);
}

function key(): string {
  return `conformance-${globalThis.crypto.randomUUID()}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) return false;
    await delay(5);
  }
  return true;
}

/** What the suite works with inside one test. */
interface Context {
  adapter: RebillingAdapter;
  /** The backend's prices: `inspect.readPricing()` when given, else `loadPricing()`. */
  read(): Promise<PricingSnapshot>;
  /** Fails unless the backend still holds exactly `before`. */
  expectUnchanged(before: PricingSnapshot, what: string): Promise<void>;
  /** The backend's sub-accounts: `inspect.readOverrides()` when given, else every `listOverrides` page. */
  subAccounts(): Promise<SubAccountOverrides[]>;
}

async function withSubject(create: ConformanceOptions['create'], test: (context: Context) => Promise<void>): Promise<void> {
  const subject = await create();
  try {
    assertRebillingAdapter(subject.adapter);
    const { adapter, inspect } = subject;
    const read = async () => (inspect ? await inspect.readPricing() : await adapter.loadPricing());
    await test({
      adapter,
      read,
      subAccounts: async () => (inspect?.readOverrides ? await inspect.readOverrides() : await walkOverrides(adapter, 200)),
      async expectUnchanged(before, what) {
        const now = await read();
        expect(now.revision, `${what}: the revision must not change`).toBe(before.revision);
        expect(now.products, `${what}: no price may change`).toEqual(before.products);
      },
    });
  } finally {
    await subject.cleanup?.();
  }
}

async function walkOverrides(adapter: RebillingAdapter, limit: number): Promise<SubAccountOverrides[]> {
  const subAccounts: SubAccountOverrides[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < LEDGER_MAX_PAGES; page++) {
    const result = parseSubAccountOverridesPage(await adapter.listOverrides!(cursor === undefined ? { limit } : { cursor, limit }));
    expect(result.subAccounts.length, `a page asked for ${limit} sub-accounts has at most ${limit}`).toBeLessThanOrEqual(limit);
    subAccounts.push(...result.subAccounts);
    if (result.nextCursor === null) return subAccounts;
    expect(seenCursors.has(result.nextCursor), `the cursor ${JSON.stringify(result.nextCursor)} came back twice: the pages loop`).toBe(false);
    seenCursors.add(result.nextCursor);
    cursor = result.nextCursor;
  }
  return expect.fail(`the sub-accounts did not end within ${LEDGER_MAX_PAGES} pages`);
}

async function walkLedger(adapter: RebillingAdapter, limit: number): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < LEDGER_MAX_PAGES; page++) {
    const result = await adapter.listLedger!(cursor === undefined ? { limit } : { cursor, limit });
    expect(result.entries.length, `a page asked for ${limit} entries has at most ${limit}`).toBeLessThanOrEqual(limit);
    entries.push(...result.entries);
    if (result.nextCursor === null) return entries;
    expect(seenCursors.has(result.nextCursor), `the cursor ${JSON.stringify(result.nextCursor)} came back twice: the pages loop`).toBe(false);
    seenCursors.add(result.nextCursor);
    cursor = result.nextCursor;
  }
  return expect.fail(`the ledger did not end within ${LEDGER_MAX_PAGES} pages`);
}

/**
 * Registers the adapter conformance suite with Vitest: one test per contract rule, each on a
 * fresh adapter from `create()`. Optional methods (`listLedger`, `listPriceChanges`, `subscribe`) are detected:
 * when absent, their rules are replaced by one passing test saying so.
 *
 * ```ts
 * import { runAdapterConformanceTests } from '@rebill-kit/testkit';
 * runAdapterConformanceTests({ name: 'my adapter', create: () => ({ adapter: createMyAdapter() }) });
 * ```
 */
export function runAdapterConformanceTests(options: ConformanceOptions): void {
  const { name, create } = options;
  const timeout = options.timeoutMs ?? 10_000;
  const parallel = Math.max(2, Math.floor(options.parallelCalls ?? 8));
  const picks = pickProducts();
  const rule = (title: string, test: (context: Context) => Promise<void>) =>
    it(title, () => withSubject(create, test), timeout);

  describe(`${name} keeps the RebillingAdapter contract`, async () => {
    // Capabilities are read from one adapter created while collecting, so that absent ones can
    // be reported as such rather than skipped silently.
    const probe = await create();
    const capabilities = {
      ledger: typeof probe.adapter.listLedger === 'function',
      priceHistory: typeof probe.adapter.listPriceChanges === 'function',
      wallet: typeof probe.adapter.loadWallet === 'function' && typeof probe.adapter.saveAutoRecharge === 'function',
      usageSummary: typeof probe.adapter.loadUsageSummary === 'function',
      subscribe: typeof probe.adapter.subscribe === 'function',
      overrides: (['listOverrides', 'saveOverride', 'removeOverride'] as const).every((method) => typeof probe.adapter[method] === 'function'),
      inspect: typeof probe.inspect?.readPricing === 'function',
    };
    await probe.cleanup?.();

    // ── Reading prices ───────────────────────────────────────────────────────────────────
    rule(RULE.snapshotValid, async ({ adapter }) => {
      const raw: unknown = await adapter.loadPricing();
      const snapshot = parsePricingSnapshot(raw, 'loadPricing()');
      expect(Object.keys(snapshot.products).sort()).toEqual([...PRODUCT_IDS].sort());
    });

    rule(RULE.decimalStrings, async ({ adapter }) => {
      const loaded = await adapter.loadPricing();
      expect(numberPaths(loaded), 'loadPricing() returned numbers where decimal strings belong').toEqual([]);
      const saved = await adapter.savePricing(validMultiplierChange(loaded), { expectedRevision: loaded.revision, idempotencyKey: key() });
      expect(numberPaths(saved), 'savePricing() returned numbers where decimal strings belong').toEqual([]);
      parsePricingSnapshot(loaded, 'loadPricing()');
      parsePricingSnapshot(saved, 'savePricing()');
      if (adapter.listLedger) {
        const page = await adapter.listLedger({ limit: 20 });
        for (const [index, entry] of page.entries.entries()) {
          for (const field of ['amount', 'balanceAfter'] as const) {
            expect(typeof entry[field], `listLedger() entries[${index}].${field} must be a decimal string`).toBe('string');
          }
        }
      }
    });

    if (capabilities.inspect) {
      rule(RULE.backendAgrees, async ({ adapter, read }) => {
        const loaded = await adapter.loadPricing();
        const stored = await read();
        expect(loaded.revision).toBe(stored.revision);
        expect(loaded.products).toEqual(stored.products);
      });
    } else {
      it(CAPABILITY_NOTES.noInspect, () => expect(capabilities.inspect).toBe(false));
    }

    // ── Saving prices ────────────────────────────────────────────────────────────────────
    rule(RULE.saveApplies, async ({ adapter, read }) => {
      const before = await adapter.loadPricing();
      const multiplier = multiplierRule(validMultiplier(before.products[picks.multiplier]));
      const fixed = fixedRule(validFixedPrice(before.products[picks.fixed]));
      const change: PricingChange = { products: { [picks.multiplier]: multiplier, [picks.fixed]: fixed } };
      const result = await adapter.savePricing(change, { expectedRevision: before.revision, idempotencyKey: key() });
      parsePricingSnapshot(result, 'savePricing()');
      for (const [label, snapshot] of [['the returned snapshot', result], ['the backend', await read()], ['loadPricing()', await adapter.loadPricing()]] as const) {
        expect(sameRule(snapshot.products[picks.multiplier]?.rule, multiplier), `${label} has ${picks.multiplier} at ${multiplier.type === 'multiplier' ? multiplier.multiplier : ''}x`).toBe(true);
        expect(sameRule(snapshot.products[picks.fixed]?.rule, fixed), `${label} has ${picks.fixed} at ${fixed.type === 'fixed' ? fixed.price : ''}`).toBe(true);
        expect(snapshot.products[picks.otherMultiplier], `${label} leaves ${picks.otherMultiplier} alone`).toEqual(before.products[picks.otherMultiplier]);
        expect(snapshot.products[picks.multiplier]?.youPay, `${label}: You Pay cannot be changed by a save`).toBe(before.products[picks.multiplier].youPay);
      }
    });

    rule(RULE.revisionChanges, async ({ adapter }) => {
      const first = await adapter.loadPricing();
      const second = await adapter.savePricing(validMultiplierChange(first), { expectedRevision: first.revision, idempotencyKey: key() });
      const third = await adapter.savePricing(validMultiplierChange(second), { expectedRevision: second.revision, idempotencyKey: key() });
      expect(new Set([first.revision, second.revision, third.revision]).size, 'three different revisions').toBe(3);
      expect((await adapter.loadPricing()).revision).toBe(third.revision);
    });

    rule(RULE.atomic, async ({ adapter, expectUnchanged }) => {
      const before = await adapter.loadPricing();
      const valid = multiplierRule(validMultiplier(before.products[picks.multiplier]));
      const invalid = multiplierRule(aboveRangeMultiplier(before.products[picks.otherMultiplier]));
      // Both orders, so that an adapter applying products one by one is caught either way.
      const changes: PricingChange[] = [
        { products: { [picks.multiplier]: valid, [picks.otherMultiplier]: invalid } },
        { products: { [picks.otherMultiplier]: invalid, [picks.multiplier]: valid } },
      ];
      for (const change of changes) {
        const error = await rejection(adapter.savePricing(change, { expectedRevision: before.revision, idempotencyKey: key() }), 'a save with one invalid product');
        expectValidation(error, picks.otherMultiplier);
        await expectUnchanged(before, 'after a save with one invalid product');
      }
    });

    rule(RULE.staleRevision, async ({ adapter, read, expectUnchanged }) => {
      const original = await adapter.loadPricing();
      await adapter.savePricing(validMultiplierChange(original), { expectedRevision: original.revision, idempotencyKey: key() });
      const current = await read();
      const change = validMultiplierChange(original, picks.otherMultiplier);
      const error = await rejection(adapter.savePricing(change, { expectedRevision: original.revision, idempotencyKey: key() }), 'a save against a stale revision');
      expectCode(error, 'conflict');
      expect(isRebillingError(error) && error.retryable, 'a conflict is not retryable as is').toBe(false);
      await expectUnchanged(current, 'after a stale save');
    });

    rule(RULE.idempotency, async ({ adapter, read }) => {
      const original = await adapter.loadPricing();
      const change = validMultiplierChange(original);
      const idempotencyKey = key();
      const first = await adapter.savePricing(change, { expectedRevision: original.revision, idempotencyKey });
      const replay = await adapter.savePricing(change, { expectedRevision: original.revision, idempotencyKey });
      expect(replay.revision, 'the replay returns the first result').toBe(first.revision);
      expect(replay.products, 'the replay returns the first result').toEqual(first.products);
      expect((await read()).revision, 'the replay applied nothing').toBe(first.revision);

      // Still a replay after another save: a client retrying late must not undo newer prices.
      const later = await adapter.savePricing(validMultiplierChange(first, picks.otherMultiplier), { expectedRevision: first.revision, idempotencyKey: key() });
      const lateReplay = await adapter.savePricing(change, { expectedRevision: original.revision, idempotencyKey });
      expect(lateReplay.revision, 'a late replay returns the first result').toBe(first.revision);
      const stored = await read();
      expect(stored.revision, 'a late replay applied nothing').toBe(later.revision);
      expect(stored.products).toEqual(later.products);
    });

    rule(RULE.keyReuse, async ({ adapter, read, expectUnchanged }) => {
      const original = await adapter.loadPricing();
      const idempotencyKey = key();
      const first = await adapter.savePricing(validMultiplierChange(original), { expectedRevision: original.revision, idempotencyKey });
      const stored = await read();
      const other = validMultiplierChange(first, picks.otherMultiplier);
      const error = await rejection(
        adapter.savePricing(other, { expectedRevision: first.revision, idempotencyKey }),
        'a save reusing an idempotency key for a different change',
      );
      expectCode(error, 'validation');
      await expectUnchanged(stored, 'after a reused key with a different change (store a fingerprint of the change with the key and compare it)');
    });

    // ── Concurrency ──────────────────────────────────────────────────────────────────────
    // Timing-independent: the calls start together (Promise.allSettled), whatever the backend's speed.
    rule(RULE.concurrentSaves, async ({ adapter, read }) => {
      const before = await adapter.loadPricing();
      const changes = distinctMultiplierChanges(before, parallel);
      const settled = await Promise.allSettled(
        changes.map((change) => adapter.savePricing(change, { expectedRevision: before.revision, idempotencyKey: key() })),
      );
      const won = settled.flatMap((result, index) => (result.status === 'fulfilled' ? [{ index, snapshot: result.value }] : []));
      expect(
        won.length,
        `${parallel} parallel saves on revision ${JSON.stringify(before.revision)}: exactly one may apply, but ${won.length} were told they did. ` +
          'A read-check-write with an await between the check and the write loses updates: check the revision in the write itself ' +
          '(UPDATE … WHERE revision = $expected, then count the rows) or lock the row (SELECT … FOR UPDATE) in one transaction.',
      ).toBe(1);
      for (const result of settled) if (result.status === 'rejected') expectCode(result.reason, 'conflict');
      const winner = won[0]!;
      const stored = await read();
      expect(stored.revision, 'the backend holds the revision returned to the one save that applied').toBe(winner.snapshot.revision);
      const applied = changes[winner.index]!.products[picks.multiplier]!;
      expect(sameRule(stored.products[picks.multiplier]?.rule, applied), 'the backend holds the change of the one save that applied').toBe(true);
    });

    rule(RULE.concurrentKey, async ({ adapter, read }) => {
      const before = await adapter.loadPricing();
      const change = validMultiplierChange(before);
      const idempotencyKey = key();
      const save = () => adapter.savePricing(change, { expectedRevision: before.revision, idempotencyKey });
      const settled = await Promise.allSettled(Array.from({ length: parallel }, save));
      const answers = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      for (const result of settled) {
        if (result.status === 'fulfilled') continue;
        const error: unknown = result.reason;
        fieldsOf(error);
        expect(
          isRebillingError(error) && error.retryable,
          'a call whose idempotency key is still in flight must wait for the first and replay its answer, or be refused with a ' +
            `retryable error (e.g. a conflict with retryable: true) so the retry gets that answer; got ${describeError(error)}`,
        ).toBe(true);
      }
      expect(answers.length, `none of ${parallel} parallel calls with one key succeeded`).toBeGreaterThan(0);
      const revisions = [...new Set(answers.map((snapshot) => snapshot.revision))];
      expect(
        revisions,
        `${parallel} parallel calls with one key must have one effect and all answer its snapshot; they answered revisions ${JSON.stringify(revisions)}. ` +
          'Claim the key before applying (a unique key row inserted in the same transaction, or a lock on it), not after an await.',
      ).toHaveLength(1);
      for (const answer of answers) expect(answer.products, 'every caller gets the same snapshot').toEqual(answers[0]!.products);
      const retry = await save();
      expect(retry.revision, 'a retry after they settle replays the same answer').toBe(revisions[0]);
      expect((await read()).revision, 'nothing was applied after the one effect').toBe(revisions[0]);
    });

    // ── Rejected saves ───────────────────────────────────────────────────────────────────
    async function expectRejected(context: Context, change: PricingChange, mentions: string, what: string): Promise<void> {
      const before = await context.read();
      const error = await rejection(context.adapter.savePricing(change, { expectedRevision: before.revision, idempotencyKey: key() }), what);
      expectValidation(error, mentions);
      await context.expectUnchanged(before, `after ${what}`);
    }

    rule(RULE.outOfRange, async (context) => {
      const pricing = (await context.read()).products[picks.multiplier];
      for (const value of [aboveRangeMultiplier(pricing), belowRangeMultiplier(pricing)]) {
        await expectRejected(context, { products: { [picks.multiplier]: multiplierRule(value) } }, picks.multiplier, `a ${value}x multiplier`);
      }
    });

    rule(RULE.offStep, async (context) => {
      const value = offStepMultiplier((await context.read()).products[picks.multiplier]);
      await expectRejected(context, { products: { [picks.multiplier]: multiplierRule(value) } }, picks.multiplier, `a ${value}x multiplier`);
    });

    rule(RULE.negativePrice, async (context) => {
      await expectRejected(context, { products: { [picks.fixed]: fixedRule(NEGATIVE_PRICE) } }, picks.fixed, `a fixed price of ${NEGATIVE_PRICE}`);
    });

    rule(RULE.unknownProduct, async (context) => {
      await expectRejected(context, unknownProductChange(), 'fax', 'a change of an unknown product');
    });

    rule(RULE.wrongRuleType, async (context) => {
      await expectRejected(context, { products: { [picks.fixed]: multiplierRule('2') } }, picks.fixed, `a multiplier for ${picks.fixed}`);
    });

    // ── Cancellation ─────────────────────────────────────────────────────────────────────
    rule(RULE.abortReads, async ({ adapter }) => {
      const controller = new AbortController();
      const reason = new Error('conformance: aborted on purpose');
      controller.abort(reason);
      const { signal } = controller;
      await expect(adapter.loadPricing({ signal }), 'loadPricing').rejects.toBe(reason);
      await expect(adapter.loadStripeConnection({ signal }), 'loadStripeConnection').rejects.toBe(reason);
      if (adapter.listLedger) await expect(adapter.listLedger({ limit: 5 }, { signal }), 'listLedger').rejects.toBe(reason);
    });

    rule(RULE.abortSave, async ({ adapter, read, expectUnchanged }) => {
      const before = await read();
      const controller = new AbortController();
      const reason = new Error('conformance: aborted on purpose');
      controller.abort(reason);
      const save = adapter.savePricing(validMultiplierChange(before), { expectedRevision: before.revision, idempotencyKey: key(), signal: controller.signal });
      await expect(save).rejects.toBe(reason);
      await expectUnchanged(before, 'after an aborted save');
    });

    // ── Stripe ───────────────────────────────────────────────────────────────────────────
    rule(RULE.stripeStatus, async ({ adapter }) => {
      parseStripeConnection(await adapter.loadStripeConnection());
    });

    rule(RULE.stripeConnect, async ({ adapter }) => {
      const result = parseStripeConnectResult(await adapter.connectStripe({ syncCustomersAs: 'people' }));
      if (result.status === 'pending') expect(isHttpUrl(result.redirectUrl), `redirectUrl ${result.redirectUrl}`).toBe(true);
    });

    rule(RULE.stripeAgrees, async ({ adapter }) => {
      const result = await adapter.connectStripe({ syncCustomersAs: null });
      const { status } = await adapter.loadStripeConnection();
      // Onboarding may finish between the two calls on a real backend, so pending may already be connected.
      const allowed = result.status === 'connected' ? ['connected'] : ['pending', 'connected'];
      expect(allowed, `connectStripe answered ${result.status}, then loadStripeConnection said ${status}`).toContain(status);
    });

    // ── Ledger (optional) ────────────────────────────────────────────────────────────────
    if (capabilities.ledger) {
      rule(RULE.ledgerValid, async ({ adapter }) => {
        const raw = await adapter.listLedger!({ limit: 5 });
        for (const [index, entry] of raw.entries.entries()) {
          expect(typeof entry.amount, `entries[${index}].amount`).toBe('string');
          expect(typeof entry.balanceAfter, `entries[${index}].balanceAfter`).toBe('string');
        }
        const page = parseLedgerPage(raw);
        expect(page.entries.length).toBeLessThanOrEqual(5);
      });

      rule(RULE.ledgerComplete, async ({ adapter }) => {
        const whole = await walkLedger(adapter, 200);
        const paged = await walkLedger(adapter, 7);
        for (const [label, entries] of [['limit 200', whole], ['limit 7', paged]] as const) {
          const ids = entries.map((entry) => entry.id);
          expect(ids.filter((id, index) => ids.indexOf(id) !== index), `duplicate entries paging with ${label}`).toEqual([]);
        }
        expect(paged.map((entry) => entry.id), 'paging by 7 yields every entry, in order, exactly once').toEqual(whole.map((entry) => entry.id));
      });

      rule(RULE.ledgerOrder, async ({ adapter }) => {
        const entries = await walkLedger(adapter, 200);
        const outOfOrder = entries.filter((entry, index) => index > 0 && Date.parse(entry.at) > Date.parse(entries[index - 1]!.at));
        expect(outOfOrder.map((entry) => entry.id), 'entries newer than the one before them').toEqual([]);
      });

      rule(RULE.ledgerCursor, async ({ adapter }) => {
        const error = await rejection(adapter.listLedger!({ cursor: 'conformance-no-such-cursor', limit: 5 }), 'a page for an unknown cursor');
        expectCode(error, 'validation');
      });
    } else {
      it(CAPABILITY_NOTES.noLedger, () => expect(capabilities.ledger).toBe(false));
    }

    // ── Price history (optional) ─────────────────────────────────────────────────────────
    if (capabilities.priceHistory) {
      rule(RULE.historyRecordsSave, async ({ adapter }) => {
        const id = picks.multiplier;
        const history = async () => parsePriceChangePage(await adapter.listPriceChanges!({ product: id, limit: 200 })).entries;
        const before = await adapter.loadPricing();
        const earlier = await history();
        const change = validMultiplierChange(before, id);
        const idempotencyKey = key();
        const saved = await adapter.savePricing(change, { expectedRevision: before.revision, idempotencyKey });
        await adapter.savePricing(change, { expectedRevision: before.revision, idempotencyKey });
        await rejection(adapter.savePricing(change, { expectedRevision: before.revision, idempotencyKey: key() }), 'a save on a stale revision');
        const later = await history();
        expect(later.length, 'one applied save of one product adds exactly one entry (the replay and the conflict add none)').toBe(earlier.length + 1);
        const [newest] = later;
        expect(newest, 'the newest entry comes first').toMatchObject({
          product: id,
          revision: saved.revision,
          from: before.products[id].rule,
          to: change.products[id],
          youPayAtTheTime: before.products[id].youPay,
        });
        expect(later.slice(1).map((entry) => entry.id), 'older entries stay as they were').toEqual(earlier.map((entry) => entry.id));
      });

      rule(RULE.historyPages, async ({ adapter }) => {
        for (let i = 0; i < 3; i++) {
          const before = await adapter.loadPricing();
          await adapter.savePricing(validMultiplierChange(before), { expectedRevision: before.revision, idempotencyKey: key() });
        }
        const first = parsePriceChangePage(await adapter.listPriceChanges!({ limit: 2 }));
        expect(first.entries.length, 'a page asked for 2 entries has at most 2').toBeLessThanOrEqual(2);
        expect(first.nextCursor, 'three saves in, a page of 2 has a next page').not.toBeNull();
        const second = parsePriceChangePage(await adapter.listPriceChanges!({ limit: 2, cursor: first.nextCursor! }));
        const ids = [...first.entries, ...second.entries].map((entry) => entry.id);
        expect(ids.filter((value, index) => ids.indexOf(value) !== index), 'entries repeated across pages').toEqual([]);
        const error = await rejection(adapter.listPriceChanges!({ cursor: 'conformance-no-such-cursor', limit: 2 }), 'a page for an unknown cursor');
        expectCode(error, 'validation');
      });
    } else {
      it(CAPABILITY_NOTES.noPriceHistory, () => expect(capabilities.priceHistory).toBe(false));
    }

    // ── The owner's wallet (optional) ────────────────────────────────────────────────────
    if (capabilities.wallet) {
      // Whole amounts: valid in every currency (USD, JPY, KWD alike).
      const walletSettings = (autoRecharge: Partial<WalletSettings['autoRecharge']> = {}): WalletSettings => ({
        lowBalanceThreshold: '30',
        autoRecharge: { enabled: true, threshold: '20', target: '120', monthlyCap: '400', ...autoRecharge },
      });

      rule(RULE.walletValid, async ({ adapter }) => {
        const raw: unknown = await adapter.loadWallet!();
        expect(numberPaths(raw), 'loadWallet() returned numbers where decimal strings belong').toEqual([]);
        const wallet = parseOwnerWallet(raw);
        expect(wallet.currency, "the wallet's currency is the pricing's").toBe((await adapter.loadPricing()).currency);
        expect(wallet.autoRecharge.enabled, 'auto-recharge is off until the owner turns it on').toBe(false);
      });

      rule(RULE.walletSaves, async ({ adapter }) => {
        const settings = walletSettings();
        const idempotencyKey = key();
        const saved = parseOwnerWallet(await adapter.saveAutoRecharge!(settings, { idempotencyKey }));
        expect({ lowBalanceThreshold: saved.lowBalanceThreshold, autoRecharge: saved.autoRecharge }, 'saveAutoRecharge returns the saved settings').toEqual(settings);
        expect(parseOwnerWallet(await adapter.loadWallet!()), 'loadWallet agrees with the save').toMatchObject(settings);
        expect(parseOwnerWallet(await adapter.saveAutoRecharge!(settings, { idempotencyKey })), 'a replay returns the first result').toMatchObject(settings);
        const reuse = await rejection(adapter.saveAutoRecharge!(walletSettings({ target: '150' }), { idempotencyKey }), 'a key reused for other settings');
        expectCode(reuse, 'validation');
        expect(parseOwnerWallet(await adapter.loadWallet!()).autoRecharge.target, 'the reused key applied nothing').toBe('120');
      });

      rule(RULE.walletRejects, async ({ adapter }) => {
        const before = parseOwnerWallet(await adapter.loadWallet!());
        const cases: Array<[Partial<WalletSettings['autoRecharge']>, string]> = [
          [{ target: '20' }, 'autoRecharge.target'],
          [{ monthlyCap: '-1' }, 'autoRecharge.monthlyCap'],
          [{ threshold: '20.0001' }, 'autoRecharge.threshold'],
        ];
        for (const [autoRecharge, path] of cases) {
          const error = await rejection(adapter.saveAutoRecharge!(walletSettings(autoRecharge), { idempotencyKey: key() }), `settings with ${path} wrong`);
          expectValidation(error, path);
        }
        expect(parseOwnerWallet(await adapter.loadWallet!()), 'nothing was applied').toEqual(before);
      });
    } else {
      it(CAPABILITY_NOTES.noWallet, () => expect(capabilities.wallet).toBe(false));
    }

    // ── Per-sub-account overrides (optional) ─────────────────────────────────────────────
    if (capabilities.overrides) {
      const twoSubAccounts = async (list: () => Promise<SubAccountOverrides[]>) => {
        const all = await list();
        expect(all.length, 'create() must seed at least two sub-accounts when the adapter has listOverrides').toBeGreaterThanOrEqual(2);
        return [all[0]!, all[1]!] as const;
      };

      rule(RULE.overridesPages, async ({ adapter, subAccounts }) => {
        const whole = await subAccounts();
        const paged = await walkOverrides(adapter, 1);
        const ids = paged.map((subAccount) => subAccount.subAccountId);
        expect(ids.filter((id, index) => ids.indexOf(id) !== index), 'sub-accounts repeated across pages').toEqual([]);
        expect(ids, 'paging by 1 lists every sub-account, in order, exactly once').toEqual(whole.map((subAccount) => subAccount.subAccountId));
        const error = await rejection(adapter.listOverrides!({ cursor: 'conformance-no-such-cursor', limit: 2 }), 'a page for an unknown cursor');
        expectCode(error, 'validation');
      });

      rule(RULE.overrideApplies, async ({ adapter, read, expectUnchanged, subAccounts }) => {
        const [target, other] = await twoSubAccounts(subAccounts);
        const before = await read();
        const rule = multiplierRule(validMultiplier(before.products[picks.multiplier]));
        const saved = await adapter.saveOverride!({ subAccountId: target.subAccountId, product: picks.multiplier, rule }, { idempotencyKey: key() });
        expect(saved.subAccountId).toBe(target.subAccountId);
        expect(sameRule(saved.overrides[picks.multiplier], rule), 'saveOverride returns the sub-account with its new rule').toBe(true);
        await expectUnchanged(before, 'after saveOverride (an override is not an account-wide change)');
        const after = await subAccounts();
        const stored = after.find((subAccount) => subAccount.subAccountId === target.subAccountId);
        expect(sameRule(stored?.overrides[picks.multiplier], rule), 'listOverrides shows the saved override').toBe(true);
        expect(after.find((subAccount) => subAccount.subAccountId === other.subAccountId)?.overrides, 'another sub-account is left alone').toEqual(other.overrides);
        const removed = await adapter.removeOverride!({ subAccountId: target.subAccountId, product: picks.multiplier });
        expect(removed.overrides[picks.multiplier], 'removeOverride returns the sub-account inheriting again').toBeUndefined();
        const again = await adapter.removeOverride!({ subAccountId: target.subAccountId, product: picks.multiplier });
        expect(again.overrides[picks.multiplier], 'removing a missing override is not an error').toBeUndefined();
        expect((await subAccounts()).find((subAccount) => subAccount.subAccountId === target.subAccountId)?.overrides).toEqual(target.overrides);
      });

      rule(RULE.overrideValidated, async ({ adapter, read, subAccounts }) => {
        const [target] = await twoSubAccounts(subAccounts);
        const pricing = (await read()).products;
        const cases: Array<[string, { subAccountId: string; product: ProductId; rule: PricingRule }, string]> = [
          [`a ${aboveRangeMultiplier(pricing[picks.multiplier])}x override`, { subAccountId: target.subAccountId, product: picks.multiplier, rule: multiplierRule(aboveRangeMultiplier(pricing[picks.multiplier])) }, 'rule'],
          [`a ${offStepMultiplier(pricing[picks.multiplier])}x override`, { subAccountId: target.subAccountId, product: picks.multiplier, rule: multiplierRule(offStepMultiplier(pricing[picks.multiplier])) }, 'rule'],
          [`a multiplier override for ${picks.fixed}`, { subAccountId: target.subAccountId, product: picks.fixed, rule: multiplierRule('2') }, 'rule'],
          ['a negative fixed-price override', { subAccountId: target.subAccountId, product: picks.fixed, rule: fixedRule(NEGATIVE_PRICE) }, 'rule'],
          ['an override for an unknown sub-account', { subAccountId: `conformance-nobody-${key()}`.slice(0, 200), product: picks.multiplier, rule: multiplierRule(validMultiplier(pricing[picks.multiplier])) }, 'subAccountId'],
        ];
        for (const [what, input, mentions] of cases) {
          expectValidation(await rejection(adapter.saveOverride!(input, { idempotencyKey: key() }), what), mentions);
        }
        expect((await subAccounts()).find((subAccount) => subAccount.subAccountId === target.subAccountId)?.overrides, 'no rejected override was applied').toEqual(target.overrides);
      });

      rule(RULE.overrideIdempotency, async ({ adapter, read, subAccounts }) => {
        const [target] = await twoSubAccounts(subAccounts);
        const [first, second] = distinctMultiplierChanges(await read(), 2).map((change) => change.products[picks.multiplier]!);
        const idempotencyKey = key();
        const input = { subAccountId: target.subAccountId, product: picks.multiplier, rule: first! };
        const saved = await adapter.saveOverride!(input, { idempotencyKey });
        await adapter.saveOverride!({ ...input, rule: second! }, { idempotencyKey: key() });
        const replay = await adapter.saveOverride!(input, { idempotencyKey });
        expect(sameRule(replay.overrides[picks.multiplier], first!), 'the replay returns the first result').toBe(true);
        expect(replay.overrides).toEqual(saved.overrides);
        const stored = (await subAccounts()).find((subAccount) => subAccount.subAccountId === target.subAccountId);
        expect(sameRule(stored?.overrides[picks.multiplier], second!), 'a late replay applied nothing (the newer override stays)').toBe(true);
        const error = await rejection(
          adapter.saveOverride!({ ...input, rule: second! }, { idempotencyKey }),
          'saveOverride reusing an idempotency key for a different override',
        );
        expectCode(error, 'validation');
      });
    } else {
      it(CAPABILITY_NOTES.noOverrides, () => expect(capabilities.overrides).toBe(false));
    }

    // ── Usage summary (optional) ─────────────────────────────────────────────────────────
    if (capabilities.usageSummary) {
      rule(RULE.usageSummaryValid, async ({ adapter }) => {
        const raw: unknown = await adapter.loadUsageSummary!();
        expect(numberPaths(raw).filter((path) => !path.startsWith('quantities.')), 'only quantities are numbers').toEqual([]);
        const summary = parseUsageSummary(raw);
        expect(Date.parse(summary.to) - Date.parse(summary.from), 'the window is not empty').toBeGreaterThan(0);
        const controller = new AbortController();
        const reason = new Error('conformance: aborted on purpose');
        controller.abort(reason);
        await expect(adapter.loadUsageSummary!({ signal: controller.signal }), 'loadUsageSummary').rejects.toBe(reason);
      });
    } else {
      it(CAPABILITY_NOTES.noUsageSummary, () => expect(capabilities.usageSummary).toBe(false));
    }

    // ── Events (optional) ────────────────────────────────────────────────────────────────
    if (capabilities.subscribe) {
      rule(RULE.subscribeFires, async ({ adapter }) => {
        const events: RebillingEvent[] = [];
        const unsubscribe = adapter.subscribe!((event) => events.push(event));
        try {
          const before = await adapter.loadPricing();
          await adapter.savePricing(validMultiplierChange(before), { expectedRevision: before.revision, idempotencyKey: key() });
          const fired = await eventually(() => events.some((event) => event.type === 'pricing'), 2000);
          expect(fired, `no { type: "pricing" } event within 2 s of a save; got ${JSON.stringify(events)}`).toBe(true);
        } finally {
          unsubscribe();
        }
      });

      rule(RULE.unsubscribe, async ({ adapter }) => {
        const events: RebillingEvent[] = [];
        const unsubscribe = adapter.subscribe!((event) => events.push(event));
        expect(typeof unsubscribe, 'subscribe returns a function').toBe('function');
        unsubscribe();
        const before = await adapter.loadPricing();
        await adapter.savePricing(validMultiplierChange(before), { expectedRevision: before.revision, idempotencyKey: key() });
        await delay(50);
        expect(events, 'events after unsubscribing').toEqual([]);
      });
    } else {
      it(CAPABILITY_NOTES.noSubscribe, () => expect(capabilities.subscribe).toBe(false));
    }
  });
}
