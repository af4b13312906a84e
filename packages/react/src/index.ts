'use client';

export { RebillingProvider, useMessages, useRebillingContext, type Formatters, type RebillingProviderProps } from './context.js';
export { type Appearance, type AppearanceVariables, themeDefaults } from './appearance.js';
export {
  defaultMessages,
  dialogMessages,
  estimatorMessages,
  fundsMessages,
  historyMessages,
  logMessages,
  panelMessages,
  stripeDialogMessages,
  widgetMessages,
  type RebillingMessages,
  type RebillingMessagesInput,
} from './messages.js';
export {
  usePricing,
  type DisabledReason,
  type PricingFigures,
  type SaveStatus,
  type UsePricingResult,
} from './use-pricing.js';
export { useConnectStripe, useStripeConnection } from './use-stripe.js';
export { EmailWidget, MultiplierSlider, PhoneNumbersWidget, SmsWidget } from './widgets/MultiplierWidget.js';
export { FixedPriceEditor, LightningDomainsWidget, ListingsWidget } from './widgets/FixedPriceWidget.js';
export { WidgetHeadingLevel, type WidgetProps } from './widgets/WidgetFrame.js';
export { RebillingPanel, type RebillingPanelProps } from './RebillingPanel.js';

// Core's public surface, so a host installs one package (as @tanstack/react-query does).
export {
  PRODUCT_IDS,
  RebillingError,
  createMemoryAdapter,
  type DecimalString,
  type LedgerEntry,
  type LedgerPage,
  type MemoryAdapterOptions,
  type PriceChange,
  type PriceChangePage,
  type PriceChangeQuery,
  type PricingChange,
  type PricingRule,
  type PricingSnapshot,
  type ProductId,
  type ProductPricing,
  type RebillingAdapter,
  type StripeConnectResult,
  type StripeConnection,
  type StripeStatus,
} from '@rebill-kit/core';

// Dialogs, OneBalance log, SMS estimator, funds notice.
export { Dialog, type DialogProps } from './Dialog.js';
export { IntegrateStripeDialog, type IntegrateStripeDialogProps } from './IntegrateStripeDialog.js';
export { OneBalanceLog, OneBalanceLogDialog, type OneBalanceLogDialogProps, type OneBalanceLogProps } from './OneBalanceLog.js';
export { SmsSegmentEstimator, type SmsSegmentEstimatorProps } from './SmsSegmentEstimator.js';
export { FundsCheckNotice, type FundsCheckNoticeProps } from './FundsCheckNotice.js';
export { PriceHistory, WithPriceHistory, type PriceHistoryProps } from './PriceHistory.js';
export { SubAccountPicker, type SubAccountPickerProps } from './SubAccountPicker.js';
export { SubAccountScope } from './SubAccountScope.js';
export { MarginErosionNotice, ProjectedProfit, WithProfitInsights } from './ProfitInsights.js';
export { PriceChanges, PriceChangesDialog, type PriceChangesDialogProps, type PriceChangesProps } from './PriceChanges.js';
export { OneBalanceWidget } from './OneBalanceWidget.js';
// The core helpers these take or mirror, so a host needs only this package.
export {
  checkUsageFunds,
  countSmsSegments,
  smsMessageCost,
  type CustomerSync,
  type SmsEncoding,
  type SmsMessageCost,
  type SmsSegmentCount,
  type SmsSegmentRule,
  type UsageFundsInput,
  type UsageFundsResult,
} from '@rebill-kit/core';
