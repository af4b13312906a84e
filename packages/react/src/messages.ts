import type { ProductId, StripeStatus } from '@rebill-kit/core';

/**
 * Every text the widgets show. Pass a partial object as `messages` to the provider to translate
 * or reword; numbers and money are formatted by `Intl` in the provider's `locale`, then handed
 * to the functions below already formatted.
 */
export interface RebillingMessages {
  panelTitle: string;
  panelDescription: string;
  generalSection: string;
  generalNote: string;
  addOnsSection: string;
  addOnsNote: string;
  regionNote: string;
  scopeNote: string;
  integrateStripe: string;
  viewLogs: string;
  stripeConnectedAs: (accountName: string) => string;
  stripeConnected: string;
  /** The one banner by "+ Integrate Stripe" while Stripe is not connected. */
  stripeBannerTitle: Record<Exclude<StripeStatus, 'connected'>, string>;
  stripeBannerBody: Record<Exclude<StripeStatus, 'connected'>, string>;
  resumeSetup: string;
  /** One panel-level error per cause: prices, the Stripe status, or both (the service is down). */
  panelErrorTitle: Record<'prices' | 'stripe' | 'service', string>;
  panelErrorBody: string;
  details: string;
  /** A background refresh failed: the prices shown are the last ones loaded. */
  staleRefresh: string;
  /** `countryName` from `Intl.DisplayNames`, e.g. "United Kingdom". */
  regionNoteCountry: (countryName: string) => string;

  /** OneBalanceWidget: the owner's main wallet. */
  walletTitle: string;
  walletBalance: string;
  walletLowBalanceLabel: string;
  walletLowBalanceHint: string;
  walletLowBalanceWarning: (threshold: string) => string;
  walletAutoRecharge: string;
  walletThreshold: string;
  walletTarget: string;
  walletMonthlyCap: string;
  walletTargetAboveThreshold: (threshold: string) => string;
  walletRechargedThisMonth: (recharged: string, cap: string) => string;
  walletLastFailure: (at: string, message: string) => string;

  productTitle: Record<ProductId, string>;
  productDescription: Record<ProductId, string>;
  productUnit: Record<ProductId, string>;

  youPay: string;
  subAccountPays: string;
  profit: string;
  margin: (percent: string) => string;
  loss: string;
  perUnit: (price: string, unit: string) => string;
  multiplierLabel: string;
  multiplierValue: (multiplier: string) => string;
  /**
   * The slider's `aria-valuetext`. `plural` is the `Intl.PluralRules` category of the multiplier
   * in the provider's locale ("1 time", "2.5 times").
   */
  multiplierValueText: (multiplier: string, subAccountPays: string, plural: Intl.LDMLPluralRule) => string;
  /** The slider's accessible name, e.g. "SMS markup". */
  multiplierName: (product: string) => string;
  /** `country` is the country's name in the locale (`Intl.DisplayNames`), or its code. */
  countryRate: (country: string) => string;
  /** A card-charged product priced by multiplier: what the card is charged, rounded to the minor unit. */
  cardCharge: (rounded: string) => string;
  /** …and the exact price it was rounded from. */
  exactPrice: (exact: string) => string;
  /** While the typed price is invalid the figures show the saved price, marked with this. */
  staleFigures: string;
  /** A price input error, by code; default: core's English message. */
  priceInputError: (error: { code: string; message: string }, currency: string, decimals: number) => string;
  highPriceConfirmTitle: string;
  highPriceConfirmBody: (price: string, youPay: string) => string;
  highPriceConfirm: string;
  /** Conflict: the value saved elsewhere, and the owner's. */
  conflictTheirs: string;
  conflictMine: string;
  /**
   * Conflict, when the adapter has `listPriceChanges`: who made the newest change and when, e.g.
   * "Changed to 4x by maria@example.com 2 minutes ago". `actor` is `null` when not known; `when`
   * is relative, from `Intl.RelativeTimeFormat` ("2 minutes ago").
   */
  conflictChangedBy: (value: string, actor: string | null, when: string) => string;

  edit: string;
  save: string;
  cancel: string;
  priceInputLabel: (product: string) => string;
  lossConfirmTitle: string;
  lossConfirmBody: (price: string, youPay: string) => string;
  lossConfirm: string;

