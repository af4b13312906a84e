/**
 * The bench page: the full panel on the memory adapter, in a React profiling build. Exposes
 * `window.bench` for bench/run.mjs: per-commit React work (Profiler actualDuration), renders
 * per widget (devtools-hook.ts), saves (a counting adapter), input-to-next-paint and cold mount.
 */
import { WIDGETS, widgetRenders } from './devtools-hook.ts';
import { RebillingPanel, RebillingProvider, createMemoryAdapter, type RebillingAdapter } from '@rebill-kit/react';
import '@rebill-kit/react/styles.css';
import { Profiler } from 'react';
import { createRoot } from 'react-dom/client';

const reactWork: number[] = [];
const inputToPaint: { type: string; ms: number }[] = [];
let saves = 0;

const base = createMemoryAdapter({ stripe: 'connected' });
const adapter = new Proxy(base, {
  get(target, key) {
    if (key === 'savePricing') {
      return (...args: Parameters<RebillingAdapter['savePricing']>) => {
        saves += 1;
        return target.savePricing(...args);
      };
    }
    const value = Reflect.get(target, key) as unknown;
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

// Input to the next paint: the event's timestamp to a task queued from the next animation frame
// (which runs after React's synchronous render of a discrete event, just before the paint).
for (const type of ['keydown', 'pointerdown']) {
  window.addEventListener(
    type,
    (event) => {
      const start = event.timeStamp;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => inputToPaint.push({ type, ms: performance.now() - start });
        channel.port2.postMessage(null);
      });
    },
    { capture: true },
  );
}

const interactive = () =>
  WIDGETS.length === document.querySelectorAll('[data-product]').length &&
  [...document.querySelectorAll('[data-product]')].every((widget) => !['loading', 'disabled', 'load-error'].includes(widget.getAttribute('data-state') ?? 'loading'));

const snapshot = () => ({ reactWork: [...reactWork], renders: { ...widgetRenders }, saves, inputToPaint: [...inputToPaint] });

const bench = {
  snapshot,
  reset() {
    reactWork.length = 0;
    inputToPaint.length = 0;
    saves = 0;
    for (const name of WIDGETS) widgetRenders[name] = 0;
  },
  /** Resolves after the next two frames (everything a step triggers synchronously has painted). */
  frames: () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  /** Resolves once no widget is saving and nothing committed for `quietMs`. */
  async settle(quietMs = 150) {
    let lastCount = -1;
    for (;;) {
      const count = reactWork.length;
      const saving = document.querySelector('[data-product][data-state="saving"], [data-product][data-state="editing"]');
      if (count === lastCount && !saving) return;
      lastCount = count;
      await new Promise((resolve) => setTimeout(resolve, quietMs));
    }
  },
  /** Mounts the panel; resolves with ms from render() to every widget interactive. */
  mount(): Promise<number> {
    const start = performance.now();
    createRoot(document.getElementById('root')!).render(
      <Profiler id="panel" onRender={(_id, _phase, actualDuration) => reactWork.push(actualDuration)}>
        <RebillingProvider adapter={adapter} locale="en-US">
          <RebillingPanel />
        </RebillingProvider>
      </Profiler>,
    );
    return new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!interactive()) return;
        observer.disconnect();
        resolve(performance.now() - start);
      });
      observer.observe(document.getElementById('root')!, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    });
  },
};

(window as unknown as { bench: typeof bench }).bench = bench;
