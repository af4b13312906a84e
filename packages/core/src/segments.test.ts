import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PRODUCTS } from './sample-data.js';
import { countSmsSegments, isBillableUsage, smsMessageCost, type SmsSegmentRule } from './segments.js';

const a = (n: number) => 'a'.repeat(n);
const segments = (text: string, rule: SmsSegmentRule = 'carrier', fieldLengths?: Record<string, number>) =>
  countSmsSegments(text, { rule, fieldLengths }).segments;

// Independent reference: the fewest contiguous parts, none splitting a unit, each within
// `capacity` (dynamic programming, not greedy packing).
function fewestParts(sizes: readonly number[], capacity: number): number {
  const best = new Array<number>(sizes.length + 1).fill(Number.POSITIVE_INFINITY);
  best[0] = 0;
  for (let end = 1; end <= sizes.length; end++) {
    let sum = 0;
    for (let start = end - 1; start >= 0; start--) {
      sum += sizes[start]!;
      if (sum > capacity) break;
      best[end] = Math.min(best[end]!, best[start]! + 1);
    }
  }
  return best[sizes.length]!;
}

// Builds the parts a carrier sends, by code points, so a test can look inside them.
function carrierParts(text: string, size: (char: string) => number, capacity: number): string[] {
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const char of text) {
    const s = size(char);
    if (used + s > capacity) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += s;
  }
  if (current !== '') parts.push(current);
  return parts;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const EXTENSION = '\f^{}\\[~]|€';
const gsmSize = (char: string) => (EXTENSION.includes(char) ? 2 : 1);

describe('countSmsSegments, flat-160 (the default)', () => {
  it('is the default rule', () => {
    expect(countSmsSegments(a(161)).rule).toBe('flat-160');
    expect(countSmsSegments(a(161)).segments).toBe(2);
  });

  it.each([
    [0, 0],
    [1, 1],
    [70, 1],
    [71, 1],
    [134, 1],
    [135, 1],
    [153, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 2],
    [320, 2],
    [321, 3],
  ])('%i characters → %i segments', (length, expected) => {
    const count = countSmsSegments(a(length), { rule: 'flat-160' });
    expect(count.segments).toBe(expected);
    expect(count.length).toBe(length);
    expect(count.perSegment).toBe(160);
  });

  it('ignores encoding when counting but still reports it', () => {
    const text = `ж${a(159)}`;
    expect(countSmsSegments(text)).toMatchObject({ segments: 1, encoding: 'UCS-2', length: 160, remainingInSegment: 0 });
    expect(countSmsSegments(`€${a(159)}`)).toMatchObject({ segments: 1, encoding: 'GSM-7', length: 160 });
  });

  it('counts UTF-16 code units: an emoji outside the BMP is 2', () => {
    expect(countSmsSegments('😀').length).toBe(2);
    expect(countSmsSegments(`${a(158)}😀`).segments).toBe(1);
    expect(countSmsSegments(`${a(159)}😀`).segments).toBe(2);
  });

  it('reports the room left in the last segment', () => {
    expect(countSmsSegments('').remainingInSegment).toBe(160);
    expect(countSmsSegments(a(1)).remainingInSegment).toBe(159);
    expect(countSmsSegments(a(161)).remainingInSegment).toBe(159);
  });
});

