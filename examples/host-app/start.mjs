#!/usr/bin/env node
// Starts the host app: builds the page and the server with Vite when their sources changed
// (a content hash decides; unchanged sources start from the last build), then runs the server.
//
//   node start.mjs [--reset] [--port 3000] [--host 127.0.0.1] [--data DIR]
//
// `--reset` deletes the data folder first. Prints one URL when ready; Ctrl-C closes the
// database cleanly.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const started = performance.now();
const appDir = dirname(fileURLToPath(import.meta.url));
const repoDir = join(appDir, '..', '..');
const buildDir = join(appDir, '.build');

const { values } = parseArgs({
  // `pnpm start -- --reset` may hand over the `--` itself.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    reset: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
    data: { type: 'string', default: process.env.DATA_DIR ?? join(appDir, '.data') },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0 picks a free one); got "${values.port}".`);
  process.exit(1);
}

/** Everything the two builds read: the example's sources and the workspace packages'. */
function sourceHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.test\.tsx?$|\.test-d\.ts$/.test(name)) hash.update(relative(repoDir, path)).update(readFileSync(path));
    }
  };
  for (const dir of ['src', 'server']) walk(join(appDir, dir));
  for (const file of ['index.html', 'package.json', 'start.mjs']) hash.update(readFileSync(join(appDir, file)));
  for (const pkg of readdirSync(join(repoDir, 'packages')).sort()) {
    walk(join(repoDir, 'packages', pkg, 'src'));
    hash.update(readFileSync(join(repoDir, 'packages', pkg, 'package.json')));
  }
  hash.update(readFileSync(join(repoDir, 'pnpm-lock.yaml')));
  return hash.digest('hex');
}

// The database opens while the page builds: on a first run PGlite's initdb is the slow part.
if (values.reset) rmSync(values.data, { recursive: true, force: true });
mkdirSync(values.data, { recursive: true });
const { PGlite } = await import('@electric-sql/pglite');
const database = PGlite.create(join(values.data, 'pglite'));
database.catch(() => undefined); // awaited (and thrown) below, after the build

const stampFile = join(buildDir, 'stamp');
const hash = sourceHash();
if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== hash) {
  const buildStarted = performance.now();
  const { build } = await import('vite');
  // 'error': Radix's "use client" directives warn on every build and mean nothing here.
  const common = { configFile: false, root: appDir, logLevel: 'error' };
  await Promise.all([
    build({ ...common, build: { outDir: join(buildDir, 'page'), emptyOutDir: true } }),
    build({
      ...common,
      build: { ssr: 'server/main.ts', outDir: join(buildDir, 'server'), emptyOutDir: true, target: 'node20', minify: false },
      // The workspace packages are TypeScript sources: bundle them; keep the database, Stripe
      // and pg (loaded from node_modules, with their wasm and native parts) outside.
      ssr: { noExternal: true, external: ['@electric-sql/pglite', 'stripe', 'pg'] },
    }),
  ]);
  writeFileSync(stampFile, hash);
  console.log(`Built the page and the server in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s.`);
}

const { startHostApp } = await import(pathToFileURL(join(buildDir, 'server', 'main.js')).href);
let app;
try {
  app = await startHostApp({ database: await database, dataDir: values.data, pageDir: join(buildDir, 'page'), port, host: values.host });
} catch (error) {
  if (error?.code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use. Start on another one: npx -y pnpm@12 start -- --port ${port + 1}`);
    process.exit(1);
  }
  // A configuration error (e.g. STRIPE_SECRET_KEY without STRIPE_WEBHOOK_SECRET) names its fix.
  console.error(`The host app could not start: ${error?.message ?? error}`);
  process.exit(1);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`Host app ready in ${seconds} s${app.firstRun ? ' (sample data seeded)' : ''}: ${app.url}`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    // Closing PGlite flushes the database to the data folder before exiting.
    app.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
