import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import type { TarEntry } from '../tar/TarEntry.js'
import { writeTar } from '../tar/writeTar.js'
import { canonicalJson, type Json } from './canonicalJson.js'

export const MEDIA_TYPES = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
} as const

/** One image layer: its entries and the line its history gets. */
export type OciLayer = { entries: readonly TarEntry[]; createdBy: string }

/** The runtime part of the image config (the OCI `config` object). */
export type OciRuntimeConfig = {
  User: string
  Env: readonly string[]
  Entrypoint: readonly string[]
  Cmd?: readonly string[] | undefined
  WorkingDir: string
  Labels: Readonly<Record<string, string>>
}

export type WriteOciArchiveParameters = {
  layers: readonly OciLayer[]
  config: OciRuntimeConfig
  /** The one timestamp of the image: every tar entry's mtime and the config's `created`. */
  sourceDateEpoch: number
  /** Reference stored in the archive (`org.opencontainers.image.ref.name`, docker `RepoTags`), e.g. `licen/provider-node:0123abcd`. */
  reference: string
  /** Output file of the `oci-archive`. */
  archive: string
  /** Scratch folder for the layer blobs (emptied first). */
  workDir: string
}

export type OciDescriptor = { mediaType: string; digest: `sha256:${string}`; size: number }

export type OciArchive = {
  /** Digest of the image manifest: what a registry reports and a compose file pins. */
  digest: `sha256:${string}`
  /** Digest of the config (the image id podman and docker show). */
  configDigest: `sha256:${string}`
  layers: OciDescriptor[]
  archive: string
  /** Size of the archive file in bytes. */
  bytes: number
}

const owners = { 0: 'root' }
const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}` as const

async function writeLayer(
  entries: readonly TarEntry[],
  mtime: number,
  file: string,
): Promise<{ digest: `sha256:${string}`; size: number }> {
  const hash = createHash('sha256')
  const out = createWriteStream(file)
  let size = 0
  for await (const chunk of writeTar(entries, { mtime, names: { 0: 'root', 10001: 'licen' } })) {
    hash.update(chunk)
    size += chunk.length
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await finished(out)
  return { digest: `sha256:${hash.digest('hex')}`, size }
}

/**
 * Writes an image as an `oci-archive` (an OCI image layout in a tar, plus docker's `manifest.json` so that
 * `docker load` takes it too). Layers are uncompressed tars, so the digests depend only on the entries and the
 * epoch, not on a compressor's version; config, manifest and index are canonical JSON.
 */
export async function writeOciArchive(parameters: WriteOciArchiveParameters): Promise<OciArchive> {
  await rm(parameters.workDir, { recursive: true, force: true })
  await mkdir(parameters.workDir, { recursive: true })
  const created = new Date(parameters.sourceDateEpoch * 1000).toISOString().replace('.000Z', 'Z')
  const blobs = new Map<string, Uint8Array | { file: string }>()
  const layers: OciDescriptor[] = []
  for (const [index, layer] of parameters.layers.entries()) {
    const file = join(parameters.workDir, `layer-${index}.tar`)
    const { digest, size } = await writeLayer(layer.entries, parameters.sourceDateEpoch, file)
    layers.push({ mediaType: MEDIA_TYPES.layer, digest, size })
    blobs.set(digest, { file })
  }
  const config = canonicalJson({
    architecture: 'amd64',
    os: 'linux',
    created,
    config: { ...parameters.config } as Json,
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.digest) },
    history: parameters.layers.map((layer) => ({ created, created_by: layer.createdBy })),
  })
  const configDescriptor = { mediaType: MEDIA_TYPES.config, digest: sha256(config), size: config.length }
  blobs.set(configDescriptor.digest, config)
  const manifest = canonicalJson({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: configDescriptor,
    layers,
  })
  const manifestDescriptor = {
    mediaType: MEDIA_TYPES.manifest,
    digest: sha256(manifest),
    size: manifest.length,
  }
  blobs.set(manifestDescriptor.digest, manifest)
  const index = canonicalJson({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.index,
    manifests: [
      { ...manifestDescriptor, annotations: { 'org.opencontainers.image.ref.name': parameters.reference } },
    ],
  })
  const blobPath = (digest: string) => `blobs/sha256/${digest.slice('sha256:'.length)}`
  const dockerManifest = canonicalJson([
    {
      Config: blobPath(configDescriptor.digest),
      RepoTags: [parameters.reference],
      Layers: layers.map((layer) => blobPath(layer.digest)),
    },
  ])
  const entries: TarEntry[] = [
    {
      type: 'file',
      path: 'oci-layout',
      mode: 0o644,
      uid: 0,
      gid: 0,
      ...bytes(canonicalJson({ imageLayoutVersion: '1.0.0' })),
    },
    { type: 'file', path: 'index.json', mode: 0o644, uid: 0, gid: 0, ...bytes(index) },
    { type: 'file', path: 'manifest.json', mode: 0o644, uid: 0, gid: 0, ...bytes(dockerManifest) },
    { type: 'directory', path: 'blobs', mode: 0o755, uid: 0, gid: 0 },
    { type: 'directory', path: 'blobs/sha256', mode: 0o755, uid: 0, gid: 0 },
  ]
  for (const [digest, source] of blobs) {
    const size = source instanceof Uint8Array ? source.length : (await stat(source.file)).size
    entries.push({ type: 'file', path: blobPath(digest), mode: 0o644, uid: 0, gid: 0, size, source })
  }
  // Written beside the target and renamed, so that a reader never sees half an archive.
  const partial = `${parameters.archive}.partial-${process.pid}`
  const out = createWriteStream(partial)
  for await (const chunk of writeTar(entries, { mtime: parameters.sourceDateEpoch, names: owners })) {
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await finished(out)
  await rename(partial, parameters.archive)
  await rm(parameters.workDir, { recursive: true, force: true })
  return {
    digest: manifestDescriptor.digest,
    configDigest: configDescriptor.digest,
    layers,
    archive: parameters.archive,
    bytes: (await stat(parameters.archive)).size,
  }
}

const bytes = (data: Uint8Array) => ({ size: data.length, source: data })
