import {
  RebillingError,
  isAbortError,
  isRebillingError,
  PRODUCT_IDS,
  parseLedgerPage,
  parseOwnerWallet,
  parsePriceChangePage,
  parseUsageSummary,
  parsePricingChange,
  parsePricingSnapshot,
  parseStripeConnectResult,
  parseStripeConnection,
  parseWalletSettings,
  parseOverrideInput,
  parseSubAccountOverrides,
  parseSubAccountOverridesPage,
  pricingChangeErrors,
  type FieldError,
  type PricingSnapshot,
  type ProductId,
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

/**
 * Cross-origin access for browsers on other origins (a `baseUrl` on another host). Without it the
 * handler sends no CORS headers, so only same-origin pages can call it.
 */
export interface CorsOptions {
  /**
   * Origins allowed to call the API: exact origins (`"https://app.example.com"`, scheme, host
   * and port, no path), `"*"` for any origin (only without `credentials`), or a function
   * deciding per request (may be async). A disallowed origin gets no CORS headers, so the
   * browser refuses to give the answer to its page, and a preflight from it gets 403.
   */
  origins: readonly string[] | '*' | ((origin: string, request: Request) => boolean | Promise<boolean>);
  /** Let browsers send cookies and HTTP authentication (`Access-Control-Allow-Credentials: true`). Default `false`. */
  credentials?: boolean;
  /**
   * Request headers a page may send besides the contract's own (`Content-Type`, `If-Match`,
   * `Idempotency-Key`, which are always allowed). Default `["Authorization"]`.
   */
  allowHeaders?: readonly string[];
  /** Seconds a browser may reuse a preflight answer (`Access-Control-Max-Age`). Default `600`. */
  maxAgeSeconds?: number;
}

export interface RebillingHandlerOptions {
  /** Path the handler is mounted at, e.g. `"/api/rebilling"`. Default `""` (routes at the root). */
  basePath?: string;
  /**
   * Decides whether the request may be served, before any header or body of it is read or
   * validated (so an unauthenticated client learns nothing but 401). Throw a `RebillingError`
   * (`unauthorized` → 401) or return `false` (401) to refuse. Runs after routing (404/405) and
   * after CORS preflights, which carry no credentials. An adapter function (`AdapterSource`) is
   * called at the same point, so it may authorize instead.
   */
  authorize?: (request: Request) => unknown;
  /** Cross-origin access; see {@link CorsOptions}. Default: none (same-origin only). */
  cors?: CorsOptions;
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

/** `limit` and `cursor` of a paged GET (the ledger, the price history), checked the same way. */
function pageQuery(url: URL, what: string): { limit: number; cursor?: string } {
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null ? LEDGER_LIMIT_DEFAULT : /^\d{1,4}$/.test(limitParam) ? Number(limitParam) : Number.NaN;
  if (!(limit >= 1 && limit <= LEDGER_LIMIT_MAX)) {
    throw RebillingError.validation(`Invalid ${what} query`, [{ path: 'limit', message: `must be a whole number from 1 to ${LEDGER_LIMIT_MAX}` }]);
  }
  const cursor = url.searchParams.get('cursor') ?? undefined;
  if (cursor !== undefined && (cursor === '' || cursor.length > 1000)) {
    throw RebillingError.validation(`Invalid ${what} query`, [{ path: 'cursor', message: `must be a cursor this ${what} gave` }]);
  }
  return { limit, ...(cursor === undefined ? {} : { cursor }) };
}

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

/** `GET /wallet` and `PUT /wallet/settings` (with `Idempotency-Key`), 501 when the adapter has no wallet. */
function walletRoutes(maxBodyBytes: number): Array<[string, Map<string, RouteHandler>]> {
  const servedWallet = (served: RebillingAdapter) => {
    if (typeof served.loadWallet !== 'function' || typeof served.saveAutoRecharge !== 'function') {
      throw new Problem(501, "This server does not serve the owner's wallet.", [], {}, 'unavailable');
    }
    return { loadWallet: served.loadWallet.bind(served), saveAutoRecharge: served.saveAutoRecharge.bind(served) };
  };
  return [
    [
      ROUTES.wallet,
      new Map<string, RouteHandler>([
        ['GET', async ({ request, adapter: served }) => json(200, checked(parseOwnerWallet, await servedWallet(served).loadWallet({ signal: request.signal }), 'loadWallet'))],
      ]),
    ],
    [
      ROUTES.walletSettings,
      new Map<string, RouteHandler>([
        [
          'PUT',
          async ({ request, adapter: served }) => {
            const wallet = servedWallet(served);
            const idempotencyKey = request.headers.get('Idempotency-Key');
            if (!isValidIdempotencyKey(idempotencyKey)) {
              throw new Problem(400, 'PUT /wallet/settings needs an Idempotency-Key header of 1–255 visible ASCII characters, unique per change.', [
                { path: 'Idempotency-Key', message: idempotencyKey ? 'must be 1–255 visible ASCII characters' : 'is required' },
              ]);
            }
            const body = await readJson(request, maxBodyBytes);
            // The wallet's currency decides the minor unit the amounts must be whole in.
            const { currency } = checked(parseOwnerWallet, await wallet.loadWallet({ signal: request.signal }), 'loadWallet');
            const settings = parseWalletSettings(body, currency);
            const saved = await wallet.saveAutoRecharge(settings, { idempotencyKey, signal: request.signal });
            return json(200, checked(parseOwnerWallet, saved, 'saveAutoRecharge'));
          },
        ],
      ]),
    ],
  ];
}

/** The contract's own request headers, always allowed cross-origin. */
const CONTRACT_HEADERS = ['Content-Type', 'If-Match', 'Idempotency-Key'];

interface CorsPolicy {
  /** Headers for a request from `origin`, or `undefined` when the origin is not allowed. */
  allow(origin: string, request: Request): Promise<Record<string, string> | undefined>;
  allowHeaders: string;
  maxAge: string;
}

function corsPolicy(options: CorsOptions | undefined): CorsPolicy | undefined {
  if (!options) return undefined;
  const { origins, credentials = false } = options;
  if (origins === '*' && credentials) {
    throw new TypeError('cors: origins "*" cannot be combined with credentials (browsers refuse it); list the allowed origins instead.');
  }
  let isAllowed: (origin: string, request: Request) => boolean | Promise<boolean>;
  if (typeof origins === 'function') {
    isAllowed = origins;
  } else if (origins === '*') {
    isAllowed = () => true;
  } else if (Array.isArray(origins)) {
    const listed = new Set(
      origins.map((origin) => {
        let parsed: URL | undefined;
        try {
          parsed = new URL(origin);
        } catch {
          // reported below
        }
        if (!parsed || parsed.origin === 'null' || parsed.origin !== origin.replace(/\/$/, '')) {
          throw new TypeError(`cors: ${JSON.stringify(origin)} is not an origin; write scheme, host and port only, e.g. "https://app.example.com".`);
        }
        return parsed.origin;
      }),
    );
    isAllowed = (origin) => listed.has(origin);
  } else {
    throw new TypeError('cors.origins must be a list of origins, "*", or a function (origin, request) => boolean.');
  }
  const maxAge = options.maxAgeSeconds ?? 600;
  if (!Number.isSafeInteger(maxAge) || maxAge < 0) throw new TypeError('cors.maxAgeSeconds must be a whole number of seconds, 0 or more.');
  return {
    async allow(origin, request) {
      if (!(await isAllowed(origin, request))) return undefined;
      return {
        'Access-Control-Allow-Origin': origins === '*' ? '*' : origin,
        ...(credentials ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
        'Access-Control-Expose-Headers': 'ETag',
      };
    },
    allowHeaders: [...new Set([...CONTRACT_HEADERS, ...(options.allowHeaders ?? ['Authorization'])])].join(', '),
    maxAge: String(maxAge),
  };
}

/** Adds `headers` to a response, appending to `Vary` rather than replacing it. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'Vary') response.headers.append('Vary', value);
    else response.headers.set(name, value);
  }
  return response;
}

/** What a served adapter's own error tells the client: a known code, and only well-formed fields. */
function adapterErrorBody(error: RebillingError): { status: number; body: ErrorBody } {
  const code = Object.hasOwn(STATUS_OF_CODE, error.code) ? error.code : 'unknown';
  const fields: FieldError[] = Array.isArray(error.fields)
    ? error.fields
        .filter((field): field is FieldError => typeof field?.path === 'string' && typeof field.message === 'string')
        .slice(0, 100)
        .map(({ path, message }) => ({ path: path.slice(0, 500), message: message.slice(0, 1000) }))
    : [];
  const message = typeof error.message === 'string' && error.message.trim() ? error.message.slice(0, 2000) : 'The request failed.';
  return { status: STATUS_OF_CODE[code], body: errorBody(new RebillingError(code, message, { fields })) };
}

interface RouteContext {
  request: Request;
  url: URL;
  adapter: RebillingAdapter;
  /** Decoded path parameters of a templated route (`{subAccountId}`, `{product}`). */
  params: Record<string, string>;
}

/** A templated route (`/overrides/{subAccountId}/{product}`) matching `path`, with its raw segments. */
function matchTemplate(path: string): { route: string; params: Record<string, string> } | undefined {
  const match = /^\/overrides\/([^/]+)\/([^/]+)$/.exec(path);
  if (!match) return undefined;
  // Decoded by overrideTarget, after authorize: a bad request learns nothing before it.
  return { route: ROUTES.override, params: { subAccountId: match[1]!, product: match[2]! } };
}

/** Checks the `{subAccountId}` and `{product}` of an override path (422 naming each bad one). */
function overrideTarget(params: Record<string, string>): { subAccountId: string; product: ProductId } {
  const { product = '' } = params;
  let subAccountId: string;
  try {
    subAccountId = decodeURIComponent(params.subAccountId ?? '');
  } catch {
    throw new Problem(400, 'The sub-account id in the path is not valid percent-encoding; encode it with encodeURIComponent.', [
      { path: 'subAccountId', message: 'must be percent-encoded UTF-8' },
    ]);
  }
  const errors: FieldError[] = [];
  if (subAccountId.length < 1 || subAccountId.length > 255) errors.push({ path: 'subAccountId', message: 'must be 1–255 characters' });
  if (!(PRODUCT_IDS as readonly string[]).includes(product)) errors.push({ path: 'product', message: `must be one of ${PRODUCT_IDS.join(', ')}` });
  if (errors.length > 0) throw RebillingError.validation('Invalid override path', errors);
  return { subAccountId, product: product as ProductId };
}

function requireOverrides(served: RebillingAdapter): Required<Pick<RebillingAdapter, 'listOverrides' | 'saveOverride' | 'removeOverride'>> {
  const { listOverrides, saveOverride, removeOverride } = served;
  if (typeof listOverrides !== 'function' || typeof saveOverride !== 'function' || typeof removeOverride !== 'function') {
    throw new Problem(501, 'This server does not serve per-sub-account overrides.', [], {}, 'unavailable');
  }
  return { listOverrides: listOverrides.bind(served), saveOverride: saveOverride.bind(served), removeOverride: removeOverride.bind(served) };
}
type RouteHandler = (context: RouteContext) => Promise<Response>;

/**
 * Serves the REST contract (`openapi.yaml`) over any `RebillingAdapter`.
 *
 * ```ts
 * // app/api/rebilling/[...path]/route.ts (Next.js)
 * const handler = createRebillingHandler(adapter, { basePath: '/api/rebilling', authorize: requireOwner });
 * export { handler as GET, handler as PUT, handler as POST, handler as OPTIONS };
 * ```
 *
 * Every request is answered in this order, and each step answers before the next runs:
 * 1. the route (404) and the method, from an allow-list (405 with `Allow`);
 * 2. CORS: `OPTIONS` preflights get 204 with the allowed methods and headers (403 for a
 *    disallowed origin); every answer to an allowed origin carries its CORS headers;
 * 3. `authorize`, then the adapter function: 401 before any header or body is read;
 * 4. headers (`If-Match` 428/400, `Idempotency-Key` 400) and the body (415, 413, 400);
 * 5. validation (422): the change's structure, product names and decimals, then, for
 *    `PUT /pricing`, every rule of it against the adapter's current snapshot (range, step,
 *    limits, precision), so the write path never stores what `GET /pricing` would reject;
 * 6. the adapter. Its errors map to statuses (conflict 412, validation 422, unauthorized 401,
 *    unavailable 503, network 502, anything else 500 with a generic message, reported to
 *    `onError`); what it returns is validated too (500 when invalid).
 *
 * The returned function never throws: every outcome is a `Response`, errors with a JSON body.
 */
export function createRebillingHandler(adapter: AdapterSource, options: RebillingHandlerOptions = {}): RebillingHandler {
  const basePath = normalizeBasePath(options.basePath);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const reportTo = options.onError ?? ((error: unknown) => console.error('[rebill-kit] request failed:', error));
  const onError = (error: unknown, request: Request) => {
    try {
      reportTo(error, request);
    } catch (failure) {
      // A failing reporter must not turn an answer into a crash.
      console.error('[rebill-kit] onError threw:', failure);
    }
  };
  const { authorize } = options;
  const cors = corsPolicy(options.cors);
  const resolve = async (request: Request) => (typeof adapter === 'function' ? adapter(request) : adapter);

  const pricingResponse = (snapshot: PricingSnapshot) => json(200, snapshot, { ETag: revisionToEtag(snapshot.revision) });

  // Maps, not object literals: a method such as `constructor` or `__proto__` must find nothing.
  const routes = new Map<string, Map<string, RouteHandler>>([
    [
      ROUTES.pricing,
      new Map<string, RouteHandler>([
        ['GET', async ({ request, adapter: served }) => pricingResponse(checked(parsePricingSnapshot, await served.loadPricing({ signal: request.signal }), 'loadPricing'))],
        [
          'PUT',
          async ({ request, adapter: served }) => {
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
            // The snapshot the change would apply to decides its limits and step. When the revision
            // has moved on, the adapter answers: a replay of this key, or a conflict.
            const current = checked(parsePricingSnapshot, await served.loadPricing({ signal: request.signal }), 'loadPricing');
            if (current.revision === expectedRevision) {
              const errors = pricingChangeErrors(change, current);
              if (errors.length > 0) throw RebillingError.validation('The pricing change was rejected', errors);
            }
            const result = await served.savePricing(change, { expectedRevision, idempotencyKey, signal: request.signal });
            return pricingResponse(checked(parsePricingSnapshot, result, 'savePricing'));
          },
        ],
      ]),
    ],
    [
      ROUTES.stripe,
      new Map<string, RouteHandler>([
        ['GET', async ({ request, adapter: served }) => json(200, checked(parseStripeConnection, await served.loadStripeConnection({ signal: request.signal }), 'loadStripeConnection'))],
      ]),
    ],
    [
      ROUTES.stripeConnect,
      new Map<string, RouteHandler>([
        [
          'POST',
          async ({ request, adapter: served }) => {
            const parsed = v.safeParse(connectSchema, await readJson(request, maxBodyBytes));
            if (!parsed.success) {
              throw RebillingError.validation(
                'The Stripe connect request is invalid',
                parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? 'syncCustomersAs', message: issue.message })),
              );
            }
            return json(200, checked(parseStripeConnectResult, await served.connectStripe(parsed.output), 'connectStripe'));
          },
        ],
      ]),
    ],
    [
      ROUTES.ledger,
      new Map<string, RouteHandler>([
        [
          'GET',
          async ({ request, url, adapter: served }) => {
            if (typeof served.listLedger !== 'function') {
              throw new Problem(501, 'This server does not serve the OneBalance ledger.', [], {}, 'unavailable');
            }
            const page = await served.listLedger(pageQuery(url, 'ledger'), { signal: request.signal });
            return json(200, checked(parseLedgerPage, page, 'listLedger'));
          },
        ],
      ]),
    ],
    [
      ROUTES.priceHistory,
      new Map<string, RouteHandler>([
        [
          'GET',
          async ({ request, url, adapter: served }) => {
            if (typeof served.listPriceChanges !== 'function') {
              throw new Problem(501, 'This server does not serve the price history.', [], {}, 'unavailable');
            }
            const product = url.searchParams.get('product') ?? undefined;
            if (product !== undefined && !(PRODUCT_IDS as readonly string[]).includes(product)) {
              throw RebillingError.validation('Invalid price history query', [
                { path: 'product', message: `must be one of ${PRODUCT_IDS.join(', ')}` },
              ]);
            }
            const query = { ...pageQuery(url, 'price history'), ...(product === undefined ? {} : { product: product as ProductId }) };
            const page = await served.listPriceChanges(query, { signal: request.signal });
            return json(200, checked(parsePriceChangePage, page, 'listPriceChanges'));
          },
        ],
      ]),
    ],
    ...walletRoutes(maxBodyBytes),
    [
      ROUTES.overrides,
      new Map<string, RouteHandler>([
        [
          'GET',
          async ({ request, url, adapter: served }) => {
            const page = await requireOverrides(served).listOverrides(pageQuery(url, 'overrides'), { signal: request.signal });
            return json(200, checked(parseSubAccountOverridesPage, page, 'listOverrides'));
          },
        ],
      ]),
    ],
    [
      ROUTES.override,
      new Map<string, RouteHandler>([
        [
          'PUT',
          async ({ request, params, adapter: served }) => {
            const overrides = requireOverrides(served);
            const idempotencyKey = request.headers.get('Idempotency-Key');
            if (!isValidIdempotencyKey(idempotencyKey)) {
              throw new Problem(400, 'PUT /overrides/… needs an Idempotency-Key header of 1–255 visible ASCII characters, unique per change.', [
                { path: 'Idempotency-Key', message: idempotencyKey ? 'must be 1–255 visible ASCII characters' : 'is required' },
              ]);
            }
            const target = overrideTarget(params);
            const body = await readJson(request, maxBodyBytes);
            const rule = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { rule?: unknown }).rule : undefined;
            // Checked against the account's snapshot, as PUT /pricing is: range, step, minor units.
            const current = checked(parsePricingSnapshot, await served.loadPricing({ signal: request.signal }), 'loadPricing');
            const input = parseOverrideInput({ ...target, rule }, current);
            const result = await overrides.saveOverride(input, { idempotencyKey, signal: request.signal });
            return json(200, checked(parseSubAccountOverrides, result, 'saveOverride'));
          },
        ],
        [
          'DELETE',
          async ({ request, params, adapter: served }) => {
            const result = await requireOverrides(served).removeOverride(overrideTarget(params), { signal: request.signal });
            return json(200, checked(parseSubAccountOverrides, result, 'removeOverride'));
          },
        ],
      ]),
    ],
    [
      ROUTES.usageSummary,
      new Map<string, RouteHandler>([
        [
          'GET',
          async ({ request, adapter: served }) => {
            if (typeof served.loadUsageSummary !== 'function') {
              throw new Problem(501, 'This server does not serve the usage summary.', [], {}, 'unavailable');
            }
            return json(200, checked(parseUsageSummary, await served.loadUsageSummary({ signal: request.signal }), 'loadUsageSummary'));
          },
        ],
      ]),
    ],
  ]);

  function answer(error: unknown, request: Request): Response {
    if (error instanceof Problem) {
      const body: ErrorBody = {
        error: { code: error.code, message: error.message, ...(error.fields.length > 0 ? { fields: error.fields } : {}) },
      };
      return json(error.status, body, error.headers);
    }
    if (request.signal.aborted) {
      // The client went away; nobody reads this answer (499 is the usual log status for it).
      return json(499, errorBody(new RebillingError('network', 'The request was cancelled.')));
    }
    if (isAbortError(error) || (error instanceof Error && error.name === 'TimeoutError')) {
      // The adapter's own abort (an upstream timeout), not the client's: the backend failed to answer.
      onError(error, request);
      return json(503, errorBody(new RebillingError('unavailable', 'The server did not get an answer from its backend in time. Retry shortly.')));
    }
    if (isRebillingError(error)) {
      const { status, body } = adapterErrorBody(error);
      if (status >= 500 && body.error.code === 'unknown') onError(error, request);
      return json(status, body);
    }
    onError(error, request);
    return json(500, errorBody(new RebillingError('unknown', 'unexpected failure')));
  }

  async function route(request: Request, corsHeaders: Record<string, string> | undefined): Promise<Response> {
    const url = new URL(request.url);
    let path = url.pathname.replace(/\/+$/, '') || '/';
    if (basePath) {
      if (path !== basePath && !path.startsWith(`${basePath}/`)) throw new Problem(404, `No rebilling route at ${url.pathname.slice(0, 200)}.`, [], {}, 'unknown');
      path = path.slice(basePath.length) || '/';
    }
    const template = routes.has(path) ? undefined : matchTemplate(path);
    const methods = routes.get(template?.route ?? path);
    if (!methods || path === ROUTES.override) throw new Problem(404, `No rebilling route at ${url.pathname.slice(0, 200)}.`, [], {}, 'unknown');
    const allow = [...methods.keys()].join(', ');
    if (request.method === 'OPTIONS') {
      const origin = request.headers.get('Origin');
      if (cors && origin !== null && request.headers.has('Access-Control-Request-Method')) {
        if (!corsHeaders) {
          throw new Problem(403, `The origin ${origin.slice(0, 200)} may not call this API from a browser; add it to the handler's cors.origins.`, [], {}, 'unauthorized');
        }
        return new Response(null, {
          status: 204,
          headers: {
            Allow: `${allow}, OPTIONS`,
            'Access-Control-Allow-Methods': allow,
            'Access-Control-Allow-Headers': cors.allowHeaders,
            'Access-Control-Max-Age': cors.maxAge,
          },
        });
      }
      return new Response(null, { status: 204, headers: { Allow: `${allow}, OPTIONS` } });
    }
    const method = methods.get(request.method);
    if (!method) {
      throw new Problem(405, `${request.method.slice(0, 40)} is not allowed on ${url.pathname.slice(0, 200)}; use ${allow}.`, [], { Allow: `${allow}, OPTIONS` }, 'unknown');
    }
    if (authorize && (await authorize(request)) === false) {
      throw new RebillingError('unauthorized', 'Sign in as the account owner to manage rebilling.');
    }
    return await method({ request, url, adapter: await resolve(request), params: template?.params ?? {} });
  }

  return async (request) => {
    let corsHeaders: Record<string, string> | undefined;
    let response: Response;
    try {
      const origin = request.headers.get('Origin');
      if (cors && origin !== null) corsHeaders = await cors.allow(origin, request);
      response = await route(request, corsHeaders);
    } catch (error) {
      response = answer(error, request);
    }
    return cors ? withHeaders(response, { Vary: 'Origin', ...corsHeaders }) : response;
  };
}
