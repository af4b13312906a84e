#!/usr/bin/env node
/**
 * Fails when built or source code contains what a strict Content-Security-Policy (no
 * 'unsafe-eval') or an XSS review forbids: `dangerouslySetInnerHTML`, `eval(`, `new Function(`.
 *
 *   node scripts/check-dist.mjs            # packages/*\/dist/**\/*.{js,cjs,mjs} (after `pnpm build`)
 *   node scripts/check-dist.mjs --src      # packages/*\/src, tests excluded
 *
 * Exits 1 listing every offender as file:line: match. Also importable: `scanForbidden(files)`.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FORBIDDEN = [
  { name: 'dangerouslySetInnerHTML', pattern: /dangerouslySetInnerHTML/ },
  // `eval(` as a call, not a word inside an identifier such as `retrieval(` or `.evaluate(`.
  { name: 'eval', pattern: /(?<![\w$.])eval\s*\(/ },
  { name: 'new Function', pattern: /\bnew\s+Function\s*\(/ },
  // Indirect forms bundlers sometimes emit.
  { name: 'Function constructor', pattern: /(?<!new\s+)(?<![\w$.])Function\s*\(\s*["'`]/ },
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function walk(dir, accept, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, accept, out);
    else if (accept(path)) out.push(path);
  }
  return out;
}

/** Every package's files that `mode` covers. */
export function filesToScan(mode) {
  const packagesDir = join(root, 'packages');
  const files = [];
  for (const name of readdirSync(packagesDir)) {
    if (mode === 'src') {
      walk(join(packagesDir, name, 'src'), (p) => /\.(ts|tsx|js|mjs|cjs)$/.test(p) && !/\.test(-d)?\.(ts|tsx)$/.test(p), files);
    } else {
      walk(join(packagesDir, name, 'dist'), (p) => /\.(js|cjs|mjs)$/.test(p), files);
    }
  }
  return files;
}

/** `file:line: what` for every forbidden construct in `files`. */
export function scanForbidden(files) {
  const offenders = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      for (const { name, pattern } of FORBIDDEN) {
        if (pattern.test(line)) offenders.push(`${relative(root, file)}:${index + 1}: ${name}: ${line.trim().slice(0, 160)}`);
      }
    });
  }
  return offenders;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const mode = process.argv.includes('--src') ? 'src' : 'dist';
  const files = filesToScan(mode);
  if (files.length === 0) {
    console.error(`check-dist: no ${mode === 'src' ? 'source' : 'built'} files found under packages/*/${mode}${mode === 'dist' ? ' — run the build first' : ''}.`);
    process.exit(1);
  }
  const offenders = scanForbidden(files);
  if (offenders.length > 0) {
    console.error(`check-dist: ${offenders.length} forbidden construct(s) in packages/*/${mode}:\n${offenders.map((o) => `  ${o}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`check-dist: ${files.length} files in packages/*/${mode}, no dangerouslySetInnerHTML, eval or new Function.`);
}
