/**
 * Strict Content-Security-Policy: the panel built with Vite, served with
 * `default-src 'self'; script-src 'self'; style-src 'self'`, rendered and operated in Chromium
 * (connect Stripe, move a slider with the keyboard, open View Logs) with zero
 * `securitypolicyviolation` events.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../browser-provider.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";
const appDir = join(dirname(fileURLToPath(import.meta.url)), 'csp-app');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

let outDir: string;
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'rk-csp-'));
  await build({
    configFile: false,
    root: appDir,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, modulePreload: { polyfill: false }, minify: false },
  });
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = resolve(outDir, `.${path}`);
    if (!file.startsWith(outDir) || !existsSync(file) || statSync(file).isDirectory()) file = join(outDir, 'index.html');
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({ ...(chromiumPath ? { executablePath: chromiumPath } : {}), args: chromiumArgs });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('strict CSP (Chromium)', () => {
  it(`renders and operates the panel under "${CSP}" with zero violations`, async () => {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const seen: Array<Record<string, string>> = [];
      (window as unknown as { __violations: typeof seen }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (event) => {
        seen.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample, source: event.sourceFile });
      });
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const response = await page.goto(origin);
    expect(response?.headers()['content-security-policy']).toBe(CSP);

    // Disabled until Stripe is connected.
    await page.locator('[data-product="sms"][data-state="disabled"]').waitFor();
    await page.getByRole('button', { name: '+ Integrate Stripe' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
    await page.locator('[data-product="sms"][data-state="idle"]').waitFor();

    const profit = page.locator('[data-product="sms"] [data-figure="profit"] .rk-figure-value');
    const before = await profit.textContent();
    const thumb = page.locator('[data-product="sms"] [role="slider"]');
    await thumb.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-product="sms"][data-state="saved"]').waitFor();
    const after = await profit.textContent();
    expect(after).not.toBe(before);
    expect(await page.locator('[data-product="sms"] .rk-slider-value').textContent()).toBe('2.7x');

    await page.getByRole('button', { name: 'View Logs' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('row').nth(2).waitFor();
    // Styles from styles.css applied (a blocked stylesheet would leave the dialog unstyled).
    const radius = await page.locator('[data-product="sms"]').evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
    expect(radius).not.toBe('0px');

    const violations = await page.evaluate(() => (window as unknown as { __violations: unknown[] }).__violations);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);

    // The listener does see violations: what a server-rendered style="…" or an injected <style> would do.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = '.x { color: red }';
      document.head.append(style);
    });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __violations: Array<{ directive: string }> }).__violations.map((v) => v.directive)))
      .toEqual(['style-src-elem']);
    await page.close();
  }, 40_000);
});
