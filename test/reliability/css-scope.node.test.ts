/**
 * styles.css never reaches into the host: every selector of styles.css and the files it
 * @imports is anchored on a `.rk-` class (no element, `*`, `:root`, `html` or `body` rule that
 * would restyle the host's page). A small hand tokenizer, since no CSS parser is installed: it
 * strips comments and strings, walks blocks and at-rules, splits selector lists on top-level
 * commas, and splits complex selectors into compound selectors on top-level combinators,
 * treating :where()/:is()/:not()/:has() arguments and [attribute] selectors as opaque units.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const stylesEntry = resolve(dirname(fileURLToPath(import.meta.url)), '../../packages/react/src/styles.css');

/** Comments removed; string contents kept (they can hold '{' in `content: "{"`). */
function stripComments(css: string): string {
  let out = '';
  for (let i = 0; i < css.length; i++) {
    const ch = css[i]!;
    if (ch === '"' || ch === "'") {
      const end = findStringEnd(css, i);
      out += css.slice(i, end + 1);
      i = end;
    } else if (ch === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 1;
    } else out += ch;
  }
  return out;
}

function findStringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  throw new Error('unterminated string');
}

interface Rule {
  selector: string;
  atRules: string[];
}

/** Style rules with their selectors and the at-rules around them; @import targets collected. */
function parseRules(css: string, atRules: string[] = [], imports: string[] = []): { rules: Rule[]; imports: string[] } {
  const rules: Rule[] = [];
  let i = 0;
  while (i < css.length) {
    // Prelude: up to a '{' or ';' at depth 0 (outside strings and parentheses).
    let depth = 0;
    let j = i;
    for (; j < css.length; j++) {
      const ch = css[j]!;
      if (ch === '"' || ch === "'") j = findStringEnd(css, j);
      else if (ch === '(' || ch === '[') depth++;
      else if (ch === ')' || ch === ']') depth--;
      else if (depth === 0 && (ch === '{' || ch === ';')) break;
    }
    const prelude = css.slice(i, j).trim();
    if (j >= css.length) {
      if (prelude) throw new Error(`dangling text: ${prelude.slice(0, 80)}`);
      break;
    }
    if (css[j] === ';') {
      const imported = /^@import\s+(?:url\()?\s*['"]([^'"]+)['"]/.exec(prelude);
      if (imported) imports.push(imported[1]!);
      else if (prelude.startsWith('@')) {
        // @charset, @layer a, b; — no selectors.
      } else if (prelude) throw new Error(`declaration outside a rule: ${prelude}`);
      i = j + 1;
      continue;
    }
    // Block: find its matching '}'.
    let blockDepth = 1;
    let k = j + 1;
    for (; k < css.length && blockDepth > 0; k++) {
      const ch = css[k]!;
      if (ch === '"' || ch === "'") k = findStringEnd(css, k);
      else if (ch === '{') blockDepth++;
      else if (ch === '}') blockDepth--;
    }
    const body = css.slice(j + 1, k - 1);
    if (prelude.startsWith('@')) {
      const name = /^@([\w-]+)/.exec(prelude)![1]!;
      if (['media', 'supports', 'layer', 'container', 'scope', 'document'].includes(name)) {
        rules.push(...parseRules(body, [...atRules, prelude], imports).rules);
      } else if (!['keyframes', '-webkit-keyframes', 'font-face', 'property', 'page', 'counter-style'].includes(name)) {
        throw new Error(`unknown at-rule @${name}`);
      }
      // @keyframes steps (from/to/50%) are not selectors; @font-face has none.
    } else {
      rules.push({ selector: prelude, atRules });
      // Nested rules (CSS nesting) would hide selectors: refuse them rather than miss them.
      if (/[{}]/.test(body.replace(/(["'])(?:\\.|(?!\1).)*\1/g, ''))) throw new Error(`nested rule inside ${prelude}`);
    }
    i = k;
  }
  return { rules, imports };
}

/** Splits on `separators` at the top level (outside (), [] and strings). */
function splitTopLevel(text: string, isSeparator: (ch: string) => boolean): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      const end = findStringEnd(text, i);
      current += text.slice(i, end + 1);
      i = end;
      continue;
    }
    if (ch === '\\') {
      current += text.slice(i, i + 2);
      i++;
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (depth === 0 && isSeparator(ch)) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The compound selectors of one complex selector: `a > b c` → [a, b, c]. */
function compounds(complex: string): string[] {
  return splitTopLevel(complex.replace(/\s*([>+~])\s*/g, ' '), (ch) => /\s/.test(ch));
}

const WRAPPERS = /^:(where|is|matches|-webkit-any)\(/;

/**
 * Whether a compound selector is anchored on a `.rk-` class: it has one itself, or it is a
 * :where()/:is() whose every alternative is anchored. `[class^='rk-']`-style attribute
 * selectors count (they match only rk- classes). :not()/:has() arguments do not anchor.
 */
function anchored(compound: string): boolean {
  let rest = compound;
  let ok = false;
  while (rest) {
    const wrapper = WRAPPERS.exec(rest);
    if (wrapper) {
      const end = matchingParen(rest, wrapper[0].length - 1);
      const inner = rest.slice(wrapper[0].length, end);
      if (splitTopLevel(inner, (ch) => ch === ',').every((alternative) => compounds(alternative).every(anchored))) ok = true;
      rest = rest.slice(end + 1);
      continue;
    }
    const pseudoWithArgs = /^::?[\w-]+\(/.exec(rest);
    if (pseudoWithArgs) {
      rest = rest.slice(matchingParen(rest, pseudoWithArgs[0].length - 1) + 1);
      continue;
    }
    const attribute = /^\[/.exec(rest);
    if (attribute) {
      const end = rest.indexOf(']');
      if (/^\[class[\^*]?=\s*['"]\s*rk-/.test(rest)) ok = true;
      rest = rest.slice(end + 1);
      continue;
    }
    const cls = /^\.(-?[\w-]+)/.exec(rest);
    if (cls) {
      if (cls[1]!.startsWith('rk-')) ok = true;
      rest = rest.slice(cls[0].length);
      continue;
    }
    const other = /^(::?[\w-]+|#[\w-]+|\*|[\w-]+|&)/.exec(rest);
    if (!other) throw new Error(`cannot read selector "${compound}" at "${rest}"`);
    rest = rest.slice(other[0].length);
  }
  return ok;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses in ${text}`);
}

function collect(file: string, seen = new Set<string>()): Array<Rule & { file: string }> {
  if (seen.has(file)) return [];
  seen.add(file);
  const { rules, imports } = parseRules(stripComments(readFileSync(file, 'utf8')));
  return [
    ...rules.map((rule) => ({ ...rule, file: file.slice(file.indexOf('packages/')) })),
    ...imports.flatMap((target) => collect(join(dirname(file), target), seen)),
  ];
}

describe('the tokenizer', () => {
  it('reads what the stylesheet may hold', () => {
    expect(anchored(':where(.rk-root)')).toBe(true);
    expect(anchored(':where(.rk-button[data-variant="primary"])')).toBe(true);
    expect(anchored(":where([class^='rk-'], [class*=' rk-'])")).toBe(true);
    expect(anchored(':where(.rk-a, button)')).toBe(false);
    expect(anchored('button')).toBe(false);
    expect(anchored('*')).toBe(false);
    expect(anchored(':root')).toBe(false);
    expect(anchored('.other:not(.rk-x)')).toBe(false);
    expect(anchored('.rk-slider-thumb:focus-visible')).toBe(true);
    expect(compounds(':where(.rk-a) > :where(.rk-b, .rk-c) + .rk-d')).toEqual([':where(.rk-a)', ':where(.rk-b, .rk-c)', '.rk-d']);
    const { rules, imports } = parseRules(
      stripComments(`@import './x.css'; /* a { } */ @media (min-width: 1px) { :where(.rk-a), b::before { content: "{"; } } @keyframes k { from { x: 1 } }`),
    );
    expect(imports).toEqual(['./x.css']);
    expect(rules.map((r) => r.selector)).toEqual([':where(.rk-a), b::before']);
  });
});

describe('styles.css stays inside the library', () => {
  const rules = collect(stylesEntry);

  it('reads every imported file', () => {
    const files = new Set(rules.map((rule) => rule.file));
    expect(files.size).toBeGreaterThanOrEqual(4);
    expect(rules.length).toBeGreaterThan(50);
  });

  it('anchors every compound selector on a .rk- class', () => {
    const offenders: string[] = [];
    for (const rule of rules) {
      for (const complex of splitTopLevel(rule.selector, (ch) => ch === ',')) {
        for (const compound of compounds(complex)) {
          if (!anchored(compound)) offenders.push(`${rule.file}: "${complex}" (part "${compound}")`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  // The controls alone use one plain class, so a host's element resets (`button { all: unset }`)
  // cannot strip them; anything with a class still overrides them (see base.css).
  const CONTROLS = /^\.rk-(button|input|slider-thumb|dialog__close)(\[[^\]]+\]|:[\w-]+)?$/;

  it('keeps host-overridable specificity: :where() everywhere, one class at most for the controls', () => {
    const offenders = rules.flatMap((rule) =>
      splitTopLevel(rule.selector, (ch) => ch === ',')
        .flatMap((complex) => compounds(complex))
        .filter((compound) => {
          if (CONTROLS.test(compound)) return false;
          return !/^:where\(/.test(compound) || compound.slice(matchingParen(compound, 6) + 1).replace(/::?[\w-]+(\([^)]*\))?/g, '') !== '';
        })
        .map((compound) => `${rule.file}: ${compound}`),
    );
    expect(offenders).toEqual([]);
  });

  it('class-level control rules stand alone (no descendant chains that would raise specificity further)', () => {
    for (const rule of rules) {
      for (const complex of splitTopLevel(rule.selector, (ch) => ch === ',')) {
        const parts = compounds(complex);
        if (parts.some((part) => CONTROLS.test(part))) expect(parts, `${rule.file}: ${complex}`).toHaveLength(1);
      }
    }
  });
});
