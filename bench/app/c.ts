/** Page C: a native `<input type=range>` updating one text node; no framework. */
import { markReady, pressKeys } from './page.ts';

const input = document.createElement('input');
input.type = 'range';
input.className = 'bench-range-input';
input.min = '0';
input.max = '90';
input.value = '15';
input.setAttribute('aria-label', 'SMS markup');
const text = document.createTextNode('Step 15');
const figure = document.createElement('p');
figure.append(text);
input.addEventListener('input', () => {
  text.data = `Step ${input.value}`;
});
document.getElementById('root')!.append(input, figure);
// A synthetic keydown does not move a native range input, so the growth run sets the value as its default action would.
markReady({
  target: () => input,
  busy: () => false,
  pressMany: (count, budgetMs) =>
    pressKeys(() => input, count, budgetMs, async () => {
      input.stepUp();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }),
  inspect: () => ({}),
});
