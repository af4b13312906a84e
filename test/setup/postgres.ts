/**
 * globalSetup of the `server-postgres` project: a throwaway cluster for the run (or
 * `DATABASE_URL` when set), handed to the test files as `inject('databaseUrl')`.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../support/postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DATABASE_URL) {
    project.provide('databaseUrl', process.env.DATABASE_URL);
    return undefined;
  }
  const cluster = await startPostgres();
  project.provide('databaseUrl', cluster.url);
  return () => cluster.stop();
}