  loading: string;
  saving: string;
  saved: string;
  /** After a save, e.g. "SMS set to 3.5x for all sub-accounts". */
  savedChange: (product: string, value: string) => string;
  /** After an Undo's save, e.g. "SMS set back to 2.5x for all sub-accounts". */
  undoneChange: (product: string, value: string) => string;
  undo: string;
  saveFailed: string;
  retry: string;
  discard: string;
  conflictTitle: string;
  conflictBody: string;
  useLatest: string;
  keepMine: string;
  unsavedValue: (value: string) => string;
  loadFailed: string;
  widgetCrashed: string;
  currencyMismatch: (expected: string, actual: string) => string;

  disabledReason: Record<Exclude<StripeStatus, 'connected'>, string>;
  stripePendingNote: string;

  // Stripe dialog, logs, estimator, funds
  close: string;
  continue: string;
  stripeDialogTitle: string;
  stripeDialogDescription: string;
  stripeSyncLegend: string;
  stripeSyncPeople: string;
  stripeSyncPeopleHint: string;
  stripeSyncBusinesses: string;
  stripeSyncBusinessesHint: string;
  stripeSyncSkip: string;
  stripeSyncSkipHint: string;
  stripeConnecting: string;
  stripeConnectFailed: string;
  stripeRedirecting: string;
  /** A link to Stripe's onboarding, for when the browser blocked the navigation. */
  stripeOpen: string;

  logTitle: string;
  logDescription: string;
  logColumnTime: string;
  logColumnType: string;
  logColumnProduct: string;
  logColumnQuantity: string;
  logColumnAmount: string;
  logColumnBalanceAfter: string;
  ledgerFundsAdded: string;
  ledgerUsage: string;
  ledgerRefund: string;
  ledgerAdjustment: string;
  logNoProduct: string;
  logLoading: string;
  logEmpty: string;
  logLoadFailed: string;
  logUnavailable: string;
  logLoadMore: string;
  logLoadingMore: string;
  logEnd: string;
  logShowing: (count: string) => string;
  /** Announced after "Load more": how many rows were added. */
  logAdded: (count: string) => string;
  /** Whose wallet the log shows. */
  logWallet: string;
  logEmptyHint: string;

  estimatorTitle: string;
  estimatorMessageLabel: string;
  estimatorMessageHint: string;
  estimatorFieldsLegend: string;
  estimatorFieldLength: (field: string) => string;
  estimatorFieldLengthInvalid: string;
  estimatorUnknownFields: (fields: string) => string;
  estimatorRuleLegend: string;
  estimatorRuleFlat: string;
  estimatorRuleCarrier: string;
  estimatorEncoding: string;
  estimatorSegments: string;
  estimatorCharacters: string;
  estimatorCharactersValue: (used: string, left: string) => string;
  /** Under the flat rule: characters used and the next segment boundary (no encoding claim). */
  estimatorCharactersFlat: (used: string, left: string) => string;
  /** Announced on typing: only the segment count. */
  estimatorSegmentsAnnounce: (segments: string) => string;
  estimatorPerSegment: (price: string) => string;
  estimatorPerMessage: string;
  estimatorIncomingNote: string;

  /** `shortfall` is the formatted amount missing, or `null` while the currency is unknown. */
  fundsSubAccountShort: (shortfall: string | null) => string;
  fundsAddFunds: string;
  fundsMainAccountShort: string;
  fundsOk: string;

  // Price history (PriceHistory, in each widget when the adapter has listPriceChanges).
  /** The disclosure's label. */
  historyToggle: string;
  historyLoading: string;
  historyEmpty: string;
  historyLoadFailed: string;
  historyLoadMore: string;
  /** Who saved it, when the backend does not know. */
  historyUnknownActor: string;
  historyWhen: string;
  historyWho: string;
  historyChange: string;
  historyYouPayThen: string;
  /** `from` and `to` are rules as written, e.g. "2.5x" or "$19.99". */
  historyChangeValue: (from: string, to: string) => string;
  /** Marks the entry whose rule is the one saved now. */
  historyCurrent: string;
  historyRevert: string;
  /**
   * What a revert button restores, e.g. "SMS at 2.5x, set Dec 1, 10:00 AM". Its accessible name
   * is `historyRevert` followed by this, so the visible label stays part of the name (WCAG 2.5.3).
   */
  historyRevertName: (product: string, rule: string, when: string) => string;
  /** The rule is outside what the product allows today (its limits changed since). */
  historyRevertOutOfRange: string;
  historyRevertLoss: string;
  historyRevertAnyway: string;

