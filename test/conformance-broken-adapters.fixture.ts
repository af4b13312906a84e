/**
 * Deliberately broken adapters, each with one flaw (listed in `conformance-flaws.ts`), run
 * through the conformance suite by `conformance-suite.node.test.ts` in a child Vitest (config
 * `conformance-fixture.config.ts`). Not a test file: the normal run never picks it up, because
 * most of its tests must fail.
 */
import {
  DEFAULT_WALLET_SETTINGS,
  PRODUCTS,
  PRODUCT_IDS,
  RebillingError,
  UNIT_PRICE_DECIMALS,
  checkFixedPrice,
  checkMultiplier,
  multiplierLimits,
  parseOverrideInput,
  sampleLedger,
  sampleSnapshot,
  type FieldError,
  type LedgerEntry,
  type LedgerPage,
  type PriceChange,
  type PriceChangePage,
  type PricingChange,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type RebillingAdapter,
  type RebillingEvent,
  type OwnerWallet,
  type StripeConnection,
  walletSettingsErrors,
  type SubAccountOverrides,
} from '@rebill-kit/core';
import { runAdapterConformanceTests, type ConformanceSubject } from '@rebill-kit/testkit';
import { FLAWS, flawSuiteName, type Flaw } from './conformance-flaws.ts';

function numberAmounts(entries: LedgerEntry[]): LedgerEntry[] {
  return entries.map((entry) => ({ ...entry, amount: Number(entry.amount) as unknown as string }));
}

