/**
 * The add-on purchase flow (Phone Numbers, Listings) as a pure state machine.
 *
 * Add-ons bypass OneBalance: the sub-account's card is charged the resale price through the
 * owner's Stripe, then the platform charges the owner's card You Pay. The add-on is active only
 * once the second charge succeeds. If the owner does not pay by a deadline, the sub-account's
 * charge is refunded and the purchase ends `refunded`.
 *
 * ```text
 *  idle ──start──▶ charging-sub-account ──sub-account-charged──▶ charging-owner ──owner-charged──▶ active
 *                          │                                       ▲      │                         ▲
 *                  sub-account-declined                  owner-retry      owner-declined            │
 *                          ▼                                       │      ▼                         │
 *                      declined                            awaiting-owner-payment ───owner-paid─────┘
 *                                                                   │
 *                                                           deadline-passed
 *                                                                   ▼
 *                                            refunding ──sub-account-refunded──▶ refunded
 * ```
 *
 * `active`, `declined` and `refunded` are final. A sub-account whose card was declined buys
 * again as a new purchase (a new machine from `idle`, a new idempotency key for the charge), so
 * one purchase never charges the sub-account twice.
 *
 * Events arrive from webhooks and retries, so they come twice and out of order. An event the
 * purchase is already past (a second `sub-account-charged`, a late `owner-declined` of an earlier
 * attempt once `active`) leaves the state as it is; only an event that cannot have happened yet
 * (`owner-charged` before the sub-account paid) throws.
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
  | 'declined'
  | 'refunding'
  | 'refunded';

/** Every status, in flow order. */
export const ADDON_PURCHASE_STATUSES: readonly AddonPurchaseStatus[] = Object.freeze([
  'idle',
  'charging-sub-account',
  'charging-owner',
  'awaiting-owner-payment',
  'active',
  'declined',
  'refunding',
  'refunded',
]);

/**
 * What happened, reported by whoever runs the charges (the host's server, a webhook).
 * - `start`: the sub-account confirmed the purchase; its card is being charged.
 * - `sub-account-charged` / `sub-account-declined`: the result of that charge.
 * - `owner-charged` / `owner-declined`: the result of charging the owner's card You Pay.
 * - `owner-retry`: the owner's card is charged again after a decline (`account.retryOwnerCharge`).
 * - `owner-paid`: the owner settled the declined charge another way (new card, manual payment).
 * - `deadline-passed`: the owner did not pay in time; the sub-account's charge is being refunded.
 * - `sub-account-refunded`: that refund went through.
 */
export type AddonPurchaseEvent =
  | { type: 'start' }
  | { type: 'sub-account-charged' }
  | { type: 'sub-account-declined' }
  | { type: 'owner-charged' }
  | { type: 'owner-declined' }
  | { type: 'owner-retry' }
  | { type: 'owner-paid' }
  | { type: 'deadline-passed' }
  | { type: 'sub-account-refunded' };

export type AddonPurchaseEventType = AddonPurchaseEvent['type'];

/** Every event type. */
export const ADDON_PURCHASE_EVENT_TYPES: readonly AddonPurchaseEventType[] = Object.freeze([
  'start',
  'sub-account-charged',
  'sub-account-declined',
  'owner-charged',
  'owner-declined',
  'owner-retry',
  'owner-paid',
  'deadline-passed',
  'sub-account-refunded',
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
  /** The sub-account's card has been charged and not refunded (it has paid, even if the add-on is not active yet). */
  readonly subAccountCharged: boolean;
  /** The sub-account's charge was refunded because the owner did not pay by the deadline. */
  readonly subAccountRefunded: boolean;
  /** The owner's card has been charged You Pay. */
  readonly ownerCharged: boolean;
  /**
   * The owner's charge was declined: the owner must be told to pay (`awaiting-owner-payment`).
   * The sub-account sees the add-on as pending, not failed: it has paid.
   */
  readonly notifyOwner: boolean;
  /** The sub-account's card was declined: ask it for another card; nothing was charged. */
  readonly subAccountDeclined: boolean;
  /** No event moves the purchase on (`active`, `declined`, `refunded`). */
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
    subAccountRefunded: false,
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
  declined: defineState('declined', { subAccountDeclined: true, final: true }),
  refunding: defineState('refunding', { busy: true, subAccountCharged: true }),
  refunded: defineState('refunded', { subAccountRefunded: true, final: true }),
});

const TRANSITIONS: Readonly<Record<AddonPurchaseStatus, Partial<Record<AddonPurchaseEventType, AddonPurchaseStatus>>>> = {
  idle: { start: 'charging-sub-account' },
  'charging-sub-account': { 'sub-account-charged': 'charging-owner', 'sub-account-declined': 'declined' },
  'charging-owner': { 'owner-charged': 'active', 'owner-declined': 'awaiting-owner-payment' },
  'awaiting-owner-payment': {
    'owner-retry': 'charging-owner',
    'owner-paid': 'active',
    'owner-declined': 'awaiting-owner-payment',
    'deadline-passed': 'refunding',
  },
  active: {},
  declined: {},
  refunding: { 'sub-account-refunded': 'refunded' },
  refunded: {},
};

// Events a state is already past: a duplicate or late delivery, answered with the same state.
const PAST: Readonly<Record<AddonPurchaseStatus, readonly AddonPurchaseEventType[]>> = {
  idle: [],
  'charging-sub-account': ['start'],
  'charging-owner': ['start', 'sub-account-charged'],
  'awaiting-owner-payment': ['start', 'sub-account-charged'],
  active: ['start', 'sub-account-charged', 'owner-charged', 'owner-declined', 'owner-retry', 'owner-paid'],
  declined: ['start', 'sub-account-declined'],
  refunding: ['start', 'sub-account-charged', 'owner-declined', 'deadline-passed'],
  refunded: ['start', 'sub-account-charged', 'owner-declined', 'deadline-passed', 'sub-account-refunded'],
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

/** Whether `state` is already past `event` (a duplicate or late delivery): the transition keeps the state. */
export function isPastAddonPurchaseEvent(state: Pick<AddonPurchaseState, 'status'>, event: Pick<AddonPurchaseEvent, 'type'>): boolean {
  return PAST[addonPurchaseState(state.status).status].includes(event.type);
}

/**
 * The state after `event`. Pure: the same inputs always give the same (frozen) state. An event
 * the state is already past ({@link isPastAddonPurchaseEvent}) returns the state unchanged.
 *
 * @throws {RebillingError} `validation` naming the state and the event when the event cannot
 *   have happened yet in that state (e.g. `owner-charged` before the sub-account paid), and
 *   listing the events it accepts; also for an unknown status or event type.
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
  if (to === undefined && PAST[from].includes(type)) return STATES[from];
  if (to === undefined) {
    const allowed = Object.keys(TRANSITIONS[from]);
    const hint = allowed.length === 0 ? `"${from}" is final; start a new purchase instead` : `it accepts ${allowed.join(', ')}`;
    throw new RebillingError('validation', `An add-on purchase in state "${from}" cannot take the event "${type}": ${hint}.`, {
      fields: [{ path: 'event.type', message: `not allowed in state "${from}"` }],
    });
  }
  return STATES[to];
}