  // Per-sub-account overrides (the panel's sub-account picker, when the adapter has listOverrides).
  /** The picker's label. */
  overridesPickerLabel: string;
  /** The picker's first option: the account-wide prices. */
  overridesAllSubAccounts: string;
  /** Replaces `scopeNote` while a sub-account is chosen; `name` is the host's, shown as is. */
  overridesScopeNote: (name: string) => string;
  /** A widget whose product this sub-account does not override. */
  overridesInherited: string;
  overridesOverriddenFor: (name: string) => string;
  /** Removes the override: the sub-account pays the account-wide price again. */
  overridesUseAccountWide: string;
  overridesLoadFailed: string;
  overridesRemoveFailed: string;

  // Projected profit and margin erosion (WithProfitInsights, under each widget's figures).
  /**
   * Last 30 days' volume of a product, e.g. "12,400 segments" (`count` formatted, `plural` its
   * plural category). Add-ons count purchases: "3 phone numbers bought".
   */
  insightsVolume: (product: ProductId, count: string, plural: Intl.LDMLPluralRule) => string;
  /**
   * "At last 30 days' volume (12,400 segments): $195.92 / month profit, +$48.98 vs the saved
   * price". `amount` is unsigned (a loss says so); `delta` is signed ("+$48.98", "−$12.00"),
   * `null` while the rule shown is the saved one.
   */
  insightsProjection: (volume: string, amount: string, isLoss: boolean, delta: string | null) => string;
  /** You Pay changed since the owner last set this price. */
  erosionTitle: (cost: 'rose' | 'fell') => string;
  /** Old and new cost, profit per unit then and now (all formatted unit prices). */
  erosionBody: (youPayThen: string, youPayNow: string, profitThen: string, profitNow: string) => string;
  /** A multiplier: the margin % is already kept. */
  erosionKept: string;
  erosionRestore: string;
  /** While the restoring price is previewed in the figures, not saved yet. */
  erosionPreview: (price: string) => string;
  erosionSave: string;

  // The panel's account-wide price history ("Price changes", next to "View Logs").
  priceChanges: string;
  priceChangesDescription: string;
}

// Texts more than one component shows, as plain constants so each group can use them without
// reading another group at import time (which would keep that group in every bundle).
const sharedLoadFailed: RebillingMessages['loadFailed'] = 'Couldn’t load prices.';
const sharedDetails: RebillingMessages['details'] = 'Details';
const sharedRetry: RebillingMessages['retry'] = 'Retry';
const sharedCancel: RebillingMessages['cancel'] = 'Cancel';
const sharedProductTitle: RebillingMessages['productTitle'] = {
  sms: 'SMS',
  email: 'Emails',
  lightningDomains: 'Lightning Domains',
  phoneNumbers: 'Phone Numbers',
  listings: 'Listings',
};
const sharedCountryRate: RebillingMessages['countryRate'] = (country) => `Rate for ${country}`;
const sharedLoading: RebillingMessages['loading'] = 'Loading prices…';
const sharedLoss: RebillingMessages['loss'] = 'Loss';
const sharedProfit: RebillingMessages['profit'] = 'Profit';
const sharedSubAccountPays: RebillingMessages['subAccountPays'] = 'Sub-account pays';
const sharedYouPay: RebillingMessages['youPay'] = 'You Pay';
const sharedPriceChanges: RebillingMessages['priceChanges'] = 'Price changes';
const sharedMultiplierValue: RebillingMessages['multiplierValue'] = (multiplier) => `${multiplier}x`;

