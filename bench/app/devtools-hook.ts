/**
 * With `?renders` in the page's URL only (the timed runs go without it): a minimal React DevTools hook, installed before react-dom loads: after every commit it walks
 * the fibers React actually worked on and records which widgets rendered. A fiber rendered in
 * this commit when it is new or carries PerformedWork; a subtree whose child list is the one
 * from the previous commit was skipped entirely (React bailed out above it).
 */
const PERFORMED_WORK = 1;
const COMPONENT_TAGS = new Set([0, 1, 11, 14, 15]); // function, class, forwardRef, memo, simple memo
export const WIDGETS = ['SmsWidget', 'EmailWidget', 'LightningDomainsWidget', 'PhoneNumbersWidget', 'ListingsWidget'] as const;

interface Fiber {
  tag: number;
  type: { displayName?: string; name?: string } | string | null;
  flags: number;
  child: Fiber | null;
  sibling: Fiber | null;
  alternate: Fiber | null;
}

export const widgetRenders: Record<string, number> = Object.fromEntries(WIDGETS.map((name) => [name, 0]));

function widgetName(fiber: Fiber): string | undefined {
  const type = fiber.type;
  if (!type || typeof type === 'string') return undefined;
  const name = type.displayName ?? type.name;
  return name && (WIDGETS as readonly string[]).includes(name) ? name : undefined;
}

function walk(fiber: Fiber | null, widget: string | undefined, rendered: Set<string>) {
  for (let node = fiber; node; node = node.sibling) {
    const inside = widgetName(node) ?? widget;
    const previous = node.alternate;
    if (inside && COMPONENT_TAGS.has(node.tag) && (previous === null || (node.flags & PERFORMED_WORK) !== 0)) rendered.add(inside);
    if (previous === null || node.child !== previous.child) walk(node.child, inside, rendered);
  }
}

const hook = {
  supportsFiber: true,
  isDisabled: false,
  renderers: new Map(),
  inject: () => 1,
  checkDCE: () => {},
  onScheduleFiberRoot: () => {},
  onCommitFiberUnmount: () => {},
  onPostCommitFiberRoot: () => {},
  onCommitFiberRoot(_id: number, root: { current: Fiber }) {
    const rendered = new Set<string>();
    walk(root.current.child, undefined, rendered);
    for (const name of rendered) widgetRenders[name]! += 1;
  },
};

if (new URLSearchParams(location.search).has('renders')) {
  (globalThis as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown }).__REACT_DEVTOOLS_GLOBAL_HOOK__ = hook;
}
