/**
 * Metering: one usage charge runs the seed's two OneBalance checks and both debits in **one
 * transaction**: the sub-account wallet first, then the main wallet, each a conditional
 * `UPDATE … WHERE balance >= debit`, then both ledger entries. Every charge locks the two rows
 * in that order, so concurrent charges queue instead of deadlocking, and nothing is debited on
 * one side without the other. Each debit and its ledger entry are one statement, so a wallet's
 * row lock is held for one statement and the commit. Debits are exact (core's `usageCharges`: no rounding).
 */
import {
  RebillingError,
  compare,
  countSmsSegments,
  isBillableUsage,
  resalePrice,
  subtract,
  toDecimal,
  toDecimalString,
  usageCharges,
  youPayFor,
  type DecimalString,
  type PricingRule,
  type SmsSegmentRule,
} from '@rebill-kit/core';
import { defaultRule } from './catalog.js';
import type { AccountContext } from './context.js';
import type { Queryable } from './db.js';
import { type ReservedRecharge, reserveAutoRecharge } from './auto-recharge.js';
import { assertSameRequest, checkIdempotencyKey, claimKey, fingerprint } from './idempotency.js';
import { checkSubAccountId, money } from './wallets.js';

/** Products drawn from OneBalance wallets (add-ons are charged to a card instead). */
export type UsageProduct = 'sms' | 'email' | 'lightningDomains';

const USAGE_PRODUCTS: readonly UsageProduct[] = ['sms', 'email', 'lightningDomains'];

export interface ChargeUsageInput {
  /** One effect per key and account; a retry with the same key returns the first result. */
  idempotencyKey: string;
  subAccountId: string;
  product: UsageProduct;
  /** Units: emails or domains (default 1); SMS segments when no `sms` text is given. */
  quantity?: number;
  /** The message: its segments are counted by the account's rule (default `'flat-160'`). */
  sms?: { text: string; direction: 'inbound' | 'outbound'; fieldLengths?: Record<string, number> };
  /** Only outbound email is billed; inbound answers `not-billable`. Default outbound. */
  email?: { direction: 'inbound' | 'outbound' };
  /** ISO 3166 alpha-2 for the country's You Pay (from the catalog's `countryRates`); default the baseline. */
  country?: string;
  /** When the usage happened (ISO 8601 or a Date), kept with the ledger entries. Default now. */
  at?: string | Date;
}

export type ChargeUsageResult =
  | { status: 'charged'; quantity: number; subAccountDebit: DecimalString; mainAccountDebit: DecimalString; replayed: boolean }
  | { status: 'not-billable' }
  | { status: 'sub-account-needs-funds'; shortfall: DecimalString }
  | { status: 'main-account-needs-funds' };

type Charged = Extract<ChargeUsageResult, { status: 'charged' }>;

/** Thrown inside the transaction to roll it back (the claimed key included) and answer this. */
class NotCharged {
  constructor(readonly result: ChargeUsageResult) {}
}

function invalid(message: string, path: string, problem: string): RebillingError {
  return RebillingError.validation(message, [{ path, message: problem }]);
}

function checkDirection(value: unknown, path: string): 'inbound' | 'outbound' {
  if (value !== 'inbound' && value !== 'outbound') throw invalid(`${path} must be 'inbound' or 'outbound'.`, path, "must be 'inbound' or 'outbound'");
  return value;
}

function checkQuantity(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalid('quantity must be a whole number of at least 1.', 'quantity', 'must be a whole number of at least 1');
  }
  return value;
}

interface Request {
  key: string;
  subAccountId: string;
  product: UsageProduct;
  /** Units, or the SMS text whose segments are counted under the account's rule. */
  quantity: number | undefined;
  sms: ChargeUsageInput['sms'] | undefined;
  country: string | undefined;
  usedAt: string | undefined;
}

