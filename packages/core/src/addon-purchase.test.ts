import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADDON_PURCHASE_EVENT_TYPES,
  ADDON_PURCHASE_STATUSES,
  type AddonPurchaseEvent,
  type AddonPurchaseEventType,
  type AddonPurchaseState,
  type AddonPurchaseStatus,
  addonPurchaseState,
  allowedAddonPurchaseEvents,
  initialAddonPurchase,
  isPastAddonPurchaseEvent,
  transitionAddonPurchase,
} from './addon-purchase.js';
import { RebillingError } from './errors.js';

// The legal transitions, written out independently of the module's table.
const LEGAL: ReadonlyArray<[AddonPurchaseStatus, AddonPurchaseEventType, AddonPurchaseStatus]> = [
  ['idle', 'start', 'charging-sub-account'],
  ['charging-sub-account', 'sub-account-charged', 'charging-owner'],
  ['charging-sub-account', 'sub-account-declined', 'declined'],
  ['charging-owner', 'owner-charged', 'active'],
  ['charging-owner', 'owner-declined', 'awaiting-owner-payment'],
  ['awaiting-owner-payment', 'owner-retry', 'charging-owner'],
  ['awaiting-owner-payment', 'owner-paid', 'active'],
  ['awaiting-owner-payment', 'owner-declined', 'awaiting-owner-payment'],
  ['awaiting-owner-payment', 'deadline-passed', 'refunding'],
  ['refunding', 'sub-account-refunded', 'refunded'],
];

// Duplicate and late deliveries: the state stays as it is (regression: a duplicate webhook threw).
const PAST: ReadonlyArray<[AddonPurchaseStatus, AddonPurchaseEventType]> = [
  ['charging-sub-account', 'start'],
  ['charging-owner', 'start'],
  ['charging-owner', 'sub-account-charged'],
  ['awaiting-owner-payment', 'start'],
  ['awaiting-owner-payment', 'sub-account-charged'],
  ...(['start', 'sub-account-charged', 'owner-charged', 'owner-declined', 'owner-retry', 'owner-paid'] as const).map(
    (e) => ['active', e] as [AddonPurchaseStatus, AddonPurchaseEventType],
  ),
  ['declined', 'start'],
  ['declined', 'sub-account-declined'],
  ...(['start', 'sub-account-charged', 'owner-declined', 'deadline-passed'] as const).map(
    (e) => ['refunding', e] as [AddonPurchaseStatus, AddonPurchaseEventType],
  ),
  ...(['start', 'sub-account-charged', 'owner-declined', 'deadline-passed', 'sub-account-refunded'] as const).map(
    (e) => ['refunded', e] as [AddonPurchaseStatus, AddonPurchaseEventType],
  ),
];

const isLegal = (status: AddonPurchaseStatus, type: AddonPurchaseEventType) => LEGAL.some(([s, e]) => s === status && e === type);
const isPast = (status: AddonPurchaseStatus, type: AddonPurchaseEventType) => PAST.some(([s, e]) => s === status && e === type);
const ILLEGAL = ADDON_PURCHASE_STATUSES.flatMap((status) =>
  ADDON_PURCHASE_EVENT_TYPES.filter((type) => !isLegal(status, type) && !isPast(status, type)).map((type) => [status, type] as const),
);

function run(types: readonly AddonPurchaseEventType[]): AddonPurchaseState {
  return types.reduce<AddonPurchaseState>((state, type) => transitionAddonPurchase(state, { type } as AddonPurchaseEvent), initialAddonPurchase());
}

