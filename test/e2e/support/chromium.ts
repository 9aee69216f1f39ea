import { existsSync } from 'node:fs';

/** The flags this workplace needs: no sandbox as root, and no background calls to the closed network. */
const COMMON_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** What @sparticuz/chromium's build needs to start outside Lambda; web security stays on (the tests are about origins). */
const PACKAGED_ARGS = ['--no-zygote', '--use-gl=angle', '--use-angle=swiftshader'];

/**
 * A Chromium to drive: CHROMIUM_PATH, else Debian's, else the one inside the `@sparticuz/chromium`
 * npm package (unpacked to the temp folder on first use), so `npm ci && npm test` needs nothing else.
 */
export async function findChromium(): Promise<{ executablePath: string; args: string[]; source: string }> {
  const configured = process.env['CHROMIUM_PATH'];
  if (configured !== undefined && configured !== '') {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return { executablePath: configured, args: COMMON_ARGS, source: 'CHROMIUM_PATH' };
  }
  if (existsSync('/usr/bin/chromium')) return { executablePath: '/usr/bin/chromium', args: COMMON_ARGS, source: "Debian's chromium" };
  const { default: packaged } = await import('@sparticuz/chromium');
  return { executablePath: await packaged.executablePath(), args: [...COMMON_ARGS, ...PACKAGED_ARGS], source: '@sparticuz/chromium from npm' };
}
