import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { gitRevision } from './app/gitRevision.js'
import { PROGRAMS, type ProgramName, RUN_AS } from './app/programs.js'
import { collectAppLayer, stageProgram } from './app/stageProgram.js'
import { buildDebianBase } from './debian/buildDebianBase.js'
import { fetchDebianPackages } from './debian/fetchDebianPackages.js'
import { ImageError } from './errors.js'
import { readImageLock } from './lock/imageLock.js'
import { fetchNode } from './node/fetchNode.js'
import { writeOciArchive } from './oci/writeOciArchive.js'
import { requireTool } from './process/requireTool.js'
import { withParents } from './tar/collectTree.js'
import type { TarEntry } from './tar/TarEntry.js'

export type BuildImageParameters = {
  /** Root of the checkout to build from. */
  root: string
  program: ProgramName
  /** Output file; default `<root>/images/out/<program>.oci.tar`. */
  archive?: string | undefined
  /** Folder of downloaded, verified inputs kept between builds. */
  cacheDir: string
  /** PATH to find the external tools on. */
  path: string
  log?: ((line: string) => void) | undefined
}

export type BuiltImage = {
  /** Reference stored in the archive: `licen/<program>:<commit 12>` (`-dirty` when tracked files differ). */
  name: string
  /** Manifest digest: what a registry reports and a compose file pins. */
  digest: `sha256:${string}`
  /** Config digest: the image id `podman images` shows. */
  configDigest: `sha256:${string}`
  archive: string
  bytes: number
  layers: { digest: string; size: number }[]
  sourceDateEpoch: number
  seconds: number
}

/** Where the lock file lives in a checkout. */
export const lockFile = (root: string) => join(root, 'images', 'debian.lock.json')

/**
 * Builds one program's OCI image without a container engine: a Debian base from locked packages, the locked Node
 * runtime, and the program's runtime files with its production dependencies; everything dated at the commit's
 * time, owned and ordered the same way on every machine, so two clean checkouts of a commit give one digest.
 */
export async function buildImage(parameters: BuildImageParameters): Promise<BuiltImage> {
  const started = performance.now()
  const log = parameters.log ?? (() => {})
  for (const tool of ['mmdebstrap', 'dpkg-deb', 'git']) requireTool(tool, parameters.path)
  if (process.getuid?.() !== 0) {
    throw new ImageError('The image build runs mmdebstrap in root mode: run it as root.', {
      code: 'IMAGE_NEEDS_ROOT',
    })
  }
  const root = resolve(parameters.root)
  const program = PROGRAMS[parameters.program]
  const lock = await readImageLock(lockFile(root))
  if (lock.debian.packages.length === 0) {
    throw new ImageError('The lock lists no Debian package: run pnpm image lock and commit the lock.', {
      code: 'IMAGE_LOCK_INVALID',
    })
  }
  const revision = await gitRevision(root, ['.'])
  if (revision.dirty) log('warning: tracked files differ from the commit; the image is not that commit')
  const archive = resolve(parameters.archive ?? join(root, 'images', 'out', `${parameters.program}.oci.tar`))
  await mkdir(dirname(archive), { recursive: true })
  const work = await mkdtemp(join(tmpdir(), 'licen-image-'))
  try {
    log(
      `${parameters.program}: commit ${revision.commit.slice(0, 12)}, SOURCE_DATE_EPOCH=${revision.sourceDateEpoch}`,
    )
    const debs = await fetchDebianPackages({
      packages: lock.debian.packages,
      cacheDir: join(parameters.cacheDir, 'debs'),
      log,
    })
    const base = await buildDebianBase({
      lock,
      debs,
      workDir: join(work, 'debian'),
      sourceDateEpoch: revision.sourceDateEpoch,
      log,
    })
    const node = await fetchNode({ node: lock.node, cacheDir: join(parameters.cacheDir, 'npm'), log })
    const nodeLayer: TarEntry[] = withParents([
      {
        type: 'file',
        path: 'usr/local/bin/node',
        mode: 0o755,
        uid: 0,
        gid: 0,
        size: node.binary.length,
        source: node.binary,
      },
      {
        type: 'file',
        path: 'usr/local/share/doc/node/LICENSE',
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: node.license.length,
        source: node.license,
      },
    ])
    const stageDir = join(work, 'app')
    const staged = await stageProgram({ root, program, stageDir, log })
    const app = withParents(await collectAppLayer(stageDir, staged))
    const tag = `${revision.commit.slice(0, 12)}${revision.dirty ? '-dirty' : ''}`
    const name = `licen/${parameters.program}:${tag}`
    log(`writing ${archive}`)
    const image = await writeOciArchive({
      layers: [
        {
          entries: base,
          createdBy: `debian ${lock.debian.suite} (mmdebstrap --variant=extract, images/debian.lock.json)`,
        },
        {
          entries: nodeLayer,
          createdBy: `node ${node.version} (npm ${lock.node.package}, images/debian.lock.json)`,
        },
        { entries: app, createdBy: `${program.package} with its production dependencies (pnpm-lock.yaml)` },
      ],
      config: {
        User: `${RUN_AS.uid}:${RUN_AS.gid}`,
        Env: ['PATH=/usr/local/bin:/usr/bin:/bin', `HOME=${RUN_AS.home}`, 'NODE_ENV=production'],
        Entrypoint: [
          '/usr/local/bin/node',
          `--import=/app/${program.dir}/node_modules/tsx/dist/loader.mjs`,
          `/app/${staged.entry}`,
        ],
        WorkingDir: `/app/${program.dir}`,
        Labels: {
          'org.opencontainers.image.title': program.bin,
          'org.opencontainers.image.description': program.description,
          'org.opencontainers.image.revision': revision.dirty ? `${revision.commit}-dirty` : revision.commit,
          'org.opencontainers.image.created': new Date(revision.sourceDateEpoch * 1000)
            .toISOString()
            .replace('.000Z', 'Z'),
        },
      },
      sourceDateEpoch: revision.sourceDateEpoch,
      reference: name,
      archive,
      workDir: join(work, 'blobs'),
    })
    return {
      name,
      digest: image.digest,
      configDigest: image.configDigest,
      archive: image.archive,
      bytes: image.bytes,
      layers: image.layers.map(({ digest, size }) => ({ digest, size })),
      sourceDateEpoch: revision.sourceDateEpoch,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
