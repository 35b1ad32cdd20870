import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ImageError } from '../errors.js'
import { runCommand } from '../process/runCommand.js'
import { collectTree } from '../tar/collectTree.js'
import type { TarEntry } from '../tar/TarEntry.js'
import type { Program } from './programs.js'
import { isLeftOut, readWorkspace, runtimeClosure, runtimePaths } from './workspace.js'

/** Root files of the repository the image carries (the provider's code hash covers them). */
const ROOT_FILES = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml']

export type StageProgramParameters = {
  /** Repository root (a git checkout). */
  root: string
  program: Program
  /** Empty folder the runtime tree is assembled and installed in. */
  stageDir: string
  log?: ((line: string) => void) | undefined
}

export type StagedProgram = {
  /** Repository paths copied into the image, sorted. */
  files: string[]
  /** Workspace folders the program runs with. */
  packages: string[]
  /** The program's bin script, relative to the repository root (`provider-node/src/cli/main.ts`). */
  entry: string
}

/**
 * The files of the working tree under the given repository paths that git does not ignore (tracked and new:
 * `git ls-files --cached --others --exclude-standard`), without dot files, node_modules and tests. In a clean
 * checkout that is exactly the commit's files; with local changes the image is tagged `-dirty`.
 */
export async function trackedRuntimeFiles(root: string, paths: readonly string[]): Promise<string[]> {
  const { stdout } = await runCommand({
    command: 'git',
    args: ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...paths],
    timeoutMs: 60_000,
    waitingFor: 'the list of tracked files',
  })
  const listed = [...new Set(stdout.split('\0'))].filter((path) => path !== '' && !isLeftOut(path)).sort()
  // A tracked file deleted in the working tree is not part of it.
  const present = await Promise.all(
    listed.map((path) =>
      stat(join(root, path)).then(
        () => true,
        () => false,
      ),
    ),
  )
  return listed.filter((_, index) => present[index])
}

// The environment of a child pnpm: without the npm_* variables of the pnpm that runs this script, so that its
// configuration (a filter, a frozen lockfile flag) does not leak into the install.
const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'PNPM_SCRIPT_SRC_DIR'),
  )

/**
 * Assembles the program's runtime tree in `stageDir`: the root manifests and lockfile, and for every workspace
 * package it runs with, its tracked runtime files; then installs the production dependencies of exactly those
 * packages from the lockfile (`pnpm install --frozen-lockfile --prod --filter <program>...`, offline when the store
 * has everything). No install script runs.
 */
export async function stageProgram(parameters: StageProgramParameters): Promise<StagedProgram> {
  const { root, stageDir } = parameters
  const workspace = await readWorkspace(root)
  const closure = runtimeClosure(workspace, parameters.program.package)
  const own = workspace.get(parameters.program.package)!
  const bin = typeof own.manifest.bin === 'object' ? own.manifest.bin[parameters.program.bin] : undefined
  if (!bin) {
    throw new ImageError(`${parameters.program.package} has no bin ${parameters.program.bin}.`, {
      code: 'IMAGE_SOURCE_INVALID',
    })
  }
  const paths = [
    ...ROOT_FILES,
    ...closure.flatMap((pkg) => runtimePaths(pkg).map((path) => `${pkg.dir}/${path}`)),
  ]
  const files = await trackedRuntimeFiles(root, paths)
  for (const file of ROOT_FILES) {
    if (!files.includes(file)) {
      throw new ImageError('A root file the image needs is missing or ignored by git.', {
        code: 'IMAGE_SOURCE_INVALID',
        details: file,
      })
    }
  }
  for (const file of files) {
    await mkdir(dirname(join(stageDir, file)), { recursive: true })
    await copyFile(join(root, file), join(stageDir, file))
  }
  // pnpm reads every workspace manifest; those outside the closure are installed from but not shipped.
  for (const pkg of workspace.values()) {
    const file = join(stageDir, pkg.dir, 'package.json')
    if (closure.includes(pkg)) continue
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, `${JSON.stringify(pkg.manifest)}\n`)
  }
  const install = (offline: boolean) =>
    runCommand({
      command: 'pnpm',
      args: [
        'install',
        '--frozen-lockfile',
        '--prod',
        '--ignore-scripts',
        ...(offline ? ['--offline'] : []),
        // --filter-prod: the program and the workspace packages it depends on in production (--filter would
        // follow devDependencies too and install the test tooling of every package they reach).
        '--filter-prod',
        `${parameters.program.package}...`,
        '--config.confirmModulesPurge=false',
        '--reporter=append-only',
      ],
      cwd: stageDir,
      env: { ...cleanEnv(), CI: 'true' },
      timeoutMs: 600_000,
      waitingFor: `the production dependencies of ${parameters.program.package}`,
    })
  parameters.log?.(`pnpm install --prod --filter-prod ${parameters.program.package}...`)
  await install(true).catch((error: unknown) => {
    parameters.log?.('the pnpm store lacks a package: installing from the registry')
    if ((error as ImageError).code !== 'IMAGE_COMMAND_FAILED') throw error
    return install(false)
  })
  return { files, packages: closure.map((pkg) => pkg.dir), entry: `${own.dir}/${bin.replace(/^\.\//, '')}` }
}

// Files in node_modules that nothing reads at run time: type declarations, source maps, documentation.
const NOT_RUNTIME = /\.(d\.ts|d\.mts|d\.cts|map|tsbuildinfo)$|(^|\/)(?!LICEN[CS]E|COPYING|NOTICE)[^/]*\.md$/i

/**
 * Packages in the lockfile only for their types: TypeScript (an optional peer of viem, abitype and ox, resolved
 * because the workspace has it) and `@types/*`. Nothing loads them at run time; tsx transpiles with esbuild.
 */
function isTypesOnly(parts: readonly string[]): boolean {
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i] === '.pnpm' && /^(typescript@|@types\+)/.test(parts[i + 1]!)) return true
    if (parts[i] === 'node_modules' && (parts[i + 1] === 'typescript' || parts[i + 1] === '@types'))
      return true
  }
  return false
}

/**
 * The app layer's entries: the staged tree under `app/`, owned by root (the program cannot change its own code),
 * without pnpm's machine-specific state (`.bin` shims hold absolute paths, `.modules.yaml` a time) and without the
 * files of {@link NOT_RUNTIME} inside node_modules.
 */
export async function collectAppLayer(stageDir: string, staged: StagedProgram): Promise<TarEntry[]> {
  const top = new Set([...ROOT_FILES, 'node_modules', ...staged.packages])
  return collectTree({
    root: stageDir,
    prefix: 'app',
    exclude: (path, isDirectory) => {
      const parts = path.split('/')
      if (!top.has(parts[0]!)) return true
      const inModules = parts.includes('node_modules')
      if (!inModules) return false
      const name = parts[parts.length - 1]!
      if (isTypesOnly(parts)) return true
      if (isDirectory) return name === '.bin'
      if (/^\.(modules\.yaml|pnpm-workspace-state.*\.json)$/.test(name)) return true
      return NOT_RUNTIME.test(name)
    },
  })
}
