/**
 * globalSetup of the `server-pglite` project: initdb once (3–16 s in WASM on a busy machine),
 * dump the data folder, and let every test file start its own PGlite from the dump (about 1 s).
 * The dump is made in a child process: PGlite's WASM runtime must not share Vitest's main process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
  }
}

const DUMP = `
import { writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
const db = new PGlite();
await db.waitReady; // dumpDataDir() before ready never settles
const dump = await db.dumpDataDir('none');
writeFileSync(process.argv[1], new Uint8Array(await dump.arrayBuffer()));
await db.close();
`;

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'rebill-kit-pglite-'));
  const file = join(dir, 'pgdata.tar');
  execFileSync(process.execPath, ['--input-type=module', '-e', DUMP, file], { cwd: process.cwd(), stdio: 'inherit', timeout: 120_000 });
  project.provide('pgliteDump', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
