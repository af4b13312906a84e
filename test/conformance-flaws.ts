/** The flaws of the broken adapters in `conformance-broken-adapters.fixture.ts`. */
/**
 * Each flaw breaks one rule of the contract. `none` and `withoutOptionalMethods` are controls
 * that must pass everything (the latter without listLedger and subscribe).
 */
export const FLAWS = [
  'none',
  'withoutOptionalMethods',
  'ignoresRevision',
  'appliesReplayedKeyTwice',
  'accepts11x',
  'acceptsOffStep',
  'acceptsNegativePrice',
  'acceptsUnknownProduct',
  'acceptsWrongRuleType',
  'keepsRevision',
  'notAtomic',
  'numberMoney',
  'losesLedgerPage',
  'ledgerNumberAmounts',
  'ledgerOldestFirst',
  'unknownCursorStartsOver',
  'ignoresAbort',
  'unsafeRedirectUrl',
  'forgetsStripeConnection',
  'unknownStripeStatus',
  'historyWrongFrom',
  'historyCursorStartsOver',
  'walletRechargeOnByDefault',
  'walletKeyReuseApplies',
  'walletAcceptsTargetAtThreshold',
  'usageFractionalQuantity',
  'silentSubscribe',
  'unsubscribeIgnored',
  // Issue 13 #7: the review's lost update, its double apply of one key, and the two halves alone.
  'lostUpdate',
  'doubleApplyKey',
  'unclaimedKey',
  'replaysDifferentChange',
  // Issue 13 #8: validation errors whose fields are strings.
  'malformedFields',
  // Issue 15 #5: per-sub-account overrides.
  'overridesCursorStartsOver',
  'overrideChangesPricing',
  'overrideAcceptsOffStep',
  'overrideReplayAppliesTwice',
] as const;
export type Flaw = (typeof FLAWS)[number];

export function flawSuiteName(flaw: Flaw): string {
  return `broken adapter [${flaw}]`;
}
