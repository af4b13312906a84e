/**
 * The host's own JSON routes: what its sub-accounts do (send SMS and email, buy add-ons, add
 * funds), each through `@rebill-kit/server`, which holds every money rule. These are the few
 * calls a host makes from its messaging and billing code.
 */
import { type DecimalString, add, currencyDecimals, isDecimalString, isRebillingError, subtract, toDecimal, toDecimalString } from '@rebill-kit/core';
import type { RebillingAccount, TestPayments } from '@rebill-kit/server';
import type { Overview, SimulationResult, UsageOutcome } from '../src/api.ts';
import { CURRENCY, SUB_ACCOUNTS } from './seed.ts';

/** A refusal the caller can fix; its message says how. */
class BadRequest extends Error {}

const MAX_RECIPIENTS = 500;
const SIMULATED_EVENTS = 3000;
const SIMULATION_CONCURRENCY = 8;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });

async function body(request: Request): Promise<Record<string, unknown>> {
  const value: unknown = await request.json().catch(() => null);
  if (typeof value !== 'object' || value === null) throw new BadRequest('Send a JSON object with Content-Type: application/json.');
  return value as Record<string, unknown>;
}

function idempotencyKey(input: Record<string, unknown>): string {
  const key = input.idempotencyKey;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new BadRequest('idempotencyKey must be 1–200 visible ASCII characters, e.g. crypto.randomUUID().');
  }
  return key;
}

function recipients(input: Record<string, unknown>): number {
  const count = input.recipients ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_RECIPIENTS) {
    throw new BadRequest(`recipients must be a whole number from 1 to ${MAX_RECIPIENTS}.`);
  }
  return count;
}

/** A top-up is a card charge: a positive amount in whole minor units (cents). */
function topUpAmount(input: Record<string, unknown>): DecimalString {
  const amount = typeof input.amount === 'string' ? input.amount.trim() : input.amount;
  const digits = currencyDecimals(CURRENCY);
  if (typeof amount !== 'string' || !isDecimalString(amount) || toDecimal(amount).units <= 0n || toDecimal(amount).scale > digits) {
    throw new BadRequest(`amount must be a positive amount with at most ${digits} decimals, such as "25.00".`);
  }
  return amount;
}

function subAccountId(id: string): string {
  if (!SUB_ACCOUNTS.some((subAccount) => subAccount.id === id)) throw new BadRequest(`There is no sub-account "${id}".`);
  return id;
}

