/**
 * An independent reference for money tests: a decimal is `n / 10^s` on plain BigInt, rounding half
 * to even by hand, written without the library's decimal.ts so that a shared bug cannot hide.
 */
export interface Ref {
  n: bigint;
  s: number;
}

export const pow10 = (k: number) => 10n ** BigInt(k);

export function ref(text: string): Ref {
  const negative = text.startsWith('-');
  const [whole = '', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const n = BigInt(whole + fraction);
  return { n: negative ? -n : n, s: fraction.length };
}

export function refString({ n, s }: Ref): string {
  while (s > 0 && n % 10n === 0n) {
    n /= 10n;
    s -= 1;
  }
  const digits = (n < 0n ? -n : n).toString().padStart(s + 1, '0');
  const fraction = s > 0 ? `.${digits.slice(digits.length - s)}` : '';
  return `${n < 0n ? '-' : ''}${digits.slice(0, digits.length - s)}${fraction}`;
}

export const refMul = (a: Ref, b: Ref): Ref => ({ n: a.n * b.n, s: a.s + b.s });

export function refSub(a: Ref, b: Ref): Ref {
  const s = Math.max(a.s, b.s);
  return { n: a.n * pow10(s - a.s) - b.n * pow10(s - b.s), s };
}

/** `num / den` as an integer, rounded half to even. */
export function refDivideToInteger(num: bigint, den: bigint): bigint {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  let q = num / den;
  const r = num % den;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > den || (twice === den && q % 2n !== 0n)) q += num < 0n ? -1n : 1n;
  return q;
}

export function refRound(a: Ref, scale: number): Ref {
  if (a.s <= scale) return a;
  return { n: refDivideToInteger(a.n, pow10(a.s - scale)), s: scale };
}

/** `a / b` rounded half to even at `scale` decimals. */
export function refDivide(a: Ref, b: Ref, scale: number): Ref {
  return { n: refDivideToInteger(a.n * pow10(b.s + scale), b.n * pow10(a.s)), s: scale };
}