/** Texts of the product widgets and the shared pricing hook. */
export const widgetMessages: Pick<RebillingMessages, 'productTitle' | 'productDescription' | 'productUnit' | 'youPay' | 'subAccountPays' | 'profit' | 'margin' | 'loss' | 'perUnit' | 'multiplierLabel' | 'multiplierValue' | 'multiplierValueText' | 'multiplierName' | 'countryRate' | 'cardCharge' | 'exactPrice' | 'staleFigures' | 'priceInputError' | 'highPriceConfirmTitle' | 'highPriceConfirmBody' | 'highPriceConfirm' | 'conflictTheirs' | 'conflictMine' | 'details' | 'edit' | 'save' | 'cancel' | 'priceInputLabel' | 'lossConfirmTitle' | 'lossConfirmBody' | 'lossConfirm' | 'loading' | 'saving' | 'saved' | 'savedChange' | 'undoneChange' | 'undo' | 'saveFailed' | 'retry' | 'discard' | 'conflictTitle' | 'conflictBody' | 'useLatest' | 'keepMine' | 'unsavedValue' | 'loadFailed' | 'widgetCrashed' | 'currencyMismatch' | 'disabledReason'> = {
  productTitle: sharedProductTitle,
  productDescription: {
    sms: 'Every segment, incoming and outgoing.',
    email: 'Every outgoing email.',
    lightningDomains: 'Each domain, per period.',
    phoneNumbers: 'Each number, per month.',
    listings: 'Each listing, per month.',
  },
  productUnit: {
    sms: 'segment',
    email: 'email',
    lightningDomains: 'domain',
    phoneNumbers: 'number / month',
    listings: 'listing / month',
  },
  youPay: sharedYouPay,
  subAccountPays: sharedSubAccountPays,
  profit: sharedProfit,
  margin: (percent) => `${percent} margin`,
  loss: sharedLoss,
  perUnit: (price, unit) => `${price} per ${unit}`,
  multiplierLabel: 'Markup',
  multiplierValue: sharedMultiplierValue,
  multiplierValueText: (multiplier, subAccountPays, plural) =>
    `${multiplier} ${plural === 'one' ? 'time' : 'times'}, sub-account pays ${subAccountPays}`,
  multiplierName: (product) => `${product} markup`,
  countryRate: sharedCountryRate,
  cardCharge: (rounded) => `Card charged ${rounded}`,
  exactPrice: (exact) => `exactly ${exact}`,
  staleFigures: 'Showing the saved price until the typed one is valid.',
  priceInputError: (error) => error.message,
  highPriceConfirmTitle: 'Charge over 10× what you pay?',
  highPriceConfirmBody: (price, youPay) => `${price} is more than ten times what you pay (${youPay}). Check for a typo before saving.`,
  highPriceConfirm: 'Save this price',
  conflictTheirs: 'Saved elsewhere',
  conflictMine: 'Yours',
  details: sharedDetails,
  edit: 'Edit',
  save: 'Save',
  cancel: sharedCancel,
  priceInputLabel: (product) => `${product} price`,
  lossConfirmTitle: 'Sell below cost?',
  lossConfirmBody: (price, youPay) =>
    `${price} is below what you pay (${youPay}). Every sale will lose money. Save anyway?`,
  lossConfirm: 'Save at a loss',
  loading: sharedLoading,
  saving: 'Saving…',
  saved: 'Saved',
  savedChange: (product, value) => `${product} set to ${value} for all sub-accounts`,
  undoneChange: (product, value) => `${product} set back to ${value} for all sub-accounts`,
  undo: 'Undo',
  saveFailed: 'Couldn’t save',
  retry: sharedRetry,
  discard: 'Discard',
  conflictTitle: 'Prices changed elsewhere',
  conflictBody: 'Someone changed prices since you loaded them.',
  useLatest: 'Use the latest',
  keepMine: 'Keep mine',
  unsavedValue: (value) => `Not saved: ${value}`,
  loadFailed: sharedLoadFailed,
  widgetCrashed: 'This product couldn’t be shown.',
  currencyMismatch: (expected, actual) =>
    `Prices are in ${actual}, but this page expects ${expected}. Nothing is shown to avoid mislabelled amounts.`,
  disabledReason: {
    disconnected: 'Connect Stripe to set prices. Sub-accounts are charged through your Stripe account.',
    pending: 'Stripe setup is being finished. Prices unlock once Stripe confirms the connection.',
  },
};

