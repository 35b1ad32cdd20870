import { join } from 'node:path'
import type { Hex } from 'viem'
import { BaseError } from '../errors.js'
import type { BaseModelRef } from '../trainer/Trainer.js'
import { hashFile } from './hashFile.js'

/**
 * Hashes a base model's `model.safetensors` and `config.json` and checks them against the hashes the reference
 * pins (failing fast with `BASE_MODEL_MISMATCH` rather than at the first job).
 */
export async function readBaseModelIdentity(
  ref: BaseModelRef,
): Promise<{ id: string; sha256: Hex; configSha256: Hex }> {
  let sha256: Hex
  let configSha256: Hex
  try {
    sha256 = await hashFile(join(ref.path, 'model.safetensors'))
    configSha256 = await hashFile(join(ref.path, 'config.json'))
  } catch (cause) {
    throw new BaseError('The base model files cannot be read.', {
      code: 'BASE_MODEL_UNREADABLE',
      details: ref.id,
      cause,
    })
  }
  const pinned = [
    ['model.safetensors', ref.sha256, sha256],
    ['config.json', ref.configSha256, configSha256],
  ] as const
  for (const [file, expected, actual] of pinned) {
    if (expected !== undefined && expected.toLowerCase() !== actual) {
      throw new BaseError('The base model does not match its pinned hash.', {
        code: 'BASE_MODEL_MISMATCH',
        details: `${ref.id} ${file}: sha256 ${actual}, expected ${expected}`,
      })
    }
  }
  return { id: ref.id, sha256, configSha256 }
}
