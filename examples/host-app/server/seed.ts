/**
 * Sample data: the platform's costs (You Pay) and, on first run, three sub-accounts with
 * funded wallets. A host loads its catalog from its own provider contracts and its
 * sub-accounts from its own tables.
 */
import { PRODUCT_IDS, SAMPLE_PRODUCTS, type ProductId } from '@rebill-kit/core';
import type { RebillingServer } from '@rebill-kit/server';

export const CURRENCY = 'USD';

/** The host's sub-accounts (its own table in a real app). The last starts nearly empty. */
export const SUB_ACCOUNTS = [
  { id: 'sub_rosas_bakery', name: "Rosa's Bakery", funds: '40' },
  { id: 'sub_northside_dental', name: 'Northside Dental', funds: '15' },
  { id: 'sub_lumen_yoga', name: 'Lumen Yoga', funds: '0.50' },
] as const;

const MAIN_FUNDS = '5';

/**
 * What the platform paid when the sample prices were set: Listings cost $25 then and $30 now,
 * so the Listings widget shows the margin-erosion notice ("Restore my margin") on the demo.
 */
const LAST_QUARTERS_COSTS: Partial<Record<ProductId, string>> = { listings: '25' };

export function setSampleCatalog(server: RebillingServer, costs: Partial<Record<ProductId, string>> = {}): void {
  const products = Object.fromEntries(
    PRODUCT_IDS.map((id: ProductId) => {
      const { countryRates } = SAMPLE_PRODUCTS[id];
      const youPay = costs[id] ?? SAMPLE_PRODUCTS[id].youPay;
      return [id, countryRates ? { youPay, countryRates } : { youPay }];
    }),
  ) as Record<ProductId, { youPay: string; countryRates?: Record<string, string> }>;
  server.setCatalog({ currency: CURRENCY, products });
}

/**
 * Tells the server the sub-accounts' names, so the panel's sub-account picker lists them
 * (per-sub-account prices). On every start: a real host calls it when it creates or renames one.
 */
export async function registerSubAccounts(server: RebillingServer, accountId: string): Promise<void> {
  const account = server.account(accountId);
  for (const subAccount of SUB_ACCOUNTS) await account.upsertSubAccount({ subAccountId: subAccount.id, name: subAccount.name });
}

/** Idempotent (fixed keys): running it twice adds the funds once. */
export async function seedAccount(server: RebillingServer, accountId: string): Promise<void> {
  const account = server.account(accountId, { actor: 'seed' });
  // The sample resale prices (a new account starts at You Pay: no markup, no profit), set while
  // last quarter's costs applied; then today's costs, as the platform's provider raised them.
  setSampleCatalog(server, LAST_QUARTERS_COSTS);
  const { revision } = await account.adapter.loadPricing();
  const rules = Object.fromEntries(PRODUCT_IDS.map((id) => [id, SAMPLE_PRODUCTS[id].rule]));
  await account.adapter.savePricing({ products: rules }, { expectedRevision: revision, idempotencyKey: 'seed:prices' });
  setSampleCatalog(server);
  await account.addFunds({ wallet: 'main', amount: MAIN_FUNDS, idempotencyKey: 'seed:main', description: 'Opening balance' });
  for (const subAccount of SUB_ACCOUNTS) {
    await account.addFunds({
      wallet: { subAccountId: subAccount.id },
      amount: subAccount.funds,
      idempotencyKey: `seed:${subAccount.id}`,
      description: 'Opening balance',
    });
  }
}
