import { defineConfig } from 'vite';
import { libraryConfig } from '../../vite.lib.config.ts';

// Every module is a client module (components, hooks, context): the banner marks each file.
export default defineConfig(libraryConfig({ root: import.meta.dirname, entries: { index: 'src/index.ts' }, useClient: true }));