describe('add-on purchase, legal paths', () => {
  it('starts idle, doing nothing', () => {
    expect(initialAddonPurchase()).toEqual({
      status: 'idle',
      active: false,
      busy: false,
      subAccountCharged: false,
      subAccountRefunded: false,
      ownerCharged: false,
      notifyOwner: false,
      subAccountDeclined: false,
      final: false,
    });
  });

  it('both charges succeed → active', () => {
    expect(run(['start']).status).toBe('charging-sub-account');
    expect(run(['start'])).toMatchObject({ busy: true, active: false });
    expect(run(['start', 'sub-account-charged'])).toMatchObject({ status: 'charging-owner', busy: true, subAccountCharged: true });
    expect(run(['start', 'sub-account-charged', 'owner-charged'])).toMatchObject({
      status: 'active',
      active: true,
      busy: false,
      subAccountCharged: true,
      ownerCharged: true,
      notifyOwner: false,
      final: true,
    });
  });

  it('the owner is declined → waits, not active, owner notified → active once paid', () => {
    const waiting = run(['start', 'sub-account-charged', 'owner-declined']);
    expect(waiting).toMatchObject({
      status: 'awaiting-owner-payment',
      active: false,
      busy: false,
      notifyOwner: true,
      subAccountCharged: true,
      ownerCharged: false,
      final: false,
    });
    expect(run(['start', 'sub-account-charged', 'owner-declined', 'owner-declined']).status).toBe('awaiting-owner-payment');
    expect(run(['start', 'sub-account-charged', 'owner-declined', 'owner-declined', 'owner-paid'])).toMatchObject({
      status: 'active',
      active: true,
      ownerCharged: true,
      notifyOwner: false,
    });
  });

  it('the owner pays on a retry → active', () => {
    expect(run(['start', 'sub-account-charged', 'owner-declined', 'owner-retry'])).toMatchObject({ status: 'charging-owner', busy: true, notifyOwner: false });
    expect(run(['start', 'sub-account-charged', 'owner-declined', 'owner-retry', 'owner-charged']).status).toBe('active');
  });

  it('the owner does not pay by the deadline → the sub-account is refunded, final, not active', () => {
    expect(run(['start', 'sub-account-charged', 'owner-declined', 'deadline-passed'])).toMatchObject({
      status: 'refunding',
      busy: true,
      subAccountCharged: true,
      active: false,
    });
    expect(run(['start', 'sub-account-charged', 'owner-declined', 'deadline-passed', 'sub-account-refunded'])).toMatchObject({
      status: 'refunded',
      active: false,
      busy: false,
      subAccountCharged: false,
      subAccountRefunded: true,
      ownerCharged: false,
      notifyOwner: false,
      final: true,
    });
  });

  it('the sub-account is declined → declined, final, nothing charged', () => {
    expect(run(['start', 'sub-account-declined'])).toMatchObject({
      status: 'declined',
      active: false,
      subAccountDeclined: true,
      subAccountCharged: false,
      ownerCharged: false,
      notifyOwner: false,
      final: true,
    });
  });

  it.each(LEGAL)('%s + %s → %s', (from, type, to) => {
    expect(transitionAddonPurchase(addonPurchaseState(from), { type } as AddonPurchaseEvent).status).toBe(to);
  });

  it('accepts a bare { status } and returns frozen, shared states', () => {
    const next = transitionAddonPurchase({ status: 'idle' }, { type: 'start' });
    expect(Object.isFrozen(next)).toBe(true);
    expect(next).toBe(addonPurchaseState('charging-sub-account'));
  });

  it('lists the events each state accepts', () => {
    for (const status of ADDON_PURCHASE_STATUSES) {
      const expected = LEGAL.filter(([s]) => s === status).map(([, e]) => e);
      expect(allowedAddonPurchaseEvents({ status }).sort()).toEqual([...expected].sort());
    }
  });

  it('final means no event is accepted', () => {
    for (const status of ADDON_PURCHASE_STATUSES) {
      expect(addonPurchaseState(status).final).toBe(allowedAddonPurchaseEvents({ status }).length === 0);
    }
  });
});

describe('add-on purchase, duplicate and late events', () => {
  it.each(PAST)('%s + %s keeps the state (already past it)', (status, type) => {
    const state = addonPurchaseState(status);
    expect(isPastAddonPurchaseEvent(state, { type })).toBe(true);
    expect(transitionAddonPurchase(state, { type } as AddonPurchaseEvent)).toBe(state);
  });

  it('a webhook delivered twice in a row changes nothing the second time', () => {
    expect(run(['start', 'sub-account-charged', 'sub-account-charged', 'owner-charged', 'owner-charged']).status).toBe('active');
    expect(run(['start', 'sub-account-declined', 'sub-account-declined']).status).toBe('declined');
  });
});

