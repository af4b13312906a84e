/**
 * The example's own JSON routes (the host's side: its sub-accounts, what they send and buy),
 * shared by the page and the server. The rebilling panel does not use these: it talks to the
 * REST contract under /api/rebilling through createHttpAdapter.
 */
import type { AddonPurchaseStatus, DecimalString } from '@rebill-kit/core';

export type AddonProduct = 'phoneNumbers' | 'listings';

export interface SubAccountView {
  id: string;
  name: string;
  /** The sub-account's OneBalance wallet, exact (fractions of a cent). */
  balance: DecimalString;
}

export interface AddonView {
  id: string;
  subAccountId: string;
  product: AddonProduct;
  /** The purchase's state (core's `AddonPurchaseStatus`): `active` only after the owner's You Pay charge succeeded. */
  status: AddonPurchaseStatus;
}

export interface NotificationView {
  id: string;
  at: string;
  message: string;
}

/** Everything the Sub-accounts page shows, read in one request. */
export interface Overview {
  currency: string;
  /** The owner's main OneBalance wallet, exact. */
  mainBalance: DecimalString;
  /** What sub-accounts paid for usage minus what the owner paid (You Pay), from the ledgers. */
  usageProfit: DecimalString;
  subAccounts: SubAccountView[];
  addons: AddonView[];
  notifications: NotificationView[];
  /** Whether the deterministic test gateway stands in for Stripe (the demo's decline switch works). */
  testPayments: boolean;
}

/** The result of sending one message (or one batch) through `chargeUsage`. */
export type UsageOutcome =
  | { status: 'charged'; sent: number; quantity: number; subAccountDebit: DecimalString; mainAccountDebit: DecimalString }
  | { status: 'sub-account-needs-funds'; sent: number; shortfall: DecimalString }
  | { status: 'main-account-needs-funds'; sent: number };

export interface SimulationResult {
  events: number;
  charged: number;
  subAccountShort: number;
  mainAccountShort: number;
  ms: number;
}

/** A request body the server refused, with its message (which names the fix). */
export class ApiError extends Error {}

export async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const data = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new ApiError(data?.error?.message ?? `The server answered ${response.status}.`);
  return data as T;
}
