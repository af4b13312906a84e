/**
 * The README's start command, end to end: `examples/host-app/start.mjs` on a free port against
 * a temporary data folder, driven in Chromium as the owner would: connect Stripe, drag SMS to
 * 3.5x, send 50 SMS from a sub-account. The wallets shown, the ledger in View Logs and the
 * profit shown must match a BigInt computation to the last digit; then the server restarts on
 * the same folder and nothing is lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './browser-provider.ts';
import { type Ref, ref, refMul, refRound, refString, refSub } from './support/bigint-reference.ts';

const startScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'host-app', 'start.mjs');

// The seed's figures (examples/host-app/server/seed.ts) and the sample catalog's You Pay.
const SMS_YOU_PAY = '0.0079';
const MAIN_OPENING = '5';
const SUB_OPENING = '40';
const SUB_ID = 'sub_rosas_bakery';
const MESSAGES = 50;
// 70 characters: one segment under the default flat-160 rule.
const TEXT = 'Your table for two is booked for Friday at 7pm. Reply C to cancel. Thx';

const dataDirs: string[] = [];
let browser: Browser;
let app: { process: ChildProcess; url: string } | undefined;

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rk-host-app-'));
  dataDirs.push(dir);
  return dir;
}

/** Starts the example as a user would, and resolves with the one URL it prints. */
function startApp(dataDir: string): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [startScript, '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready in [\d.]+ s.*: (http:\/\/\S+)/.exec(output);
      if (match) resolve({ process: child, url: match[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The host app exited (${code}) before it was ready:\n${output}`)));
  });
}

function stopApp(): Promise<void> {
  const child = app?.process;
  app = undefined;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const usd = (amount: Ref, digits?: number) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    ...(digits === undefined ? { maximumFractionDigits: 20 } : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  }).format(refString(amount) as unknown as number);
const cents = (amount: Ref) => usd(refRound(amount, 2), 2);
// The log signs amounts with a true minus (U+2212, issue 14 item 12), not a hyphen.
const signedCents = (amount: Ref) => `${amount.n < 0n ? '\u2212' : '+'}${cents({ n: amount.n < 0n ? -amount.n : amount.n, s: amount.s })}`;

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').trim();
}

/** Integrate Stripe → onboarding (the test gateway's stand-in page on the same origin) → back to
 * the panel, connected by the signed account.updated webhook. */
async function connectStripe(page: Page): Promise<void> {
  await page.locator('[data-product="sms"][data-state="disabled"]').waitFor();
  await page.getByRole('button', { name: '+ Integrate Stripe' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Complete onboarding' }).click();
  await page.locator('[data-product="sms"][data-state="idle"]').waitFor();
  await page.getByText('Acme Agency (test mode)').waitFor();
}

beforeAll(async () => {
  browser = await chromium.launch({ ...(chromiumPath ? { executablePath: chromiumPath } : {}), args: chromiumArgs });
}, 30_000);

// Each case starts its own app: stop it after the case, or the next case's start leaves it running.
afterEach(() => stopApp());

afterAll(async () => {
  await stopApp();
  await browser?.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('examples/host-app (start command, Chromium)', () => {
  it('connects Stripe, prices SMS at 3.5x, bills 50 SMS exactly on both wallets, and keeps it all across a restart', async () => {
    const dataDir = newDataDir();
    app = await startApp(dataDir);
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(app.url);

    const sms = '[data-product="sms"]';
    await connectStripe(page);

    // Drag the SMS thumb to 3.5x: Radix maps the pointer linearly over the slider's width.
    const slider = await page.locator(`${sms} .rk-slider`).boundingBox();
    const thumb = await page.locator(`${sms} [role="slider"]`).boundingBox();
    if (!slider || !thumb) throw new Error('The SMS slider is not visible.');
    const y = slider.y + slider.height / 2;
    await page.mouse.move(thumb.x + thumb.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(slider.x + (slider.width * (3.5 - 1)) / (10 - 1), y, { steps: 8 });
    await page.mouse.up();
    expect(await text(page, `${sms} .rk-slider-value`)).toBe('3.5x');
    await page.locator(`${sms}[data-state="saved"]`).waitFor();

    const youPay = ref(SMS_YOU_PAY);
    const subPays = refMul(youPay, ref('3.5'));
    const unitProfit = refSub(subPays, youPay);
    expect(await text(page, `${sms} [data-figure="profit"] .rk-figure-value`)).toBe(usd(unitProfit));
    // The seed set Listings at $49 while it cost $25; it costs $30 now: the widget says so.
    const erosion = page.locator('[data-product="listings"] [data-erosion="rose"]');
    await erosion.waitFor();
    expect(await erosion.textContent()).toContain('You Pay went from $25.00 to $30.00');

    // 50 SMS from one sub-account.
    await page.getByRole('link', { name: 'Sub-accounts' }).click();
    const card = page.locator(`[data-sub-account="${SUB_ID}"]`);
    await card.getByLabel('SMS').fill(TEXT);
    expect(await card.getByTestId('segments').textContent()).toBe(`${TEXT.length} characters · 1 segment (GSM-7)`);
    await card.getByLabel('Recipients').fill(String(MESSAGES));
    await card.getByRole('button', { name: 'Send SMS' }).click();
    await card.getByRole('status').filter({ hasText: `${MESSAGES} SMS sent` }).waitFor({ timeout: 20_000 });

    const quantity = ref(String(MESSAGES)); // one segment each
    const subBalance = refSub(ref(SUB_OPENING), refMul(subPays, quantity));
    const mainBalance = refSub(ref(MAIN_OPENING), refMul(youPay, quantity));
    const profit = refMul(unitProfit, quantity);
    const expectShown = async (p: Page) => {
      const subCard = p.locator(`[data-sub-account="${SUB_ID}"]`);
      await expect.poll(() => subCard.getByTestId('sub-balance').textContent()).toBe(usd(subBalance));
      expect(await p.getByTestId('main-balance').textContent()).toBe(usd(mainBalance));
      expect(await p.getByTestId('usage-profit').textContent()).toBe(usd(profit));
    };
    await expectShown(page);

    // The OneBalance log: the 50 charges, newest first, each with the balance after it.
    const expectLog = async (p: Page) => {
      await p.getByRole('link', { name: 'Rebilling' }).click();
      await p.getByRole('button', { name: 'View Logs' }).click();
      const dialog = p.getByRole('dialog');
      const rows = dialog.locator('tbody tr[data-type="usage"]');
      await rows.first().waitFor();
      const first = rows.first();
      expect(await first.locator('[data-column="product"]').textContent()).toBe('SMS');
      expect(await first.locator('[data-column="quantity"]').textContent()).toBe('1');
      expect(await first.locator('[data-column="amount"]').textContent()).toBe(signedCents(refSub(ref('0'), youPay)));
      expect(await first.locator('[data-column="balance-after"]').textContent()).toBe(cents(mainBalance));
      // And exactly, through the same REST contract the panel reads (the page's session cookie).
      const ledger = (await (await p.request.get(new URL('/api/rebilling/ledger?limit=200', app!.url).href)).json()) as {
        entries: Array<{ type: string; product?: string; amount: string; balanceAfter: string }>;
      };
      const usage = ledger.entries.filter((entry) => entry.type === 'usage');
      expect(usage).toHaveLength(MESSAGES);
      for (const [i, entry] of usage.entries()) {
        expect(entry.product).toBe('sms');
        expect(refString(ref(entry.amount))).toBe(refString(refSub(ref('0'), youPay)));
        expect(refString(ref(entry.balanceAfter))).toBe(refString(refSub(mainBalance, refMul(youPay, ref(String(-i))))));
      }
      expect(refString(ref(ledger.entries[0]!.balanceAfter))).toBe(refString(mainBalance));
      await dialog.getByRole('button', { name: /close/i }).click();
    };
    await expectLog(page);

    // Restart on the same data folder: prices, Stripe, wallets, ledger and profit all still there.
    await stopApp();
    app = await startApp(dataDir);
    await page.goto(app.url);
    await page.locator(`${sms}[data-state="idle"]`).waitFor();
    expect(await text(page, `${sms} .rk-slider-value`)).toBe('3.5x');
    await page.getByRole('link', { name: 'Sub-accounts' }).click();
    await expectShown(page);
    await expectLog(page);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);

  it("asks a short sub-account to add funds, tells one whose owner is short to contact its administrator, and keeps a phone number waiting until the owner's declined charge is paid", async () => {
    app = await startApp(newDataDir());
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(app.url);
    await connectStripe(page); // add-ons are charged through the owner's Stripe
    await page.getByRole('link', { name: 'Sub-accounts' }).click();

    // Seeded at 2.5x: a sub-account pays 0.0079 × 2.5 a segment.
    const youPay = ref(SMS_YOU_PAY);
    const subPays = refMul(youPay, ref('2.5'));
    const sendSms = async (subAccountId: string, recipients: number) => {
      const card = page.locator(`[data-sub-account="${subAccountId}"]`);
      await card.getByLabel('SMS').fill(TEXT);
      await card.getByLabel('Recipients').fill(String(recipients));
      await card.getByRole('button', { name: 'Send SMS' }).click();
      return card;
    };
    /** How many whole messages at `price` a balance pays for, and what is left. */
    const fits = (balance: Ref, price: Ref) => {
      const scale = Math.max(balance.s, price.s);
      const up = (r: Ref) => r.n * 10n ** BigInt(scale - r.s);
      const count = up(balance) / up(price);
      return { count: Number(count), left: refSub(balance, refMul(price, ref(String(count)))) };
    };

    // Lumen Yoga holds $0.50: its wallet stops the batch, with the exact shortfall.
    const lumen = fits(ref('0.50'), subPays);
    const lumenCard = await sendSms('sub_lumen_yoga', 50);
    const short = lumenCard.getByRole('alert');
    await expect
      .poll(() => short.textContent())
      .toBe(`${lumen.count} SMS sent, then stopped. Not enough funds in this wallet: add at least ${usd(refSub(subPays, lumen.left))}.Add funds`);
    await expect.poll(() => lumenCard.getByTestId('sub-balance').textContent()).toBe(usd(lumen.left));

    // Rosa's Bakery has funds, the owner's $5 main wallet does not last: contact the administrator.
    let main = refSub(ref(MAIN_OPENING), refMul(youPay, ref(String(lumen.count))));
    const owner = fits(main, youPay);
    let rosa = await sendSms(SUB_ID, 500);
    await rosa.getByRole('status').filter({ hasText: '500 SMS sent' }).waitFor({ timeout: 30_000 });
    main = refSub(main, refMul(youPay, ref('500')));
    const rest = fits(main, youPay);
    rosa = await sendSms(SUB_ID, 500);
    await expect
      .poll(() => rosa.getByRole('alert').textContent(), { timeout: 30_000 })
      .toBe(`${rest.count} SMS sent, then stopped. Your wallet has funds, but this can't be sent right now: contact your administrator.`);
    expect(owner.count).toBe(500 + rest.count);
    await expect.poll(() => page.getByTestId('main-balance').textContent()).toBe(usd(rest.left));
    const rosaSpent = refMul(subPays, ref(String(500 + rest.count)));
    expect(await rosa.getByTestId('sub-balance').textContent()).toBe(usd(refSub(ref(SUB_OPENING), rosaSpent)));

    // The owner's card declines You Pay: the sub-account has paid, the number waits, the owner is told.
    await page.getByRole('button', { name: "Decline the owner's next card charge" }).click();
    await page.getByRole('status').filter({ hasText: "decline the owner's next card charge" }).waitFor();
    const northside = page.locator('[data-sub-account="sub_northside_dental"]');
    await northside.getByRole('button', { name: 'Buy a phone number' }).click();
    const addon = northside.getByRole('list', { name: 'Add-ons' }).getByRole('listitem');
    await expect.poll(() => addon.getAttribute('data-status')).toBe('awaiting-owner-payment');
    const notifications = page.locator('.demo-notifications li');
    await expect.poll(() => notifications.count()).toBe(1);
    expect(await notifications.textContent()).toContain('declined');
    await northside.getByRole('button', { name: "Retry the owner's charge" }).click();
    await expect.poll(() => addon.getAttribute('data-status')).toBe('active');
    await expect.poll(() => notifications.count()).toBe(1); // notified once, for the one decline
    await context.close();
    await stopApp();
  }, 120_000);
});
