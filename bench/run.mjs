#!/usr/bin/env node
// @ts-check
/**
 * `pnpm bench`: the panel side by side with what a reviewer would write instead, in one headless
 * Chromium session, on production builds:
 *   A  the rebill-kit panel (every widget, every feature on, memory adapter)
 *   B  a bare @radix-ui/react-slider with one React state and one text figure
 *   C  a native <input type=range> updating one text node
 *   D  a focusable element nobody handles keys on (the frame-wait floor)
 * Rounds alternate the pages (rotated order), at 1× and 4× CPU throttle, each visit in a fresh
 * browser context with only that page throttled. Per key press (keydown + keyup + whatever it
 * triggers, the panel's save included) it reads main-thread script time and layouts from the
 * DevTools protocol, and keydown → next paint from the page. Then a growth run (2,000 presses and
 * their saves, time-bounded), render counts, and cold mount. Prints the tables and writes
 * bench/results.json. Timings are reported, never asserted: tests assert the counts.
 *
 *   node bench/run.mjs [--rounds 5] [--presses 20] [--throttles 1,4] [--growth 2000] [--growth-budget 240]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { PAGES, buildPages, launchBrowser, servePages } from './pages.mjs';

const here = import.meta.dirname;
const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    presses: { type: 'string', default: '20' },
    throttles: { type: 'string', default: '1,4' },
    growth: { type: 'string', default: '2000' },
    'growth-budget': { type: 'string', default: '240' },
  },
});
const ROUNDS = Number(options.rounds);
const PRESSES = Number(options.presses);
const THROTTLES = String(options.throttles).split(',').map(Number);
const GROWTH = Number(options.growth);
const GROWTH_BUDGET_MS = Number(options['growth-budget']) * 1000;
const GROWTH_SAMPLE = 40;
/** @type {{ start: number[]; end?: number[] }} */
const load = { start: loadavg() };

// ---- build the four pages (production React) ----
const outDir = join(here, 'app/dist');
await buildPages({ outDir });

/** Brotli bytes of the JavaScript a page loads at start, and of what it may load later. */
function pageSizes() {
  /** @type {Record<string, { file: string; imports?: string[]; dynamicImports?: string[] }>} */
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8'));
  const brotli = (/** @type {string} */ file) =>
    brotliCompressSync(readFileSync(join(outDir, file)), { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  /** @param {string[]} keys @param {Set<string>} seen */
  const closure = (keys, seen) => {
    for (const key of keys) {
      if (seen.has(key) || !manifest[key]) continue;
      seen.add(key);
      closure(manifest[key].imports ?? [], seen);
    }
    return seen;
  };
  return Object.fromEntries(
    PAGES.map((name) => {
      const initial = closure([`${name}.html`], new Set());
      const lazy = new Set();
      for (const key of initial) closure(manifest[key]?.dynamicImports ?? [], lazy);
      for (const key of initial) lazy.delete(key);
      const bytes = (/** @type {Set<string>} */ keys) => [...keys].reduce((total, key) => total + brotli(manifest[key]?.file ?? ''), 0);
      return [name, { initialBrotli: bytes(initial), lazyBrotli: bytes(lazy) }];
    }),
  );
}
const sizes = pageSizes();

// ---- serve them ----
const server = await servePages(outDir);
const { url } = server;

// ---- statistics ----
/** @param {number[]} values @param {number} q */
const quantile = (values, q) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = (sorted.length - 1) * q;
  const low = Math.floor(index);
  const at = (/** @type {number} */ i) => sorted[i] ?? NaN;
  return at(low) + (at(Math.ceil(index)) - at(low)) * (index - low);
};
/** @param {number[]} values */
const median = (values) => quantile(values, 0.5);
/** @param {number[]} values */
const p95 = (values) => quantile(values, 0.95);
/** @param {number[]} values */
const stats = (values) => ({ median: median(values), p95: p95(values), n: values.length });
/**
 * @template T
 * @param {T | undefined} value
 * @returns {T}
 */
const must = (value) => {
  if (value === undefined) throw new Error('bench: a measurement is missing');
  return value;
};
const sleep = (/** @type {number} */ ms) => new Promise((done) => setTimeout(done, ms));

// Identical instrumentation on every page, installed before its scripts: keydown / pointerdown to
// the first task after the next animation frame (after a discrete event's render, just before paint).
const INSTRUMENT = `
  window.__paint = [];
  for (const type of ['keydown', 'pointerdown']) {
    addEventListener(type, (event) => {
      const start = event.timeStamp;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.__paint.push({ type, ms: performance.now() - start });
        channel.port2.postMessage(null);
      });
    }, { capture: true });
  }
`;

// ---- one visit: a fresh context, only this page throttled ----
const browser = await launchBrowser();

/** @param {'a' | 'b' | 'c' | 'd'} name @param {number} throttle @param {{ renders?: boolean }} [flags] */
async function open(name, throttle, flags = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addInitScript(INSTRUMENT);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.goto(`${url}${name}.html${flags.renders ? '?renders' : ''}`);
  await page.waitForFunction(() => window.bench?.readyAt != null, null, { polling: 20 });
  const coldMount = /** @type {number} */ (await page.evaluate(() => window.bench.readyAt));
  await page.evaluate(() => window.bench.target().focus());
  await sleep(300);
  const metrics = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const read = (/** @type {string} */ name) => metrics.find((metric) => metric.name === name)?.value ?? NaN;
    return { ScriptDuration: read('ScriptDuration'), TaskDuration: read('TaskDuration'), LayoutCount: read('LayoutCount'), RecalcStyleCount: read('RecalcStyleCount') };
  };
  const heapAfterGc = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  return { page, context, cdp, coldMount, metrics, heapAfterGc };
}