/** Sum of the usage entries of one wallet's ledger (negative: usage debits). */
async function usageTotal(account: RebillingAccount, wallet: 'main' | { subAccountId: string }): Promise<DecimalString> {
  let total = toDecimal('0');
  let cursor: string | undefined;
  do {
    const page = await account.listLedger({ wallet, limit: 200, ...(cursor ? { cursor } : {}) });
    for (const entry of page.entries) if (entry.type === 'usage') total = add(total, toDecimal(entry.amount));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return toDecimalString(total);
}

async function overview(account: RebillingAccount, test: TestPayments | null): Promise<Overview> {
  const subAccounts = [];
  let subUsage = toDecimal('0');
  for (const { id, name } of SUB_ACCOUNTS) {
    const { subAccount } = await account.balances({ subAccountId: id });
    subAccounts.push({ id, name, balance: subAccount ?? '0' });
    subUsage = add(subUsage, toDecimal(await usageTotal(account, { subAccountId: id })));
  }
  const { main } = await account.balances();
  const mainUsage = toDecimal(await usageTotal(account, 'main'));
  const purchases = await account.listPurchases({ limit: 50 });
  const notifications = await account.listNotifications({ limit: 10 });
  return {
    currency: CURRENCY,
    mainBalance: main,
    // Both sums are negative (debits): profit = −sub − (−main).
    usageProfit: toDecimalString(subtract(mainUsage, subUsage)),
    subAccounts,
    addons: purchases.map(({ id, subAccountId, product, status }) => ({ id, subAccountId, product, status })),
    notifications: notifications.map(({ id, at, message }) => ({ id, at, message })),
    testPayments: test !== null,
  };
}

/** Sends `count` messages, one charge each, stopping at the first one a wallet cannot cover. */
async function sendUsage(
  account: RebillingAccount,
  input: { subAccountId: string; product: 'sms' | 'email'; text?: string; count: number; key: string },
): Promise<UsageOutcome> {
  let quantity = 0;
  let subAccountDebit = toDecimal('0');
  let mainAccountDebit = toDecimal('0');
  for (let i = 0; i < input.count; i++) {
    const result = await account.chargeUsage({
      idempotencyKey: `${input.key}:${i}`,
      subAccountId: input.subAccountId,
      product: input.product,
      ...(input.product === 'sms' ? { sms: { text: input.text ?? '', direction: 'outbound' as const } } : { email: { direction: 'outbound' as const } }),
    });
    if (result.status === 'sub-account-needs-funds') return { status: result.status, sent: i, shortfall: result.shortfall };
    if (result.status === 'main-account-needs-funds') return { status: result.status, sent: i };
    if (result.status === 'charged') {
      quantity += result.quantity;
      subAccountDebit = add(subAccountDebit, toDecimal(result.subAccountDebit));
      mainAccountDebit = add(mainAccountDebit, toDecimal(result.mainAccountDebit));
    }
  }
  return {
    status: 'charged',
    sent: input.count,
    quantity,
    subAccountDebit: toDecimalString(subAccountDebit),
    mainAccountDebit: toDecimalString(mainAccountDebit),
  };
}

/** A day of traffic: SMS in and out and emails across the sub-accounts, a few at a time. */
async function simulateDay(account: RebillingAccount, key: string): Promise<SimulationResult> {
  const started = performance.now();
  const counts = { charged: 0, subAccountShort: 0, mainAccountShort: 0 };
  // One, two and one segment(s) under the default flat-160 rule.
  const texts = ['Your order is ready for pickup.', 'Reminder: your appointment is tomorrow at 9:30. Reply C to confirm or R to reschedule, and we will get back to you within the hour. Parking is free behind the building.', 'Thanks!'];
  let next = 0;
  const worker = async () => {
    while (next < SIMULATED_EVENTS) {
      const i = next++;
      const subAccount = SUB_ACCOUNTS[i % SUB_ACCOUNTS.length]!;
      const sms = i % 5 < 3;
      const result = await account.chargeUsage({
        idempotencyKey: `${key}:${i}`,
        subAccountId: subAccount.id,
        product: sms ? 'sms' : 'email',
        ...(sms
          ? { sms: { text: texts[i % texts.length]!, direction: i % 4 === 0 ? ('inbound' as const) : ('outbound' as const) } }
          : { email: { direction: 'outbound' as const } }),
      });
      if (result.status === 'charged') counts.charged++;
      else if (result.status === 'sub-account-needs-funds') counts.subAccountShort++;
      else if (result.status === 'main-account-needs-funds') counts.mainAccountShort++;
    }
  };
  await Promise.all(Array.from({ length: SIMULATION_CONCURRENCY }, worker));
  return { events: SIMULATED_EVENTS, ...counts, ms: Math.round(performance.now() - started) };
}

/** Answers the example's routes under /api (except /api/rebilling), or null for any other path. */
export async function hostRoute(request: Request, account: RebillingAccount, test: TestPayments | null): Promise<Response | null> {
  const { pathname } = new URL(request.url);
  const post = request.method === 'POST';
  try {
    if (pathname === '/api/overview' && request.method === 'GET') return json(200, await overview(account, test));
    if (pathname === '/api/simulate-day' && post) return json(200, await simulateDay(account, idempotencyKey(await body(request))));
    if (pathname === '/api/main/funds' && post) {
      const input = await body(request);
      await account.addFunds({ wallet: 'main', amount: topUpAmount(input), idempotencyKey: idempotencyKey(input), description: 'Funds added by the owner' });
      return json(200, await account.balances());
    }
    if (pathname === '/api/demo/decline-owner-charge' && post && test) {
      test.script({ payer: 'owner', outcome: 'decline' });
      return json(200, { scripted: true });
    }
    const retry = /^\/api\/addons\/([\w-]+)\/retry$/.exec(pathname);
    if (retry && post) return json(200, await account.retryOwnerCharge(retry[1]!));

    const match = /^\/api\/sub-accounts\/([\w-]+)\/(sms|email|addons|funds)$/.exec(pathname);
    if (!match || !post) return null;
    const id = subAccountId(match[1]!);
    const input = await body(request);
    const key = idempotencyKey(input);
    switch (match[2]) {
      case 'sms': {
        if (typeof input.text !== 'string' || input.text.length === 0 || input.text.length > 2000) {
          throw new BadRequest('text must be the message to send, 1–2000 characters.');
        }
        return json(200, await sendUsage(account, { subAccountId: id, product: 'sms', text: input.text, count: recipients(input), key }));
      }
      case 'email':
        return json(200, await sendUsage(account, { subAccountId: id, product: 'email', count: recipients(input), key }));
      case 'addons': {
        if (input.product !== 'phoneNumbers' && input.product !== 'listings') throw new BadRequest('product must be "phoneNumbers" or "listings".');
        return json(200, await account.purchaseAddon({ subAccountId: id, product: input.product, idempotencyKey: key }));
      }
      default: {
        await account.addFunds({ wallet: { subAccountId: id }, amount: topUpAmount(input), idempotencyKey: key, description: 'Funds added by card' });
        return json(200, await account.balances({ subAccountId: id }));
      }
    }
  } catch (error) {
    if (error instanceof BadRequest) return json(400, { error: { code: 'validation', message: error.message } });
    if (isRebillingError(error) && error.code === 'validation') return json(400, { error: { code: 'validation', message: error.message } });
    throw error;
  }
}
