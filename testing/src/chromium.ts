/** Flags for headless Debian Chromium in CI (docs: shared/TOOLCHAIN.md). */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Playwright launch options for Debian Chromium (`CHROMIUM_PATH` overrides `/usr/bin/chromium`). */
export function chromiumLaunchOptions(): { executablePath: string; args: string[] } {
  return { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...chromiumArgs] }
}
