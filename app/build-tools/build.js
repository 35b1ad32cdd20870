#!/usr/bin/env node
// `licen-app-build <out-dir> [--force]`: makes <out-dir> hold a current static build of the app. Builds (vite) when
// the inputs changed since the build <out-dir> holds, or with --force, and copies the result out of `app/build` so a
// later build there cannot change it mid-run. Progress goes to stderr; on success stdout carries one JSON line
// `{"build":"built"|"current","dir":"<out-dir>"}`. On failure it exits 1 with vite's last lines on stderr.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'

const appDir = dirname(import.meta.dirname)
const appRequire = createRequire(join(appDir, 'package.json'))

/** @param {string} line a progress line, to stderr (stdout carries only the result) */
const progress = (line) => process.stderr.write(`${line}\n`)

/** @param {string} name a package the app depends on; @returns {string} its folder, as the app resolves it */
function packageDir(name) {
  const entry = appRequire.resolve(name)
  for (let dir = dirname(entry); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    // Folders inside a package may hold a package.json of their own (e.g. `{"type": "module"}`): skip those.
    if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === name) return dir
  }
  throw new Error(`no package.json named ${name} above ${entry}`)
}

/** The workspace root (where pnpm-lock.yaml is), else the app's folder. */
function workspaceRoot() {
  for (let dir = appDir; dirname(dir) !== dir; dir = dirname(dir))
    if (existsSync(join(dir, 'pnpm-lock.yaml'))) return dir
  return appDir
}

/** Inputs of the app's static build: its own sources and the workspace packages it bundles (found as installed). */
function inputs() {
  const root = workspaceRoot()
  /** @param {string} name @param {string[]} entries */
  const inPackage = (name, ...entries) => entries.map((entry) => join(packageDir(name), entry))
  return [
    ...[
      'src',
      'static',
      'build-tools',
      'svelte.config.js',
      'vite.config.ts',
      'package.json',
      'tsconfig.json',
    ].map((entry) => join(appDir, entry)),
    ...inPackage('@licen/sdk', 'src', 'package.json'),
    ...inPackage('@licen/attestation-policy', 'src', 'package.json'),
    join(root, 'pnpm-lock.yaml'),
  ]
}

/** @param {string} root @param {string} path @param {string[]} out */
function collect(root, path, out) {
  if (!existsSync(path)) return
  const info = statSync(path)
  if (info.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue
      collect(root, join(path, name), out)
    }
  } else if (!/\.test\.ts$/.test(path) && !path.endsWith('config.json')) {
    out.push(`${relative(root, path)}\0${info.size}\0${Math.trunc(info.mtimeMs)}`)
  }
}

/** A fingerprint of the build inputs (paths, sizes and modification times). */
function appFingerprint() {
  const root = workspaceRoot()
  /** @type {string[]} */
  const entries = []
  for (const input of inputs()) collect(root, input, entries)
  return createHash('sha256').update(entries.join('\n')).digest('hex')
}

/** @returns {string} the entry script of vite's `vite` bin, from the app's own dependencies */
function viteBin() {
  const dir = packageDir('vite')
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  return resolve(dir, typeof bin === 'string' ? bin : bin.vite)
}

/** @param {string} outDir @param {boolean} force @returns {Promise<'built' | 'current'>} */
async function ensureBuild(outDir, force) {
  const stamp = join(outDir, '.licen-build-fingerprint')
  const fingerprint = appFingerprint()
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) return 'current'
  progress(existsSync(stamp) ? 'the app sources changed: building it (vite)' : 'building the app (vite)')
  const started = Date.now()
  /** @type {string[]} */
  const lines = []
  const code = await new Promise((done) => {
    const child = spawn(process.execPath, [viteBin(), 'build', '--logLevel', 'warn'], {
      cwd: appDir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    /** @param {Buffer} chunk */
    const keep = (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(line)
      lines.splice(0, Math.max(0, lines.length - 20))
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.once('exit', done)
    child.once('error', () => done(null))
  })
  if (code !== 0 || !existsSync(join(appDir, 'build', 'index.html'))) {
    progress(lines.slice(-8).join('\n') || `vite exit code ${code}`)
    process.exit(1)
  }
  rmSync(outDir, { recursive: true, force: true })
  cpSync(join(appDir, 'build'), outDir, { recursive: true })
  writeFileSync(stamp, fingerprint)
  progress(`app built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return 'built'
}

const args = process.argv.slice(2)
const outArg = args.find((arg) => !arg.startsWith('--'))
if (args.includes('--help') || outArg === undefined) {
  process.stdout.write(
    'Usage: licen-app-build <out-dir> [--force]   (builds the app into <out-dir> when its inputs changed)\n',
  )
  process.exit(args.includes('--help') ? 0 : 2)
}
const dir = resolve(outArg)
const build = await ensureBuild(dir, args.includes('--force'))
process.stdout.write(`${JSON.stringify({ build, dir })}\n`)
