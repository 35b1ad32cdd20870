import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rejection } from '@licen/errors/testing'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { loadBaseModel, sha256Hex } from './baseModel.js'
import {
  EMBEDDED_BASE_CONFIG,
  EMBEDDED_BASE_CONFIG_SHA256,
  EMBEDDED_BASE_MODEL,
  EMBEDDED_BASE_MODEL_ID,
  EMBEDDED_BASE_MODEL_SHA256,
} from './embedded/embeddedBaseModel.js'
import { readSafetensors, tensorToFloat32 } from './safetensors/readSafetensors.js'
import { type Float32Tensor, writeSafetensors } from './safetensors/writeSafetensors.js'
import { TrainerError } from './TrainerError.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-base-test-'))
  await copyFile(join(EMBEDDED_BASE_MODEL.path, 'config.json'), join(dir, 'config.json'))
  await copyFile(join(EMBEDDED_BASE_MODEL.path, 'model.safetensors'), join(dir, 'model.safetensors'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function rewriteWeights(change: (tensors: Record<string, Float32Tensor>) => void) {
  const parsed = readSafetensors(new Uint8Array(await readFile(join(dir, 'model.safetensors'))))
  const tensors: Record<string, Float32Tensor> = {}
  for (const [name, tensor] of Object.entries(parsed.tensors)) {
    tensors[name] = { shape: tensor.shape, data: tensorToFloat32(name, tensor) }
  }
  change(tensors)
  await writeFile(join(dir, 'model.safetensors'), writeSafetensors(tensors, { format: 'pt' }))
}

describe('loadBaseModel', () => {
  test('default', async () => {
    const model = await loadBaseModel(EMBEDDED_BASE_MODEL)
    expect(model.id).toBe(EMBEDDED_BASE_MODEL_ID)
    expect(model.sha256).toBe(EMBEDDED_BASE_MODEL_SHA256)
    expect(model.configSha256).toBe(EMBEDDED_BASE_CONFIG_SHA256)
    expect(sha256Hex(model.weights)).toBe(EMBEDDED_BASE_MODEL_SHA256)
    expect(model.config).toMatchObject(EMBEDDED_BASE_CONFIG)
  })

  test('args: without expected hashes a copy loads and reports its hashes', async () => {
    const model = await loadBaseModel({ id: 'copy', path: dir })
    expect([model.sha256, model.configSha256]).toEqual([
      EMBEDDED_BASE_MODEL_SHA256,
      EMBEDDED_BASE_CONFIG_SHA256,
    ])
  })

  test('error: TRAINER_BASE_MODEL_MISMATCH when one weight byte changes', async () => {
    const bytes = new Uint8Array(await readFile(join(dir, 'model.safetensors')))
    bytes[bytes.length - 1]! ^= 1
    await writeFile(join(dir, 'model.safetensors'), bytes)
    const error = await rejection(loadBaseModel({ ...EMBEDDED_BASE_MODEL, path: dir }), TrainerError)
    expect(error.code).toBe('TRAINER_BASE_MODEL_MISMATCH')
    expect(error.details).toBe(
      `${EMBEDDED_BASE_MODEL_ID}: model.safetensors sha256 ${sha256Hex(bytes)}, expected ${EMBEDDED_BASE_MODEL_SHA256}`,
    )
  })

  test('error: TRAINER_BASE_MODEL_MISMATCH when the config changes', async () => {
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))
    await writeFile(join(dir, 'config.json'), JSON.stringify({ ...config, rope_theta: 500_000 }))
    const error = await rejection(loadBaseModel({ ...EMBEDDED_BASE_MODEL, path: dir }), TrainerError)
    expect(error.code).toBe('TRAINER_BASE_MODEL_MISMATCH')
  })

  test('error: TRAINER_BASE_MODEL_INVALID', async () => {
    const invalid = async (details: string) => {
      const error = await rejection(loadBaseModel({ id: 'copy', path: dir }), TrainerError)
      expect([error.code, error.details]).toEqual(['TRAINER_BASE_MODEL_INVALID', details])
    }
    await rewriteWeights((tensors) => {
      tensors.extra = { shape: [1], data: Float32Array.of(1) }
    })
    await invalid('copy: unexpected tensor extra')
    await rewriteWeights((tensors) => {
      delete tensors.extra
      delete tensors['model.norm.weight']
    })
    await invalid('copy: missing model.norm.weight')
    await writeFile(join(dir, 'model.safetensors'), new Uint8Array(16))
    await invalid('copy: model.safetensors is not valid safetensors')
    await writeFile(join(dir, 'config.json'), '{"model_type":"llama"}')
    await invalid('copy')
    await rm(join(dir, 'config.json'))
    await invalid(join(dir, 'config.json'))
  })
})
