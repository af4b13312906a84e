import { type RefObject, useLayoutEffect, useRef } from 'react';

/** Below this content width a card shows its figures as a list (label and value on one line). */
const NARROW_REM = 18.5;
/** In the strip, values scale with the card, `clamp(1.05em, 4.6% of its width, 1.3em)`. */
const VALUE_SCALE = 0.046;
const VALUE_MAX_EM = 1.3;

let observer: ResizeObserver | undefined;

function sizeCards(entries: ResizeObserverEntry[]) {
  const rem = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  for (const { target, borderBoxSize } of entries) {
    const card = target.parentElement;
    const width = borderBoxSize[0]?.inlineSize;
    if (!card || width === undefined) continue;
    const em = Number.parseFloat(getComputedStyle(card).fontSize) || rem;
    // A wide card (the values at their largest) is left as rendered: its first layout stands.
    const size = width < NARROW_REM * rem ? 'narrow' : width * VALUE_SCALE < VALUE_MAX_EM * em ? 'medium' : undefined;
    if (size) {
      card.dataset.width = size;
      card.style.setProperty('--rk-widget-inline-size', `${width}px`);
    } else if (card.dataset.width) {
      delete card.dataset.width;
      card.style.removeProperty('--rk-widget-inline-size');
    }
  }
}

/**
 * A ref for the header of a widget's card, which spans the card's content width: the card's
 * styles are told how wide that is, as `data-width="narrow"` (the figures become a list) or
 * `"medium"` (the values shrink to fit), and as `--rk-widget-inline-size`. One ResizeObserver for
 * every card, whose answer arrives before the frame is painted, so a narrow card never shows
 * wide. The header is observed, not the card, because these change the card's height (an
 * observer that changes its own target's size ends in "ResizeObserver loop" errors), never the
 * header's.
 *
 * Not a CSS size container, which would say the same: in Chromium a query container around the
 * figures added about 3 ms of style and layout to each slider step at 4× CPU (issue 17), and these
 * attributes change only when the card's width does.
 */
export function useCardWidth(): RefObject<HTMLElement | null> {
  const header = useRef<HTMLElement>(null);
  // A layout effect with cleanup, not a ref callback returning one (React 18 ignores that), and
  // before paint, so the first answer arrives in the first frame.
  useLayoutEffect(() => {
    const observed = header.current;
    if (!observed || typeof ResizeObserver === 'undefined') return undefined;
    observer ??= new ResizeObserver(sizeCards);
    observer.observe(observed);
    return () => observer?.unobserve(observed);
  }, []);
  return header;
}
