export {
  WebhookSignatureError,
  fromMinorUnits,
  toMinorUnits,
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
} from './gateway.js';
export { createStripePayments, type CardOnFile, type CardOnFileRequest, type StripePaymentsOptions } from './stripe.js';
export {
  createTestPayments,
  type TestCharge,
  type TestChargeOutcome,
  type TestChargeScript,
  type TestPayments,
  type TestPaymentsOptions,
} from './test-payments.js';
