/**
 * The demo's sign-in: one owner, signed in on first visit, held in an HMAC-signed cookie so
 * any server process with the secret can check it (nothing is kept in memory). A real host
 * uses its own session here; `authorize` is the only thing rebill-kit needs from it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OWNER = { accountId: 'acct_demo', actor: 'owner@acme.example' } as const;
const COOKIE = 'rk_demo_session';

export interface Session {
  accountId: string;
  actor: string;
}

export function createSessions(dataDir: string) {
  // Kept beside the data, so a restart keeps the browser signed in.
  const secretFile = join(dataDir, 'session-secret');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const secret = readFileSync(secretFile, 'utf8');
  const sign = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');

  return {
    /** The Set-Cookie value that signs the demo owner in. */
    signIn(): string {
      const value = `${OWNER.accountId}.${sign(OWNER.accountId)}`;
      return `${COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000`;
    },
    /** The signed-in owner, or null: `authorize` for the rebilling handler and the example's routes. */
    read(request: Request): Session | null {
      const cookie = (request.headers.get('cookie') ?? '').split(/;\s*/).find((part) => part.startsWith(`${COOKIE}=`));
      const [accountId, signature] = (cookie?.slice(COOKIE.length + 1) ?? '').split('.');
      if (!accountId || !signature) return null;
      const expected = Buffer.from(sign(accountId));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      return { accountId, actor: OWNER.actor };
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