/**
 * Key presses through the DevTools protocol (trusted events), each left to finish: the panel
 * commits after the keys go idle, so it gets the idle time plus its save.
 * @param {Awaited<ReturnType<typeof open>>} visit @param {string} name @param {number} count
 */
async function presses(visit, name, count) {
  const { page, metrics } = visit;
  const samples = [];
  for (let i = 0; i < count; i += 1) {
    const key = Math.floor(i / 10) % 2 === 0 ? 'ArrowRight' : 'ArrowLeft';
    await page.evaluate(() => void (window.__paint.length = 0));
    const before = await metrics();
    await page.keyboard.down(key);
    await page.keyboard.up(key);
    await sleep(name === 'a' ? 700 : 250);
    let after = await metrics();
    for (let wait = 0; wait < 50 && (await page.evaluate(() => window.bench.busy())); wait += 1) {
      await sleep(100);
      after = await metrics();
    }
    const paints = /** @type {{ type: string; ms: number }[]} */ (await page.evaluate(() => window.__paint.splice(0)));
    samples.push({
      scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
      taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
      layouts: after.LayoutCount - before.LayoutCount,
      styleRecalcs: after.RecalcStyleCount - before.RecalcStyleCount,
      keyToPaintMs: paints.find((entry) => entry.type === 'keydown')?.ms ?? NaN,
    });
  }
  return samples;
}

/** @typedef {Awaited<ReturnType<typeof presses>>} Samples */
/** @type {Record<number, Record<string, { samples: Samples; coldMounts: number[] }>>} */
const side = {};
const visits = (/** @type {number} */ throttle, /** @type {string} */ name) => must(must(side[throttle])[name]);
/** @type {{ started: string; finished?: string }} */
const timing = { started: new Date().toISOString() };

