export type RebillingErrorCode = 'conflict' | 'validation' | 'unauthorized' | 'network' | 'unavailable' | 'unknown';

/** One offending field of a `validation` error, e.g. `{ path: "products.sms.multiplier", … }`. */
export interface FieldError {
  path: string;
  message: string;
}

const RETRYABLE: Record<RebillingErrorCode, boolean> = {
  conflict: false,
  validation: false,
  unauthorized: false,
  network: true,
  unavailable: true,
  unknown: false,
};

export interface RebillingErrorOptions {
  fields?: FieldError[];
  /** Overrides the code's default: `network` and `unavailable` are retryable, others not. */
  retryable?: boolean;
  cause?: unknown;
}

/** The one error type that crosses the adapter boundary. */
export class RebillingError extends Error {
  override readonly name = 'RebillingError';
  readonly code: RebillingErrorCode;
  /** Whether the same call may succeed if made again unchanged. */
  readonly retryable: boolean;
  /** For `validation`: each offending field with its problem. */
  readonly fields: readonly FieldError[];

  constructor(code: RebillingErrorCode, message: string, options: RebillingErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE[code];
    this.fields = options.fields ?? [];
  }

  /** A validation error whose message lists the fields. */
  static validation(summary: string, fields: FieldError[]): RebillingError {
    const list = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    return new RebillingError('validation', list ? `${summary} (${list})` : summary, { fields });
  }
}

export function isRebillingError(value: unknown): value is RebillingError {
  return value instanceof RebillingError || (value instanceof Error && value.name === 'RebillingError' && 'code' in value);
}

export function isAbortError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AbortError';
}

/** Whatever an adapter threw, as a `RebillingError`. Check `isAbortError` first: a cancelled call is not a failure. */
export function toRebillingError(value: unknown): RebillingError {
  if (isRebillingError(value)) return value;
  if (value instanceof TypeError) {
    // fetch reports an unreachable server as a TypeError.
    return new RebillingError('network', 'Could not reach the server. Check the connection and retry.', { cause: value });
  }
  const detail = value instanceof Error ? value.message : describeThrown(value);
  return new RebillingError('unknown', `The adapter failed unexpectedly: ${detail.slice(0, 200)}`, { cause: value });
}

/** Something thrown that is not an Error, in words: never "[object Object]" or "undefined" on screen. */
function describeThrown(value: unknown): string {
  if (typeof value === 'string') return value || 'an empty message';
  if (value === null || value === undefined) return 'nothing was thrown but the call failed';
  if (typeof value === 'object') {
    try {
      const json = JSON.stringify(value);
      if (json && json !== '{}') return json;
    } catch {
      // Circular or hostile: fall through to its type.
    }
    return `a ${Object.prototype.toString.call(value).slice(8, -1)} with no message`;
  }
  return String(value);
}
