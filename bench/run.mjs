#!/usr/bin/env node
/**
 * `pnpm bench`: the full panel in headless Chromium with the CPU throttled 4× (DevTools
 * protocol), on a production React profiling build. Three rounds, each on a fresh page; prints
 * a table of the medians across rounds and writes bench/results.json. Timings are reported,
 * never asserted (tests assert the counts: renders and saves).
 *
 *   node bench/run.mjs [--rounds 3] [--steps 40] [--throttle 4]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { build } from 'vite';

const here = import.meta.dirname;
const { values: options } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, steps: { type: 'string', default: '40' }, throttle: { type: 'string', default: '4' } },
});
const ROUNDS = Number(options.rounds);
const STEPS = Number(options.steps);
const THROTTLE = Number(options.throttle);
const MOUNTS = 5;
const CLICKS = 20;

// ---- build the bench page (React's profiling build: Profiler timings in production) ----
const outDir = join(here, 'app/dist');
await build({
  root: join(here, 'app'),
  logLevel: 'warn',
  resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: { onwarn: (warning, warn) => warning.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(warning) },
  },
});

// ---- serve it ----
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((request, response) => {
  const path = join(outDir, new URL(request.url ?? '/', 'http://bench').pathname);
  const file = existsSync(path) && extname(path) ? path : join(outDir, 'index.html');
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  response.end(readFileSync(file));
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const url = `http://127.0.0.1:${server.address().port}/`;

// ---- statistics ----
const quantile = (values, q) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = (sorted.length - 1) * q;
  const low = Math.floor(index);
  return sorted[low] + (sorted[Math.ceil(index)] - sorted[low]) * (index - low);
};
const median = (values) => quantile(values, 0.5);
const p95 = (values) => quantile(values, 0.95);
const sum = (values) => values.reduce((total, value) => total + value, 0);

// ---- one round ----
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const executablePath = process.env.CHROMIUM_PATH ?? systemChromium;
const browser = await chromium.launch({
  ...(executablePath ? { executablePath } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function openPage() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.goto(url);
  await page.waitForFunction(() => 'bench' in window);
  return page;
}

async function round() {
  // Cold mount, each on a fresh page.
  const mounts = [];
  for (let i = 0; i < MOUNTS; i += 1) {
    const page = await openPage();
    mounts.push(await page.evaluate(() => window.bench.mount()));
    await page.close();
  }

  const page = await openPage();
  await page.evaluate(() => window.bench.mount());
  await page.evaluate(() => window.bench.settle());
  const sms = page.locator('[data-product="sms"]');
  const thumb = sms.getByRole('slider');
  const track = sms.locator('.rk-slider');

  // Keyboard steps: keydown is the step (value, figures); keyup commits (the save).
  const stepWork = [];
  const smsRenders = [];
  const otherRenders = [];
  const keyToPaint = [];
  const keySaves = [];
  await thumb.focus();
  for (let i = 0; i < STEPS; i += 1) {
    const key = Math.floor(i / 10) % 2 === 0 ? 'ArrowRight' : 'ArrowLeft';
    await page.evaluate(() => window.bench.reset());
    await page.keyboard.down(key);
    await page.evaluate(() => window.bench.frames());
    const step = await page.evaluate(() => window.bench.snapshot());
    await page.keyboard.up(key);
    await page.evaluate(() => window.bench.settle());
    const after = await page.evaluate(() => window.bench.snapshot());
    stepWork.push(sum(step.reactWork));
    smsRenders.push(step.renders.SmsWidget);
    otherRenders.push(sum(Object.entries(step.renders).filter(([name]) => name !== 'SmsWidget').map(([, count]) => count)));
    keyToPaint.push(...step.inputToPaint.filter((entry) => entry.type === 'keydown').map((entry) => entry.ms));
    keySaves.push(after.saves);
  }

  // Baseline: the same measure for a key that nothing handles (the page's own frame cadence).
  const baselineToPaint = [];
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  for (let i = 0; i < 10; i += 1) {
    await page.evaluate(() => window.bench.reset());
    await page.keyboard.press('Shift');
    await page.evaluate(() => window.bench.frames());
    baselineToPaint.push(...(await page.evaluate(() => window.bench.snapshot())).inputToPaint.map((entry) => entry.ms));
  }

  // Held key: one keydown, then auto-repeats, then keyup — one gesture.
  await thumb.focus();
  const heldSaves = [];
  for (let i = 0; i < 3; i += 1) {
    const key = i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft';
    await page.evaluate(() => window.bench.reset());
    for (let repeat = 0; repeat < 8; repeat += 1) {
      await page.keyboard.down(key);
      await page.waitForTimeout(35);
    }
    await page.keyboard.up(key);
    await page.evaluate(() => window.bench.settle());
    heldSaves.push((await page.evaluate(() => window.bench.snapshot())).saves);
  }

  // Click on the track: alternate between two points.
  const box = await track.boundingBox();
  const clickToPaint = [];
  const clickSaves = [];
  const clickWork = [];
  for (let i = 0; i < CLICKS; i += 1) {
    await page.evaluate(() => window.bench.reset());
    const before = await thumb.getAttribute('aria-valuenow');
    await page.mouse.click(box.x + box.width * (i % 2 === 0 ? 0.3 : 0.6), box.y + box.height / 2);
    await page.evaluate(() => window.bench.settle());
    const after = await page.evaluate(() => window.bench.snapshot());
    clickToPaint.push(...after.inputToPaint.filter((entry) => entry.type === 'pointerdown').map((entry) => entry.ms));
    // A click on the value the slider already has changes nothing and rightly saves nothing.
    if ((await thumb.getAttribute('aria-valuenow')) !== before) clickSaves.push(after.saves);
    clickWork.push(after.reactWork[0] ?? 0);
  }

  // Drag: press on the thumb, move across in 15 moves, release.
  const dragSaves = [];
  for (let i = 0; i < 3; i += 1) {
    await page.evaluate(() => window.bench.reset());
    const thumbBox = await thumb.boundingBox();
    const x = thumbBox.x + thumbBox.width / 2;
    const y = thumbBox.y + thumbBox.height / 2;
    const to = box.x + box.width * (i % 2 === 0 ? 0.8 : 0.2);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(to, y, { steps: 15 });
    await page.mouse.up();
    await page.evaluate(() => window.bench.settle());
    dragSaves.push((await page.evaluate(() => window.bench.snapshot())).saves);
  }
  await page.close();

  return {
    reactWorkPerStep: { median: median(stepWork), p95: p95(stepWork) },
    reactWorkPerClick: { median: median(clickWork), p95: p95(clickWork) },
    rendersPerStep: { changedWidgetMax: Math.max(...smsRenders), changedWidgetMedian: median(smsRenders), otherWidgetsMax: Math.max(...otherRenders) },
    inputToPaint: {
      keyboard: { median: median(keyToPaint), p95: p95(keyToPaint) },
      trackClick: { median: median(clickToPaint), p95: p95(clickToPaint) },
      baselineKeyNobodyHandles: { median: median(baselineToPaint), p95: p95(baselineToPaint) },
    },
    savesPerGesture: {
      keyStep: [Math.min(...keySaves), Math.max(...keySaves)],
      heldKey: [Math.min(...heldSaves), Math.max(...heldSaves)],
      click: [Math.min(...clickSaves), Math.max(...clickSaves)],
      drag: [Math.min(...dragSaves), Math.max(...dragSaves)],
    },
    coldMount: { median: median(mounts), p95: p95(mounts) },
  };
}

const rounds = [];
try {
  for (let i = 0; i < ROUNDS; i += 1) {
    rounds.push(await round());
    process.stdout.write(`round ${i + 1}/${ROUNDS} done\n`);
  }
} finally {
  await browser.close();
  server.close();
}

// ---- report: the median across rounds of each round's statistic ----
const across = (pick) => median(rounds.map(pick));
const range = (pick) => {
  const all = rounds.flatMap(pick);
  return Math.min(...all) === Math.max(...all) ? String(all[0]) : `${Math.min(...all)}–${Math.max(...all)}`;
};
const ms = (value) => `${value.toFixed(2)} ms`;
const rows = [
  ['React work per keyboard step, median', ms(across((r) => r.reactWorkPerStep.median)), ''],
  ['React work per keyboard step, p95', ms(across((r) => r.reactWorkPerStep.p95)), '≤ 4 ms'],
  ['React work per track click, p95', ms(across((r) => r.reactWorkPerClick.p95)), ''],
  ['Renders per step, changed widget (max)', String(across((r) => r.rendersPerStep.changedWidgetMax)), '≤ 1'],
  ['Renders per step, other widgets (max)', String(across((r) => r.rendersPerStep.otherWidgetsMax)), '0'],
  ['Input to next paint, keyboard, median', ms(across((r) => r.inputToPaint.keyboard.median)), ''],
  ['Input to next paint, keyboard, p95', ms(across((r) => r.inputToPaint.keyboard.p95)), '≤ 16 ms'],
  ['Input to next paint, track click, median', ms(across((r) => r.inputToPaint.trackClick.median)), ''],
  ['Input to next paint, track click, p95', ms(across((r) => r.inputToPaint.trackClick.p95)), '≤ 16 ms'],
  ['Input to next paint, unhandled key (baseline), p95', ms(across((r) => r.inputToPaint.baselineKeyNobodyHandles.p95)), ''],
  ['Saves per gesture: key step', range((r) => r.savesPerGesture.keyStep), '1'],
  ['Saves per gesture: held key', range((r) => r.savesPerGesture.heldKey), '1'],
  ['Saves per gesture: click', range((r) => r.savesPerGesture.click), '1'],
  ['Saves per gesture: drag', range((r) => r.savesPerGesture.drag), '1'],
  ['Cold mount to interactive, median', ms(across((r) => r.coldMount.median)), ''],
];
console.log(`\nrebill-kit bench: full panel, CPU ${THROTTLE}× throttled, median of ${ROUNDS} rounds (${STEPS} key steps, ${CLICKS} clicks, ${MOUNTS} mounts each)\n`);
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(10)}  goal`);
for (const [name, value, goal] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(10)}  ${goal}`);

const results = {
  date: new Date().toISOString(),
  environment: { chromium: browser.version?.() ?? null, cpuThrottling: THROTTLE, node: process.version },
  settings: { rounds: ROUNDS, steps: STEPS, clicks: CLICKS, mounts: MOUNTS },
  medians: Object.fromEntries(rows.map(([name, value, goal]) => [name, { value, goal }])),
  rounds,
};
writeFileSync(resolve(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwrote bench/results.json');
