import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { baseWeightShapes, type LlamaConfig, llamaConfigSchema } from './embedded/llamaConfig.js'
import { readSafetensors, type Safetensors } from './safetensors/readSafetensors.js'
import type { BaseModelRef } from './Trainer.js'
import { TrainerError } from './TrainerError.js'

/** A base model read into memory and checked: its config, its safetensors bytes and their hashes. */
export type LoadedBaseModel = {
  id: string
  /** sha256 of `model.safetensors`. */
  sha256: Hex
  /** sha256 of `config.json`. */
  configSha256: Hex
  config: LlamaConfig
  /** `model.safetensors` bytes (float32 weights under Hugging Face names). */
  weights: Uint8Array
}

/** Largest `config.json` read. */
const MAX_CONFIG_BYTES = 64 << 10
/** Largest `model.safetensors` the embedded trainer loads into memory. */
export const MAX_EMBEDDED_WEIGHTS_BYTES = 512 << 20

/** sha256 of bytes as 0x-prefixed hex. */
export function sha256Hex(bytes: Uint8Array): Hex {
  return `0x${createHash('sha256').update(bytes).digest('hex')}`
}

/**
 * Reads `config.json` and `model.safetensors` from a base model directory, checks them against the expected hashes
 * and checks that the weights are exactly the float32 tensors the config calls for.
 */
export async function loadBaseModel(ref: BaseModelRef): Promise<LoadedBaseModel> {
  const configBytes = await readLimited(join(ref.path, 'config.json'), MAX_CONFIG_BYTES)
  const weights = await readLimited(join(ref.path, 'model.safetensors'), MAX_EMBEDDED_WEIGHTS_BYTES)
  const configSha256 = sha256Hex(configBytes)
  const sha256 = sha256Hex(weights)
  if (ref.configSha256 !== undefined && ref.configSha256.toLowerCase() !== configSha256) {
    throw new TrainerError('Base model config does not match its expected hash.', {
      code: 'TRAINER_BASE_MODEL_MISMATCH',
      details: `${ref.id}: config.json sha256 ${configSha256}, expected ${ref.configSha256}`,
    })
  }
  if (ref.sha256 !== undefined && ref.sha256.toLowerCase() !== sha256) {
    throw new TrainerError('Base model weights do not match their expected hash.', {
      code: 'TRAINER_BASE_MODEL_MISMATCH',
      details: `${ref.id}: model.safetensors sha256 ${sha256}, expected ${ref.sha256}`,
    })
  }
  let config: LlamaConfig
  try {
    config = llamaConfigSchema.parse(
      JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(configBytes)),
    )
  } catch (cause) {
    throw new TrainerError('Base model config.json is not a supported Llama config.', {
      code: 'TRAINER_BASE_MODEL_INVALID',
      details: ref.id,
      cause,
    })
  }
  checkBaseWeights(ref.id, config, weights)
  return { id: ref.id, sha256, configSha256, config, weights }
}

/** Re-checks a base model loaded by the caller: a supported config and weights that fit it. */
export function checkLoadedBaseModel(model: LoadedBaseModel): void {
  const config = llamaConfigSchema.safeParse(model.config)
  if (!config.success) {
    throw new TrainerError('Base model config is not a supported Llama config.', {
      code: 'TRAINER_BASE_MODEL_INVALID',
      details: `${model.id}: ${config.error.issues.map((issue) => issue.message).join('; ')}`,
    })
  }
  checkBaseWeights(model.id, config.data, model.weights)
}

/** Checks that safetensors bytes hold exactly the float32 weights a config calls for; throws TRAINER_BASE_MODEL_INVALID. */
export function checkBaseWeights(id: string, config: LlamaConfig, weights: Uint8Array): Safetensors {
  const fail = (details: string, cause?: unknown) =>
    new TrainerError('Base model weights do not fit its config.', {
      code: 'TRAINER_BASE_MODEL_INVALID',
      details: `${id}: ${details}`,
      cause,
    })
  let parsed: Safetensors
  try {
    parsed = readSafetensors(weights)
  } catch (cause) {
    throw fail('model.safetensors is not valid safetensors', cause)
  }
  const expected = baseWeightShapes(config)
  for (const [name, shape] of Object.entries(expected)) {
    const tensor = parsed.tensors[name]
    if (!tensor) throw fail(`missing ${name}`)
    if (tensor.dtype !== 'F32') throw fail(`${name} is ${tensor.dtype}, expected F32`)
    if (tensor.shape.join(',') !== shape.join(',')) {
      throw fail(`${name} has shape [${tensor.shape.join(',')}], expected [${shape.join(',')}]`)
    }
  }
  for (const name of Object.keys(parsed.tensors))
    if (!(name in expected)) throw fail(`unexpected tensor ${name}`)
  return parsed
}

async function readLimited(path: string, maxBytes: number): Promise<Uint8Array> {
  try {
    const info = await stat(path)
    if (!info.isFile() || info.size > maxBytes) {
      throw new TrainerError('Base model file is missing or too large.', {
        code: 'TRAINER_BASE_MODEL_INVALID',
        details: `${path}: not a file of at most ${maxBytes} bytes`,
      })
    }
    return new Uint8Array(await readFile(path))
  } catch (cause) {
    if (cause instanceof TrainerError) throw cause
    throw new TrainerError('Base model file cannot be read.', {
      code: 'TRAINER_BASE_MODEL_INVALID',
      details: path,
      cause,
    })
  }
}
