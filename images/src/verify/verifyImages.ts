import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROGRAMS, type ProgramName } from '../app/programs.js'
import type { BuiltImage } from '../buildImage.js'
import { ImageError } from '../errors.js'
import { requireTool } from '../process/requireTool.js'
import { runCommand } from '../process/runCommand.js'
import { trainSmokeSource } from './trainSmoke.js'

export type VerifyImagesParameters = {
  /** The checkout whose HEAD commit is cloned and built twice. */
  root: string
  programs: readonly ProgramName[]
  path: string
  /** Keep the clones and archives (default: removed at the end). */
  keep?: boolean | undefined
  log?: ((line: string) => void) | undefined
}

export type ProgramCheck = {
  program: ProgramName
  /** The two builds, one per clean clone. */
  builds: [BuiltImage, BuiltImage]
  /** `podman load` + `podman run --rm`: each command and what it printed. */
  runs: { args: string[]; output: string }[]
  /** Size podman reports for the loaded image. */
  podmanSize: number
}

export type VerifyImagesResult = { commit: string; installSeconds: number[]; programs: ProgramCheck[] }

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** The podman flags this machine needs (no crun, no rlimits in containers, host networking); see TOOLCHAIN.md. */
const PODMAN_RUN = ['--runtime', '/usr/sbin/runc', '--network', 'host']

const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'PNPM_SCRIPT_SRC_DIR'),
  )

/**
 * The reproducibility check: clones the current commit twice, installs each (`pnpm install --frozen-lockfile`,
 * offline when the store has everything), builds every program in both, requires equal digests, then loads one
 * archive into podman and runs the program's bin with `--help`; for the provider also `code-hash`, which must equal
 * the hash of the clone's sources (the image carries exactly the runtime the hash covers), and one epoch of the
 * embedded trainer, whose adapter hash must equal the clone's.
 */
