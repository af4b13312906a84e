import {
  RebillingError,
  isAbortError,
  isRebillingError,
  parseLedgerPage,
  parsePricingChange,
  parsePricingSnapshot,
  parseStripeConnectResult,
  parseStripeConnection,
  type RebillingAdapter,
  type RebillingErrorCode,
} from '@rebill-kit/core';
import * as v from 'valibot';
import {
  DEFAULT_MAX_BODY_BYTES,
  JSON_CONTENT_TYPE,
  ROUTES,
  STATUS_OF_CODE,
  errorBody,
  etagToRevision,
  isValidIdempotencyKey,
  revisionToEtag,
  type ErrorBody,
} from './wire.js';

/** A Fetch-API request handler: Node (via `toNodeListener`), Next.js route handlers, Deno, Bun, Workers. */
export type RebillingHandler = (request: Request) => Promise<Response>;

/**
 * The adapter to serve, or a function choosing one per request (e.g. the signed-in account's).
 * The function may throw a `RebillingError` `unauthorized` to answer 401.
 */
export type AdapterSource = RebillingAdapter | ((request: Request) => RebillingAdapter | Promise<RebillingAdapter>);

export interface RebillingHandlerOptions {
  /** Path the handler is mounted at, e.g. `"/api/rebilling"`. Default `""` (routes at the root). */
  basePath?: string;
  /** Largest request body read, in bytes; larger ones get 413 without being read further. Default 64 KB. */
  maxBodyBytes?: number;
  /**
   * Called with every failure answered 500 (the client sees only a generic message).
   * Default: `console.error`.
   */
  onError?: (error: unknown, request: Request) => void;
}

/** An answer decided before the adapter is called: nothing was applied. */
class Problem {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly fields: Array<{ path: string; message: string }> = [],
    readonly headers: Record<string, string> = {},
    readonly code: RebillingErrorCode = 'validation',
  ) {}
}

const LEDGER_LIMIT_DEFAULT = 50;
const LEDGER_LIMIT_MAX = 200;

const connectSchema = v.object({
  syncCustomersAs: v.nullable(v.picklist(['people', 'businesses'], 'must be "people", "businesses" or null')),
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, 'Cache-Control': 'no-store', ...headers },
  });
}

function normalizeBasePath(basePath: string | undefined): string {
  if (!basePath) return '';
  const trimmed = basePath.replace(/\/+$/, '');
  return trimmed.startsWith('/') || trimmed === '' ? trimmed : `/${trimmed}`;
}

async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const mediaType = (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new Problem(415, `${request.method} needs a JSON body sent with Content-Type: application/json.`, [
      { path: 'Content-Type', message: 'must be application/json' },
    ]);
  }
  const tooLarge = () => new Problem(413, `The request body is larger than ${maxBytes} bytes.`);
  const declared = Number(request.headers.get('Content-Length') ?? '0');
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) throw new Problem(400, 'The request needs a JSON body.');

  // Content-Length may be absent (chunked) or wrong: count what is actually read.
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Problem(400, 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 200)}` : '';
    throw new Problem(400, `The request body is not valid JSON${detail}`);
  }
}

/** Checks what the served adapter returned, so a backend bug is a 500 here, not bad data in a browser. */
function checked<T>(parse: (data: unknown) => T, data: unknown, method: string): T {
  try {
    return parse(data);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new RebillingError('unknown', `The served adapter's ${method} returned invalid data: ${detail}`, { cause: error });
  }
}

/**
 * Serves the REST contract (`openapi.yaml`) over any `RebillingAdapter`.
 *
 * ```ts
 * // app/api/rebilling/[...path]/route.ts (Next.js)
 * const handler = createRebillingHandler(adapter, { basePath: '/api/rebilling' });
 * export { handler as GET, handler as PUT, handler as POST };
 * ```
 *
 * Authentication is the host's: check the request before calling the handler, or pass a
 * function that picks the signed-in account's adapter and throws `unauthorized` otherwise.
 * Bad requests are answered 4xx without calling the adapter; adapter errors map to statuses
 * (conflict 412, validation 422, unauthorized 401, unavailable 503, network 502, anything
 * else 500 with a generic message).
 */
