/**
 * One place that decides which Chromium runs the browser tests: Debian's `/usr/bin/chromium`
 * where it exists (CI, these machines), otherwise Playwright's bundled browser (a laptop after
 * `npx playwright install chromium`). `CHROMIUM_PATH` overrides both.
 */
import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';

const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
export const chromiumPath = process.env.CHROMIUM_PATH ?? systemChromium;

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumProvider() {
  return playwright({
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args: chromiumArgs,
    },
  });
}
