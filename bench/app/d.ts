/** Page D: a focusable element nobody handles keys on: the floor (the browser's own frame cadence). */
import { markReady, pressKeys } from './page.ts';

const target = document.createElement('div');
target.tabIndex = 0;
target.textContent = 'Nothing handles keys here.';
document.getElementById('root')!.append(target);
markReady({ target: () => target, busy: () => false, pressMany: (count, budgetMs) => pressKeys(() => target, count, budgetMs), inspect: () => ({}) });
