/**
 * The add-on purchase flow (Phone Numbers, Listings) as a pure state machine.
 *
 * Add-ons bypass OneBalance: the sub-account's card is charged the resale price through the
 * owner's Stripe, then the platform charges the owner's card You Pay. The add-on is active only
 * once the second charge succeeds.
 *
 * ```text
 *  idle ──start──▶ charging-sub-account ──sub-account-charged──▶ charging-owner ──owner-charged──▶ active
 *                          │                                          │                             ▲
 *                  sub-account-declined                         owner-declined                      │
 *                          ▼                                          ▼                             │
 *                       failed                          awaiting-owner-payment ───owner-paid────────┘
 *                                                          ▲          │
 *                                                          └──owner-declined (a retried payment failed)
 * ```
 *
 * `failed` and `active` are final. A sub-account whose card was declined buys again as a new
 * purchase (a new machine from `idle`, a new idempotency key for the charge), so one purchase
 * never becomes active after its sub-account charge was declined.
 *
 * ```ts
 * let purchase = initialAddonPurchase();
 * purchase = transitionAddonPurchase(purchase, { type: 'start' });
 * if (purchase.busy) showSpinner();
 * ```
 *
 * @module
 */
import { RebillingError } from './errors.js';

/** Where a purchase stands. */
export type AddonPurchaseStatus =
  | 'idle'
  | 'charging-sub-account'
  | 'charging-owner'
  | 'awaiting-owner-payment'
  | 'active'
  | 'failed';

/** Every status, in flow order. */
export const ADDON_PURCHASE_STATUSES: readonly AddonPurchaseStatus[] = Object.freeze([
  'idle',
  'charging-sub-account',
  'charging-owner',
  'awaiting-owner-payment',
  'active',
  'failed',
]);

/**
 * What happened, reported by whoever runs the charges (the host's server, a webhook).
 * - `start`: the sub-account confirmed the purchase; its card is being charged.
 * - `sub-account-charged` / `sub-account-declined`: the result of that charge.
 * - `owner-charged` / `owner-declined`: the result of charging the owner's card You Pay.
 * - `owner-paid`: the owner settled the declined charge (new card, manual payment).
 */
export type AddonPurchaseEvent =
  | { type: 'start' }
  | { type: 'sub-account-charged' }
  | { type: 'sub-account-declined' }
  | { type: 'owner-charged' }
  | { type: 'owner-declined' }
  | { type: 'owner-paid' };

export type AddonPurchaseEventType = AddonPurchaseEvent['type'];

/** Every event type. */
export const ADDON_PURCHASE_EVENT_TYPES: readonly AddonPurchaseEventType[] = Object.freeze([
  'start',
  'sub-account-charged',
  'sub-account-declined',
  'owner-charged',
  'owner-declined',
  'owner-paid',
]);

/**
 * A purchase's state with what it means for the UI. Every field but `status` follows from it;
 * restore a stored status with {@link addonPurchaseState}.
 */
export interface AddonPurchaseState {
  readonly status: AddonPurchaseStatus;
  /** The add-on works: both charges succeeded. Only in `active`. */
  readonly active: boolean;
  /** A charge is in flight: show progress, do not let the purchase start again. */
  readonly busy: boolean;
  /** The sub-account's card has been charged (it has paid, even if the add-on is not active yet). */
  readonly subAccountCharged: boolean;
  /** The owner's card has been charged You Pay. */
  readonly ownerCharged: boolean;
  /**
   * The owner's charge was declined: the owner must be told to pay (`awaiting-owner-payment`).
   * The sub-account sees the add-on as pending, not failed: it has paid.
   */
  readonly notifyOwner: boolean;
  /** The sub-account's card was declined: ask it for another card; nothing was charged. */
  readonly subAccountDeclined: boolean;
  /** No event moves the purchase on (`active`, `failed`). */
  readonly final: boolean;
}

function defineState(
  status: AddonPurchaseStatus,
  flags: Partial<Omit<AddonPurchaseState, 'status'>>,
): Readonly<AddonPurchaseState> {
  return Object.freeze({
    status,
    active: false,
    busy: false,
    subAccountCharged: false,
    ownerCharged: false,
    notifyOwner: false,
    subAccountDeclined: false,
    final: false,
    ...flags,
  });
}

