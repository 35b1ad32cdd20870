// Plain JavaScript (typed by chromium.d.ts): vitest configs import it, and Node loads a config's workspace imports
// without a TypeScript loader.

/** Flags for headless Debian Chromium in CI (docs: shared/TOOLCHAIN.md). */
export const chromiumArgs = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
])

/** Playwright launch options for Debian Chromium (`CHROMIUM_PATH` overrides `/usr/bin/chromium`). */
export function chromiumLaunchOptions() {
  return { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...chromiumArgs] }
}