/** Checks the input; `undefined` when the usage is not billable (inbound email). */
function parseRequest(input: ChargeUsageInput): Request | undefined {
  if (typeof input !== 'object' || input === null) throw invalid('chargeUsage needs an input object.', 'input', 'is required');
  const key = checkIdempotencyKey(input.idempotencyKey);
  const subAccountId = checkSubAccountId(input.subAccountId);
  const { product } = input;
  if (!USAGE_PRODUCTS.includes(product)) {
    throw invalid(
      `product must be one of ${USAGE_PRODUCTS.join(', ')}; phone numbers and listings are add-ons charged to a card, not OneBalance usage.`,
      'product',
      `must be one of ${USAGE_PRODUCTS.join(', ')}`,
    );
  }
  if (input.country !== undefined && (typeof input.country !== 'string' || !/^[A-Za-z]{2}$/.test(input.country))) {
    throw invalid('country must be an ISO 3166 alpha-2 code such as "US".', 'country', 'must be an ISO 3166 alpha-2 code');
  }
  let usedAt: string | undefined;
  if (input.at !== undefined) {
    const date = input.at instanceof Date ? input.at : typeof input.at === 'string' ? new Date(input.at) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw invalid('at must be an ISO 8601 time or a Date.', 'at', 'must be an ISO 8601 time');
    usedAt = date.toISOString();
  }
  let quantity: number | undefined;
  let sms: Request['sms'];
  if (product === 'sms') {
    if ((input.sms === undefined) === (input.quantity === undefined)) {
      throw invalid('For SMS pass either sms: { text, direction } (segments are counted) or quantity (segments), not both.', 'sms', 'or quantity is required');
    }
    if (input.sms !== undefined) {
      if (typeof input.sms?.text !== 'string') throw invalid('sms.text must be the message text.', 'sms.text', 'must be a string');
      // Both directions are billed; the direction is still checked so that a typo is not free.
      isBillableUsage('sms', checkDirection(input.sms.direction, 'sms.direction'));
      sms = { text: input.sms.text, direction: input.sms.direction, ...(input.sms.fieldLengths ? { fieldLengths: input.sms.fieldLengths } : {}) };
    } else {
      quantity = checkQuantity(input.quantity);
    }
  } else {
    if (input.sms !== undefined) throw invalid('sms applies to product "sms" only.', 'sms', 'applies to product "sms" only');
    if (product === 'email') {
      const direction = input.email === undefined ? 'outbound' : checkDirection(input.email?.direction, 'email.direction');
      if (!isBillableUsage('email', direction)) return undefined;
    } else if (input.email !== undefined) {
      throw invalid('email applies to product "email" only.', 'email', 'applies to product "email" only');
    }
    quantity = checkQuantity(input.quantity ?? 1);
  }
  return { key, subAccountId, product, quantity, sms, country: input.country?.toUpperCase(), usedAt };
}

function segmentsOf(sms: NonNullable<Request['sms']>, rule: SmsSegmentRule): number {
  let count;
  try {
    count = countSmsSegments(sms.text, { rule, ...(sms.fieldLengths ? { fieldLengths: sms.fieldLengths } : {}) });
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error), 'sms.fieldLengths', 'is invalid');
  }
  if (count.unknownFields.length > 0) {
    throw invalid(
      `The SMS has merge fields without a length: ${count.unknownFields.map((name) => `{{${name}}}`).join(', ')}. Pass sms.fieldLengths for them, or the merged text.`,
      'sms.fieldLengths',
      `needs ${count.unknownFields.join(', ')}`,
    );
  }
  return count.segments;
}

interface UsageEntry {
  key: string;
  at: string;
  usedAt: string;
  product: UsageProduct;
  quantity: number;
  description: string;
}

/**
 * Debits `amount` from one wallet if it holds it and writes its ledger entry, in one statement
 * (so the wallet's row lock is held as briefly as possible): the new balance, or `undefined`
 * when the wallet is short (nothing written).
 */
async function debit(ctx: AccountContext, tx: Queryable, subAccountId: string, amount: DecimalString, entry: UsageEntry): Promise<string | undefined> {
  const { rows } = await tx.query<{ balance: string }>(
    `WITH debited AS (
       UPDATE ${ctx.s}.wallets SET balance = balance - $3::numeric
        WHERE account_id = $1 AND sub_account_id = $2 AND balance >= $3::numeric
        RETURNING balance
     )
     INSERT INTO ${ctx.s}.ledger
       (account_id, sub_account_id, at, used_at, type, product, quantity, amount, balance_after, description, idempotency_key)
     SELECT $1, $2, $4::timestamptz, $5::timestamptz, 'usage', $6, $7, -($3::numeric), balance, $8, $9 FROM debited
     RETURNING balance_after::text AS balance`,
    [ctx.accountId, subAccountId, amount, entry.at, entry.usedAt, entry.product, entry.quantity, entry.description, entry.key],
  );
  return rows[0]?.balance;
}

async function balanceOf(ctx: AccountContext, tx: Queryable, subAccountId: string): Promise<DecimalString> {
  const { rows } = await tx.query<{ balance: string }>(
    `SELECT balance::text AS balance FROM ${ctx.s}.wallets WHERE account_id = $1 AND sub_account_id = $2`,
    [ctx.accountId, subAccountId],
  );
  return money(rows[0]?.balance ?? '0');
}

