/**
 * `@rebill-kit/server`: the rebilling backend on PostgreSQL (PGlite embedded, or a `pg.Pool`).
 * See the package README and DESIGN.md "The rebilling server".
 */
export {
  createRebillingServer,
  type RebillingAccount,
  type RebillingServer,
  type RebillingServerOptions,
} from './server.js';
export { type Catalog, type CatalogProduct } from './catalog.js';
export { type Database, type DatabaseInput, type PoolLike, type Queryable, type Row } from './db.js';
export { type Authorization, type ServerHandlerOptions } from './handler.js';
export { DEFAULT_IDEMPOTENCY_KEY_TTL_MS } from './idempotency.js';
export { type ChargeUsageInput, type ChargeUsageResult, type UsageProduct } from './metering.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export { type UpsertSubAccountInput } from './overrides.js';
export { type PriceChange } from './prices.js';
export { type AddonProduct, type AddonPurchase, type OwnerNotification, type PurchaseAddonInput } from './addons.js';
export { type AddFundsInput, type AddFundsResult, type WalletRef } from './wallets.js';
export {
  WebhookSignatureError,
  createStripePayments,
  createTestPayments,
  fromMinorUnits,
  toMinorUnits,
  type CardOnFile,
  type CardOnFileRequest,
  type ChargeEventSubject,
  type ChargeOutcome,
  type ChargeRequest,
  type ConnectAccountInput,
  type ConnectAccountResult,
  type ConnectedAccount,
  type ParseWebhookInput,
  type Payer,
  type PaymentEvent,
  type PaymentGateway,
  type RefundOutcome,
  type RefundRequest,
  type RetrieveChargeRequest,
  type StripePaymentsOptions,
  type TestCharge,
  type TestChargeOutcome,
  type TestChargeScript,
  type TestPayments,
  type TestPaymentsOptions,
} from './payments/index.js';
