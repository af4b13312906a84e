#!/usr/bin/env node
// Walks the host app's flows by hand in Chromium on fresh sample data (a temporary data folder)
// and writes a screenshot of each into screenshots/. Run: node examples/host-app/screenshots.mjs
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';

const appDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(appDir, 'screenshots');
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'rk-shots-'));

const child = spawn(process.execPath, [join(appDir, 'start.mjs'), '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
    const match = /ready in [\d.]+ s.*: (http:\/\/\S+)/.exec(output);
    if (match) resolve(match[1]);
  });
  child.once('exit', (code) => reject(new Error(`The host app exited (${code}):\n${output}`)));
});

const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const shot = async (name, locator) => {
  await page.waitForTimeout(300); // let the last fetch paint
  await (locator ?? page).screenshot({ path: join(outDir, `${name}.png`), ...(locator ? {} : { fullPage: true }) });
  console.log(`screenshots/${name}.png`);
};
const card = (id) => page.locator(`[data-sub-account="${id}"]`);
const subAccounts = () => page.getByRole('link', { name: 'Sub-accounts' }).click();
const rebilling = () => page.getByRole('link', { name: 'Rebilling' }).click();

try {
  await page.goto(url);
  await page.locator('[data-product="sms"][data-state="disabled"]').waitFor();
  await shot('1-panel-before-stripe');
  await page.getByRole('button', { name: '+ Integrate Stripe' }).click();
  await shot('2-integrate-stripe', page.getByRole('dialog'));
  await page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Complete onboarding' }).waitFor();
  await shot('3-test-stripe-onboarding');
  await page.getByRole('button', { name: 'Complete onboarding' }).click();
  await page.locator('[data-product="sms"][data-state="idle"]').waitFor();
  const thumb = page.locator('[data-product="sms"] [role="slider"]');
  await thumb.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await page.locator('[data-product="sms"][data-state="saved"]').waitFor();
  await shot('4-panel-connected-sms-3.5x');

  await subAccounts();
  await card('sub_rosas_bakery').getByLabel('Recipients').fill('50');
  await card('sub_rosas_bakery').getByRole('button', { name: 'Send SMS' }).click();
  await card('sub_rosas_bakery').getByRole('status').waitFor();
  await card('sub_lumen_yoga').getByLabel('Recipients').fill('50');
  await card('sub_lumen_yoga').getByRole('button', { name: 'Send SMS' }).click();
  await card('sub_lumen_yoga').getByRole('alert').waitFor();
  await shot('5-sub-accounts-sent-and-add-funds');

  await page.getByRole('button', { name: 'Simulate a day' }).click();
  await page.getByRole('status').filter({ hasText: 'usage events in' }).waitFor({ timeout: 120_000 });
  await card('sub_rosas_bakery').getByRole('button', { name: 'Send email' }).click();
  await card('sub_rosas_bakery').getByRole('alert').waitFor();
  await shot('6-simulated-day-contact-administrator');

  await page.getByRole('button', { name: 'Add $100 to the main wallet' }).click();
  await card('sub_rosas_bakery').getByRole('button', { name: 'Buy a listing' }).click();
  await card('sub_rosas_bakery').getByText('Listing: active').first().waitFor();
  await page.getByRole('button', { name: "Decline the owner's next card charge" }).click();
  await card('sub_northside_dental').getByRole('button', { name: 'Buy a phone number' }).click();
  await page.getByRole('heading', { name: 'Notifications for the owner' }).waitFor();
  await card('sub_northside_dental').getByText('pending activation').first().waitFor();
  await shot('7-addon-waiting-owner-notified');
  await card('sub_northside_dental').getByRole('button', { name: "Retry the owner's charge" }).click();
  await card('sub_northside_dental').getByText('Phone number: active').first().waitFor();
  await shot('8-addon-active-after-retry', card('sub_northside_dental'));

  await rebilling();
  await page.getByRole('button', { name: 'View Logs' }).click();
  await page.getByRole('dialog').locator('tbody tr').first().waitFor();
  await shot('9-view-logs', page.getByRole('dialog'));
} catch (error) {
  await page.screenshot({ path: join(tmpdir(), 'rk-screenshots-failure.png'), fullPage: true });
  console.error(`Failed; the page at that moment: ${join(tmpdir(), 'rk-screenshots-failure.png')}`);
  throw error;
} finally {
  await browser.close();
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  rmSync(dataDir, { recursive: true, force: true });
}