function createFlawedAdapter(flaw: Flaw): ConformanceSubject {
  let pricing: PricingSnapshot = sampleSnapshot();
  let stripe: StripeConnection = { status: 'disconnected' };
  let revision = 1;
  const ledger = flaw === 'ledgerOldestFirst' ? sampleLedger(45).reverse() : sampleLedger(45);
  const priceHistory: PriceChange[] = [];
  const replays = new Map<string, { print: string; result: PricingSnapshot }>();
  /** Saves in flight by idempotency key, for the flaw that claims keys but races on the revision. */
  const inFlight = new Map<string, Promise<PricingSnapshot>>();
  const listeners = new Set<(event: RebillingEvent) => void>();
  let wallet: OwnerWallet = {
    ...structuredClone(DEFAULT_WALLET_SETTINGS),
    ...(flaw === 'walletRechargeOnByDefault' ? { autoRecharge: { ...DEFAULT_WALLET_SETTINGS.autoRecharge, enabled: true } } : {}),
    currency: pricing.currency,
    balance: '250',
    rechargedThisMonth: '0',
    lastRechargeFailure: null,
  };
  const walletKeys = new Map<string, { print: string; result: OwnerWallet }>();
  const subAccounts: SubAccountOverrides[] = [
    { subAccountId: 'sub_a', name: 'Alpha', overrides: {} },
    { subAccountId: 'sub_b', name: 'Beta', overrides: {} },
    { subAccountId: 'sub_c', name: 'Gamma', overrides: {} },
  ];
  const overrideReplays = new Map<string, { print: string; result: SubAccountOverrides }>();

  const checkAbort = (signal: AbortSignal | undefined) => {
    if (flaw !== 'ignoresAbort' && signal?.aborted) throw signal.reason;
  };

  function problem(id: string, rule: PricingRule): FieldError | undefined {
    const path = `products.${id}`;
    if (!(PRODUCT_IDS as readonly string[]).includes(id)) {
      return flaw === 'acceptsUnknownProduct' ? undefined : { path, message: 'is not a product' };
    }
    const productId = id as ProductId;
    if (rule.type !== PRODUCTS[productId].rule && flaw !== 'acceptsWrongRuleType') return { path: `${path}.type`, message: 'wrong rule type' };
    if (rule.type !== PRODUCTS[productId].rule) return undefined; // accepted by the flaw
    if (rule.type === 'multiplier') {
      const limits = multiplierLimits(pricing.products[productId]);
      const message = checkMultiplier(rule.multiplier, {
        ...limits,
        ...(flaw === 'accepts11x' ? { max: '1000' } : {}),
        ...(flaw === 'acceptsOffStep' ? { step: '0.01' } : {}),
      });
      return message ? { path: `${path}.multiplier`, message } : undefined;
    }
    const message = checkFixedPrice(flaw === 'acceptsNegativePrice' ? rule.price.replace(/^-/, '') : rule.price, UNIT_PRICE_DECIMALS);
    return message ? { path: `${path}.price`, message } : undefined;
  }

  function toWire(snapshot: PricingSnapshot): PricingSnapshot {
    const copy = structuredClone(snapshot);
    if (flaw === 'numberMoney') (copy.products.sms as { youPay: unknown }).youPay = Number(copy.products.sms.youPay);
    return copy;
  }

  function apply(id: string, rule: PricingRule) {
    const product = pricing.products[id as ProductId];
    if (product) {
      priceHistory.unshift({
        id: `h${priceHistory.length + 1}`,
        at: new Date().toISOString(),
        actor: null,
        product: id as ProductId,
        revision: String(revision + (flaw === 'keepsRevision' ? 0 : 1)),
        from: structuredClone(flaw === 'historyWrongFrom' ? rule : product.rule),
        to: structuredClone(rule),
        youPayAtTheTime: product.youPay,
      });
    }
    pricing = { ...pricing, products: { ...pricing.products, [id]: { ...pricing.products[id as ProductId], rule: structuredClone(rule) } } };
  }

  const adapter: RebillingAdapter = {
    async loadPricing({ signal } = {}) {
      checkAbort(signal);
      return toWire(pricing);
    },
    async savePricing(input: PricingChange, { expectedRevision, idempotencyKey, signal }) {
      checkAbort(signal);
      // No core validation here on purpose: each flaw is in this adapter's own checks.
      const change = structuredClone(input);
      const print = JSON.stringify(Object.entries(change.products).sort(([a], [b]) => (a < b ? -1 : 1)));
      const replay = flaw === 'appliesReplayedKeyTwice' ? undefined : replays.get(idempotencyKey);
      if (replay) {
        if (flaw !== 'replaysDifferentChange' && replay.print !== print) {
          throw RebillingError.validation('key reused', [{ path: 'idempotencyKey', message: 'was used for a different change' }]);
        }
        return toWire(replay.result);
      }
      const pending = inFlight.get(idempotencyKey);
      if (pending) return toWire(await pending);

      const write = () => {
        const entries = Object.entries(change.products) as Array<[string, PricingRule]>;
        if (flaw === 'notAtomic') {
          for (const [id, rule] of entries) {
            const found = problem(id, rule);
            if (found) throw RebillingError.validation('rejected', [found]);
            apply(id, rule);
          }
        } else {
          const found = entries.map(([id, rule]) => problem(id, rule)).filter((item): item is FieldError => item !== undefined);
          if (found.length > 0) throw RebillingError.validation('rejected', found);
          for (const [id, rule] of entries) apply(id, rule);
        }
        if (flaw !== 'keepsRevision') revision += 1;
        pricing = { ...pricing, revision: String(revision) };
        replays.set(idempotencyKey, { print, result: structuredClone(pricing) });
        if (flaw !== 'silentSubscribe') for (const listener of [...listeners]) listener({ type: 'pricing' });
        return structuredClone(pricing);
      };
      const stale = (seen: string) => flaw !== 'ignoresRevision' && flaw !== 'appliesReplayedKeyTwice' && expectedRevision !== seen;

      if (flaw === 'lostUpdate' || flaw === 'doubleApplyKey') {
        // The review's read-check-write: the revision is read, then an await (the database round
        // trip), then the write, so parallel saves all pass the check.
        const run = async () => {
          const seen = pricing.revision;
          await Promise.resolve();
          if (stale(seen)) throw new RebillingError('conflict', 'stale revision');
          return write();
        };
        if (flaw === 'doubleApplyKey') return toWire(await run());
        // lostUpdate claims its key before the await, so one key still has one effect.
        const claimed = run();
        inFlight.set(idempotencyKey, claimed);
        try {
          return toWire(await claimed);
        } finally {
          inFlight.delete(idempotencyKey);
        }
      }
      if (flaw === 'unclaimedKey') {
        // Revision checked with the write, but the key only recorded by it: a duplicate that
        // arrives meanwhile is told its own save conflicts.
        await Promise.resolve();
      }
      if (stale(pricing.revision)) throw new RebillingError('conflict', 'stale revision');
      return toWire(write());
    },
    async loadStripeConnection({ signal } = {}) {
      checkAbort(signal);
      return flaw === 'unknownStripeStatus' ? ({ status: 'active' } as unknown as StripeConnection) : { ...stripe };
    },
    async connectStripe() {
      if (flaw === 'unsafeRedirectUrl') return { status: 'pending', redirectUrl: 'javascript:alert(1)' };
      if (flaw !== 'forgetsStripeConnection') stripe = { status: 'connected', accountName: 'Flawed LLC' };
      return { status: 'connected' };
    },
    async listLedger({ cursor, limit }, { signal } = {}): Promise<LedgerPage> {
      checkAbort(signal);
      let start = 0;
      if (cursor !== undefined) {
        const index = ledger.findIndex((entry) => entry.id === cursor);
        if (index < 0 && flaw !== 'unknownCursorStartsOver') throw RebillingError.validation('Unknown cursor', [{ path: 'cursor', message: 'unknown' }]);
        start = index + 1;
      }
      const entries = ledger.slice(start, start + limit);
      if (start + limit >= ledger.length) return { entries: flaw === 'ledgerNumberAmounts' ? numberAmounts(entries) : entries, nextCursor: null };
      // The flaw: from the first page, the cursor jumps over the whole second page.
      const next = flaw === 'losesLedgerPage' && start === 0 ? ledger[Math.min(start + 2 * limit, ledger.length) - 1]! : entries[entries.length - 1]!;
      return { entries: flaw === 'ledgerNumberAmounts' ? numberAmounts(entries) : entries, nextCursor: next.id };
    },
    async listPriceChanges({ product, cursor, limit }, { signal } = {}): Promise<PriceChangePage> {
      checkAbort(signal);
      const entries = product === undefined ? priceHistory : priceHistory.filter((entry) => entry.product === product);
      let start = 0;
      if (cursor !== undefined) {
        const index = entries.findIndex((entry) => entry.id === cursor);
        if (index < 0 && flaw !== 'historyCursorStartsOver') throw RebillingError.validation('Unknown cursor', [{ path: 'cursor', message: 'unknown' }]);
        start = index + 1;
      }
      const page = entries.slice(start, start + limit);
      return { entries: structuredClone(page), nextCursor: start + limit < entries.length ? page[page.length - 1]!.id : null };
    },
    async loadWallet() {
      return structuredClone(wallet);
    },
    async saveAutoRecharge(settings, { idempotencyKey }) {
      const errors = walletSettingsErrors(settings, wallet.currency).filter(
        (error) => !(flaw === 'walletAcceptsTargetAtThreshold' && error.message.startsWith('must be above the threshold')),
      );
      if (errors.length > 0) throw RebillingError.validation('Invalid wallet settings', errors);
      const replay = walletKeys.get(idempotencyKey);
      if (replay && flaw !== 'walletKeyReuseApplies') {
        if (replay.print !== JSON.stringify(settings)) throw RebillingError.validation('Key reused', [{ path: 'idempotencyKey', message: 'was used for other settings' }]);
        return structuredClone(replay.result);
      }
      wallet = { ...wallet, ...structuredClone(settings) };
      walletKeys.set(idempotencyKey, { print: JSON.stringify(settings), result: structuredClone(wallet) });
      return structuredClone(wallet);
    },
    async listOverrides({ cursor, limit }) {
      let start = 0;
      if (cursor !== undefined) {
        const index = subAccounts.findIndex((subAccount) => subAccount.subAccountId === cursor);
        if (index < 0 && flaw !== 'overridesCursorStartsOver') throw RebillingError.validation('Unknown cursor', [{ path: 'cursor', message: 'unknown' }]);
        start = index + 1;
      }
      const page = subAccounts.slice(start, start + limit);
      return { subAccounts: structuredClone(page), nextCursor: start + limit < subAccounts.length ? page[page.length - 1]!.subAccountId : null };
    },
    async saveOverride(input, { idempotencyKey }) {
      const print = JSON.stringify(input);
      const replay = flaw === 'overrideReplayAppliesTwice' ? undefined : overrideReplays.get(idempotencyKey);
      if (replay) {
        if (replay.print !== print) throw RebillingError.validation('key reused', [{ path: 'idempotencyKey', message: 'was used for another override' }]);
        return structuredClone(replay.result);
      }
      // The flaw checks the override against no snapshot, so only the default 1x–10x range.
      const parsed = flaw === 'overrideAcceptsOffStep' ? parseOverrideInput(input) : parseOverrideInput(input, pricing);
      const subAccount = subAccounts.find((candidate) => candidate.subAccountId === parsed.subAccountId);
      if (!subAccount) throw RebillingError.validation('unknown sub-account', [{ path: 'subAccountId', message: 'unknown' }]);
      subAccount.overrides = { ...subAccount.overrides, [parsed.product]: parsed.rule };
      if (flaw === 'overrideChangesPricing') apply(parsed.product, parsed.rule);
      overrideReplays.set(idempotencyKey, { print, result: structuredClone(subAccount) });
      return structuredClone(subAccount);
    },
    async removeOverride({ subAccountId, product }) {
      const subAccount = subAccounts.find((candidate) => candidate.subAccountId === subAccountId);
      if (!subAccount) throw RebillingError.validation('unknown sub-account', [{ path: 'subAccountId', message: 'unknown' }]);
      const { [product]: _removed, ...rest } = subAccount.overrides;
      subAccount.overrides = rest;
      return structuredClone(subAccount);
    },
    async loadUsageSummary({ signal } = {}) {
      checkAbort(signal);
      return { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', quantities: { sms: flaw === 'usageFractionalQuantity' ? 12_400.5 : 12_400 } };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        if (flaw !== 'unsubscribeIgnored') listeners.delete(listener);
      };
    },
  };
  if (flaw === 'malformedFields') {
    // Validation errors whose fields are strings, not { path, message }.
    const malformed = <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        try {
          return await call(...args);
        } catch (error) {
          if (!(error instanceof RebillingError) || error.code !== 'validation') throw error;
          const fields = error.fields.map((field) => `${field.path}: ${field.message}`) as unknown as FieldError[];
          throw new RebillingError('validation', error.message, { fields });
        }
      };
    adapter.savePricing = malformed(adapter.savePricing);
    adapter.listLedger = malformed(adapter.listLedger!);
  }
  if (flaw === 'withoutOptionalMethods') {
    delete adapter.listLedger;
    delete adapter.listPriceChanges;
    delete adapter.loadWallet;
    delete adapter.saveAutoRecharge;
    delete adapter.loadUsageSummary;
    delete adapter.subscribe;
    delete adapter.listOverrides;
    delete adapter.saveOverride;
    delete adapter.removeOverride;
  }
  return { adapter, inspect: { readPricing: () => structuredClone(pricing) } };
}

for (const flaw of FLAWS) {
  runAdapterConformanceTests({ name: flawSuiteName(flaw), create: () => createFlawedAdapter(flaw) });
}