export function createRebillingHandler(adapter: AdapterSource, options: RebillingHandlerOptions = {}): RebillingHandler {
  const basePath = normalizeBasePath(options.basePath);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onError = options.onError ?? ((error: unknown) => console.error('[rebill-kit] request failed:', error));
  const resolve = (request: Request) => (typeof adapter === 'function' ? adapter(request) : adapter);

  type Route = Partial<Record<string, (request: Request, url: URL) => Promise<Response>>>;
  const routes: Record<string, Route> = {
    [ROUTES.pricing]: {
      async GET(request) {
        const snapshot = checked(parsePricingSnapshot, await (await resolve(request)).loadPricing({ signal: request.signal }), 'loadPricing');
        return json(200, snapshot, { ETag: revisionToEtag(snapshot.revision) });
      },
      async PUT(request) {
        const ifMatch = request.headers.get('If-Match');
        if (!ifMatch) {
          throw new Problem(428, 'PUT /pricing needs an If-Match header with the ETag of the loaded prices, e.g. If-Match: "3".', [
            { path: 'If-Match', message: 'is required' },
          ]);
        }
        const expectedRevision = etagToRevision(ifMatch);
        if (expectedRevision === undefined) {
          throw new Problem(400, 'If-Match must be the one ETag of the loaded prices, e.g. "3" ("*" and lists are not accepted).', [
            { path: 'If-Match', message: 'must be one strong ETag' },
          ]);
        }
        const idempotencyKey = request.headers.get('Idempotency-Key');
        if (!isValidIdempotencyKey(idempotencyKey)) {
          throw new Problem(400, 'PUT /pricing needs an Idempotency-Key header of 1–255 visible ASCII characters, unique per change.', [
            { path: 'Idempotency-Key', message: idempotencyKey ? 'must be 1–255 visible ASCII characters' : 'is required' },
          ]);
        }
        const change = parsePricingChange(await readJson(request, maxBodyBytes));
        const result = await (await resolve(request)).savePricing(change, { expectedRevision, idempotencyKey, signal: request.signal });
        const snapshot = checked(parsePricingSnapshot, result, 'savePricing');
        return json(200, snapshot, { ETag: revisionToEtag(snapshot.revision) });
      },
    },
    [ROUTES.stripe]: {
      async GET(request) {
        const connection = await (await resolve(request)).loadStripeConnection({ signal: request.signal });
        return json(200, checked(parseStripeConnection, connection, 'loadStripeConnection'));
      },
    },
    [ROUTES.stripeConnect]: {
      async POST(request) {
        const parsed = v.safeParse(connectSchema, await readJson(request, maxBodyBytes));
        if (!parsed.success) {
          throw RebillingError.validation(
            'The Stripe connect request is invalid',
            parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? 'syncCustomersAs', message: issue.message })),
          );
        }
        const result = await (await resolve(request)).connectStripe(parsed.output);
        return json(200, checked(parseStripeConnectResult, result, 'connectStripe'));
      },
    },
    [ROUTES.ledger]: {
      async GET(request, url) {
        const served = await resolve(request);
        if (!served.listLedger) throw new Problem(501, 'This server does not serve the OneBalance ledger.', [], {}, 'unavailable');
        const limitParam = url.searchParams.get('limit');
        const limit = limitParam === null ? LEDGER_LIMIT_DEFAULT : /^\d{1,4}$/.test(limitParam) ? Number(limitParam) : Number.NaN;
        if (!(limit >= 1 && limit <= LEDGER_LIMIT_MAX)) {
          throw RebillingError.validation('Invalid ledger query', [
            { path: 'limit', message: `must be a whole number from 1 to ${LEDGER_LIMIT_MAX}` },
          ]);
        }
        const cursor = url.searchParams.get('cursor') ?? undefined;
        if (cursor !== undefined && (cursor === '' || cursor.length > 1000)) {
          throw RebillingError.validation('Invalid ledger query', [{ path: 'cursor', message: 'must be a cursor this ledger gave' }]);
        }
        const page = await served.listLedger({ limit, ...(cursor === undefined ? {} : { cursor }) }, { signal: request.signal });
        return json(200, checked(parseLedgerPage, page, 'listLedger'));
      },
    },
  };

  function answer(error: unknown, request: Request): Response {
    if (error instanceof Problem) {
      const body: ErrorBody = {
        error: { code: error.code, message: error.message, ...(error.fields.length > 0 ? { fields: error.fields } : {}) },
      };
      return json(error.status, body, error.headers);
    }
    if (request.signal.aborted || isAbortError(error)) {
      // The client went away; nobody reads this answer (499 is the usual log status for it).
      return json(499, errorBody(new RebillingError('network', 'The request was cancelled.')));
    }
    if (isRebillingError(error)) {
      if (error.code === 'unknown') onError(error, request);
      return json(STATUS_OF_CODE[error.code], errorBody(error));
    }
    onError(error, request);
    return json(500, errorBody(new RebillingError('unknown', 'unexpected failure')));
  }

  return async (request) => {
    try {
      const url = new URL(request.url);
      let path = url.pathname.replace(/\/+$/, '') || '/';
      if (basePath) {
        if (path !== basePath && !path.startsWith(`${basePath}/`)) throw new Problem(404, `No rebilling route at ${url.pathname}.`, [], {}, 'unknown');
        path = path.slice(basePath.length) || '/';
      }
      const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
      if (!route) throw new Problem(404, `No rebilling route at ${url.pathname}.`, [], {}, 'unknown');
      const method = route[request.method];
      if (!method) {
        const allow = Object.keys(route).join(', ');
        throw new Problem(405, `${request.method} is not allowed on ${url.pathname}; use ${allow}.`, [], { Allow: allow }, 'unknown');
      }
      return await method(request, url);
    } catch (error) {
      return answer(error, request);
    }
  };
}
