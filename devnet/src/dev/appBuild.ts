import { spawn } from 'node:child_process'
import { DevnetError } from '../errors.js'
import { resolvePackageBin } from './packageBin.js'

/**
 * Makes `siteDir` hold a current static build of the app through the app's own `licen-app-build` bin: it builds
 * (vite) when the app's inputs changed since the build `siteDir` holds, or when `force`, and copies the result
 * there. The bin's progress lines go to `log`.
 */
export async function ensureAppBuild(
  siteDir: string,
  options: { force: boolean; log: (line: string) => void },
): Promise<'built' | 'current'> {
  const bin = resolvePackageBin('@licen/app', 'licen-app-build')
  const lines: string[] = []
  let stdout = ''
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [bin.script, siteDir, ...(options.force ? ['--force'] : [])], {
      cwd: bin.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (chunk: Buffer) => {
      // One short JSON line; bounded all the same.
      if (stdout.length < 64 * 1024) stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(line)
      lines.splice(0, Math.max(0, lines.length - 20))
    })
    child.once('exit', resolve)
    child.once('error', () => resolve(null))
  })
  const build = code === 0 ? parseResult(stdout) : undefined
  if (build === undefined) {
    throw new DevnetError('the app did not build', {
      code: 'DEVNET_APP_BUILD_FAILED',
      details: lines.slice(-8).join('\n') || `licen-app-build exit code ${code}`,
    })
  }
  for (const line of lines) options.log(line)
  return build
}

function parseResult(stdout: string): 'built' | 'current' | undefined {
  try {
    const { build } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { build?: unknown }
    return build === 'built' || build === 'current' ? build : undefined
  } catch {
    return undefined
  }
}
