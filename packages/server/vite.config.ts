import { defineConfig } from 'vite';
import { libraryConfig } from '../../vite.lib.config.ts';

export default defineConfig(libraryConfig({ root: import.meta.dirname, entries: { index: 'src/index.ts' } }));
