/**
 * Real pointer input for browser tests: Playwright's mouse, driven from the test through a
 * Vitest browser command, so Radix sees trusted events with real pointer capture and layout.
 */
import type { BrowserCommand } from 'vitest/node';

export interface PointerDragOptions {
  /** CSS selector of the element to drag across (e.g. the slider root). */
  selector: string;
  /** Horizontal positions as fractions of the element's width: press at the first, move through the rest, release at the last. */
  path: number[];
  /** Intermediate mouse moves between two points. */
  steps?: number;
}

export const pointerDrag: BrowserCommand<[PointerDragOptions]> = async (context, { selector, path, steps = 5 }) => {
  const frame = await context.frame();
  const box = await frame.locator(selector).first().boundingBox();
  if (!box) throw new Error(`pointerDrag: ${selector} is not visible`);
  const y = box.y + box.height / 2;
  const xAt = (fraction: number) => box.x + box.width * fraction;
  const [first, ...rest] = path;
  if (first === undefined) throw new Error('pointerDrag: path needs at least one point');
  await context.page.mouse.move(xAt(first), y);
  await context.page.mouse.down();
  for (const fraction of rest) await context.page.mouse.move(xAt(fraction), y, { steps });
  await context.page.mouse.up();
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    pointerDrag: (options: PointerDragOptions) => Promise<void>;
  }
}
