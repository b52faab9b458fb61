// Makes sure a Chromium is there for the dashboard's browser tests (playwright-core drives it; it downloads no
// browser). Uses CHROMIUM_PATH or /usr/bin/chromium; when missing and we are root on Debian/Ubuntu, installs the
// distribution's `chromium` package; otherwise says how. Runs as npm's postinstall hook and never fails the install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version');

if (existsSync(path)) {
  console.log(`chromium: ${path}`);
} else if (process.env.SKIP_BROWSER_INSTALL) {
  console.log('chromium: SKIP_BROWSER_INSTALL is set; the browser tests will fail until chromium is installed');
} else if (isRoot && hasApt && path === '/usr/bin/chromium') {
  console.log('chromium: installing the Debian package `chromium` for the dashboard browser tests');
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env });
    console.log(`chromium: installed ${path}`);
  } catch (error) {
    console.error(`chromium: apt-get failed (${error.message}); install it by hand: apt-get install -y chromium`);
  }
} else {
  console.log(
    `chromium: not found at ${path}. The dashboard browser tests need it: on Debian/Ubuntu \`sudo apt-get install -y chromium\`` +
      ', or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}
