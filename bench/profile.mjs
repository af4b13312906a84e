#!/usr/bin/env node
// @ts-check
/**
 * `pnpm bench:profile`: where the time goes, to decide what to change before `pnpm bench`
 * measures it. A V8 CPU profile of one bench page (built unminified, so names survive) at a CPU
 * throttle, summed per function: self time and inclusive time, per press or per mount.
 *   --phase all      each press: keydown, keyup, and what they trigger (the panel's save)
 *   --phase keydown  from keydown to the task after the next frame (the step's render)
 *   --phase after    from that point to the end of the press (keyup, commit, save, refetches)
 *   --phase mount    from navigation to interactive (`window.bench.readyAt`), fresh context each
 * Timings include the profiler's own overhead: compare functions within one profile, and
 * confirm any change with `pnpm bench`.
 *
 *   node bench/profile.mjs [--page a] [--phase all] [--throttle 4] [--presses 30] [--mounts 3] [--top 40]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PAGES, buildPages, launchBrowser, servePages } from './pages.mjs';

const { values: options } = parseArgs({
  options: {
    page: { type: 'string', default: 'a' },
    phase: { type: 'string', default: 'all' },
    throttle: { type: 'string', default: '4' },
    presses: { type: 'string', default: '30' },
    mounts: { type: 'string', default: '3' },
    top: { type: 'string', default: '40' },
  },
});
const page = /** @type {import('./pages.mjs').PageName} */ (options.page);
const phase = String(options.phase);
if (!PAGES.includes(page)) throw new Error(`--page must be one of ${PAGES.join(', ')}`);
if (!['all', 'keydown', 'after', 'mount'].includes(phase)) throw new Error('--phase must be all, keydown, after or mount');
const THROTTLE = Number(options.throttle);
const PRESSES = Number(options.presses);
const MOUNTS = Number(options.mounts);
const TOP = Number(options.top);

/** @typedef {{ nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]; samples: number[]; timeDeltas: number[] }} Profile */

const outDir = join(import.meta.dirname, 'app/dist-profile');
await buildPages({ outDir, minify: false, pages: [page] });
const server = await servePages(outDir);
const browser = await launchBrowser();
const sleep = (/** @type {number} */ ms) => new Promise((done) => setTimeout(done, ms));
const nextFrameTask = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));

/** @type {Profile[]} */
const profiles = [];
try {
  if (phase === 'mount') {
    for (let i = 0; i < MOUNTS; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const tab = await context.newPage();
      await tab.goto(`${server.url}blank`);
      const cdp = await context.newCDPSession(tab);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await tab.goto(`${server.url}${page}.html`);
      await tab.waitForFunction(() => window.bench?.readyAt != null, null, { polling: 20 });
      profiles.push(/** @type {Profile} */ ((await cdp.send('Profiler.stop')).profile));
      await context.close();
    }
  } else {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    await tab.goto(`${server.url}${page}.html`);
    await tab.waitForFunction(() => window.bench?.readyAt != null, null, { polling: 20 });
    await tab.evaluate(() => window.bench.target().focus());
    const idleMs = page === 'a' ? 700 : 250;
    const press = async (/** @type {string} */ key, /** @type {(() => Promise<void>) | undefined} */ afterKeydown) => {
      await tab.keyboard.down(key);
      await afterKeydown?.();
      await tab.keyboard.up(key);
      await sleep(idleMs);
      while (await tab.evaluate(() => window.bench.busy())) await sleep(50);
    };
    // Warm up: the first presses build formatters and load lazy parts.
    for (let i = 0; i < 3; i += 1) await press('ArrowRight', undefined);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    const stop = async () => void profiles.push(/** @type {Profile} */ ((await cdp.send('Profiler.stop')).profile));
    for (let i = 0; i < PRESSES; i += 1) {
      const key = Math.floor(i / 10) % 2 === 0 ? 'ArrowRight' : 'ArrowLeft';
      if (phase !== 'after') await cdp.send('Profiler.start');
      await press(key, async () => {
        if (phase === 'all') return;
        await tab.evaluate(nextFrameTask);
        if (phase === 'keydown') await stop();
        else await cdp.send('Profiler.start');
      });
      if (phase !== 'keydown') await stop();
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}

// ---- sum the samples per function ----
const NOT_SCRIPT = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);
/** @type {Map<string, number>} */
const self = new Map();
/** @type {Map<string, number>} */
const inclusive = new Map();
let scriptUs = 0;
let gcUs = 0;
for (const profile of profiles) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  /** Playwright's own script in the page (reading `window.bench`), not the page's. */
  const underDriver = (/** @type {number} */ id) => {
    for (let node = /** @type {number | undefined} */ (id); node !== undefined; node = parent.get(node)) {
      const frame = byId.get(node)?.callFrame;
      if (frame && !frame.url && (frame.functionName === 'evaluate' || frame.functionName === 'InjectedScript')) return true;
    }
    return false;
  };
  /** @param {number} id */
  const label = (id) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return '?';
    const file = frame.url.split('/').pop()?.replace(/-[\w-]{8}\.js$/, '.js') ?? '';
    return file ? `${frame.functionName || '(anonymous)'}  ${file}:${frame.lineNumber + 1}` : frame.functionName || '(native)';
  };
  profile.samples.forEach((id, index) => {
    const us = profile.timeDeltas[index + 1] ?? 0; // a sample's time is the delta to the next one
    const name = byId.get(id)?.callFrame.functionName ?? '';
    if (name === '(garbage collector)') gcUs += us;
    if (NOT_SCRIPT.has(name) || underDriver(id)) return;
    scriptUs += us;
    const own = label(id);
    self.set(own, (self.get(own) ?? 0) + us);
    const seen = new Set();
    for (let node = /** @type {number | undefined} */ (id); node !== undefined; node = parent.get(node)) {
      const frame = label(node);
      if (seen.has(frame) || NOT_SCRIPT.has(byId.get(node)?.callFrame.functionName ?? '')) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + us);
    }
  });
}

const [per, pers] = phase === 'mount' ? ['mount', 'mounts'] : ['press', 'presses'];
const count = phase === 'mount' ? MOUNTS : PRESSES;
const ms = (/** @type {number} */ us) => (us / 1000 / count).toFixed(2).padStart(8);
const table = (/** @type {Map<string, number>} */ sums) =>
  [...sums]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, us]) => `${ms(us)}  ${name}`)
    .join('\n');
console.log(`page ${page.toUpperCase()}, phase ${phase}, ${THROTTLE}× CPU, ${count} ${pers}, unminified, profiler on`);
console.log(`script ${ms(scriptUs).trim()} ms per ${per} (garbage collection ${ms(gcUs).trim()} ms more)\n`);
console.log(`--- self time, ms per ${per}\n${table(self)}\n`);
console.log(`--- inclusive time, ms per ${per}\n${table(inclusive)}`);
