/**
 * The REST contract per account: `createRebillingHandler` from `@rebill-kit/adapter-http`, with
 * an adapter function that runs `authorize(request)` first and serves that account's adapter.
 */
import { createRebillingHandler, type RebillingHandler, type RebillingHandlerOptions } from '@rebill-kit/adapter-http/server';
import { RebillingError, type RebillingAdapter } from '@rebill-kit/core';

/** Who is calling: the platform account whose data the request may touch, and who acts. */
export interface Authorization {
  accountId: string;
  /** Recorded in price history (a user id or e-mail). */
  actor?: string;
}

export interface ServerHandlerOptions extends Omit<RebillingHandlerOptions, 'basePath'> {
  /**
   * Decides, before the body is read, which account the request acts for. Return `null` (or
   * throw `RebillingError('unauthorized')`) to answer 401. Check the session or token here:
   * the handler trusts what it returns.
   */
  authorize: (request: Request) => Authorization | null | undefined | Promise<Authorization | null | undefined>;
  /** Path the handler is mounted at, e.g. `"/api/rebilling"`. Default `""`. */
  basePath?: string;
}

export function createServerHandler(
  adapterFor: (accountId: string, actor: string | undefined) => RebillingAdapter,
  options: ServerHandlerOptions,
): RebillingHandler {
  const { authorize, ...handlerOptions } = options ?? ({} as ServerHandlerOptions);
  if (typeof authorize !== 'function') {
    throw new TypeError('server.handler({ authorize }) needs authorize(request) → { accountId, actor? } or null, so that no request reaches data unauthenticated.');
  }
  return createRebillingHandler(async (request) => {
    const who = await authorize(request);
    if (!who || typeof who.accountId !== 'string' || who.accountId === '') {
      throw new RebillingError('unauthorized', 'Sign in to manage rebilling.');
    }
    return adapterFor(who.accountId, who.actor);
  }, handlerOptions);
}
