/**
 * For the `jsdom-react18` project only. pnpm links `react-dom-18` (react-dom@18.3.1) to the
 * workspace's React 19 as its peer, and Node loads it (and Testing Library) outside Vite's
 * aliases: every CommonJS `require('react' | 'react-dom' …)` in this worker is sent to the
 * 18.3 copies here, so there is exactly one React, version 18.
 */
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const targets: Record<string, string> = {
  react: dirname(require.resolve('react-18/package.json')),
  'react-dom': dirname(require.resolve('react-dom-18/package.json')),
};
type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleWithResolve = Module as unknown as { _resolveFilename: Resolve };
const resolveFilename = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function resolveToReact18(this: unknown, request: string, ...rest: unknown[]) {
  const match = /^(react|react-dom)(\/.*)?$/.exec(request);
  const redirected = match ? `${targets[match[1]!]}${match[2] ?? ''}` : request;
  return resolveFilename.call(this, redirected, ...rest);
};