/** Texts of RebillingPanel around the widgets. */
export const panelMessages: Pick<RebillingMessages, 'panelTitle' | 'panelDescription' | 'generalSection' | 'generalNote' | 'addOnsSection' | 'addOnsNote' | 'regionNote' | 'scopeNote' | 'integrateStripe' | 'viewLogs' | 'stripeConnectedAs' | 'stripeConnected' | 'stripePendingNote' | 'stripeBannerTitle' | 'stripeBannerBody' | 'resumeSetup' | 'panelErrorTitle' | 'panelErrorBody' | 'details' | 'staleRefresh' | 'regionNoteCountry' | 'loadFailed' | 'retry' | 'priceChanges'> = {
  panelTitle: 'Rebilling',
  panelDescription: 'Set what your sub-accounts pay. Your profit is the difference.',
  generalSection: 'General',
  generalNote: 'SMS, emails and Lightning Domains are paid from the sub-account’s OneBalance wallet.',
  addOnsSection: 'Add-Ons',
  addOnsNote: 'Add-ons are charged to the sub-account’s card through your Stripe account.',
  regionNote: 'Prices shown are for the US and Canada; international rates vary by country.',
  scopeNote: 'Changes apply to all sub-accounts.',
  integrateStripe: '+ Integrate Stripe',
  viewLogs: 'View Logs',
  stripeConnectedAs: (accountName) => `Stripe connected: ${accountName}`,
  stripeConnected: 'Stripe connected',
  stripePendingNote: 'Stripe setup in progress…',
  stripeBannerTitle: {
    disconnected: 'Connect Stripe to set prices',
    pending: 'Finish connecting Stripe',
  },
  stripeBannerBody: {
    disconnected: 'Sub-accounts are charged through your Stripe account. Until it is connected, prices are read-only.',
    pending: 'Stripe has not confirmed the connection yet. Prices unlock as soon as it does.',
  },
  resumeSetup: 'Resume setup',
  panelErrorTitle: {
    prices: 'Couldn’t load your prices',
    stripe: 'Couldn’t check your Stripe connection',
    service: 'Couldn’t reach the rebilling service',
  },
  panelErrorBody: 'This is usually temporary. Nothing you saved is lost.',
  details: sharedDetails,
  staleRefresh: 'Prices may be out of date: the latest couldn’t be loaded.',
  regionNoteCountry: (countryName) => `Prices shown are for ${countryName}; other countries have their own rates.`,
  loadFailed: sharedLoadFailed,
  retry: sharedRetry,
  priceChanges: sharedPriceChanges,
};

/** Texts of the dialog frame. */
export const dialogMessages: Pick<RebillingMessages, 'close'> = {
  close: 'Close',
};

/** Texts of IntegrateStripeDialog. */
export const stripeDialogMessages: Pick<RebillingMessages, 'continue' | 'stripeDialogTitle' | 'stripeDialogDescription' | 'stripeSyncLegend' | 'stripeSyncPeople' | 'stripeSyncPeopleHint' | 'stripeSyncBusinesses' | 'stripeSyncBusinessesHint' | 'stripeSyncSkip' | 'stripeSyncSkipHint' | 'stripeConnecting' | 'stripeConnectFailed' | 'stripeRedirecting' | 'stripeOpen' | 'cancel' | 'retry'> = {
  continue: 'Continue',
  stripeDialogTitle: 'Integrate Stripe',
  stripeDialogDescription:
    'Sub-accounts are charged through your Stripe account. Choose how Stripe customers sync to your contacts.',
  stripeSyncLegend: 'Sync Stripe customers as',
  stripeSyncPeople: 'People',
  stripeSyncPeopleHint: 'Each Stripe customer becomes a contact.',
  stripeSyncBusinesses: 'Businesses',
  stripeSyncBusinessesHint: 'Each Stripe customer becomes a business.',
  stripeSyncSkip: 'Skip',
  stripeSyncSkipHint: 'Don’t sync customers. You can change this later.',
  stripeConnecting: 'Connecting…',
  stripeConnectFailed: 'Couldn’t connect Stripe.',
  stripeRedirecting: 'Finish setup in Stripe… If nothing opens, check for a blocked pop-up or new tab.',
  stripeOpen: 'Open Stripe',
  cancel: sharedCancel,
  retry: sharedRetry,
};

