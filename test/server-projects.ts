/**
 * The server's two Vitest projects: the SAME test files on PGlite and on a real PostgreSQL
 * server. Without Postgres binaries (and no DATABASE_URL) the real-server project is left out
 * with one line saying why; under CI=true that is an error instead.
 */
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { findPostgresBin } from './support/postgres-cluster.ts';

export function serverProjects(): TestProjectInlineConfiguration[] {
  const common = {
    environment: 'node' as const,
    include: ['packages/server/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  };
  const projects: TestProjectInlineConfiguration[] = [
    { test: { ...common, name: 'server-pglite', env: { REBILL_KIT_TEST_DATABASE: 'pglite' }, globalSetup: ['test/setup/pglite.ts'] } },
  ];
  if (process.env.DATABASE_URL || findPostgresBin()) {
    projects.push({
      test: { ...common, name: 'server-postgres', env: { REBILL_KIT_TEST_DATABASE: 'postgres' }, globalSetup: ['test/setup/postgres.ts'] },
    });
  } else if (process.env.CI === 'true') {
    throw new Error('server-postgres cannot run: no PostgreSQL binaries (/usr/lib/postgresql/*/bin/initdb) and no DATABASE_URL. .ci/run installs Debian\'s postgresql.');
  } else {
    console.log('server-postgres: skipped, no PostgreSQL binaries (/usr/lib/postgresql/*/bin/initdb) and no DATABASE_URL on this machine.');
  }
  return projects;
}
