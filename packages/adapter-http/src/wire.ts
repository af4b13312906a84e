/**
 * What both sides of the REST contract agree on: routes, headers, the error body, and how
 * error codes map to HTTP statuses. `openapi.yaml` documents the same thing for other languages.
 */
import { RebillingError, type FieldError, type RebillingErrorCode } from '@rebill-kit/core';
import * as v from 'valibot';

export const ROUTES = {
  pricing: '/pricing',
  stripe: '/stripe',
  stripeConnect: '/stripe/connect',
  ledger: '/ledger',
  priceHistory: '/pricing/history',
  wallet: '/wallet',
  walletSettings: '/wallet/settings',
  overrides: '/overrides',
  /** `{subAccountId}` is one percent-encoded path segment; see `overridePath`. */
  override: '/overrides/{subAccountId}/{product}',
  usageSummary: '/usage/summary',
} as const;

/**
 * The path of one sub-account's override of one product. `.` and `..` cannot be path segments
 * (URLs resolve them away, even percent-encoded), so they are refused here with a clear error.
 */
export function overridePath(subAccountId: string, product: string): string {
  if (typeof subAccountId !== 'string' || subAccountId.length < 1 || subAccountId.length > 255 || subAccountId === '.' || subAccountId === '..') {
    throw RebillingError.validation('The sub-account id cannot travel in the REST contract', [
      { path: 'subAccountId', message: 'must be 1–255 characters, and not "." or ".."' },
    ]);
  }
  return `${ROUTES.overrides}/${encodeURIComponent(subAccountId)}/${encodeURIComponent(product)}`;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Largest request body the handler reads, in bytes. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** The body of every error response. */
export interface ErrorBody {
  error: { code: RebillingErrorCode; message: string; fields?: FieldError[] };
}

/**
 * The ETag of a revision: the revision percent-encoded (so any string is a valid entity tag)
 * inside double quotes. `"1"` for revision `1`.
 */
export function revisionToEtag(revision: string): string {
  return `"${encodeURIComponent(revision)}"`;
}

/** The revision in an `If-Match` / `ETag` value, or `undefined` when it is not one strong tag. */
export function etagToRevision(value: string): string | undefined {
  const match = /^\s*"([^"]*)"\s*$/.exec(value);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/** Whether `key` can travel in an `Idempotency-Key` header unchanged. */
export function isValidIdempotencyKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && /^[\x21-\x7e]+$/.test(key);
}

export const STATUS_OF_CODE: Record<RebillingErrorCode, number> = {
  conflict: 412,
  validation: 422,
  unauthorized: 401,
  network: 502,
  unavailable: 503,
  unknown: 500,
};

const CODES = ['conflict', 'validation', 'unauthorized', 'network', 'unavailable', 'unknown'] as const;

const errorBodySchema = v.object({
  error: v.object({
    code: v.optional(v.string()),
    message: v.optional(v.pipe(v.string(), v.maxLength(2000))),
    fields: v.optional(
      v.pipe(
        v.array(v.object({ path: v.pipe(v.string(), v.maxLength(500)), message: v.pipe(v.string(), v.maxLength(1000)) })),
        v.maxLength(100),
      ),
    ),
  }),
});

/** The parts of an error body the client trusts; anything malformed is ignored, never thrown. */
export function readErrorBody(data: unknown): { code?: RebillingErrorCode; message?: string; fields: FieldError[] } {
  const result = v.safeParse(errorBodySchema, data);
  if (!result.success) return { fields: [] };
  const { code, message, fields } = result.output.error;
  return {
    code: (CODES as readonly string[]).includes(code ?? '') ? (code as RebillingErrorCode) : undefined,
    message: message?.trim() || undefined,
    fields: fields ?? [],
  };
}

/** The error body for `error`; `unknown` errors get a generic message so nothing internal leaks. */
export function errorBody(error: RebillingError): ErrorBody {
  const message =
    error.code === 'unknown' ? 'The server failed unexpectedly. Try again later; if it persists, contact support.' : error.message;
  return {
    error: { code: error.code, message, ...(error.fields.length > 0 ? { fields: [...error.fields] } : {}) },
  };
}
