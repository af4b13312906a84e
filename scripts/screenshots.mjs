/**
 * `pnpm screenshots [--no-build] [--out DIR] [--only SUBSTRING]`: builds Storybook, serves the
 * static build, and writes PNGs of the demo and the panel's main states at 1280 and 390 px wide,
 * light and dark, into docs/screenshots/ (linked from the README). Each story is shot after its
 * play function has run, so a state story shows its named state.
 *
 * Chromium: CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const outDir = resolve(root, option('--out') ?? 'docs/screenshots');
const only = option('--only');
const staticDir = join(root, 'storybook-static');

/**
 * [file name, story id, extra args, steps run in the page after the play function, options].
 * Dialogs are shot at the viewport (a modal is fixed to it; a full-page shot would show it at the top).
 */
const SHOTS = [
  ['demo', 'demo-host-dashboard--host-dashboard', {}],
  ['demo-connected', 'demo-host-dashboard--host-dashboard', {}, connectThroughDialog],
  ['panel-connected', 'panel-rebillingpanel--connected', {}],
  ['panel-loading', 'panel-rebillingpanel--loading', {}],
  ['panel-disconnected', 'panel-rebillingpanel--stripe-disconnected', {}],
  ['panel-pending', 'panel-rebillingpanel--stripe-pending', {}],
  ['panel-backend-down', 'panel-rebillingpanel--backend-down', {}],
  ['panel-logs', 'panel-rebillingpanel--view-logs', {}, null, { fullPage: false }],
  ['panel-de-DE', 'panel-rebillingpanel--german', {}],
  ['panel-ja-JP', 'panel-rebillingpanel--japanese-yen', {}],
  ['sms-saving', 'widgets-sms--saving', {}],
  ['sms-save-failed', 'widgets-sms--save-failed', {}],
  ['sms-conflict', 'widgets-sms--conflict', {}],
  ['sms-conflict-who-when', 'widgets-pricehistory--conflict-who-and-when', {}],
  ['listings-invalid-price', 'widgets-listings--invalid-price', {}],
  ['listings-below-cost', 'widgets-listings--below-cost', {}],
  ['dialog-integrate-stripe', 'panel-dialogs--integrate-stripe', {}, null, { fullPage: false }],
];
const WIDTHS = [1280, 390];
const THEMES = ['light', 'dark'];

async function connectThroughDialog(page) {
  await page.getByRole('button', { name: '+ Integrate Stripe' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
  await page.getByText(/Stripe connected/).first().waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-state="disabled"]').length === 0, null, { timeout: 10_000 });
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png' };

function serve(dir) {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

if (!flag('--no-build') || !existsSync(staticDir)) {
  execFileSync('npx', ['storybook', 'build', '--quiet', '-o', staticDir], { cwd: root, stdio: 'inherit' });
}
mkdirSync(outDir, { recursive: true });
const server = await serve(staticDir);
const base = `http://127.0.0.1:${server.address().port}`;
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const executablePath = process.env.CHROMIUM_PATH ?? systemChromium;
const browser = await chromium.launch({
  ...(executablePath ? { executablePath } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});

let failures = 0;
try {
  for (const [name, id, args, steps, shotOptions = {}] of SHOTS) {
    if (only && !name.includes(only)) continue;
    for (const theme of THEMES) {
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, colorScheme: theme, reducedMotion: 'reduce' });
        const page = await context.newPage();
        // Storybook announces the end of the play function on its channel.
        await page.addInitScript(() => {
          window.__shot = new Promise((done) => {
            const wait = () => {
              const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
              if (!channel) return setTimeout(wait, 20);
              channel.on('storyRendered', () => done('rendered'));
              channel.on('playFunctionThrewException', (error) => done(`play failed: ${error?.message ?? error}`));
              channel.on('storyErrored', (error) => done(`errored: ${error?.title ?? error}`));
              channel.on('storyThrewException', (error) => done(`threw: ${error?.message ?? error}`));
              channel.on('storyMissing', () => done('missing'));
            };
            wait();
          });
        });
        const allArgs = { ...args, theme };
        const argString = Object.entries(allArgs).map(([key, value]) => `${key}:${value}`).join(';');
        await page.goto(`${base}/iframe.html?id=${id}&viewMode=story&args=${argString}`);
        const outcome = await Promise.race([page.evaluate(() => window.__shot), new Promise((done) => setTimeout(() => done('timeout'), 20_000))]);
        const file = join(outDir, `${name}-${width}-${theme}.png`);
        try {
          if (outcome !== 'rendered') throw new Error(outcome);
          if (steps) await steps(page);
          // Fonts, the last transition frame and any late layout.
          await page.evaluate(() => document.fonts.ready);
          await page.waitForTimeout(150);
          await page.screenshot({ path: file, fullPage: shotOptions.fullPage ?? true });
          console.log(`${file.slice(root.length + 1)}`);
        } catch (error) {
          failures += 1;
          console.error(`${name} ${width} ${theme}: ${error.message}`);
        }
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
if (failures > 0) {
  console.error(`${failures} screenshot(s) failed`);
  process.exitCode = 1;
}
