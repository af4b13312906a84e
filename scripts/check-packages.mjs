#!/usr/bin/env node
/**
 * Checks what we publish, from the tarballs a registry would get (`pnpm pack` applies each
 * package's `publishConfig`, so this is the only honest input; `npm pack` would not apply it):
 *   - `publint --strict` (warnings fail too);
 *   - `attw` (are the types wrong) for `import` and `require` under node10/node16/bundler.
 * Run after `pnpm build`. Exits non-zero on any problem.
 *
 * Deliberate attw settings:
 *   - `./styles.css` and `./openapi.yaml` are assets, not modules: excluded from type checks.
 *   - `@rebill-kit/testkit` is ESM-only (profile `esm-only`): its main entry imports Vitest,
 *     which ships no CommonJS, and it is meant for Vitest test files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const PACKAGES = {
  core: [],
  'adapter-http': ['--exclude-entrypoints', './openapi.yaml'],
  react: ['--exclude-entrypoints', './styles.css'],
  testkit: ['--profile', 'esm-only'],
  server: [],
};

for (const name of Object.keys(PACKAGES)) {
  if (!existsSync(join(root, 'packages', name, 'dist/index.js'))) {
    console.error(`packages/${name}/dist is missing: run \`pnpm build\` first.`);
    process.exit(1);
  }
}

const dest = mkdtempSync(join(tmpdir(), 'rebill-kit-pack-'));
const failures = [];
try {
  execFileSync('npx', ['-y', 'pnpm@12', '-r', '--filter', './packages/*', 'pack', '--pack-destination', dest], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarballs = readdirSync(dest);
  for (const [name, attwArgs] of Object.entries(PACKAGES)) {
    const tarball = tarballs.find((file) => file === `rebill-kit-${name}-0.1.0.tgz`) ?? tarballs.find((file) => file.startsWith(`rebill-kit-${name}-`));
    if (!tarball) {
      failures.push(`${name}: no tarball`);
      continue;
    }
    for (const [tool, args] of [
      ['publint', ['run', '--strict', join(dest, tarball)]],
      ['attw', [join(dest, tarball), '--format', 'ascii', '--no-color', ...attwArgs]],
    ]) {
      try {
        const out = execFileSync(bin(tool), args, { cwd: dest, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        console.log(`✓ ${tool} @rebill-kit/${name}${tool === 'publint' ? `: ${out.trim().split('\n').at(-1)}` : ''}`);
      } catch (error) {
        failures.push(`${tool} @rebill-kit/${name}`);
        console.error(`✗ ${tool} @rebill-kit/${name}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      }
    }
  }
} finally {
  rmSync(dest, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`\ncheck:packages failed: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('\ncheck:packages: every package passes publint --strict and attw.');
