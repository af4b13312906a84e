/**
 * Source must not contain what the built `dist/` is checked for (scripts/check-dist.mjs runs on
 * the build in the test command): `dangerouslySetInnerHTML`, `eval(`, `new Function(`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs script without declarations.
import { filesToScan, scanForbidden } from '../../scripts/check-dist.mjs';

describe('no eval, new Function or dangerouslySetInnerHTML', () => {
  it('in packages/*/src (tests excluded)', () => {
    const files = filesToScan('src') as string[];
    expect(files.length).toBeGreaterThan(30);
    expect(scanForbidden(files)).toEqual([]);
  });

  it('the scan catches each construct, and not look-alikes', () => {
    const dir = mkdtempSync(`${tmpdir()}/check-dist-`);
    const bad = `${dir}/bad.js`;
    writeFileSync(bad, ['el.dangerouslySetInnerHTML = x;', 'eval("1")', 'const f = new Function("return 1");', 'Function("return this")()'].join('\n'));
    const fine = `${dir}/fine.js`;
    writeFileSync(fine, ['retrieval(x); page.evaluate(y); medieval (z);', 'const fn = Function.prototype;'].join('\n'));
    expect((scanForbidden([bad]) as string[]).length).toBe(4);
    expect(scanForbidden([fine])).toEqual([]);
  });
});
