/**
 * Per-sub-account overrides: the host registers its sub-accounts (id and name, shown in the
 * panel's picker); the owner may give one of them its own rule for a product. `chargeUsage` and
 * `purchaseAddon` read the override in place of the account-wide rule. An override rule is
 * validated exactly like a `savePricing` rule against the account's snapshot (core's
 * `parseOverrideInput`); saving one does not change the account's revision.
 */
import {
  MAX_SUB_ACCOUNT_NAME_LENGTH,
  PRODUCT_IDS,
  RebillingError,
  parseOverrideInput,
  toDecimal,
  toDecimalString,
  type PricingRule,
  type ProductId,
  type SubAccountOverrides,
  type SubAccountOverridesPage,
} from '@rebill-kit/core';
import type { AccountContext } from './context.js';
import type { Queryable } from './db.js';
import { assertSameRequest, checkIdempotencyKey, claimKey, findKey, fingerprint, tryLockKey } from './idempotency.js';
import { ensureAccount, readPricing } from './prices.js';
import { checkSubAccountId } from './wallets.js';

export interface UpsertSubAccountInput {
  subAccountId: string;
  /** The host's name for it, shown as is in the picker and in "Overridden for <name>". 1–200 characters. */
  name: string;
}

function ruleOf(type: PricingRule['type'], value: string): PricingRule {
  const canonical = toDecimalString(toDecimal(value));
  return type === 'multiplier' ? { type, multiplier: canonical } : { type, price: canonical };
}

function ruleValue(rule: PricingRule): string {
  return toDecimalString(toDecimal(rule.type === 'multiplier' ? rule.multiplier : rule.price));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

function unknownSubAccount(): RebillingError {
  return RebillingError.validation('Unknown sub-account: register it first with account.upsertSubAccount({ subAccountId, name }).', [
    { path: 'subAccountId', message: 'is not a registered sub-account of this account' },
  ]);
}

/** `account.upsertSubAccount`: registers a sub-account or renames it. Its overrides are kept. */
export async function upsertSubAccount(ctx: AccountContext, input: UpsertSubAccountInput): Promise<{ subAccountId: string; name: string }> {
  const subAccountId = checkSubAccountId(input?.subAccountId);
  const name = typeof input?.name === 'string' ? input.name.trim() : '';
  if (name === '' || name.length > MAX_SUB_ACCOUNT_NAME_LENGTH) {
    throw RebillingError.validation(`Pass the sub-account's name: 1–${MAX_SUB_ACCOUNT_NAME_LENGTH} characters, shown to the owner as is.`, [
      { path: 'name', message: `must be 1–${MAX_SUB_ACCOUNT_NAME_LENGTH} characters` },
    ]);
  }
  await ctx.db.transaction(async (tx) => {
    await ensureAccount(ctx, tx);
    const at = ctx.now().toISOString();
    await tx.query(
      `INSERT INTO ${ctx.s}.sub_accounts (account_id, sub_account_id, name, created_at, updated_at)
       VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz)
       ON CONFLICT (account_id, sub_account_id) DO UPDATE SET name = EXCLUDED.name, updated_at = EXCLUDED.updated_at`,
      [ctx.accountId, subAccountId, name, at],
    );
  });
  return { subAccountId, name };
}

interface OverrideRow {
  sub_account_id: string;
  name: string;
  product: ProductId | null;
  rule_type: PricingRule['type'] | null;
  value: string | null;
}

/** Groups joined rows (sub-account × override) into sub-accounts, in row order. */
function grouped(rows: OverrideRow[]): SubAccountOverrides[] {
  const byId = new Map<string, SubAccountOverrides>();
  for (const row of rows) {
    let subAccount = byId.get(row.sub_account_id);
    if (!subAccount) byId.set(row.sub_account_id, (subAccount = { subAccountId: row.sub_account_id, name: row.name, overrides: {} }));
    if (row.product && row.rule_type && row.value !== null) subAccount.overrides[row.product] = ruleOf(row.rule_type, row.value);
  }
  return [...byId.values()];
}

async function readSubAccount(ctx: AccountContext, tx: Queryable, subAccountId: string): Promise<SubAccountOverrides | undefined> {
  const { rows } = await tx.query<OverrideRow>(
    `SELECT s.sub_account_id, s.name, o.product, o.rule_type, o.value::text AS value
       FROM ${ctx.s}.sub_accounts AS s
       LEFT JOIN ${ctx.s}.price_overrides AS o ON o.account_id = s.account_id AND o.sub_account_id = s.sub_account_id
      WHERE s.account_id = $1 AND s.sub_account_id = $2
      ORDER BY o.product`,
    [ctx.accountId, subAccountId],
  );
  return grouped(rows)[0];
}

/** The override rule one sub-account has for one product, if any (read with `tx`, inside a charge's transaction). */
export async function overrideRule(ctx: AccountContext, tx: Queryable, subAccountId: string, product: ProductId): Promise<PricingRule | undefined> {
  const { rows } = await tx.query<{ rule_type: PricingRule['type']; value: string }>(
    `SELECT rule_type, value::text AS value FROM ${ctx.s}.price_overrides WHERE account_id = $1 AND sub_account_id = $2 AND product = $3`,
    [ctx.accountId, subAccountId, product],
  );
  const row = rows[0];
  return row ? ruleOf(row.rule_type, row.value) : undefined;
}

/** The keyset cursor: the last sub-account's (name, id), base64url JSON. */
function encodeCursor(subAccount: SubAccountOverrides): string {
  return Buffer.from(JSON.stringify([subAccount.name, subAccount.subAccountId])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) return value as [string, string];
  } catch {
    // reported below
  }
  throw RebillingError.validation('Unknown overrides cursor', [{ path: 'cursor', message: 'is not a cursor this list gave' }]);
}

