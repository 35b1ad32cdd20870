import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readArchiveImage } from './devImages.js'

const CONFIG = 'a'.repeat(64)
const MANIFEST = `sha256:${'b'.repeat(64)}`

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-dev-images-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** An archive laid out as `pnpm image build` writes one (OCI index plus docker's manifest.json), without layers. */
async function archive(name: string, index: unknown, manifest: unknown): Promise<string> {
  const folder = join(dir, name)
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, 'index.json'), JSON.stringify(index))
  await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest))
  await writeFile(join(folder, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  const file = join(dir, `${name}.oci.tar`)
  execFileSync('tar', ['-cf', file, '-C', folder, 'index.json', 'manifest.json', 'oci-layout'])
  return file
}

describe('readArchiveImage', () => {
  test('default: the reference, the manifest digest and the image id (config digest)', async () => {
    const file = await archive(
      'ok',
      {
        schemaVersion: 2,
        manifests: [
          {
            digest: MANIFEST,
            annotations: { 'org.opencontainers.image.ref.name': 'licen/orchestrator:0123456789ab' },
          },
        ],
      },
      [{ Config: `blobs/sha256/${CONFIG}`, RepoTags: ['licen/orchestrator:0123456789ab'], Layers: [] }],
    )
    expect(await readArchiveImage(file)).toEqual({
      reference: 'licen/orchestrator:0123456789ab',
      digest: MANIFEST,
      imageId: CONFIG,
    })
  })

  test('error: an archive without a reference is not one of pnpm image build', async () => {
    const file = await archive('bare', { schemaVersion: 2, manifests: [{ digest: MANIFEST }] }, [
      { Config: `blobs/sha256/${CONFIG}` },
    ])
    await expect(readArchiveImage(file)).rejects.toMatchObject({
      code: 'DEVNET_PART_FAILED',
      shortMessage: `${file} is not an archive of pnpm image build`,
    })
  })
})