const STATES: Readonly<Record<AddonPurchaseStatus, AddonPurchaseState>> = Object.freeze({
  idle: defineState('idle', {}),
  'charging-sub-account': defineState('charging-sub-account', { busy: true }),
  'charging-owner': defineState('charging-owner', { busy: true, subAccountCharged: true }),
  'awaiting-owner-payment': defineState('awaiting-owner-payment', { subAccountCharged: true, notifyOwner: true }),
  active: defineState('active', { active: true, subAccountCharged: true, ownerCharged: true, final: true }),
  failed: defineState('failed', { subAccountDeclined: true, final: true }),
});

const TRANSITIONS: Readonly<Record<AddonPurchaseStatus, Partial<Record<AddonPurchaseEventType, AddonPurchaseStatus>>>> = {
  idle: { start: 'charging-sub-account' },
  'charging-sub-account': { 'sub-account-charged': 'charging-owner', 'sub-account-declined': 'failed' },
  'charging-owner': { 'owner-charged': 'active', 'owner-declined': 'awaiting-owner-payment' },
  'awaiting-owner-payment': { 'owner-paid': 'active', 'owner-declined': 'awaiting-owner-payment' },
  active: {},
  failed: {},
};

function isStatus(value: unknown): value is AddonPurchaseStatus {
  return typeof value === 'string' && (ADDON_PURCHASE_STATUSES as readonly string[]).includes(value);
}

function isEventType(value: unknown): value is AddonPurchaseEventType {
  return typeof value === 'string' && (ADDON_PURCHASE_EVENT_TYPES as readonly string[]).includes(value);
}

/** A purchase that has not started. */
export function initialAddonPurchase(): AddonPurchaseState {
  return STATES.idle;
}

/**
 * The state for a stored `status` (e.g. read back from the server), with its UI flags.
 * @throws {RebillingError} `validation` for an unknown status.
 */
export function addonPurchaseState(status: AddonPurchaseStatus): AddonPurchaseState {
  if (!isStatus(status)) {
    throw new RebillingError(
      'validation',
      `Unknown add-on purchase status ${JSON.stringify(status)}; expected one of ${ADDON_PURCHASE_STATUSES.join(', ')}.`,
      { fields: [{ path: 'status', message: 'is not an add-on purchase status' }] },
    );
  }
  return STATES[status];
}

/** The event types `state` accepts, e.g. to enable the matching controls. Empty when final. */
export function allowedAddonPurchaseEvents(state: Pick<AddonPurchaseState, 'status'>): AddonPurchaseEventType[] {
  return Object.keys(TRANSITIONS[addonPurchaseState(state.status).status]) as AddonPurchaseEventType[];
}

/**
 * The state after `event`. Pure: the same inputs always give the same (frozen) state.
 *
 * @throws {RebillingError} `validation` naming the state and the event when the event cannot
 *   happen in that state (e.g. `owner-paid` before the owner was charged), and listing the
 *   events it accepts; also for an unknown status or event type.
 */
export function transitionAddonPurchase(
  state: Pick<AddonPurchaseState, 'status'>,
  event: AddonPurchaseEvent,
): AddonPurchaseState {
  const from = addonPurchaseState(state.status).status;
  const type: unknown = (event as { type?: unknown } | null)?.type;
  if (!isEventType(type)) {
    throw new RebillingError(
      'validation',
      `Unknown add-on purchase event ${JSON.stringify(type)}; expected one of ${ADDON_PURCHASE_EVENT_TYPES.join(', ')}.`,
      { fields: [{ path: 'event.type', message: 'is not an add-on purchase event' }] },
    );
  }
  const to = TRANSITIONS[from][type];
  if (to === undefined) {
    const allowed = Object.keys(TRANSITIONS[from]);
    const hint = allowed.length === 0 ? `"${from}" is final; start a new purchase instead` : `it accepts ${allowed.join(', ')}`;
    throw new RebillingError('validation', `An add-on purchase in state "${from}" cannot take the event "${type}": ${hint}.`, {
      fields: [{ path: 'event.type', message: `not allowed in state "${from}"` }],
    });
  }
  return STATES[to];
}