/** Opens a never-funded wallet at 0, so that a free charge (a price of 0) can be recorded on it. */
async function openWallet(ctx: AccountContext, tx: Queryable, subAccountId: string): Promise<void> {
  await tx.query(`INSERT INTO ${ctx.s}.wallets (account_id, sub_account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [ctx.accountId, subAccountId]);
}

/**
 * Charges one usage: both checks, both debits, both ledger entries, in one transaction.
 * A `needs-funds` outcome is **not** remembered under the key: the same key retried after funds
 * are added can succeed. A `charged` outcome is, until the key expires.
 */
export async function chargeUsage(
  ctx: AccountContext,
  input: ChargeUsageInput,
  /** Runs after commit when this charge's main debit crossed the auto-recharge threshold. */
  afterCrossing?: (recharge: ReservedRecharge) => Promise<void>,
): Promise<ChargeUsageResult> {
  const request = parseRequest(input);
  if (!request) return { status: 'not-billable' };
  const catalog = ctx.catalog();
  const print = fingerprint({ ...request, key: undefined });
  let crossing: ReservedRecharge | undefined;
  try {
    const result = await ctx.db.transaction(async (tx): Promise<ChargeUsageResult> => {
      // The sub-account's own rule (per-sub-account override) wins over the account-wide one.
      const { rows } = await tx.query<{ sms_segment_rule: SmsSegmentRule | null; rule_type: PricingRule['type'] | null; value: string | null }>(
        `SELECT a.sms_segment_rule, COALESCE(o.rule_type, p.rule_type) AS rule_type, COALESCE(o.value, p.value)::text AS value
           FROM (SELECT $1::text AS account_id) AS requested
           LEFT JOIN ${ctx.s}.accounts AS a ON a.account_id = requested.account_id
           LEFT JOIN ${ctx.s}.prices AS p ON p.account_id = requested.account_id AND p.product = $2
           LEFT JOIN ${ctx.s}.price_overrides AS o ON o.account_id = requested.account_id AND o.sub_account_id = $3 AND o.product = $2`,
        [ctx.accountId, request.product, request.subAccountId],
      );
      const row = rows[0];
      const quantity = request.sms ? segmentsOf(request.sms, row?.sms_segment_rule ?? 'flat-160') : request.quantity!;
      if (quantity === 0) throw new NotCharged({ status: 'not-billable' });
      const pricing = catalog.products[request.product];
      const rule: PricingRule =
        row?.rule_type && row.value !== null
          ? row.rule_type === 'multiplier'
            ? { type: 'multiplier', multiplier: money(row.value) }
            : { type: 'fixed', price: money(row.value) }
          : defaultRule(request.product, pricing);
      const youPay = youPayFor({ ...pricing, rule }, request.country);
      const debits = usageCharges({ unitPrices: { youPay, subAccountPays: resalePrice(rule, youPay) }, quantity });
      const charged: Omit<Charged, 'replayed'> = {
        status: 'charged',
        quantity,
        subAccountDebit: debits.subAccount,
        mainAccountDebit: debits.mainAccount,
      };

      const previous = await claimKey(ctx, tx, 'charge', request.key, print, charged);
      if (previous) {
        assertSameRequest(previous, print, 'usage charge');
        return { ...(previous.result as Omit<Charged, 'replayed'>), replayed: true };
      }

      const at = ctx.now().toISOString();
      const label = request.product === 'sms' ? `SMS${request.sms ? ` ${request.sms.direction}` : ''}` : request.product === 'email' ? 'Email' : 'Lightning Domains';
      const units = `${quantity} ${request.product === 'sms' ? 'segment' : request.product === 'email' ? 'email' : 'domain'}${quantity === 1 ? '' : 's'}`;
      const entry = { key: request.key, at, usedAt: request.usedAt ?? at, product: request.product, quantity, description: `${label}: ${units}` };
      const mainEntry = { ...entry, description: `${label}: ${units} for sub-account ${request.subAccountId}` };

      // Lock order: the sub-account's wallet, then the main wallet.
      if ((await debit(ctx, tx, request.subAccountId, debits.subAccount, entry)) === undefined) {
        const shortfall = subtract(toDecimal(debits.subAccount), toDecimal(await balanceOf(ctx, tx, request.subAccountId)));
        if (compare(shortfall, toDecimal('0')) > 0) throw new NotCharged({ status: 'sub-account-needs-funds', shortfall: toDecimalString(shortfall) });
        await openWallet(ctx, tx, request.subAccountId);
        await debit(ctx, tx, request.subAccountId, debits.subAccount, entry);
      }
      let mainBalance = await debit(ctx, tx, '', debits.mainAccount, mainEntry);
      if (mainBalance === undefined) {
        if (compare(toDecimal(debits.mainAccount), toDecimal(await balanceOf(ctx, tx, ''))) > 0) {
          throw new NotCharged({ status: 'main-account-needs-funds' });
        }
        await openWallet(ctx, tx, '');
        mainBalance = await debit(ctx, tx, '', debits.mainAccount, mainEntry);
      }
      // Still under the main wallet's row lock: exactly one debit sees the balance cross the threshold.
      if (afterCrossing && mainBalance !== undefined) crossing = await reserveAutoRecharge(ctx, tx, money(mainBalance), debits.mainAccount);
      return { ...charged, replayed: false };
    });
    if (crossing && afterCrossing) await afterCrossing(crossing);
    return result;
  } catch (error) {
    if (error instanceof NotCharged) return error.result;
    throw error;
  }
}

export { type SmsSegmentRule };
