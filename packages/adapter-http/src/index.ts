/**
 * `@rebill-kit/adapter-http`: a `RebillingAdapter` for the REST contract in `openapi.yaml`.
 * The server side of the same contract is on the subpath `@rebill-kit/adapter-http/server`.
 */
export {
  HTTP_FEATURES,
  createHttpAdapter,
  type HeadersSource,
  type HttpAdapter,
  type HttpAdapterOptions,
  type HttpFeature,
  type RetryOptions,
} from './client.js';
export { type ErrorBody } from './wire.js';
