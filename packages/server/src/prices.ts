/**
 * Prices: the account's rule per product over the platform's catalog, saved atomically with a
 * revision, an idempotency key and a price-history row per product changed.
 */
import {
  PRODUCT_IDS,
  RebillingError,
  parsePricingChange,
  pricingChangeErrors,
  toDecimal,
  toDecimalString,
  type DecimalString,
  type PriceChange,
  type PriceChangePage,
  type PricingChange,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type ProductPricing,
  type SaveOptions,
} from '@rebill-kit/core';
import { defaultRule } from './catalog.js';
import type { AccountContext } from './context.js';
import type { Queryable } from './db.js';
import { assertSameRequest, checkIdempotencyKey, claimKey, findKey, fingerprint, tryLockKey } from './idempotency.js';

export type { PriceChange } from '@rebill-kit/core';

interface PriceRow {
  revision: string | null;
  product: ProductId | null;
  rule_type: PricingRule['type'] | null;
  value: string | null;
}

function ruleOf(type: PricingRule['type'], value: string): PricingRule {
  const canonical = toDecimalString(toDecimal(value));
  return type === 'multiplier' ? { type, multiplier: canonical } : { type, price: canonical };
}

function ruleValue(rule: PricingRule): DecimalString {
  return toDecimalString(toDecimal(rule.type === 'multiplier' ? rule.multiplier : rule.price));
}

/** Ensures the account's row exists (a new account starts at revision 1 with default prices). */
export async function ensureAccount(ctx: AccountContext, tx: Queryable): Promise<void> {
  await tx.query(`INSERT INTO ${ctx.s}.accounts (account_id, created_at) VALUES ($1, $2::timestamptz) ON CONFLICT (account_id) DO NOTHING`, [
    ctx.accountId,
    ctx.now().toISOString(),
  ]);
}

/** The account's snapshot, read with `tx` (or the database). */
export async function readPricing(ctx: AccountContext, tx: Queryable = ctx.db): Promise<PricingSnapshot> {
  const catalog = ctx.catalog();
  const { rows } = await tx.query<PriceRow>(
    `SELECT a.revision::text AS revision, p.product, p.rule_type, p.value::text AS value
       FROM (SELECT $1::text AS account_id) AS requested
       LEFT JOIN ${ctx.s}.accounts AS a ON a.account_id = requested.account_id
       LEFT JOIN ${ctx.s}.prices AS p ON p.account_id = requested.account_id`,
    [ctx.accountId],
  );
  const stored = new Map<ProductId, PricingRule>();
  for (const row of rows) if (row.product && row.rule_type && row.value !== null) stored.set(row.product, ruleOf(row.rule_type, row.value));
  const products = {} as Record<ProductId, ProductPricing>;
  for (const id of PRODUCT_IDS) {
    const product = catalog.products[id];
    products[id] = {
      youPay: product.youPay,
      rule: stored.get(id) ?? defaultRule(id, product),
      ...(product.limits ? { limits: { ...product.limits } } : {}),
      ...(product.countryRates ? { countryRates: { ...product.countryRates } } : {}),
    };
  }
  return { revision: rows[0]?.revision ?? '1', currency: catalog.currency, products };
}

