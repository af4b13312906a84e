/**
 * The usage summary: last 30 days' billable quantity per product, for the widgets' projected
 * profit. Read from what was billed, so it agrees with the money: OneBalance usage from the main
 * wallet's ledger (one entry per charge, with the segment / email / domain count), add-ons from
 * their purchases that became active (each one purchase: they never touch the ledger).
 */
import { PRODUCT_IDS, type ProductId, type UsageSummary } from '@rebill-kit/core';
import type { AccountContext } from './context.js';

/** The window the widgets call "last 30 days" and project per month. */
export const USAGE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** `RebillingAdapter.loadUsageSummary`: the 30 days ending at the server's clock. */
export async function loadUsageSummary(ctx: AccountContext, options: { signal?: AbortSignal } = {}): Promise<UsageSummary> {
  if (options.signal?.aborted) throw options.signal.reason;
  const to = ctx.now();
  const from = new Date(to.getTime() - USAGE_WINDOW_MS);
  // The main wallet ('' sub-account) has one usage entry per charge; the sub-account's wallet has
  // the same quantity again, so counting both would double it. ledger_wallet_newest serves it.
  const { rows } = await ctx.db.query<{ product: ProductId; quantity: string }>(
    `SELECT product, sum(quantity)::text AS quantity
       FROM ${ctx.s}.ledger
      WHERE account_id = $1 AND sub_account_id = '' AND at > $2::timestamptz AND at <= $3::timestamptz
        AND type = 'usage' AND product IS NOT NULL
      GROUP BY product
     UNION ALL
     SELECT product, count(*)::text AS quantity
       FROM ${ctx.s}.addon_purchases
      WHERE account_id = $1 AND status = 'active' AND created_at > $2::timestamptz AND created_at <= $3::timestamptz
      GROUP BY product`,
    [ctx.accountId, from.toISOString(), to.toISOString()],
  );
  const quantities: UsageSummary['quantities'] = {};
  for (const row of rows) {
    if (!PRODUCT_IDS.includes(row.product)) continue;
    quantities[row.product] = (quantities[row.product] ?? 0) + Number(row.quantity);
  }
  return { from: from.toISOString(), to: to.toISOString(), quantities };
}