describe('add-on purchase, illegal transitions', () => {
  it('enumerates every (state, event) pair: 10 legal, 22 past, 40 illegal', () => {
    expect(ADDON_PURCHASE_STATUSES.length * ADDON_PURCHASE_EVENT_TYPES.length).toBe(72);
    expect(LEGAL).toHaveLength(10);
    expect(PAST).toHaveLength(22);
    expect(ILLEGAL).toHaveLength(40);
  });

  it.each(ILLEGAL)('%s + %s throws a validation error naming both', (status, type) => {
    let error: unknown;
    try {
      transitionAddonPurchase(addonPurchaseState(status), { type } as AddonPurchaseEvent);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RebillingError);
    const rebillingError = error as RebillingError;
    expect(rebillingError.code).toBe('validation');
    expect(rebillingError.retryable).toBe(false);
    expect(rebillingError.message).toContain(`"${status}"`);
    expect(rebillingError.message).toContain(`"${type}"`);
    expect(rebillingError.fields).toEqual([{ path: 'event.type', message: `not allowed in state "${status}"` }]);
  });

  it('says what a state accepts, or that a final state needs a new purchase', () => {
    expect(() => transitionAddonPurchase({ status: 'idle' }, { type: 'owner-paid' })).toThrow(/it accepts start\./);
    expect(() => transitionAddonPurchase({ status: 'declined' }, { type: 'owner-charged' })).toThrow(/"declined" is final; start a new purchase/);
  });

  it('rejects an unknown status or event type', () => {
    expect(() => transitionAddonPurchase({ status: 'paused' as AddonPurchaseStatus }, { type: 'start' })).toThrow(
      /Unknown add-on purchase status "paused"/,
    );
    expect(() => transitionAddonPurchase({ status: 'idle' }, { type: 'refund' } as unknown as AddonPurchaseEvent)).toThrow(
      /Unknown add-on purchase event "refund"/,
    );
    expect(() => transitionAddonPurchase({ status: 'idle' }, null as unknown as AddonPurchaseEvent)).toThrow(RebillingError);
    expect(() => addonPurchaseState('toString' as AddonPurchaseStatus)).toThrow(RebillingError);
  });
});

describe('add-on purchase, model test over random event sequences', () => {
  it('is active only after a successful owner charge, never after a sub-account decline or a refund', () => {
    const eventType = fc.constantFrom(...ADDON_PURCHASE_EVENT_TYPES);
    fc.assert(
      fc.property(fc.array(eventType, { maxLength: 30 }), (types) => {
        // The model: what has really happened to the money so far.
        let state = initialAddonPurchase();
        let subAccountCharged = false;
        let subAccountDeclined = false;
        let subAccountRefunded = false;
        let ownerPaid = false;
        let ownerDeclinedUnpaid = false;
        for (const type of types) {
          const legal = isLegal(state.status, type);
          const past = isPast(state.status, type);
          let next: AddonPurchaseState | undefined;
          try {
            next = transitionAddonPurchase(state, { type } as AddonPurchaseEvent);
          } catch (error) {
            expect(legal || past).toBe(false);
            expect((error as RebillingError).code).toBe('validation');
            continue; // a rejected event changes nothing
          }
          expect(legal || past).toBe(true);
          if (past) {
            expect(next).toBe(state);
            continue;
          }
          if (type === 'sub-account-charged') subAccountCharged = true;
          if (type === 'sub-account-declined') subAccountDeclined = true;
          if (type === 'sub-account-refunded') subAccountRefunded = true;
          if (type === 'owner-charged' || type === 'owner-paid') ownerPaid = true;
          if (type === 'owner-declined') ownerDeclinedUnpaid = true;
          if (type === 'owner-retry') ownerDeclinedUnpaid = false;
          state = next;

          expect(state.active).toBe(state.status === 'active');
          if (state.active) {
            expect(subAccountCharged && ownerPaid && !subAccountRefunded).toBe(true);
            expect(subAccountDeclined).toBe(false);
          }
          if (subAccountDeclined) expect(state.status).toBe('declined');
          expect(state.subAccountCharged).toBe(subAccountCharged && !subAccountRefunded);
          expect(state.subAccountRefunded).toBe(subAccountRefunded);
          expect(state.ownerCharged).toBe(ownerPaid);
          expect(state.notifyOwner).toBe(state.status === 'awaiting-owner-payment' && ownerDeclinedUnpaid);
          // A refund only of a charge the owner never matched.
          if (subAccountRefunded) expect(ownerPaid).toBe(false);
          expect(state.busy).toBe(['charging-sub-account', 'charging-owner', 'refunding'].includes(state.status));
          // The owner is charged only after the sub-account paid.
          if (ownerPaid || ownerDeclinedUnpaid) expect(subAccountCharged).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  }, 30_000); // 5,000 sequences; a busy shared machine once needed 7 s

  it('every sequence of legal events from idle ends in a reachable state with consistent flags', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (choices) => {
        let state = initialAddonPurchase();
        for (const choice of choices) {
          const allowed = allowedAddonPurchaseEvents(state);
          if (allowed.length === 0) break;
          state = transitionAddonPurchase(state, { type: allowed[choice % allowed.length]! } as AddonPurchaseEvent);
        }
        expect(state).toBe(addonPurchaseState(state.status));
        expect(state.active && state.notifyOwner).toBe(false);
        expect(state.active && state.subAccountDeclined).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
