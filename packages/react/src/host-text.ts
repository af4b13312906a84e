/**
 * Text the host (or its backend) supplies and rebill-kit shows: a Stripe account name, a ledger
 * description, an adapter's error message. It may carry bidi controls (U+202E RIGHT-TO-LEFT
 * OVERRIDE…) that would reorder what is shown after it, so it is shown with its explicit bidi
 * controls removed and inside a `<bdi>` (alone, or with the message it is part of), isolated from
 * the text around it.
 */

/** Explicit embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). LRM and RLM stay: they only mark direction. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** `text` without explicit bidi controls, so it cannot reorder itself or what follows. */
export function hostText(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
