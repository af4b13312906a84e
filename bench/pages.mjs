// @ts-check
/** The bench pages (bench/app), built with production React, served locally, opened in Chromium. */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { chromium } from 'playwright';
import { build } from 'vite';

const appDir = join(import.meta.dirname, 'app');

/** @typedef {'a' | 'b' | 'c' | 'd'} PageName */
/** @type {readonly PageName[]} */
export const PAGES = ['a', 'b', 'c', 'd'];

/**
 * Builds the pages into `outDir`. `minify: false` keeps function names, for a readable profile.
 * @param {{ outDir: string; minify?: boolean; pages?: readonly PageName[] }} options
 */
export async function buildPages({ outDir, minify = true, pages = PAGES }) {
  await build({
    root: appDir,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      manifest: true,
      minify,
      rolldownOptions: {
        input: Object.fromEntries(pages.map((name) => [name, join(appDir, `${name}.html`)])),
        onwarn: (warning, warn) => {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  });
}

/** @type {Record<string, string>} */
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/**
 * Serves `outDir` on a free local port. `/blank` is an empty page of the same origin: a profile
 * started there keeps recording through the navigation to a page.
 * @param {string} outDir
 */
export async function servePages(outDir) {
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://bench').pathname;
    if (pathname === '/blank') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>blank</title>');
      return;
    }
    const file = join(outDir, pathname);
    if (!extname(file) || !existsSync(file)) {
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const address = server.address();
  return { url: `http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}/`, close: () => server.close() };
}

/** Headless Chromium: the system's when installed (CHROMIUM_PATH overrides), else Playwright's. */
export function launchBrowser() {
  const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
  const executablePath = process.env.CHROMIUM_PATH ?? systemChromium;
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
