import { describe, expect, it } from 'vitest';
import { etagToRevision, isValidIdempotencyKey, readErrorBody, revisionToEtag } from './wire.js';

describe('wire format', () => {
  it('round-trips any revision through an ETag that is a valid strong entity tag', () => {
    for (const revision of ['1', 'rev "7"/ü', '2026-01-01T00:00:00Z#3', ' spaced ']) {
      const etag = revisionToEtag(revision);
      expect(etag).toMatch(/^"[\x21\x23-\x7e]*"$/);
      expect(etagToRevision(etag)).toBe(revision);
    }
  });

  it('accepts no weak tag, list or wildcard as a revision', () => {
    for (const value of ['*', 'W/"1"', '"1", "2"', '1', '"%E0%A4%A"']) expect(etagToRevision(value), value).toBeUndefined();
  });

  it('accepts idempotency keys of visible ASCII up to 255 characters', () => {
    expect(isValidIdempotencyKey('3f1c2a0e-9d4b-4c55-8a1e-1b2c3d4e5f60')).toBe(true);
    for (const key of ['', 'a b', 'line\nbreak', 'x'.repeat(256), 'ü', 42]) expect(isValidIdempotencyKey(key), String(key)).toBe(false);
  });

  it('reads only the trusted parts of an error body', () => {
    expect(readErrorBody({ error: { code: 'conflict', message: ' Stale. ', fields: [{ path: 'a', message: 'b' }] } })).toEqual({
      code: 'conflict',
      message: 'Stale.',
      fields: [{ path: 'a', message: 'b' }],
    });
    expect(readErrorBody({ error: { code: 'rm -rf', message: 7 } })).toEqual({ fields: [] });
    expect(readErrorBody('<html>')).toEqual({ fields: [] });
  });
});
