/**
 * Issue 13 #9 and #10: `parsePrice` on every input length up to its limit, and in every locale
 * Intl formats with non-Latin digits (the list derived from Intl at run time).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PRICE, formatPriceInput, formatUnitPrice, parsePrice } from './money.js';

const CODES = ['empty', 'not-a-number', 'negative', 'exponent', 'not-finite', 'too-many-decimals', 'too-large', 'grouping', 'wrong-currency'];

function expectAnswer(input: string, locale?: string) {
  let result: ReturnType<typeof parsePrice> | undefined;
  expect(() => {
    result = parsePrice(input, { locale, currency: 'USD' });
  }, `parsePrice(${JSON.stringify(input)}) threw`).not.toThrow();
  if (!result!.ok) {
    expect(CODES).toContain(result!.error.code);
    expect(result!.error.message.length).toBeGreaterThan(10);
  }
  return result!;
}

describe('issue 13 #9: parsePrice answers every input with a value or a coded error, never a RangeError', () => {
  it('issue 13 #9: 1 to 70 digits, whole or with decimals, get an answer; 41 pasted digits are too large', () => {
    for (let length = 1; length <= 70; length++) {
      for (const input of ['9'.repeat(length), `0.${'1'.repeat(length)}`, `${'1'.repeat(length)}.5`, `0${'0'.repeat(length)}1`]) {
        expectAnswer(input);
      }
    }
    expect(expectAnswer('1'.repeat(41))).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(expectAnswer('1'.repeat(64))).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(expectAnswer(`${'0'.repeat(50)}12.5`)).toEqual({ ok: true, value: '12.5' });
    expect(expectAnswer(MAX_PRICE)).toEqual({ ok: true, value: MAX_PRICE });
  });

  it('issue 13 #9: a caller allowing 60 decimals gets an error, not a throw, for a 45-digit fraction', () => {
    const result = parsePrice(`0.${'1'.repeat(45)}`, { currency: 'USD', maxDecimals: 60 });
    expect(result).toMatchObject({ ok: false, error: { code: 'too-many-decimals' } });
  });

  it('issue 13 #9: any string of up to 80 characters in any of a few locales never throws (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: fc.constantFrom(...'0123456789.,  -e'), maxLength: 80 })),
        fc.constantFrom('en-US', 'de-DE', 'fr-FR', 'ar-EG', 'hi-IN-u-nu-deva'),
        (input, locale) => {
          expectAnswer(input, locale);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/**
 * Every locale Intl formats with a non-Latin numbering system: each two-letter language Intl
 * names and formats, alone, maximized, and with every region it names; plus `en-u-nu-<system>`
 * for every numbering system it lists. Keyed by the resolved locale, so region fallbacks count once.
 */
function nativeDigitLocales(): Map<string, string> {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const languageNames = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });
  const regionNames = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
  const languages: string[] = [];
  const regions: string[] = [];
  for (const a of letters) {
    for (const b of letters) {
      if (languageNames.of(a + b)) languages.push(a + b);
      if (regionNames.of((a + b).toUpperCase())) regions.push((a + b).toUpperCase());
    }
  }
  const candidates = Intl.NumberFormat.supportedLocalesOf(languages).flatMap((language) => [
    language,
    new Intl.Locale(language).maximize().toString(),
    ...regions.map((region) => `${language}-${region}`),
  ]);
  candidates.push(...Intl.supportedValuesOf('numberingSystem').map((system) => `en-u-nu-${system}`), 'th-TH-u-nu-thai', 'hi-IN-u-nu-deva');
  const found = new Map<string, string>();
  for (const candidate of candidates) {
    const { locale, numberingSystem } = new Intl.NumberFormat(candidate).resolvedOptions();
    if (numberingSystem !== 'latn') found.set(locale, numberingSystem);
  }
  return found;
}

/** The value as typed with ASCII digits but the locale's own separators. */
function withAsciiDigits(text: string, locale: string): string {
  const native = new Intl.NumberFormat(locale, { useGrouping: false }).format(9876543210);
  const ascii = '9876543210';
  return [...text].map((char) => {
    const at = [...native].indexOf(char);
    return at < 0 ? char : ascii[at]!;
  }).join('');
}

describe('issue 13 #10: parsePrice accepts the native digits of every locale Intl lists with them, and ASCII', () => {
  const locales = nativeDigitLocales();
  const VALUES = ['0', '7', '12.5', '0.0079', '1234.56', '19.99', '1000000'];

  it('finds the locales the review named, and many more', () => {
    for (const locale of ['ar-EG', 'fa-IR', 'bn-BD', 'mr-IN', 'my-MM', 'ne-NP', 'th-TH-u-nu-thai']) expect(locales.has(locale), locale).toBe(true);
    expect(locales.size).toBeGreaterThan(60);
  });

  it('issue 13 #10: the Edit field’s pre-fill parses back, in native digits, in ASCII digits, and with the currency symbol', () => {
    const failures: string[] = [];
    for (const [locale, system] of locales) {
      for (const value of VALUES) {
        const prefill = formatPriceInput(value, locale);
        const typed = [prefill, withAsciiDigits(prefill, locale), formatUnitPrice(value, { locale, currency: 'USD' })];
        for (const input of typed) {
          const result = parsePrice(input, { locale, currency: 'USD' });
          if (!result.ok || result.value !== value) failures.push(`${locale} (${system}) ${JSON.stringify(input)} → ${JSON.stringify(result)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('issue 13 #10: a native-digit error message suggests input that parses', () => {
    for (const locale of locales.keys()) {
      const result = parsePrice('abc', { locale, currency: 'USD' });
      expect(result.ok).toBe(false);
      const example = /such as (.+)\.$/.exec(result.ok ? '' : result.error.message)?.[1];
      expect(example, `${locale}: ${result.ok ? '' : result.error.message}`).toBeDefined();
      expect(parsePrice(example!, { locale, currency: 'USD' }), `${locale}: the suggested ${example}`).toEqual({ ok: true, value: '1234.56' });
    }
  });

  it('issue 13 #10: ASCII digits with an ASCII point are accepted where the locale writes ٫ (ar-EG, fa-IR)', () => {
    for (const locale of ['ar-EG', 'fa-IR']) expect(parsePrice('12.5', { locale, currency: 'USD' })).toEqual({ ok: true, value: '12.5' });
  });
});