/** Canonical form of a change: products sorted, amounts canonical ("2.50" and "2.5" agree). */
function changePrint(change: PricingChange): string {
  return fingerprint(
    Object.entries(change.products)
      .flatMap(([id, rule]) => (rule ? [[id, rule.type, ruleValue(rule)]] : []))
      .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
  );
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/** `RebillingAdapter.savePricing` over the database; see the adapter contract in core. */
export async function savePricing(ctx: AccountContext, change: PricingChange, options: SaveOptions): Promise<PricingSnapshot> {
  throwIfAborted(options.signal);
  const parsed = parsePricingChange(change);
  const key = checkIdempotencyKey(options.idempotencyKey);
  if (typeof options.expectedRevision !== 'string') {
    throw RebillingError.validation('Pass expectedRevision: the revision of the loaded prices.', [{ path: 'expectedRevision', message: 'is required' }]);
  }
  const print = changePrint(parsed);
  return ctx.db.transaction(async (tx) => {
    if (!(await tryLockKey(ctx, tx, 'pricing', key))) {
      throw new RebillingError('conflict', 'A save with this idempotency key is still in progress; retry with the same key to get its result.', {
        retryable: true,
      });
    }
    const previous = await findKey<PricingSnapshot>(ctx, tx, 'pricing', key);
    if (previous) {
      assertSameRequest(previous, print, 'pricing change');
      return previous.result;
    }
    await ensureAccount(ctx, tx);
    // The account row is the lock every save of this account queues on; NO KEY UPDATE leaves
    // the foreign-key checks of concurrent charges and top-ups unblocked.
    const { rows } = await tx.query<{ revision: string }>(
      `SELECT revision::text AS revision FROM ${ctx.s}.accounts WHERE account_id = $1 FOR NO KEY UPDATE`,
      [ctx.accountId],
    );
    if (rows[0]?.revision !== options.expectedRevision) {
      throw new RebillingError(
        'conflict',
        'Prices were changed elsewhere since they were loaded. Load the latest prices, then decide which to keep.',
      );
    }
    const current = await readPricing(ctx, tx);
    const errors = pricingChangeErrors(parsed, current);
    if (errors.length > 0) throw RebillingError.validation('The pricing change was rejected', errors);

    const { rows: bumped } = await tx.query<{ revision: string }>(
      `UPDATE ${ctx.s}.accounts SET revision = revision + 1 WHERE account_id = $1 RETURNING revision::text AS revision`,
      [ctx.accountId],
    );
    const revision = bumped[0]!.revision;
    const at = ctx.now().toISOString();
    const products = structuredClone(current.products);
    for (const [id, rule] of Object.entries(parsed.products) as Array<[ProductId, PricingRule | undefined]>) {
      if (!rule) continue;
      const from = current.products[id].rule;
      const to = ruleOf(rule.type, ruleValue(rule));
      await tx.query(
        `INSERT INTO ${ctx.s}.prices (account_id, product, rule_type, value, updated_at)
         VALUES ($1, $2, $3, $4::numeric, $5::timestamptz)
         ON CONFLICT (account_id, product) DO UPDATE
           SET rule_type = EXCLUDED.rule_type, value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
        [ctx.accountId, id, to.type, ruleValue(to), at],
      );
      await tx.query(
        `INSERT INTO ${ctx.s}.price_history
           (account_id, revision, product, actor, at, from_rule_type, from_value, to_rule_type, to_value, you_pay)
         VALUES ($1, $2::bigint, $3, $4, $5::timestamptz, $6, $7::numeric, $8, $9::numeric, $10::numeric)`,
        [ctx.accountId, revision, id, ctx.actor ?? null, at, from.type, ruleValue(from), to.type, ruleValue(to), current.products[id].youPay],
      );
      products[id] = { ...products[id], rule: to };
    }
    const result: PricingSnapshot = { ...current, revision, products };
    await claimKey(ctx, tx, 'pricing', key, print, result);
    return result;
  });
}

/**
 * `RebillingAdapter.listPriceChanges`: the account's applied price changes, newest first
 * (optionally one product's). The cursor is the last id seen, so saves landing between pages
 * never shift one.
 */
export async function listPriceChanges(
  ctx: AccountContext,
  query: { product?: ProductId; cursor?: string; limit?: number } = {},
  options: { signal?: AbortSignal } = {},
): Promise<PriceChangePage> {
  throwIfAborted(options.signal);
  const limit = query.limit ?? 50;
  const invalid = (path: string, message: string) => RebillingError.validation('Invalid price history query', [{ path, message }]);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid('limit', 'must be a whole number from 1 to 200');
  if (query.product !== undefined && !PRODUCT_IDS.includes(query.product)) throw invalid('product', `must be one of ${PRODUCT_IDS.join(', ')}`);
  if (query.cursor !== undefined && !/^[1-9]\d{0,17}$/.test(query.cursor)) throw invalid('cursor', 'is not a cursor this history gave');
  const { rows } = await ctx.db.query<{
    id: string;
    at: Date | string;
    actor: string | null;
    product: ProductId;
    revision: string;
    from_rule_type: PricingRule['type'];
    from_value: string;
    to_rule_type: PricingRule['type'];
    to_value: string;
    you_pay: string;
  }>(
    `SELECT id::text AS id, at, actor, product, revision::text AS revision, from_rule_type, from_value::text AS from_value,
            to_rule_type, to_value::text AS to_value, you_pay::text AS you_pay
       FROM ${ctx.s}.price_history
      WHERE account_id = $1 AND ($2::text IS NULL OR product = $2) AND ($3::bigint IS NULL OR id < $3::bigint)
      ORDER BY id DESC LIMIT $4`,
    [ctx.accountId, query.product ?? null, query.cursor ?? null, limit + 1],
  );
  const entries: PriceChange[] = rows.slice(0, limit).map((row) => ({
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    product: row.product,
    revision: row.revision,
    from: ruleOf(row.from_rule_type, row.from_value),
    to: ruleOf(row.to_rule_type, row.to_value),
    youPayAtTheTime: toDecimalString(toDecimal(row.you_pay)),
  }));
  return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null };
}