/** Texts of OneBalanceLog. */
export const logMessages: Pick<RebillingMessages, 'logTitle' | 'logDescription' | 'logColumnTime' | 'logColumnType' | 'logColumnProduct' | 'logColumnQuantity' | 'logColumnAmount' | 'logColumnBalanceAfter' | 'ledgerFundsAdded' | 'ledgerUsage' | 'ledgerRefund' | 'ledgerAdjustment' | 'logNoProduct' | 'logLoading' | 'logEmpty' | 'logLoadFailed' | 'logUnavailable' | 'logLoadMore' | 'logLoadingMore' | 'logEnd' | 'logShowing' | 'logAdded' | 'logWallet' | 'logEmptyHint' | 'retry' | 'productTitle'> = {
  logTitle: 'OneBalance activity',
  logDescription: 'Funds added, usage that drew on them, and other activity, newest first.',
  logColumnTime: 'Time',
  logColumnType: 'Type',
  logColumnProduct: 'Product',
  logColumnQuantity: 'Quantity',
  logColumnAmount: 'Amount',
  logColumnBalanceAfter: 'Balance after',
  ledgerFundsAdded: 'Funds added',
  ledgerUsage: 'Usage',
  ledgerRefund: 'Refund',
  ledgerAdjustment: 'Adjustment',
  logNoProduct: '—',
  logLoading: 'Loading activity…',
  logEmpty: 'No activity yet',
  logLoadFailed: 'Couldn’t load the activity.',
  logUnavailable: 'The activity log is not available here.',
  logLoadMore: 'Load more',
  logLoadingMore: 'Loading more…',
  logEnd: 'That’s all the activity.',
  logShowing: (count) => `Showing ${count} entries`,
  logAdded: (count) => `${count} more entries loaded`,
  logWallet: 'Your main OneBalance wallet',
  logEmptyHint: 'Funds you add and the usage your sub-accounts draw on them will appear here.',
  retry: sharedRetry,
  productTitle: sharedProductTitle,
};

/** Texts of SmsSegmentEstimator. */
export const estimatorMessages: Pick<RebillingMessages, 'estimatorTitle' | 'estimatorMessageLabel' | 'estimatorMessageHint' | 'estimatorFieldsLegend' | 'estimatorFieldLength' | 'estimatorFieldLengthInvalid' | 'estimatorUnknownFields' | 'estimatorRuleLegend' | 'estimatorRuleFlat' | 'estimatorRuleCarrier' | 'estimatorEncoding' | 'estimatorSegments' | 'estimatorCharacters' | 'estimatorCharactersValue' | 'estimatorCharactersFlat' | 'estimatorSegmentsAnnounce' | 'estimatorPerSegment' | 'estimatorPerMessage' | 'estimatorIncomingNote' | 'countryRate' | 'loading' | 'loss' | 'profit' | 'retry' | 'subAccountPays' | 'youPay'> = {
  estimatorTitle: 'SMS cost estimator',
  estimatorMessageLabel: 'Message',
  estimatorMessageHint: 'Write {{field_name}} where personal data is merged in, e.g. {{first_name}}.',
  estimatorFieldsLegend: 'Merge fields',
  estimatorFieldLength: (field) => `Maximum length of {{${field}}}`,
  estimatorFieldLengthInvalid: 'Enter a whole number, 0 or more.',
  estimatorUnknownFields: (fields) => `Set a maximum length for ${fields}. Until then it counts as written, so the estimate may be low.`,
  estimatorRuleLegend: 'Count segments by',
  estimatorRuleFlat: '160 characters per segment',
  estimatorRuleCarrier: 'Carrier rules (GSM-7 160/153, UCS-2 70/67)',
  estimatorEncoding: 'Encoding',
  estimatorSegments: 'Segments',
  estimatorCharacters: 'Characters',
  estimatorCharactersValue: (used, left) => `${used} used, ${left} left in this segment`,
  estimatorCharactersFlat: (used, left) => `${used} used, ${left} until the next segment`,
  estimatorSegmentsAnnounce: (segments) => `${segments} ${segments === '1' ? 'segment' : 'segments'}`,
  estimatorPerSegment: (price) => `${price} per segment`,
  estimatorPerMessage: 'Per message',
  estimatorIncomingNote: 'Incoming SMS are billed too, per segment, at the same price.',
  countryRate: sharedCountryRate,
  loading: sharedLoading,
  loss: sharedLoss,
  profit: sharedProfit,
  retry: sharedRetry,
  subAccountPays: sharedSubAccountPays,
  youPay: sharedYouPay,
};

