/**
 * The one library build every package uses (its `vite.config.ts` calls `libraryConfig`).
 *
 * - ESM (`.js`) and, unless `esmOnly`, CJS (`.cjs`), one output file per source module
 *   (`preserveModules`), so a bundler drops unused modules by file and `sideEffects` alone.
 * - Every dependency and peer (and their subpaths: `react/jsx-runtime`) stays external: the
 *   host's bundler dedupes them, and the peers stay one copy (React, the QueryClient).
 * - Source maps beside every file; the published `src/` lets them resolve.
 * - `useClient`: `'use client'` at the top of every output file. Rolldown drops module-level
 *   directives from modules it merges, so the source's own directive cannot be relied on.
 * - Declarations are not made here: `tsc -b` writes them to `dist/types` (see scripts/build.mjs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { UserConfig } from 'vite';

export interface LibraryOptions {
  /** The package directory (the caller's `import.meta.dirname`). */
  root: string;
  /** Entry name → source file, relative to `root`. The name becomes `dist/<name>.js`. */
  entries: Record<string, string>;
  /** Put `'use client'` at the top of every output file (React components and hooks). */
  useClient?: boolean;
  /** Ship no CJS build (the package's own dependencies are ESM-only). */
  esmOnly?: boolean;
}

export function libraryConfig({ root, entries, useClient = false, esmOnly = false }: LibraryOptions): UserConfig {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const externalNames = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
  const isExternal = (id: string) =>
    id.startsWith('node:') || externalNames.some((name) => id === name || id.startsWith(`${name}/`));
  // Rolldown keeps a module's own directive only where the module stays its own chunk (the
  // entry): add the banner wherever the source does not already start with one.
  const startsWithUseClient = (id: string | null) =>
    id !== null && existsSync(id) && /^\s*['"]use client['"]/.test(readFileSync(id, 'utf8'));
  const banner = (chunk: { facadeModuleId: string | null }) =>
    startsWithUseClient(chunk.facadeModuleId) ? '' : "'use client';";

  return {
    root,
    logLevel: 'warn',
    build: {
      outDir: 'dist',
      // dist/types holds tsc's declarations; scripts/build.mjs cleans dist before both run.
      emptyOutDir: false,
      sourcemap: true,
      // Hosts minify; readable output makes a host's stack traces and reviews easier.
      minify: false,
      target: 'es2022',
      lib: {
        entry: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, resolve(root, file)])),
        formats: esmOnly ? ['es'] : ['es', 'cjs'],
        fileName: (format, name) => `${name}.${format === 'es' ? 'js' : 'cjs'}`,
      },
      rolldownOptions: {
        external: isExternal,
        // The banner restores 'use client'; the source directive being dropped is expected.
        onwarn(warning, warn) {
          if (useClient && warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
        output: {
          preserveModules: true,
          preserveModulesRoot: resolve(root, 'src'),
          exports: 'named',
          ...(useClient ? { banner } : {}),
        },
      },
    },
  };
}
