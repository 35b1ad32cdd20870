import { lstat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseJsonOrThrow } from '@licen/errors'
import type { Hyperparameters } from '../hyperparameters.js'
import { readSafetensors } from '../safetensors/readSafetensors.js'
import type { AdapterFiles } from '../Trainer.js'
import { TrainerError } from '../TrainerError.js'

/** Largest `adapter_config.json` accepted. */
const MAX_ADAPTER_CONFIG_BYTES = 64 << 10

const LORA_KEY = /^base_model\.model\..+\.lora_[AB]\.weight$/

/**
 * Reads and checks the PEFT adapter an external trainer wrote for one epoch: regular files only, bounded sizes,
 * valid safetensors holding only LoRA tensors, and a LORA config whose rank and alpha are the requested ones.
 */
export async function readEpochAdapter(
  dir: string,
  hyperparameters: Pick<Hyperparameters, 'rank' | 'alpha'>,
  maxAdapterBytes: number,
): Promise<AdapterFiles> {
  const fail = (details: string, cause?: unknown) =>
    new TrainerError('The external trainer wrote an invalid adapter.', {
      code: 'TRAINER_ADAPTER_INVALID',
      details,
      cause,
    })
  const safetensors = await readRegularFile(join(dir, 'adapter_model.safetensors'), maxAdapterBytes, fail)
  const config = await readRegularFile(join(dir, 'adapter_config.json'), MAX_ADAPTER_CONFIG_BYTES, fail)
  let parsed: ReturnType<typeof readSafetensors>
  try {
    parsed = readSafetensors(safetensors)
  } catch (cause) {
    throw fail('adapter_model.safetensors is not valid safetensors', cause)
  }
  const names = Object.keys(parsed.tensors)
  if (names.length === 0) throw fail('adapter_model.safetensors holds no tensor')
  const foreign = names.find((name) => !LORA_KEY.test(name))
  if (foreign !== undefined) throw fail(`adapter_model.safetensors holds a non-LoRA tensor ${foreign}`)
  const json = parseJsonOrThrow(config, (cause) => fail('adapter_config.json is not JSON', cause))
  const { peft_type: type, r, lora_alpha: alpha } = (json ?? {}) as Record<string, unknown>
  if (type !== 'LORA' || r !== hyperparameters.rank || alpha !== hyperparameters.alpha) {
    throw fail(
      `adapter_config.json is not LORA with r ${hyperparameters.rank} and lora_alpha ${hyperparameters.alpha}`,
    )
  }
  return { safetensors, config }
}

async function readRegularFile(
  path: string,
  maxBytes: number,
  fail: (details: string, cause?: unknown) => TrainerError,
): Promise<Uint8Array> {
  const name = path.slice(path.lastIndexOf('/') + 1)
  let info: Awaited<ReturnType<typeof lstat>>
  try {
    info = await lstat(path)
  } catch (cause) {
    throw fail(`${name} is missing`, cause)
  }
  if (!info.isFile()) throw fail(`${name} is not a regular file`)
  if (info.size > maxBytes) throw fail(`${name} is larger than ${maxBytes} bytes`)
  return new Uint8Array(await readFile(path))
}
