/**
 * The path a real host takes: build and `pnpm pack` our packages, install the tarballs (and the
 * peers, from the registry) into a fresh Vite + React + TypeScript app outside the workspace,
 * type-check it, build it, serve it, and use the panel in Chromium. Catches what unit tests
 * cannot: a broken `exports` map, a missing `styles.css` or declaration file, a CJS entry that
 * does not load, a peer that got bundled.
 *
 * Self-contained (builds and packs itself), so `vitest run` works on a fresh clone. Installs
 * reuse the workspace's pnpm store; about 30–60 s here.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromiumArgs, chromiumPath } from './browser-provider.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const workspaceVersion = (name: string) =>
  (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
let app: string;
let server: Server | undefined;

async function sh(command: string, args: string[], cwd: string) {
  try {
    return (await run(command, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: '1' } })).stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

const APP_FILES: Record<string, string> = {
  'index.html': `<!doctype html>
<html lang="en">
  <head><meta charset="UTF-8" /><title>Host app</title></head>
  <body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body>
</html>
`,
  'src/main.tsx': `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RebillingPanel, RebillingProvider, createMemoryAdapter, type RebillingAdapter } from '@rebill-kit/react';
import '@rebill-kit/react/styles.css';

const adapter: RebillingAdapter = createMemoryAdapter({ stripe: 'connected' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RebillingProvider adapter={adapter} locale="en-US">
      <RebillingPanel />
    </RebillingProvider>
  </StrictMode>,
);
`,
  // As create-vite's react-ts template has it (strict, bundler resolution, side-effect imports checked).
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        module: 'ESNext',
        types: ['vite/client'],
        skipLibCheck: false,
        moduleResolution: 'bundler',
        allowImportingTsExtensions: true,
        verbatimModuleSyntax: true,
        moduleDetection: 'force',
        noEmit: true,
        jsx: 'react-jsx',
        strict: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        noFallthroughCasesInSwitch: true,
        noUncheckedSideEffectImports: true,
      },
      include: ['src'],
    },
    null,
    2,
  ),
  'vite.config.ts': `import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({ plugins: [react()] });
`,
  // Node hosts (SSR, tests): both module systems load without a DOM.
  'load-in-node.cjs': `const core = require('@rebill-kit/core');
const react = require('@rebill-kit/react');
if (typeof core.createMemoryAdapter !== 'function' || typeof react.RebillingPanel !== 'function') throw new Error('CJS exports missing');
import('@rebill-kit/react').then((esm) => {
  if (typeof esm.RebillingPanel !== 'function') throw new Error('ESM exports missing');
  console.log('node: ok');
});
`,
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rebill-kit-consumer-'));
  const tarballs = join(work, 'tarballs');
  app = join(work, 'app');
  mkdirSync(tarballs);
  mkdirSync(join(app, 'src'), { recursive: true });

  await sh(process.execPath, ['scripts/build.mjs', 'core', 'react'], root);
  await sh('npx', ['-y', 'pnpm@12', '--filter', './packages/core', '--filter', './packages/react', 'pack', '--pack-destination', tarballs], root);
  const tarball = (name: string) => {
    const file = readdirSync(tarballs).find((entry) => entry.startsWith(`rebill-kit-${name}-`));
    if (!file) throw new Error(`no tarball for ${name} in ${tarballs}`);
    return `file:${join(tarballs, file)}`;
  };

  const pkg = {
    name: 'host-app',
    private: true,
    type: 'module',
    dependencies: {
      '@rebill-kit/core': tarball('core'),
      '@rebill-kit/react': tarball('react'),
      '@tanstack/react-query': `^${workspaceVersion('@tanstack/react-query')}`,
      react: `^${workspaceVersion('react')}`,
      'react-dom': `^${workspaceVersion('react-dom')}`,
    },
    devDependencies: {
      '@types/react': `^${workspaceVersion('@types/react')}`,
      '@types/react-dom': `^${workspaceVersion('@types/react-dom')}`,
      '@vitejs/plugin-react': workspaceVersion('@vitejs/plugin-react'),
      typescript: workspaceVersion('typescript'),
      vite: workspaceVersion('vite'),
    },
  };
  writeFileSync(join(app, 'package.json'), JSON.stringify(pkg, null, 2));
  // The packed @rebill-kit/react depends on @rebill-kit/core@0.1.0, which is not published: point
  // it at the tarball, as a registry would serve it.
  writeFileSync(
    join(app, 'pnpm-workspace.yaml'),
    `overrides:\n  '@rebill-kit/core': '${tarball('core')}'\nallowBuilds:\n  esbuild: true\n`,
  );
  for (const [file, text] of Object.entries(APP_FILES)) writeFileSync(join(app, file), text);

  const storeDir = (await sh('npx', ['-y', 'pnpm@12', 'store', 'path'], root)).trim();
  await sh('npx', ['-y', 'pnpm@12', 'install', '--prefer-offline', '--store-dir', storeDir, '--config.confirmModulesPurge=false'], app);
}, 240_000);

afterAll(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (work && !process.env.KEEP_CONSUMER_APP) rmSync(work, { recursive: true, force: true });
});

test('a fresh Vite React TypeScript host type-checks, builds and loads our packages in Node', async () => {
  await sh(join(app, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], app);
  await sh(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], app);
  expect(existsSync(join(app, 'dist/index.html'))).toBe(true);
  const assets = readdirSync(join(app, 'dist/assets'));
  const css = assets.filter((file) => file.endsWith('.css')).map((file) => readFileSync(join(app, 'dist/assets', file), 'utf8')).join('');
  expect(css).toContain('.rk-widget');
  // Peers stay peers: the install holds one React and one TanStack Query, the host's.
  const installed = readdirSync(join(app, 'node_modules/.pnpm'));
  const copies = installed.map((entry) => /^(@?[^@]+)@/.exec(entry)?.[1]).filter((name) => name === 'react' || name === 'react-dom' || name === '@tanstack+react-query');
  expect(copies.sort()).toEqual(['@tanstack+react-query', 'react', 'react-dom']);
  expect(await sh(process.execPath, ['load-in-node.cjs'], app)).toContain('node: ok');
}, 120_000);

test('in Chromium the host shows the styled panel, and a slider step changes the profit', async () => {
  const dist = join(app, 'dist');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  server = createServer((request, response) => {
    const path = join(dist, new URL(request.url ?? '/', 'http://host').pathname);
    const file = existsSync(path) && !path.endsWith('/') ? path : join(dist, 'index.html');
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  const browser = await chromium.launch({ ...(chromiumPath ? { executablePath: chromiumPath } : {}), args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`http://127.0.0.1:${port}/`);

    const sms = page.locator('[data-product="sms"]');
    const slider = sms.getByRole('slider');
    await expect.poll(() => slider.getAttribute('aria-disabled'), { timeout: 15_000 }).toBeNull();
    for (const product of ['sms', 'email', 'lightningDomains', 'phoneNumbers', 'listings']) {
      await expect.poll(() => page.locator(`[data-product="${product}"]`).count()).toBe(1);
    }

    const profit = sms.locator('[data-figure="profit"]');
    const before = await profit.textContent();
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => profit.textContent()).not.toBe(before);

    // styles.css arrived and applies: the widget has its border and rounded corners.
    const style = await sms.evaluate((element) => {
      const computed = getComputedStyle(element);
      return { border: computed.borderTopWidth, radius: computed.borderTopLeftRadius };
    });
    expect(style).toEqual({ border: '1px', radius: '8px' });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60_000);
