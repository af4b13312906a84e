#!/usr/bin/env node
/**
 * Builds every package for publishing, in dependency order (core first):
 *   1. clean `dist/`;
 *   2. declarations: `tsc -b` (each package's tsconfig emits to `dist/types`);
 *   3. JavaScript: Vite library mode with the package's `vite.config.ts` (see vite.lib.config.ts);
 *   4. CJS declarations: every `.d.ts` copied to `.d.cts` with its relative imports pointing at
 *      `.cjs`, so `require` resolves types that describe a CommonJS module (attw "masquerading");
 *   5. `@rebill-kit/react/styles.css`: `src/styles.css`'s `@import`s inlined into one file.
 *
 * Usage: node scripts/build.mjs [package-dir-name …]   (default: all)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ORDER = ['core', 'adapter-http', 'react', 'testkit', 'server'];
const selected = process.argv.slice(2);
const packages = selected.length ? ORDER.filter((name) => selected.includes(name)) : ORDER;

const started = performance.now();
for (const name of packages) rmSync(join(root, 'packages', name, 'dist'), { recursive: true, force: true });

execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', ...packages.map((name) => `packages/${name}`)], {
  cwd: root,
  stdio: 'inherit',
});

for (const name of packages) {
  const dir = join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  await build({ configFile: join(dir, 'vite.config.ts'), root: dir });
  if (JSON.stringify(pkg.publishConfig?.exports ?? {}).includes('"require"')) writeCjsDeclarations(join(dir, 'dist/types'));
  if (name === 'react') inlineCss(join(dir, 'src/styles.css'), join(dir, 'dist/styles.css'));
  console.log(`built ${pkg.name}`);
}
console.log(`build: ${packages.length} packages in ${((performance.now() - started) / 1000).toFixed(1)} s`);

function walk(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function writeCjsDeclarations(typesDir) {
  const relativeSpecifier = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*?)\.js(['"])/g;
  for (const file of walk(typesDir)) {
    if (file.endsWith('.d.ts')) {
      const cts = file.replace(/\.d\.ts$/, '.d.cts');
      const text = readFileSync(file, 'utf8')
        .replace(relativeSpecifier, '$1$2.cjs$3')
        .replace(/\/\/# sourceMappingURL=(.+)\.d\.ts\.map/, '//# sourceMappingURL=$1.d.cts.map');
      writeFileSync(cts, text);
    } else if (file.endsWith('.d.ts.map')) {
      const map = JSON.parse(readFileSync(file, 'utf8'));
      map.file = map.file.replace(/\.d\.ts$/, '.d.cts');
      writeFileSync(file.replace(/\.d\.ts\.map$/, '.d.cts.map'), JSON.stringify(map));
    }
  }
}

/** Inlines `@import './x.css';` (relative, recursively, in order); anything else is an error. */
function inlineCss(entry, out) {
  const seen = new Set();
  const load = (file) => {
    if (seen.has(file)) throw new Error(`styles.css: ${relative(root, file)} is imported twice`);
    seen.add(file);
    return readFileSync(file, 'utf8').replace(/@import\s+(?:url\()?['"]([^'"]+)['"]\)?\s*;\s*\n?/g, (_, spec) => {
      if (!spec.startsWith('.')) throw new Error(`styles.css: cannot inline non-relative @import '${spec}'`);
      const path = resolve(dirname(file), spec);
      if (!existsSync(path)) throw new Error(`styles.css: @import '${spec}' not found (${relative(root, path)})`);
      return `/* ${relative(dirname(entry), path)} */\n${load(path).trim()}\n\n`;
    });
  };
  const css = load(entry);
  if (/@import\b/.test(css)) throw new Error('styles.css: an @import is left after inlining');
  writeFileSync(out, css);
}
