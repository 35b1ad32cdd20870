/** Flags for headless Debian Chromium in CI (docs: shared/TOOLCHAIN.md). */
export declare const chromiumArgs: readonly string[]

/** Playwright launch options for Debian Chromium (`CHROMIUM_PATH` overrides `/usr/bin/chromium`). */
export declare function chromiumLaunchOptions(): { executablePath: string; args: string[] }
