/**
 * OneBalance funds checks: before usage (SMS, email, Lightning Domains) is charged, the
 * sub-account's wallet is checked first, then the main account's. Only when both hold are both
 * debited: the sub-account its price, the main account You Pay.
 *
 * ```ts
 * const result = checkUsageFunds({
 *   subAccountBalance: '12.40',
 *   mainAccountBalance: '250',
 *   unitPrices: quote(snapshot.products.sms), // or { subAccountPays, youPay }
 *   quantity: 1200,                           // segments
 *   currency: snapshot.currency,
 * });
 * if (!result.ok && result.reason === 'sub-account-insufficient') askToAddFunds(result.shortfall);
 * if (!result.ok && result.reason === 'main-account-insufficient') tellToContactAdministrator();
 * ```
 *
 * ## No rounding
 * Wallet debits are **exact**: given unit prices and a quantity, each side is debited
 * `unit price × quantity` to the last digit, never rounded to the currency's minor unit (a
 * OneBalance balance holds fractions of a cent). One email at $0.002025 debits $0.002025, not
 * $0.00, and 10,000 of them debit exactly $20.25. Rounding is only for money moved on a card
 * (`chargeTotal`). Charges computed elsewhere can be passed as `subAccountCharge` /
 * `mainAccountCharge` instead: they are taken exactly as given.
 *
 * ## Balances
 * A wallet holds enough when its balance is at least the charge. A balance may be negative (an
 * overdrawn wallet); it then holds enough for nothing, not even a zero charge, and the shortfall
 * brings it back to the charge.
 *
 * @module
 */
import type { DecimalString } from './contract.js';
import { type Decimal, compare, isNegative, multiplyByInteger, subtract, toDecimal, toDecimalString } from './decimal.js';
import { isKnownCurrency } from './money.js';
import type { Quote } from './pricing.js';

/** The two OneBalance wallets a usage charge draws on. */
export interface UsageBalances {
  /** The sub-account's wallet balance, in the currency's major unit. */
  subAccountBalance: DecimalString;
  /** The main account's (the owner's) wallet balance. */
  mainAccountBalance: DecimalString;
}

/** Usage given as per-unit prices and a count: the exact charges are computed here. Preferred. */
export interface UsageFundsUnitsInput extends UsageBalances {
  /** Per-unit prices, exact: a {@link Quote} or any object with these two fields. */
  unitPrices: Pick<Quote, 'subAccountPays' | 'youPay'>;
  /** Units used: segments, emails, domains. A non-negative whole number. */
  quantity: number;
  /** ISO 4217. Optional and only checked: usage debits are exact in every currency. */
  currency?: string;
}

/** Usage given as the two totals to charge, computed by the caller; used exactly. */
export interface UsageFundsChargesInput extends UsageBalances {
  /** What the sub-account is charged (its price × quantity). Not negative. */
  subAccountCharge: DecimalString;
  /** What the main account is charged (You Pay × quantity). Not negative. */
  mainAccountCharge: DecimalString;
}

export type UsageFundsInput = UsageFundsUnitsInput | UsageFundsChargesInput;

/** An amount for each wallet. */
export interface UsageAmounts {
  subAccount: DecimalString;
  mainAccount: DecimalString;
}

/**
 * Why a usage charge cannot go ahead.
 * - `'sub-account-insufficient'`: the sub-account's wallet is short; ask it to add funds.
 * - `'main-account-insufficient'`: the sub-account has funds but the main account is short;
 *   tell the sub-account to contact its administrator (do not show it the main balance).
 */
export type UsageFundsShortReason = 'sub-account-insufficient' | 'main-account-insufficient';

export type UsageFundsResult =
  | {
      ok: true;
      /** What to debit from each wallet: the sub-account its price, the main account You Pay. */
      debits: UsageAmounts;
      /** Each wallet's balance after the debits. */
      balancesAfter: UsageAmounts;
    }
  | {
      ok: false;
      reason: UsageFundsShortReason;
      /** How much more the short wallet needs to cover its charge; always positive. */
      shortfall: DecimalString;
      /** What each wallet would have been charged. Nothing is debited. */
      charges: UsageAmounts;
    };

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 50)) : `${typeof value} ${String(value).slice(0, 50)}`;
}

