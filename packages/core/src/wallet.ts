/**
 * The owner's main OneBalance wallet: its settings (low-balance warning, auto-recharge) checked
 * the same way in the browser, the memory adapter and the server, and the one rule for how much
 * an auto-recharge tops up.
 */
import * as v from 'valibot';
import type { AutoRecharge, DecimalString, OwnerWallet, WalletSettings } from './contract.js';
import { MAX_DECIMAL_STRING_LENGTH, compare, isDecimalString, isNegative, subtract, toDecimal, toDecimalString, roundDecimal } from './decimal.js';
import { type FieldError, RebillingError } from './errors.js';
import { currencyDecimals, isKnownCurrency } from './money.js';
import { checkFixedPrice } from './pricing.js';

/** A new account's settings: no warning, auto-recharge off (the amounts are a starting point to edit). */
export const DEFAULT_WALLET_SETTINGS: WalletSettings = {
  lowBalanceThreshold: null,
  autoRecharge: { enabled: false, threshold: '10', target: '50', monthlyCap: '200' },
};

const decimalString = v.pipe(
  v.string('must be a decimal string such as "25.00", not a number'),
  v.maxLength(MAX_DECIMAL_STRING_LENGTH, `must be at most ${MAX_DECIMAL_STRING_LENGTH} characters`),
  v.check((value: string) => isDecimalString(value), 'must be a decimal string such as "25.00"'),
);

const settingsSchema = v.object({
  lowBalanceThreshold: v.nullable(decimalString),
  autoRecharge: v.object(
    {
      enabled: v.boolean('must be true or false'),
      threshold: decimalString,
      target: decimalString,
      monthlyCap: decimalString,
    },
  ),
});

const walletSchema = v.object({
  ...settingsSchema.entries,
  currency: v.pipe(v.string(), v.check((value: string) => isKnownCurrency(value), 'must be an ISO 4217 code such as "USD"')),
  balance: decimalString,
  rechargedThisMonth: decimalString,
  lastRechargeFailure: v.nullable(
    v.object({
      at: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
      message: v.pipe(v.string(), v.maxLength(1000, 'is too long')),
    }),
  ),
});

function structural(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.slice(0, 20).map((issue) => ({
    path: v.getDotPath(issue) ?? '(root)',
    message: issue.message.startsWith('Invalid key:') ? 'is required' : issue.message.replace(/^Invalid type: Expected (.+) but received undefined$/, 'is missing (must be $1)'),
  }));
}

/** An amount of the wallet's settings: not negative, whole minor units (it may be charged to a card). */
function amountProblem(amount: DecimalString, currency: string): string | undefined {
  return checkFixedPrice(amount, currencyDecimals(currency), currency)?.replace(' prices are charged', ' top-ups are charged');
}

/**
 * Every problem with `settings` in `currency`; empty when they may be saved. Each amount is not
 * negative and in whole minor units (a top-up is a card charge); the target is above the
 * threshold (a top-up must lift the balance over it, or every charge would cross it again).
 */
export function walletSettingsErrors(settings: WalletSettings, currency: string): FieldError[] {
  const errors: FieldError[] = [];
  if (settings.lowBalanceThreshold !== null) {
    const problem = amountProblem(settings.lowBalanceThreshold, currency);
    if (problem) errors.push({ path: 'lowBalanceThreshold', message: problem });
  }
  for (const field of ['threshold', 'target', 'monthlyCap'] as const) {
    const problem = amountProblem(settings.autoRecharge[field], currency);
    if (problem) errors.push({ path: `autoRecharge.${field}`, message: problem });
  }
  const { threshold, target } = settings.autoRecharge;
  if (errors.length === 0 && compare(toDecimal(target), toDecimal(threshold)) <= 0) {
    errors.push({ path: 'autoRecharge.target', message: `must be above the threshold (${threshold}): a top-up brings the balance back to the target` });
  }
  return errors;
}

function canonical(settings: WalletSettings): WalletSettings {
  const c = (amount: DecimalString) => toDecimalString(toDecimal(amount));
  const { autoRecharge: a } = settings;
  return {
    lowBalanceThreshold: settings.lowBalanceThreshold === null ? null : c(settings.lowBalanceThreshold),
    autoRecharge: { enabled: a.enabled, threshold: c(a.threshold), target: c(a.target), monthlyCap: c(a.monthlyCap) },
  };
}

/**
 * Checks data claimed to be `WalletSettings` for a wallet in `currency`. Returns a clean copy,
 * decimals canonical ("25.00" → "25").
 * @throws {RebillingError} `validation`, listing every bad field with what to fix.
 */
export function parseWalletSettings(data: unknown, currency: string): WalletSettings {
  const result = v.safeParse(settingsSchema, Array.isArray(data) ? null : data);
  if (!result.success) throw RebillingError.validation('The wallet settings are malformed', structural(result.issues));
  const errors = walletSettingsErrors(result.output, currency);
  if (errors.length > 0) throw RebillingError.validation('The wallet settings were rejected', errors);
  return canonical(result.output);
}

/**
 * Checks data claimed to be an `OwnerWallet` (what `loadWallet` and `saveAutoRecharge` answer).
 * The balance may hold fractions of the minor unit (usage debits are exact); it is never negative.
 * @throws {RebillingError} `validation`, listing every bad field.
 */
export function parseOwnerWallet(data: unknown): OwnerWallet {
  const result = v.safeParse(walletSchema, Array.isArray(data) ? null : data);
  if (!result.success) throw RebillingError.validation('The wallet is malformed', structural(result.issues));
  const wallet = result.output;
  const errors = walletSettingsErrors(wallet, wallet.currency);
  for (const field of ['balance', 'rechargedThisMonth'] as const) {
    if (isNegative(toDecimal(wallet[field]))) errors.push({ path: field, message: 'cannot be negative' });
  }
  if (errors.length > 0) throw RebillingError.validation('The wallet is invalid', errors);
  return { ...wallet, ...canonical(wallet), balance: toDecimalString(toDecimal(wallet.balance)), rechargedThisMonth: toDecimalString(toDecimal(wallet.rechargedThisMonth)) };
}

/** How much a crossing charges the owner's card, or why nothing (the cap is used up; already at the target). */
export type AutoRechargeAmount =
  | { status: 'charge'; amount: DecimalString; capped: boolean }
  | { status: 'cap-reached' }
  | { status: 'none' };

/**
 * How much one threshold crossing tops up: enough to bring `balance` back to `target`, rounded
 * once (half to even) to the currency's minor unit since it is charged to a card, and never more
 * than what is left of `monthlyCap` after `rechargedThisMonth`.
 */
export function autoRechargeAmount(input: {
  balance: DecimalString;
  settings: Pick<AutoRecharge, 'target' | 'monthlyCap'>;
  rechargedThisMonth: DecimalString;
  currency: string;
}): AutoRechargeAmount {
  const decimals = currencyDecimals(input.currency);
  const wanted = roundDecimal(subtract(toDecimal(input.settings.target), toDecimal(input.balance)), decimals);
  if (compare(wanted, toDecimal('0')) <= 0) return { status: 'none' };
  const left = subtract(toDecimal(input.settings.monthlyCap), toDecimal(input.rechargedThisMonth));
  const capped = compare(wanted, left) > 0;
  const amount = capped ? left : wanted;
  if (compare(amount, toDecimal('0')) <= 0) return { status: 'cap-reached' };
  return { status: 'charge', amount: toDecimalString(amount), capped };
}