/** Texts of FundsCheckNotice. */
export const fundsMessages: Pick<RebillingMessages, 'fundsSubAccountShort' | 'fundsAddFunds' | 'fundsMainAccountShort' | 'fundsOk'> = {
  fundsSubAccountShort: (shortfall) =>
    shortfall
      ? `Not enough funds in your OneBalance wallet. Add at least ${shortfall} to continue.`
      : 'Not enough funds in your OneBalance wallet. Add funds to continue.',
  fundsAddFunds: 'Add funds',
  fundsMainAccountShort: 'This can’t be charged right now. Contact your administrator.',
  fundsOk: 'Enough funds for this charge.',
};

export const historyMessages: Pick<RebillingMessages, 'historyToggle' | 'historyLoading' | 'historyEmpty' | 'historyLoadFailed' | 'historyLoadMore' | 'historyUnknownActor' | 'historyWhen' | 'historyWho' | 'historyChange' | 'historyYouPayThen' | 'historyChangeValue' | 'historyCurrent' | 'historyRevert' | 'historyRevertName' | 'historyRevertOutOfRange' | 'historyRevertLoss' | 'historyRevertAnyway' | 'conflictChangedBy' | 'multiplierValue' | 'productTitle' | 'retry' | 'cancel'> = {
  historyToggle: 'History',
  historyLoading: 'Loading history…',
  historyEmpty: 'No price changes yet.',
  historyLoadFailed: 'Couldn’t load the price history.',
  historyLoadMore: 'Show older changes',
  historyUnknownActor: 'Unknown',
  historyWhen: 'When',
  historyWho: 'Who',
  historyChange: 'Change',
  historyYouPayThen: 'You Pay then',
  historyChangeValue: (from, to) => `${from} → ${to}`,
  historyCurrent: 'Current price',
  historyRevert: 'Revert to this',
  historyRevertName: (product, rule, when) => `${product} at ${rule}, set ${when}`,
  historyRevertOutOfRange: 'This price is outside what the product allows today, so it can’t be restored.',
  historyRevertLoss: 'This price is below You Pay: every sale would be a loss.',
  historyRevertAnyway: 'Revert anyway',
  conflictChangedBy: (value, actor, when) => (actor ? `Changed to ${value} by ${actor} ${when}` : `Changed to ${value} ${when}`),
  multiplierValue: sharedMultiplierValue,
  productTitle: sharedProductTitle,
  retry: sharedRetry,
  cancel: sharedCancel,
};

export const overridesMessages: Pick<RebillingMessages, 'overridesPickerLabel' | 'overridesAllSubAccounts' | 'overridesScopeNote' | 'overridesInherited' | 'overridesOverriddenFor' | 'overridesUseAccountWide' | 'overridesLoadFailed' | 'overridesRemoveFailed' | 'retry'> = {
  overridesPickerLabel: 'Prices for',
  overridesAllSubAccounts: 'All sub-accounts',
  overridesScopeNote: (name) => `Changes apply to ${name} only.`,
  overridesInherited: 'Inherited',
  overridesOverriddenFor: (name) => `Overridden for ${name}`,
  overridesUseAccountWide: 'Use the account-wide price',
  overridesLoadFailed: 'Couldn’t load the sub-accounts.',
  overridesRemoveFailed: 'Couldn’t restore the account-wide price.',
  retry: sharedRetry,
};

const insightsUnits: Record<ProductId, [string, string]> = {
  sms: ['segment', 'segments'],
  email: ['email', 'emails'],
  lightningDomains: ['domain', 'domains'],
  phoneNumbers: ['phone number bought', 'phone numbers bought'],
  listings: ['listing bought', 'listings bought'],
};

/** Texts of the projected profit and the margin-erosion notice. */
export const insightsMessages: Pick<RebillingMessages, 'insightsVolume' | 'insightsProjection' | 'erosionTitle' | 'erosionBody' | 'erosionKept' | 'erosionRestore' | 'erosionPreview' | 'erosionSave' | 'cancel'> = {
  insightsVolume: (product, count, plural) => `${count} ${insightsUnits[product][plural === 'one' ? 0 : 1]}`,
  insightsProjection: (volume, amount, isLoss, delta) =>
    `At last 30 days’ volume (${volume}): ${amount} / month ${isLoss ? 'loss' : 'profit'}${delta ? `, ${delta} vs the saved price` : ''}`,
  erosionTitle: (cost) => (cost === 'rose' ? 'Your cost rose since you set this price' : 'Your cost fell since you set this price'),
  erosionBody: (youPayThen, youPayNow, profitThen, profitNow) =>
    `You Pay went from ${youPayThen} to ${youPayNow}. Profit per unit: ${profitThen} then, ${profitNow} now.`,
  erosionKept: 'Your markup already keeps the margin: profit per unit moves with your cost.',
  erosionRestore: 'Restore my margin',
  erosionPreview: (price) => `Preview: ${price} keeps the margin you had. The figures show it; it isn’t saved yet.`,
  erosionSave: 'Save this price',
  cancel: sharedCancel,
};