function decimalField(value: unknown, field: string, options: { nonNegative: boolean }): Decimal {
  let decimal: Decimal;
  try {
    decimal = toDecimal(value as DecimalString);
  } catch {
    throw new RangeError(
      `${field} must be a decimal string such as "12.5"; got ${describe(value)}.`,
    );
  }
  if (options.nonNegative && isNegative(decimal)) {
    throw new RangeError(`${field} cannot be negative; got "${String(value)}".`);
  }
  return decimal;
}

/**
 * The two wallet debits for `quantity` units at `unitPrices`, exact (never rounded): the
 * sub-account `subAccountPays × quantity`, the main account `youPay × quantity`.
 *
 * @throws {RangeError} for a price that is not a non-negative decimal string, a quantity that is
 *   not a non-negative whole number, or a currency given that is not ISO 4217.
 */
export function usageCharges(input: Pick<UsageFundsUnitsInput, 'unitPrices' | 'quantity' | 'currency'>): UsageAmounts {
  const { unitPrices, quantity, currency } = input;
  if (currency !== undefined && !isKnownCurrency(currency)) {
    throw new RangeError(`currency must be an ISO 4217 code such as "USD"; got ${describe(currency)}.`);
  }
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`quantity must be a non-negative whole number; got ${String(quantity)}.`);
  }
  const subAccountPays = decimalField(unitPrices?.subAccountPays, 'unitPrices.subAccountPays', { nonNegative: true });
  const youPay = decimalField(unitPrices?.youPay, 'unitPrices.youPay', { nonNegative: true });
  return {
    subAccount: toDecimalString(multiplyByInteger(subAccountPays, quantity)),
    mainAccount: toDecimalString(multiplyByInteger(youPay, quantity)),
  };
}

/**
 * Runs the two OneBalance checks for one usage charge, sub-account wallet first, then main
 * account, and says what to debit or why not. Pure: it debits nothing itself.
 *
 * Pass either `unitPrices` + `quantity` (preferred: the exact debits are computed here) or
 * `subAccountCharge` + `mainAccountCharge` (totals you computed).
 *
 * @throws {RangeError} naming the field, for a balance, price or charge that is not a decimal
 *   string, a negative price or charge, a bad quantity or currency, or an input that mixes both
 *   forms.
 */
export function checkUsageFunds(input: UsageFundsInput): UsageFundsResult {
  const hasUnits = 'unitPrices' in input || 'quantity' in input;
  const hasCharges = 'subAccountCharge' in input || 'mainAccountCharge' in input;
  if (hasUnits === hasCharges) {
    throw new RangeError(
      'Pass either unitPrices, quantity and currency, or subAccountCharge and mainAccountCharge, not both or neither.',
    );
  }
  const subBalance = decimalField(input.subAccountBalance, 'subAccountBalance', { nonNegative: false });
  const mainBalance = decimalField(input.mainAccountBalance, 'mainAccountBalance', { nonNegative: false });
  const charges =
    'unitPrices' in input || 'quantity' in input
      ? usageCharges(input as UsageFundsUnitsInput)
      : {
          subAccount: toDecimalString(decimalField(input.subAccountCharge, 'subAccountCharge', { nonNegative: true })),
          mainAccount: toDecimalString(decimalField(input.mainAccountCharge, 'mainAccountCharge', { nonNegative: true })),
        };
  const subCharge = toDecimal(charges.subAccount);
  const mainCharge = toDecimal(charges.mainAccount);

  if (compare(subBalance, subCharge) < 0) {
    return { ok: false, reason: 'sub-account-insufficient', shortfall: toDecimalString(subtract(subCharge, subBalance)), charges };
  }
  if (compare(mainBalance, mainCharge) < 0) {
    return { ok: false, reason: 'main-account-insufficient', shortfall: toDecimalString(subtract(mainCharge, mainBalance)), charges };
  }
  return {
    ok: true,
    debits: charges,
    balancesAfter: {
      subAccount: toDecimalString(subtract(subBalance, subCharge)),
      mainAccount: toDecimalString(subtract(mainBalance, mainCharge)),
    },
  };
}
