/**
 * `@rebill-kit/adapter-http/server`: serves the REST contract over any `RebillingAdapter`, for
 * any Fetch-API runtime (Next.js route handlers, Deno, Bun, Workers) and Node's `http` server.
 */
export {
  createRebillingHandler,
  type AdapterSource,
  type CorsOptions,
  type RebillingHandler,
  type RebillingHandlerOptions,
} from './handler.js';
export { toNodeListener, type NodeListener, type NodeRequestLike, type NodeResponseLike } from './node.js';
export { type ErrorBody } from './wire.js';