/** `RebillingAdapter.listOverrides`: sub-accounts by name, then id (byte order), each with its overrides. */
export async function listOverrides(
  ctx: AccountContext,
  query: { cursor?: string; limit: number },
  options: { signal?: AbortSignal } = {},
): Promise<SubAccountOverridesPage> {
  throwIfAborted(options.signal);
  const { limit } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw RebillingError.validation('Invalid overrides query', [{ path: 'limit', message: 'must be a whole number from 1 to 200' }]);
  }
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  // Keyset paging: sub-accounts added or renamed between pages never repeat or shift one.
  const { rows } = await ctx.db.query<OverrideRow>(
    `SELECT s.sub_account_id, s.name, o.product, o.rule_type, o.value::text AS value
       FROM (SELECT sub_account_id, name FROM ${ctx.s}.sub_accounts
              WHERE account_id = $1 AND ($2::text IS NULL OR (name, sub_account_id) > ($2::text, $3::text))
              ORDER BY name, sub_account_id LIMIT $4) AS s
       LEFT JOIN ${ctx.s}.price_overrides AS o ON o.account_id = $1 AND o.sub_account_id = s.sub_account_id
      ORDER BY s.name, s.sub_account_id, o.product`,
    [ctx.accountId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
  );
  const subAccounts = grouped(rows);
  const page = subAccounts.slice(0, limit);
  return { subAccounts: page, nextCursor: subAccounts.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}

/** `RebillingAdapter.saveOverride`: one effect per idempotency key; the account's revision is untouched. */
export async function saveOverride(
  ctx: AccountContext,
  input: { subAccountId: string; product: ProductId; rule: PricingRule },
  options: { idempotencyKey: string; signal?: AbortSignal },
): Promise<SubAccountOverrides> {
  throwIfAborted(options.signal);
  // Structure first (for the fingerprint); range and step against the snapshot inside the transaction.
  const parsed = parseOverrideInput(input);
  const key = checkIdempotencyKey(options?.idempotencyKey);
  const print = fingerprint({ subAccountId: parsed.subAccountId, product: parsed.product, type: parsed.rule.type, value: ruleValue(parsed.rule) });
  return ctx.db.transaction(async (tx) => {
    if (!(await tryLockKey(ctx, tx, 'override', key))) {
      throw new RebillingError('conflict', 'An override save with this idempotency key is still in progress; retry with the same key to get its result.', {
        retryable: true,
      });
    }
    const previous = await findKey<SubAccountOverrides>(ctx, tx, 'override', key);
    if (previous) {
      assertSameRequest(previous, print, 'override');
      return previous.result;
    }
    parseOverrideInput(parsed, await readPricing(ctx, tx));
    const { rows } = await tx.query(
      `INSERT INTO ${ctx.s}.price_overrides (account_id, sub_account_id, product, rule_type, value, updated_at)
       SELECT account_id, sub_account_id, $3, $4, $5::numeric, $6::timestamptz FROM ${ctx.s}.sub_accounts
        WHERE account_id = $1 AND sub_account_id = $2
       ON CONFLICT (account_id, sub_account_id, product) DO UPDATE
         SET rule_type = EXCLUDED.rule_type, value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
       RETURNING 1 AS saved`,
      [ctx.accountId, parsed.subAccountId, parsed.product, parsed.rule.type, ruleValue(parsed.rule), ctx.now().toISOString()],
    );
    if (rows.length === 0) throw unknownSubAccount();
    const result = (await readSubAccount(ctx, tx, parsed.subAccountId))!;
    await claimKey(ctx, tx, 'override', key, print, result);
    return result;
  });
}

/** `RebillingAdapter.removeOverride`: the sub-account inherits again; removing a missing override is not an error. */
export async function removeOverride(
  ctx: AccountContext,
  input: { subAccountId: string; product: ProductId },
  options: { signal?: AbortSignal } = {},
): Promise<SubAccountOverrides> {
  throwIfAborted(options.signal);
  const subAccountId = checkSubAccountId(input?.subAccountId);
  if (!PRODUCT_IDS.includes(input.product)) {
    throw RebillingError.validation('The override removal was rejected', [{ path: 'product', message: `must be one of ${PRODUCT_IDS.join(', ')}` }]);
  }
  return ctx.db.transaction(async (tx) => {
    await tx.query(`DELETE FROM ${ctx.s}.price_overrides WHERE account_id = $1 AND sub_account_id = $2 AND product = $3`, [
      ctx.accountId,
      subAccountId,
      input.product,
    ]);
    const result = await readSubAccount(ctx, tx, subAccountId);
    if (!result) throw unknownSubAccount();
    return result;
  });
}
