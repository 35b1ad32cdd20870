import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { DevnetError } from '../errors.js'
import { resolvePackage, resolvePackageBin } from './packageBin.js'
import { repoPath } from './paths.js'

/**
 * The app's folder in the workspace: the one package devnet reaches as a folder, since it cannot depend on the app
 * (the app's e2e suite depends on devnet). Its tools (vite) are still found through the app's own dependencies.
 */
const appDir = (...parts: string[]) => repoPath('app', ...parts)

/** Inputs of the app's static build: its own sources and the workspace packages it bundles (found as installed). */
function inputs(): string[] {
  const inPackage = (name: string, ...entries: string[]) =>
    entries.map((entry) => join(resolvePackage(name).packageDir, entry))
  return [
    ...[
      'src',
      'static',
      'build-tools',
      'svelte.config.js',
      'vite.config.ts',
      'package.json',
      'tsconfig.json',
    ].map((entry) => appDir(entry)),
    ...inPackage('@licen/sdk', 'src', 'package.json'),
    ...inPackage('@licen/attestation-policy', 'src', 'package.json'),
    repoPath('pnpm-lock.yaml'),
  ]
}

function collect(path: string, out: string[]): void {
  if (!existsSync(path)) return
  const info = statSync(path)
  if (info.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue
      collect(join(path, name), out)
    }
  } else if (!/\.test\.ts$/.test(path) && !path.endsWith('config.json')) {
    out.push(`${relative(repoPath(), path)}\0${info.size}\0${Math.trunc(info.mtimeMs)}`)
  }
}

/** A fingerprint of the build inputs (paths, sizes and modification times). */
export function appFingerprint(): string {
  const entries: string[] = []
  for (const input of inputs()) collect(input, entries)
  return createHash('sha256').update(entries.join('\n')).digest('hex')
}

/**
 * Makes `siteDir` hold a current static build of the app: builds (vite) when the inputs changed since the build
 * it holds, or when `force`; copies the result out of `app/build` so a later build there cannot change it mid-run.
 */
export async function ensureAppBuild(
  siteDir: string,
  options: { force: boolean; log: (line: string) => void },
): Promise<'built' | 'current'> {
  const stamp = join(siteDir, '.licen-build-fingerprint')
  const fingerprint = appFingerprint()
  if (!options.force && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) return 'current'
  options.log(existsSync(stamp) ? 'the app sources changed: building it (vite)' : 'building the app (vite)')
  const started = Date.now()
  const vite = resolvePackageBin('vite', 'vite', createRequire(appDir('package.json'))).script
  const lines: string[] = []
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: appDir(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(line)
      lines.splice(0, Math.max(0, lines.length - 20))
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.once('exit', resolve)
    child.once('error', () => resolve(null))
  })
  if (code !== 0 || !existsSync(appDir('build', 'index.html'))) {
    throw new DevnetError('the app did not build', {
      code: 'DEVNET_APP_BUILD_FAILED',
      details: lines.slice(-8).join('\n') || `vite exit code ${code}`,
    })
  }
  rmSync(siteDir, { recursive: true, force: true })
  cpSync(appDir('build'), siteDir, { recursive: true })
  writeFileSync(stamp, fingerprint)
  options.log(`app built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return 'built'
}
