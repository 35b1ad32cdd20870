import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { DevnetError } from '../errors.js'
import { resolvePackageBin } from './packageBin.js'
import { repoPath } from './paths.js'
import { type Podman, runPodman } from './podman.js'
import type { ImageProgram } from './podmanRunArgs.js'

/** An image the devnet runs: where it came from and what podman calls it. */
export type DevImage = {
  program: ImageProgram
  /** `licen/<program>:<commit 12>[-dirty]`, the reference stored in the archive. */
  reference: string
  /** Manifest digest (what a compose file pins). */
  digest: string
  /** Config digest without `sha256:`: the image id podman runs. */
  imageId: string
  archive: string
  bytes: number
  /** Whether this start built the archive (false: the archive of this commit was there already). */
  built: boolean
}

const IMAGE_BUILD_TIMEOUT_MS = 20 * 60_000

function run(command: string, args: string[], waitingFor: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout)
      reject(
        new DevnetError(`${command} failed or timed out (${Math.round(timeoutMs / 1000)} s) ${waitingFor}`, {
          code: 'DEVNET_PART_FAILED',
          details: stderr.trim().split('\n').slice(-4).join('\n'),
        }),
      )
    })
  })
}

/** The reference `pnpm image build` gives the checkout as it is now: `licen/<program>:<commit 12>[-dirty]`. */
export async function expectedReference(program: ImageProgram, root = repoPath()): Promise<string> {
  const commit = (await run('git', ['-C', root, 'rev-parse', 'HEAD'], 'reading the commit', 60_000)).trim()
  const status = await run(
    'git',
    ['-C', root, 'status', '--porcelain', '--untracked-files=no', '--', '.'],
    'reading git status',
    60_000,
  )
  return `licen/${program}:${commit.slice(0, 12)}${status.trim() === '' ? '' : '-dirty'}`
}

/** Reads the reference, manifest digest and config digest an OCI archive of `pnpm image build` carries. */
export async function readArchiveImage(
  archive: string,
): Promise<{ reference: string; digest: string; imageId: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'licen-devnet-image-'))
  try {
    await run(
      'tar',
      ['-xf', archive, '-C', dir, 'index.json', 'manifest.json'],
      `reading the index of ${archive}`,
      120_000,
    )
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
      manifests: { digest: string; annotations?: Record<string, string> }[]
    }
    const docker = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      Config: string
      RepoTags?: string[]
    }[]
    const manifest = index.manifests[0]
    const config = docker[0]?.Config.match(/sha256\/([0-9a-f]{64})$/)?.[1]
    const reference = manifest?.annotations?.['org.opencontainers.image.ref.name'] ?? docker[0]?.RepoTags?.[0]
    if (!manifest || !config || !reference)
      throw new DevnetError(`${archive} is not an archive of pnpm image build`, {
        code: 'DEVNET_PART_FAILED',
      })
    return { reference, digest: manifest.digest, imageId: config }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Runs `licen-image build <program> --json` (the images package's bin, as `pnpm image build`) and returns what it printed. */
async function buildArchive(
  program: ImageProgram,
  log: (line: string) => void,
): Promise<{ name: string; digest: string; archive: string; bytes: number }> {
  // Through the images package's own bin (`licen-image`), never a path into its sources.
  const bin = resolvePackageBin('@licen/images', 'licen-image')
  const child = spawn(process.execPath, ['--import', 'tsx', bin.script, 'build', program, '--json'], {
    cwd: bin.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stdout: string[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => stdout.push(line))
  createInterface({ input: child.stderr! }).on('line', (line) => log(line))
  const timer = setTimeout(() => child.kill('SIGKILL'), IMAGE_BUILD_TIMEOUT_MS)
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
  clearTimeout(timer)
  if (code !== 0)
    throw new DevnetError(
      code === null
        ? `pnpm image build ${program} did not finish within ${IMAGE_BUILD_TIMEOUT_MS / 60_000} min`
        : `pnpm image build ${program} failed (exit code ${code}); its last lines are above`,
      { code: code === null ? 'DEVNET_TIMEOUT' : 'DEVNET_PART_FAILED' },
    )
  return JSON.parse(stdout.at(-1) ?? '') as { name: string; digest: string; archive: string; bytes: number }
}

/**
 * Makes sure podman holds the image of `program` for the checkout as it is: reuses `images/out/<program>.oci.tar`
 * when it carries this commit's reference and the tree is clean (a `-dirty` archive cannot say which edits it
 * holds, so a dirty tree is always built again), else builds it; then `podman load`s it unless podman has that
 * image id already.
 */
export async function ensureDevImage(parameters: {
  program: ImageProgram
  podman: Podman
  rebuild: boolean
  log: (line: string) => void
}): Promise<DevImage> {
  const { program, podman, log } = parameters
  const archive = repoPath('images', 'out', `${program}.oci.tar`)
  const expected = await expectedReference(program)
  let built = false
  let found = existsSync(archive) ? await readArchiveImage(archive).catch(() => undefined) : undefined
  if (parameters.rebuild || expected.endsWith('-dirty') || found?.reference !== expected) {
    const why = parameters.rebuild
      ? '--rebuild-images'
      : expected.endsWith('-dirty')
        ? 'tracked files differ from the commit'
        : found
          ? `the archive is ${found.reference}`
          : 'no archive yet'
    log(`building ${expected} (${why})`)
    const started = Date.now()
    const image = await buildArchive(program, log)
    built = true
    found = await readArchiveImage(image.archive)
    log(
      `built ${image.name} ${image.digest} (${image.bytes} bytes) in ${Math.round((Date.now() - started) / 1000)} s`,
    )
  } else log(`reusing ${archive} (${found.reference})`)
  const exists = await runPodman(podman, ['image', 'exists', found.imageId], {
    waitingFor: 'podman image exists',
    timeoutMs: 60_000,
  }).then(
    () => true,
    () => false,
  )
  if (!exists) {
    const started = Date.now()
    await runPodman(podman, ['load', '--quiet', '--input', archive], {
      waitingFor: `podman load of ${archive}`,
      timeoutMs: 600_000,
    })
    log(`podman load ${archive} in ${Math.round((Date.now() - started) / 1000)} s`)
  }
  const { size } = await stat(archive)
  return {
    program,
    reference: found.reference,
    digest: found.digest,
    imageId: found.imageId,
    archive,
    bytes: size,
    built,
  }
}
