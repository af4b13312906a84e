/**
 * The contract rules the conformance suite checks, one test each. The test names are these
 * strings, so a failing test says which rule an adapter breaks. Documented in the README.
 */
export const CONFORMANCE_RULES = {
  snapshotValid: 'rule: loadPricing returns a valid snapshot listing every product',
  decimalStrings: 'rule: money crosses the boundary only as decimal strings, never numbers',
  backendAgrees: 'rule: loadPricing returns what the backend stores',
  saveApplies: 'rule: a valid save applies every product in it and returns the new snapshot',
  revisionChanges: 'rule: the revision changes on every applied save',
  atomic: 'rule: a save is atomic: when one product is invalid, none is applied',
  staleRevision: 'rule: a stale revision is a conflict and applies nothing',
  idempotency: 'rule: a repeated idempotency key has one effect and replays the first result',
  keyReuse: 'rule: an idempotency key reused for a different change is a validation error and applies nothing',
  concurrentSaves: 'rule: parallel saves on one revision: exactly one is applied, every other is a conflict',
  concurrentKey: 'rule: parallel calls with one idempotency key have one effect and every caller gets its result',
  outOfRange: 'rule: an out-of-range multiplier (e.g. 11x) is a validation error and applies nothing',
  offStep: 'rule: an off-step multiplier is a validation error and applies nothing',
  negativePrice: 'rule: a negative fixed price is a validation error and applies nothing',
  unknownProduct: 'rule: an unknown product is a validation error and applies nothing',
  wrongRuleType: 'rule: a rule of the wrong type for the product is a validation error and applies nothing',
  abortReads: "rule: an already-aborted signal rejects every read with the signal's reason",
  abortSave: "rule: an already-aborted save rejects with the signal's reason and applies nothing",
  stripeStatus: 'rule: loadStripeConnection returns a valid status',
  stripeConnect: 'rule: connectStripe returns connected, or pending with an http(s) redirectUrl',
  stripeAgrees: 'rule: loadStripeConnection agrees with connectStripe afterwards',
  ledgerValid: 'rule: a ledger page is valid, respects the limit and keeps money as decimal strings',
  ledgerComplete: 'rule: ledger pages complete without gaps or duplicates',
  ledgerOrder: 'rule: ledger entries are newest first',
  ledgerCursor: 'rule: an unknown ledger cursor is a validation error',
  historyRecordsSave:
    'rule: each applied save adds one price history entry per product, newest first, with its revision, from → to and You Pay then; a replay or a rejected save adds none',
  historyPages: 'rule: price history pages are valid, respect the limit, and an unknown cursor is a validation error',
  walletValid: "rule: loadWallet returns a valid wallet in the pricing's currency, money as decimal strings, auto-recharge off on a new backend",
  walletSaves: 'rule: saveAutoRecharge applies the settings, loadWallet agrees, and one idempotency key has one effect',
  walletRejects:
    'rule: wallet settings with a target not above the threshold, a negative amount or one finer than the minor unit are a validation error naming the field and apply nothing',
  overridesPages:
    'rule: listOverrides pages are valid, respect the limit, list every sub-account once, and an unknown cursor is a validation error',
  overrideApplies:
    'rule: saveOverride changes one product for one sub-account only (account-wide prices, revision and other sub-accounts unchanged); removeOverride restores inheritance and may be repeated',
  overrideValidated:
    'rule: an override rule is validated like a savePricing rule (range, step, type, sign), an unknown sub-account is refused, and nothing is applied',
  overrideIdempotency:
    'rule: a repeated saveOverride key has one effect and replays the first result (a late replay undoes nothing); reused for another override it is a validation error',
  usageSummaryValid:
    'rule: loadUsageSummary returns a valid summary (from ≤ to, whole quantities ≥ 0 keyed by product) and rejects an aborted signal with its reason',
  subscribeFires: 'rule: subscribe fires a pricing event after a save',
  unsubscribe: 'rule: the function subscribe returns stops the events',
} as const;

export type ConformanceRule = keyof typeof CONFORMANCE_RULES;

/** Registered (and passing) in place of a capability's rules when the adapter lacks it. */
export const CAPABILITY_NOTES = {
  noLedger: 'capability: listLedger is not implemented, so the ledger rules do not apply',
  noPriceHistory: 'capability: listPriceChanges is not implemented, so the price history rules do not apply',
  noWallet: 'capability: loadWallet / saveAutoRecharge are not implemented, so the wallet rules do not apply',
  noOverrides: 'capability: listOverrides / saveOverride / removeOverride are not all implemented, so the override rules do not apply',
  noUsageSummary: 'capability: loadUsageSummary is not implemented, so the usage summary rule does not apply',
  noSubscribe: 'capability: subscribe is not implemented, so the event rules do not apply',
  noInspect: 'capability: no inspect.readPricing, so "applies nothing" is read back through loadPricing',
} as const;
