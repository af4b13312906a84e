/**
 * What every bench page exposes to bench/run.mjs. `readyAt` is `performance.now()` when the
 * control can be used (the time origin is the navigation), so it is the cold mount.
 */
export interface BenchPage {
  readyAt: number | null;
  /** The element the key presses go to. */
  target(): HTMLElement;
  /** True while the page still has work queued by the last press (panel: an edit or save in flight). */
  busy(): boolean;
  /**
   * The growth run: `count` presses made inside the page (no DevTools round trip), each followed by
   * what commits it and its save settling. Resolves with the number done within `budgetMs`.
   */
  pressMany(count: number, budgetMs: number): Promise<number>;
  /** Sizes of anything that could grow with use (panel: the query client's caches). */
  inspect(): Record<string, number>;
}

declare global {
  interface Window {
    bench: BenchPage;
    /** Filled by bench/run.mjs's instrumentation: keydown / pointerdown to the next paint. */
    __paint: { type: string; ms: number }[];
  }
}

export function markReady(page: Omit<BenchPage, 'readyAt'>) {
  window.bench = { ...page, readyAt: performance.now() };
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** keydown + keyup of an arrow key on `target`, alternating direction every 20 so the value stays in range. */
export async function pressKeys(target: () => HTMLElement, count: number, budgetMs: number, after?: (target: HTMLElement) => Promise<void>) {
  const start = performance.now();
  let done = 0;
  for (; done < count && performance.now() - start < budgetMs; done += 1) {
    const key = Math.floor(done / 20) % 2 === 0 ? 'ArrowRight' : 'ArrowLeft';
    const element = target();
    element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    element.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
    if (after) await after(element);
    else await nextTask();
  }
  return done;
}