describe('countSmsSegments, carrier, GSM-7', () => {
  it.each([
    [0, 0],
    [1, 1],
    [70, 1],
    [71, 1],
    [134, 1],
    [135, 1],
    [153, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
  ])('%i basic characters → %i segments', (length, expected) => {
    const count = countSmsSegments(a(length), { rule: 'carrier' });
    expect(count.segments).toBe(expected);
    expect(count.encoding).toBe('GSM-7');
    expect(count.length).toBe(length);
  });

  it('switches capacity from 160 to 153 per part once the message needs more than one', () => {
    expect(countSmsSegments(a(160), { rule: 'carrier' })).toMatchObject({ perSegment: 160, remainingInSegment: 0 });
    expect(countSmsSegments(a(161), { rule: 'carrier' })).toMatchObject({ perSegment: 153, remainingInSegment: 145 });
    expect(countSmsSegments('', { rule: 'carrier' })).toMatchObject({ segments: 0, perSegment: 160, remainingInSegment: 160 });
  });

  it.each([...EXTENSION])('counts the extension character %j as 2 septets', (char) => {
    expect(countSmsSegments(char, { rule: 'carrier' })).toMatchObject({ length: 2, encoding: 'GSM-7' });
    expect(segments(`${a(158)}${char}`)).toBe(1);
    expect(segments(`${a(159)}${char}`)).toBe(2);
  });

  it('accepts the whole GSM-7 basic set as 1 septet each', () => {
    const basic = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
    expect(countSmsSegments(basic, { rule: 'carrier' })).toMatchObject({ encoding: 'GSM-7', length: [...basic].length });
  });

  it('never splits an escape pair: € at the boundary of part 1 starts part 2', () => {
    // 152 + 2 + 152 = 306 septets = 2 × 153, yet the € cannot take the last septet of part 1.
    expect(segments(`${a(152)}€${a(152)}`)).toBe(3);
    expect(segments(`${a(152)}€${a(151)}`)).toBe(2);
    expect(segments(`${a(152)}{${a(152)}`)).toBe(3);
    expect(segments(`${a(151)}€${a(153)}`)).toBe(2);
    // Within a single message there are no parts to split: 154 septets is one segment.
    expect(countSmsSegments(`${a(152)}€`, { rule: 'carrier' })).toMatchObject({ segments: 1, length: 154 });
  });
});

describe('countSmsSegments, carrier, UCS-2', () => {
  const ucs2 = (units: number) => `ж${a(units - 1)}`;

  it.each([
    [1, 1],
    [67, 1],
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [201, 3],
    [202, 4],
  ])('%i code units → %i segments', (units, expected) => {
    const count = countSmsSegments(ucs2(units), { rule: 'carrier' });
    expect(count.segments).toBe(expected);
    expect(count.encoding).toBe('UCS-2');
    expect(count.length).toBe(units);
    expect(count.perSegment).toBe(units <= 70 ? 70 : 67);
  });

  it('one character outside GSM-7 switches the whole message, and extension characters then count 1', () => {
    expect(countSmsSegments(`€€€ж`, { rule: 'carrier' })).toMatchObject({ encoding: 'UCS-2', length: 4 });
    expect(countSmsSegments('\u001b', { rule: 'carrier' }).encoding).toBe('UCS-2');
  });

  it('never splits a surrogate pair: an emoji at the boundary starts the next part', () => {
    expect(segments(`${a(68)}😀`)).toBe(1);
    expect(segments(`${a(69)}😀`)).toBe(2);
    // 66 + 2 + 66 = 134 = 2 × 67 code units, yet the emoji cannot take the last unit of part 1.
    expect(segments(`${a(66)}😀${a(66)}`)).toBe(3);
    expect(segments(`${a(66)}😀${a(65)}`)).toBe(2);
    expect(segments(`${a(65)}😀${a(67)}`)).toBe(2);
    expect(countSmsSegments(`${a(66)}😀`, { rule: 'carrier' }).remainingInSegment).toBe(2);
  });

  it('counts a lone surrogate as one code unit', () => {
    expect(countSmsSegments('\ud83d', { rule: 'carrier' })).toMatchObject({ encoding: 'UCS-2', length: 1 });
  });
});

describe('merge fields', () => {
  it('count with the length the host gives, spaces inside the braces allowed', () => {
    expect(countSmsSegments('Hi {{name}}', { fieldLengths: { name: 157 } })).toMatchObject({ segments: 1, length: 160 });
    expect(countSmsSegments('Hi {{ name }}', { fieldLengths: { name: 158 } })).toMatchObject({ segments: 2, length: 161 });
    expect(countSmsSegments('{{contact.first_name}}{{contact.first_name}}', { fieldLengths: { 'contact.first_name': 20 } }).length).toBe(40);
  });

  it('count as GSM-7 basic characters: no switch to UCS-2, and may be split across parts', () => {
    expect(countSmsSegments('{{name}}', { rule: 'carrier', fieldLengths: { name: 5 } })).toMatchObject({ encoding: 'GSM-7', length: 5 });
    expect(countSmsSegments('ж{{name}}', { rule: 'carrier', fieldLengths: { name: 69 } })).toMatchObject({ segments: 1, length: 70 });
    expect(segments(`${a(100)}{{f}}`, 'carrier', { f: 206 })).toBe(2);
    expect(segments(`${a(100)}{{f}}`, 'carrier', { f: 207 })).toBe(3);
    expect(segments(`${a(150)}{{f}}€${a(152)}`, 'carrier', { f: 2 })).toBe(3);
    expect(segments(`${a(150)}{{f}}€${a(152)}`, 'carrier', { f: 1 })).toBe(2);
  });

  it('example from the JSDoc', () => {
    expect(countSmsSegments('Hi {{first_name}}, your table is ready', { fieldLengths: { first_name: 20 } })).toMatchObject({
      segments: 1,
      encoding: 'GSM-7',
      length: 44,
      perSegment: 160,
      remainingInSegment: 116,
    });
    expect(countSmsSegments('Café ☕', { rule: 'carrier' })).toMatchObject({ segments: 1, encoding: 'UCS-2', length: 6 });
  });

  it('a field with no length counts as its literal placeholder and is reported', () => {
    const flat = countSmsSegments('Hi {{name}} and {{ city }} and {{name}}', { fieldLengths: { other: 3 } });
    expect(flat.length).toBe('Hi {{name}} and {{ city }} and {{name}}'.length);
    expect(flat.unknownFields).toEqual(['name', 'city']);
    // In GSM-7 each brace is an extension character: 4 braces × 2 + "x" = 9 septets.
    expect(countSmsSegments('{{x}}', { rule: 'carrier' })).toMatchObject({ length: 9, unknownFields: ['x'] });
  });

  it('leaves text that is not a field alone', () => {
    expect(countSmsSegments('{{}} {{ }} {name} {{a b}}').unknownFields).toEqual([]);
    expect(countSmsSegments('{{{x}}}', { fieldLengths: { x: 1 } }).length).toBe(3);
  });

  it('does not read inherited properties as lengths', () => {
    expect(countSmsSegments('{{toString}}').unknownFields).toEqual(['toString']);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '3' as unknown as number])(
    'rejects the length %s with a RangeError naming the field',
    (length) => {
      expect(() => countSmsSegments('{{name}}', { fieldLengths: { name: length } })).toThrow(RangeError);
      expect(() => countSmsSegments('no fields here', { fieldLengths: { name: length } })).toThrow(/fieldLengths\["name"\]/);
    },
  );

  it('rejects an unknown rule', () => {
    expect(() => countSmsSegments('x', { rule: 'flat-150' as SmsSegmentRule })).toThrow(/Unknown SMS segment rule/);
  });
});

describe('countSmsSegments properties', () => {
  const gsmChar = fc.constantFrom('a', 'Z', ' ', '@', 'é', '\n', '€', '{', '}', '^', '~', '|', '[', ']', '\\');
  const anyChar = fc.oneof(gsmChar, fc.constantFrom('ж', 'ü', 'ç', '😀', '👍🏽', '中', '\ud83d'), fc.string({ unit: 'binary', maxLength: 1 }));
  const text = (char: fc.Arbitrary<string>, maxLength = 500) => fc.array(char, { maxLength }).map((chars) => chars.join(''));
  const rule = fc.constantFrom<SmsSegmentRule>('flat-160', 'carrier');

  it('flat rule = ceil(UTF-16 length / 160)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 800 }), (t) => {
        expect(countSmsSegments(t).segments).toBe(Math.ceil(t.length / 160));
      }),
      { numRuns: 2000 },
    );
  });

  it('appending text never lowers the count', () => {
    fc.assert(
      fc.property(text(anyChar, 300), text(anyChar, 60), rule, (t, more, r) => {
        expect(segments(t + more, r)).toBeGreaterThanOrEqual(segments(t, r));
      }),
      { numRuns: 3000 },
    );
  });

  it('a longer merge field never lowers the count', () => {
    fc.assert(
      fc.property(text(anyChar, 200), fc.nat(400), fc.nat(400), rule, (t, x, y, r) => {
        const [short, long] = x <= y ? [x, y] : [y, x];
        expect(segments(`${t}{{f}}${t}`, r, { f: long })).toBeGreaterThanOrEqual(segments(`${t}{{f}}${t}`, r, { f: short }));
      }),
      { numRuns: 2000 },
    );
  });

  it('a GSM-7 basic text of n > 160 characters is ceil(n / 153) parts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 161, max: 5000 }), (n) => {
        expect(segments(a(n))).toBe(Math.ceil(n / 153));
      }),
      { numRuns: 2000 },
    );
  });

  it('GSM-7: the count is the fewest parts that split no escape pair, and greedy parts fit', () => {
    fc.assert(
      fc.property(text(gsmChar, 700), (t) => {
        const count = countSmsSegments(t, { rule: 'carrier' });
        const sizes = [...t].map(gsmSize);
        const total = sizes.reduce((s, x) => s + x, 0);
        expect(count.encoding).toBe('GSM-7');
        expect(count.length).toBe(total);
        const capacity = total <= 160 ? 160 : 153;
        expect(count.segments).toBe(fewestParts(sizes, capacity));
        const parts = carrierParts(t, gsmSize, capacity);
        expect(parts.length).toBe(count.segments);
        expect(parts.join('')).toBe(t);
        for (const part of parts) expect([...part].map(gsmSize).reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(capacity);
      }),
      { numRuns: 2000 },
    );
  });

  it('UCS-2: the count is the fewest parts that split no surrogate pair, and no part ends mid-pair', () => {
    fc.assert(
      fc.property(text(anyChar, 300), (raw) => {
        const t = `ж${raw}`;
        const count = countSmsSegments(t, { rule: 'carrier' });
        const sizes = [...t].map((c) => c.length);
        expect(count.encoding).toBe('UCS-2');
        expect(count.length).toBe(t.length);
        const capacity = t.length <= 70 ? 70 : 67;
        expect(count.segments).toBe(fewestParts(sizes, capacity));
        const parts = carrierParts(t, (c) => c.length, capacity);
        expect(parts.length).toBe(count.segments);
        expect(parts.join('')).toBe(t);
        for (const [i, part] of parts.entries()) {
          expect(part.length).toBeLessThanOrEqual(capacity);
          const next = parts[i + 1];
          if (next !== undefined) {
            expect(isHighSurrogate(part.charCodeAt(part.length - 1)) && isLowSurrogate(next.charCodeAt(0))).toBe(false);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('remainingInSegment basic characters still fit; one more starts a segment', () => {
    fc.assert(
      fc.property(text(anyChar, 400).filter((t) => t !== ''), rule, (t, r) => {
        const count = countSmsSegments(t, { rule: r });
        expect(segments(t + a(count.remainingInSegment), r)).toBe(count.segments);
        expect(segments(t + a(count.remainingInSegment + 1), r)).toBe(count.segments + 1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isBillableUsage', () => {
  it.each([
    ['sms', 'inbound', true],
    ['sms', 'outbound', true],
    ['email', 'inbound', false],
    ['email', 'outbound', true],
    ['lightningDomains', 'inbound', true],
    ['lightningDomains', 'outbound', true],
    ['phoneNumbers', 'outbound', true],
    ['listings', 'inbound', true],
  ] as const)('%s %s → %s', (product, direction, expected) => {
    expect(isBillableUsage(product, direction)).toBe(expected);
  });

  it('rejects an unknown product or direction', () => {
    expect(() => isBillableUsage('fax' as 'sms', 'outbound')).toThrow(/Unknown product "fax"/);
    expect(() => isBillableUsage('sms', 'sideways' as 'inbound')).toThrow(/Unknown direction/);
  });
});

describe('smsMessageCost', () => {
  const pricing = SAMPLE_PRODUCTS.sms; // You Pay 0.0079, 2.5x

  it('multiplies the per-segment quote by the segments, exactly', () => {
    const cost = smsMessageCost(a(321), { pricing });
    expect(cost.segments).toBe(3);
    expect(cost.segmentQuote.subAccountPays).toBe('0.01975');
    expect(cost).toMatchObject({ subAccountPays: '0.05925', youPay: '0.0237', profit: '0.03555' });
  });

  it('uses the carrier rule, the country rate and a rule being dragged', () => {
    const cost = smsMessageCost(`ж${a(70)}`, {
      pricing,
      rule: 'carrier',
      country: 'gb',
      pricingRule: { type: 'multiplier', multiplier: '3' },
    });
    expect(cost.count.encoding).toBe('UCS-2');
    expect(cost).toMatchObject({ segments: 2, youPay: '0.0832', subAccountPays: '0.2496', profit: '0.1664' });
  });

  it('counts merge fields and costs nothing for an empty message', () => {
    expect(smsMessageCost('{{n}}', { pricing, fieldLengths: { n: 200 } }).subAccountPays).toBe('0.0395');
    expect(smsMessageCost('', { pricing })).toMatchObject({ segments: 0, subAccountPays: '0', youPay: '0', profit: '0' });
  });

  it('reports a loss as a negative profit', () => {
    expect(smsMessageCost('hi', { pricing: { youPay: '0.01', rule: { type: 'fixed', price: '0.008' } } }).profit).toBe('-0.002');
  });

  it('throws a validation error for a country with no rate', () => {
    expect(() => smsMessageCost('hi', { pricing, country: 'ZZ' })).toThrow(/No rate for country "ZZ"/);
  });
});