export async function verifyImages(parameters: VerifyImagesParameters): Promise<VerifyImagesResult> {
  const log = parameters.log ?? (() => {})
  for (const tool of ['git', 'podman', 'runc', 'mmdebstrap']) requireTool(tool, parameters.path)
  const git = (args: string[], waitingFor: string, cwd = parameters.root) =>
    runCommand({ command: 'git', args: ['-C', cwd, ...args], timeoutMs: 120_000, waitingFor })
  const commit = (await git(['rev-parse', 'HEAD'], 'the current commit')).stdout.trim()
  const work = await mkdtemp(join(tmpdir(), 'licen-image-verify-'))
  const containersConf = join(work, 'containers.conf')
  await writeFile(containersConf, '[containers]\ndefault_ulimits = []\n')
  const podman = (args: string[], waitingFor: string, timeoutMs = 300_000) =>
    runCommand({
      command: 'podman',
      args,
      env: { ...process.env, CONTAINERS_CONF: containersConf },
      timeoutMs,
      waitingFor,
    })
  try {
    const clones = [join(work, 'a'), join(work, 'b')]
    const installSeconds: number[] = []
    for (const clone of clones) {
      log(`clone ${commit.slice(0, 12)} into ${clone}`)
      await runCommand({
        command: 'git',
        args: ['clone', '--quiet', '--no-hardlinks', parameters.root, clone],
        timeoutMs: 300_000,
        waitingFor: `a clone of ${parameters.root}`,
      })
      await git(['checkout', '--quiet', '--detach', commit], 'the checkout of the commit', clone)
      const started = performance.now()
      const install = (offline: boolean) =>
        runCommand({
          command: 'pnpm',
          args: ['install', '--frozen-lockfile', ...(offline ? ['--offline'] : []), '--reporter=append-only'],
          cwd: clone,
          env: { ...cleanEnv(), CI: 'true' },
          timeoutMs: 600_000,
          waitingFor: `the dependencies of the clone ${clone}`,
        })
      await install(true).catch(() => install(false))
      installSeconds.push(Math.round((performance.now() - started) / 100) / 10)
    }
    const checks: ProgramCheck[] = []
    for (const program of parameters.programs) {
      const builds: BuiltImage[] = []
      for (const [index, clone] of clones.entries()) {
        log(`build ${program} in clone ${index === 0 ? 'a' : 'b'}`)
        const archive = join(work, `${program}-${index === 0 ? 'a' : 'b'}.oci.tar`)
        const { stdout } = await runCommand({
          command: 'pnpm',
          args: ['--silent', 'image', 'build', program, '--json', '--details', '--out', archive],
          cwd: clone,
          env: cleanEnv(),
          timeoutMs: 900_000,
          waitingFor: `the ${program} image built in ${clone}`,
          onStderr: (chunk) => log(chunk.trimEnd()),
        })
        builds.push(JSON.parse(stdout) as BuiltImage)
      }
      const [a, b] = builds as [BuiltImage, BuiltImage]
      log(`${program}: clone a ${a.digest}, clone b ${b.digest}`)
      if (a.digest !== b.digest) {
        throw new ImageError(`${program}: two clean clones built different images.`, {
          code: 'IMAGE_NOT_REPRODUCIBLE',
          details: `a ${a.digest} (layers ${a.layers.map((l) => l.digest).join(', ')}); b ${b.digest} (layers ${b.layers.map((l) => l.digest).join(', ')})`,
        })
      }
      if ((await fileSha256(a.archive)) !== (await fileSha256(b.archive))) {
        throw new ImageError(`${program}: the two archives differ although the digests match.`, {
          code: 'IMAGE_NOT_REPRODUCIBLE',
          details: `${a.archive} ≠ ${b.archive}`,
        })
      }
      const runs: { args: string[]; output: string }[] = []
      const load = await podman(['load', '--quiet', '--input', a.archive], `podman load of ${a.archive}`)
      runs.push({ args: ['podman', 'load', '--input', a.archive], output: load.stdout.trim() })
      const image = a.configDigest.slice('sha256:'.length)
      const run = async (args: string[], options: string[] = []) => {
        const full = ['run', '--rm', ...PODMAN_RUN, ...options, image, ...args]
        const result = await podman(
          full,
          `${PROGRAMS[program].bin} ${args.join(' ')} in the container`,
          120_000,
        ).catch((cause: unknown) => {
          throw new ImageError(`${program}: the image did not run.`, {
            code: 'IMAGE_RUN_FAILED',
            cause,
            details: (cause as ImageError).details,
          })
        })
        runs.push({ args: ['podman', ...full], output: result.stdout.trim() })
        return result.stdout.trim()
      }
      await run(['--help'])
      if (program === 'provider-node') {
        const inside = await run(['code-hash'])
        const outside = await runCommand({
          command: 'node',
          args: ['--import', 'tsx', 'provider-node/src/cli/main.ts', 'code-hash'],
          cwd: clones[0]!,
          timeoutMs: 120_000,
          waitingFor: 'the code hash of the clone',
        })
        if (inside !== outside.stdout.trim()) {
          throw new ImageError('provider-node: the image carries other runtime files than the commit.', {
            code: 'IMAGE_RUN_FAILED',
            details: `code hash in the image ${inside} ≠ in the clone ${outside.stdout.trim()}`,
          })
        }
        runs.push({
          args: ['node', 'provider-node/src/cli/main.ts', 'code-hash', '(in clone a)'],
          output: outside.stdout.trim(),
        })
        // The embedded trainer inside the image (as 10001, worker threads, wasm, the base model) against the clone.
        const smoke = join(work, 'smoke')
        await mkdir(smoke, { mode: 0o755 })
        await chmod(smoke, 0o755)
        await writeFile(join(smoke, 'trainSmoke.mts'), trainSmokeSource('/app'), { mode: 0o644 })
        await writeFile(join(work, 'trainSmoke-clone.mts'), trainSmokeSource(clones[0]!))
        const trained = await run(
          ['--import=/app/provider-node/node_modules/tsx/dist/loader.mjs', '/smoke/trainSmoke.mts'],
          ['-v', `${smoke}:/smoke:ro`, '--entrypoint', '/usr/local/bin/node'],
        )
        const trainedOutside = await runCommand({
          command: 'node',
          args: ['--import', 'tsx', join(work, 'trainSmoke-clone.mts')],
          cwd: clones[0]!,
          timeoutMs: 300_000,
          waitingFor: 'one epoch of the embedded trainer in the clone',
        })
        runs.push({ args: ['node', 'trainSmoke.mts', '(in clone a)'], output: trainedOutside.stdout.trim() })
        if (trained !== trainedOutside.stdout.trim()) {
          throw new ImageError('provider-node: the embedded trainer in the image gave another adapter.', {
            code: 'IMAGE_RUN_FAILED',
            details: `image ${trained} ≠ clone ${trainedOutside.stdout.trim()}`,
          })
        }
      }
      const size = await podman(['image', 'inspect', '--format', '{{.Size}}', image], 'podman image inspect')
      checks.push({ program, builds: [a, b], runs, podmanSize: Number(size.stdout.trim()) })
    }
    return { commit, installSeconds, programs: checks }
  } finally {
    if (!parameters.keep) await rm(work, { recursive: true, force: true })
    else log(`kept ${work}`)
  }
}
