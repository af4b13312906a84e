// Makes sure a Chromium exists for the browser tests, before they start, with a message that
// says what happened. Order: CHROMIUM_PATH, the system's Chromium (Debian: /usr/bin/chromium),
// then Playwright's own Chromium, installed on first use.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const system = candidates.find((path) => existsSync(path));
if (system) {
  console.log(`Browser tests use ${system}.`);
} else {
  const { chromium } = await import('playwright');
  if (existsSync(chromium.executablePath())) {
    console.log(`Browser tests use Playwright's Chromium at ${chromium.executablePath()}.`);
  } else {
    console.log('No Chromium found: installing Playwright’s Chromium (once)…');
    try {
      execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
    } catch {
      console.error(
        'Could not install Chromium. Install it yourself (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary, then run the tests again.',
      );
      process.exit(1);
    }
  }
}