try {
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const throttle of THROTTLES) {
      side[throttle] ??= Object.fromEntries(PAGES.map((name) => [name, { samples: [], coldMounts: [] }]));
      const order = PAGES.map((_, i) => /** @type {'a' | 'b' | 'c' | 'd'} */ (PAGES[(i + round) % PAGES.length]));
      for (const name of order) {
        const visit = await open(name, throttle);
        visits(throttle, name).coldMounts.push(visit.coldMount);
        visits(throttle, name).samples.push(...(await presses(visit, name, PRESSES)));
        await visit.context.close();
      }
    }
    process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
  }

  // Render counts and saves per gesture (unthrottled: counts do not depend on speed).
  const renders = await (async () => {
    const visit = await open('a', 1, { renders: true });
    const { page } = visit;
    const inspect = async () => {
      const counts = await page.evaluate(() => window.bench.inspect());
      return /** @type {(key: string) => number} */ ((key) => counts[key] ?? 0);
    };
    const keydownRenders = [];
    const settleRenders = [];
    const otherRenders = [];
    const savesPerPress = [];
    for (let i = 0; i < 10; i += 1) {
      const start = await inspect();
      await page.keyboard.down('ArrowRight');
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const stepped = await inspect();
      await page.keyboard.up('ArrowRight');
      await sleep(700);
      while (await page.evaluate(() => window.bench.busy())) await sleep(50);
      const end = await inspect();
      keydownRenders.push(stepped('renders.SmsWidget') - start('renders.SmsWidget'));
      settleRenders.push(end('renders.SmsWidget') - stepped('renders.SmsWidget'));
      otherRenders.push(
        ['EmailWidget', 'PhoneNumbersWidget', 'LightningDomainsWidget', 'ListingsWidget'].reduce(
          (total, widget) => total + end(`renders.${widget}`) - start(`renders.${widget}`),
          0,
        ),
      );
      savesPerPress.push(end('saves') - start('saves'));
    }
    // 30 quick taps, then idle: the coalescing measure.
    const before = await inspect();
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.down('ArrowLeft');
      await page.keyboard.up('ArrowLeft');
      await sleep(40);
    }
    await sleep(1000);
    while (await page.evaluate(() => window.bench.busy())) await sleep(50);
    const after = await inspect();
    await visit.context.close();
    return {
      smsWidgetPerKeydown: Math.max(...keydownRenders),
      smsWidgetAfterKeyup: { min: Math.min(...settleRenders), max: Math.max(...settleRenders) },
      otherWidgetsPerPress: Math.max(...otherRenders),
      savesPerPress: { min: Math.min(...savesPerPress), max: Math.max(...savesPerPress) },
      savesFor30QuickTaps: after('saves') - before('saves'),
    };
  })();
  process.stdout.write('render counts done\n');

  // Growth: the first 40 presses, then GROWTH presses each saved (inside the page, time-bounded), then 40 more.
  /** @typedef {{ presses: number; seconds: number; scriptPerPressFirst40: number; scriptPerPressLast40: number; lastOverFirst: number; keyToPaintFirst40: number; keyToPaintLast40: number; heapGrowthMB: number; caches: Record<string, number> }} Growth */
  /** @type {Record<string, Growth>} */
  const growth = {};
  for (const name of /** @type {const} */ (['a', 'b'])) {
    const visit = await open(name, 4);
    const heapStart = await visit.heapAfterGc();
    const first = await presses(visit, name, GROWTH_SAMPLE);
    const started = Date.now();
    const done = /** @type {number} */ (await visit.page.evaluate(([count, budget]) => window.bench.pressMany(count ?? 0, budget ?? 0), [GROWTH, GROWTH_BUDGET_MS]));
    const seconds = (Date.now() - started) / 1000;
    await visit.page.evaluate(() => window.bench.target().focus());
    const last = await presses(visit, name, GROWTH_SAMPLE);
    const heapEnd = await visit.heapAfterGc();
    const caches = await visit.page.evaluate(() => window.bench.inspect());
    await visit.context.close();
    const script = (/** @type {typeof first} */ samples) => median(samples.map((sample) => sample.scriptMs));
    const paint = (/** @type {typeof first} */ samples) => median(samples.map((sample) => sample.keyToPaintMs));
    growth[name] = {
      presses: done,
      seconds,
      scriptPerPressFirst40: script(first),
      scriptPerPressLast40: script(last),
      lastOverFirst: script(last) / script(first),
      keyToPaintFirst40: paint(first),
      keyToPaintLast40: paint(last),
      heapGrowthMB: (heapEnd - heapStart) / 1e6,
      caches,
    };
    process.stdout.write(`growth ${name.toUpperCase()}: ${done} presses in ${seconds.toFixed(0)} s\n`);
  }
  load.end = loadavg();
  timing.finished = new Date().toISOString();

  // ---- report ----
  /** @typedef {{ median: number; p95: number; n: number }} Stat */
  /** @typedef {{ scriptMs: Stat; keyToPaintMs: Stat; layouts: Stat; styleRecalcs: Stat; coldMountMs: Stat }} PageSummary */
  /** @type {Record<number, Record<string, PageSummary>>} */
  const summary = Object.fromEntries(
    THROTTLES.map((throttle) => [
      throttle,
      Object.fromEntries(
        PAGES.map((name) => {
          const { samples, coldMounts } = visits(throttle, name);
          return [
            name,
            {
              scriptMs: stats(samples.map((s) => s.scriptMs)),
              keyToPaintMs: stats(samples.map((s) => s.keyToPaintMs).filter((ms) => !Number.isNaN(ms))),
              layouts: stats(samples.map((s) => s.layouts)),
              styleRecalcs: stats(samples.map((s) => s.styleRecalcs)),
              coldMountMs: stats(coldMounts),
            },
          ];
        }),
      ),
    ]),
  );

  const f = (/** @type {number} */ value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
  /** @param {string[][]} rows */
  const table = (rows) => {
    const widths = must(rows[0]).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
    for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '));
  };
  const kB = (/** @type {number} */ bytes) => `${f(bytes / 1000)} kB`;
  console.log(`\nrebill-kit bench: ${ROUNDS} alternating rounds × ${PRESSES} presses per page; load average ${load.start.map((v) => f(v, 2)).join(' ')} → ${must(load.end).map((v) => f(v, 2)).join(' ')} (2 cores)`);
  for (const throttle of THROTTLES) {
    const s = must(summary[throttle]);
    console.log(`\nCPU ${throttle}× — median / p95 per key press`);
    /** @param {string} label @param {(page: PageSummary) => Stat} pick @param {'ratio' | 'diff'} compare */
    const row = (label, pick, compare) => {
      const [a, b, c, d] = /** @type {[Stat, Stat, Stat, Stat]} */ (PAGES.map((name) => pick(must(s[name]))));
      const cell = (/** @type {{ median: number; p95: number }} */ x) => `${f(x.median)} / ${f(x.p95)}`;
      const versus =
        compare === 'ratio'
          ? [`${f(a.median / b.median, 2)}×`, `${f(a.median / c.median, 2)}×`, `${f(a.median / d.median, 2)}×`]
          : [`+${f(a.median - b.median)}`, `+${f(a.median - c.median)}`, `+${f(a.median - d.median)} (p95 +${f(a.p95 - d.p95)})`];
      return [label, cell(a), cell(b), cell(c), cell(d), ...versus];
    };
    table([
      ['metric', 'A panel', 'B Radix', 'C native', 'D floor', 'A vs B', 'A vs C', 'A vs D'],
      row('script per press, ms', (p) => p.scriptMs, 'ratio'),
      row('keydown → paint, ms', (p) => p.keyToPaintMs, 'diff'),
      row('layouts per press', (p) => p.layouts, 'ratio'),
      row('style recalcs per press', (p) => p.styleRecalcs, 'ratio'),
      row('cold mount to interactive, ms', (p) => p.coldMountMs, 'ratio'),
    ]);
  }
  console.log('\nJavaScript loaded at start (brotli 11), and what a page may load later');
  table([
    ['page', 'initial', 'lazy'],
    ...PAGES.map((name) => [name.toUpperCase(), kB(must(sizes[name]).initialBrotli), kB(must(sizes[name]).lazyBrotli)]),
  ]);
  console.log(`\nGrowth at 4×: ${GROWTH_SAMPLE} presses, then up to ${GROWTH} presses each saved, then ${GROWTH_SAMPLE} more`);
  const ga = must(growth.a);
  const gb = must(growth.b);
  table([
    ['page', 'presses', 'script first 40', 'script last 40', 'last/first', 'paint first', 'paint last', 'heap growth'],
    .../** @type {[string, Growth][]} */ ([['A', ga], ['B', gb]]).map(([label, g]) => [
      label,
      String(g.presses),
      `${f(g.scriptPerPressFirst40)} ms`,
      `${f(g.scriptPerPressLast40)} ms`,
      `${f(g.lastOverFirst, 2)}×`,
      `${f(g.keyToPaintFirst40)} ms`,
      `${f(g.keyToPaintLast40)} ms`,
      `${f(g.heapGrowthMB, 2)} MB`,
    ]),
  ]);
  console.log(`A after growth: ${JSON.stringify(ga.caches)}`);
  console.log(`\nRenders (A, unthrottled): ${JSON.stringify(renders)}`);

  const results = {
    date: new Date().toISOString(),
    timing,
    environment: { chromium: browser.version(), node: process.version, loadAverage: load },
    settings: { rounds: ROUNDS, presses: PRESSES, throttles: THROTTLES, growth: GROWTH, growthBudgetSeconds: GROWTH_BUDGET_MS / 1000 },
    summary,
    sizes,
    growth,
    renders,
    samples: side,
  };
  writeFileSync(resolve(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwrote bench/results.json');
} finally {
  await browser.close();
  server.close();
}