/** Texts of the panel's "Price changes" view. */
export const priceChangesMessages: Pick<RebillingMessages, 'priceChanges' | 'priceChangesDescription'> = {
  priceChanges: sharedPriceChanges,
  priceChangesDescription: 'Every price saved for all sub-accounts, newest first: who, when, from → to, and You Pay then.',
};

/**
 * Every default text, for reference and for hosts that build their own widgets. Each component
 * reads only its own group (above), so importing one widget does not ship the others' texts.
 */
export const walletMessages: Pick<RebillingMessages, 'walletTitle' | 'walletBalance' | 'walletLowBalanceLabel' | 'walletLowBalanceHint' | 'walletLowBalanceWarning' | 'walletAutoRecharge' | 'walletThreshold' | 'walletTarget' | 'walletMonthlyCap' | 'walletTargetAboveThreshold' | 'walletRechargedThisMonth' | 'walletLastFailure'> = {
  walletTitle: 'Main OneBalance',
  walletBalance: 'Balance',
  walletLowBalanceLabel: 'Warn me below',
  walletLowBalanceHint: 'Leave empty for no warning.',
  walletLowBalanceWarning: (threshold) => `Your main balance is below ${threshold}. Sub-accounts are told to contact their administrator when it runs out.`,
  walletAutoRecharge: 'Auto-recharge',
  walletThreshold: 'When the balance falls below',
  walletTarget: 'Top up to',
  walletMonthlyCap: 'At most per month',
  walletTargetAboveThreshold: (threshold) => `Must be above ${threshold}, the amount that triggers a top-up.`,
  walletRechargedThisMonth: (recharged, cap) => `Topped up ${recharged} of ${cap} this month`,
  walletLastFailure: (at, message) => `Last auto-recharge failed (${at}): ${message}`,
};

export const defaultMessages: RebillingMessages = /* @__PURE__ */ Object.assign(
  {},
  widgetMessages,
  panelMessages,
  dialogMessages,
  stripeDialogMessages,
  logMessages,
  estimatorMessages,
  fundsMessages,
  historyMessages,
  overridesMessages,
  insightsMessages,
  priceChangesMessages,
  walletMessages,
);

export type RebillingMessagesInput = Partial<Omit<RebillingMessages, NestedKey>> & {
  stripeBannerTitle?: Partial<RebillingMessages['stripeBannerTitle']>;
  stripeBannerBody?: Partial<RebillingMessages['stripeBannerBody']>;
  panelErrorTitle?: Partial<RebillingMessages['panelErrorTitle']>;
  productTitle?: Partial<RebillingMessages['productTitle']>;
  productDescription?: Partial<RebillingMessages['productDescription']>;
  productUnit?: Partial<RebillingMessages['productUnit']>;
  disabledReason?: Partial<RebillingMessages['disabledReason']>;
};

type NestedKey = 'productTitle' | 'productDescription' | 'productUnit' | 'disabledReason' | 'stripeBannerTitle' | 'stripeBannerBody' | 'panelErrorTitle';
const NESTED_KEYS = new Set<string>(['productTitle', 'productDescription', 'productUnit', 'disabledReason', 'stripeBannerTitle', 'stripeBannerBody', 'panelErrorTitle']);

/** `defaults` with the host's overrides applied to the keys it has; nested records merge by key. */
export function applyMessageOverrides<T extends object>(defaults: T, overrides: RebillingMessagesInput | undefined): T {
  if (!overrides) return defaults;
  const result = { ...defaults } as Record<string, unknown>;
  for (const key of Object.keys(defaults)) {
    const value = (overrides as Record<string, unknown>)[key];
    if (value === undefined) continue;
    result[key] = NESTED_KEYS.has(key) ? { ...(result[key] as object), ...(value as object) } : value;
  }
  return result as T;
}
