import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { rejection } from '@licen/errors/testing'
import { jsonlBytes, syntheticJsonl } from '@licen/synthetic-data'
import { keccak256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { DatasetError } from '../../dataset/DatasetError.js'
import type { Example } from '../../dataset/parseExample.js'
import { readExamples } from '../../dataset/readExamples.js'
import { buildAdapterConfig } from '../adapterConfig.js'
import { loadBaseModel } from '../baseModel.js'
import { hyperparametersSchema } from '../hyperparameters.js'
import { readSafetensors, tensorToFloat32 } from '../safetensors/readSafetensors.js'
import type { TrainParameters, TrainProgress } from '../Trainer.js'
import { TrainerError } from '../TrainerError.js'
import { createEmbeddedTrainer } from './createEmbeddedTrainer.js'
import { EMBEDDED_BASE_MODEL, EMBEDDED_BASE_MODEL_ID } from './embeddedBaseModel.js'

const trainer = createEmbeddedTrainer()
const small = {
  rank: 4,
  alpha: 8,
  maxSeqLen: 128,
  targetModules: ['q_proj', 'v_proj', 'up_proj', 'down_proj'] as const,
}

function parameters(overrides: Partial<TrainParameters> = {}, examples = 64): TrainParameters {
  return {
    examples: readExamples(jsonlBytes(syntheticJsonl(examples))),
    baseModel: EMBEDDED_BASE_MODEL,
    hyperparameters: { ...small, targetModules: [...small.targetModules] },
    epochs: 3,
    ...overrides,
  }
}

describe('createEmbeddedTrainer', () => {
  test('default', async () => {
    const events: TrainProgress[] = []
    const result = await trainer.train(parameters({ onProgress: (event) => events.push(event) }))

    expect(result.stopReason).toBe('completed')
    expect(result.trainer).toBe('embedded-wasm-simd')
    expect([result.examples, result.epochsRequested, result.epochs.length]).toEqual([64, 3, 3])
    // 2 layers × (q, v: 4×64 + 64×4; up: 4×64 + 176×4; down: 4×176 + 64×4).
    expect(result.trainableParameters).toBe(2 * (512 + 512 + 960 + 960))
    const losses = result.epochs.map((epoch) => epoch.meanLoss)
    expect(losses[1]!).toBeLessThan(losses[0]!)
    expect(losses[2]!).toBeLessThan(losses[1]!)
    expect(losses[2]!).toBeLessThan(0.8 * losses[0]!)
    for (const epoch of result.epochs) {
      expect(epoch.samples).toBe(64n)
      expect(epoch.lossMicro).toBe(BigInt(Math.round(epoch.meanLoss * 1e6)))
    }
    expect(new Set(result.epochs.map((epoch) => epoch.adapterHash)).size).toBe(3)
    expect(result.epochs[2]!.adapterHash).toBe(keccak256(result.adapter!.safetensors))
    expect(result.adapter!.config).toEqual(
      buildAdapterConfig(
        EMBEDDED_BASE_MODEL_ID,
        hyperparametersSchema.parse({ ...small, targetModules: [...small.targetModules] }),
      ),
    )
    const kinds = events.map((event) => event.type)
    expect(kinds[0]).toBe('start')
    expect(kinds.filter((kind) => kind === 'step')).toHaveLength(3 * 8)
    expect(events.filter((event) => event.type === 'epoch').map((event) => event.result)).toEqual(
      result.epochs,
    )
    expect(events[0]).toEqual({ type: 'start', examples: 64, trainableParameters: 5888, device: 'cpu-wasm' })
  })

  test('behavior: the adapter is PEFT-layout safetensors (header, dtype, key names, shapes)', async () => {
    const result = await trainer.train(parameters({ epochs: 1 }, 16))
    const bytes = result.adapter!.safetensors
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true))
    expect(headerLength % 8).toBe(0)
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)))
    expect(Object.keys(header)[0]).toBe('__metadata__')
    const parsed = readSafetensors(bytes)
    expect(parsed.metadata).toEqual({ format: 'pt' })
    const shapes = Object.fromEntries(
      Object.entries(parsed.tensors).map(([name, tensor]) => [
        name,
        `${tensor.dtype} ${tensor.shape.join('x')}`,
      ]),
    )
    const expected: Record<string, string> = {}
    for (const layer of [0, 1]) {
      const prefix = `base_model.model.model.layers.${layer}`
      Object.assign(expected, {
        [`${prefix}.self_attn.q_proj.lora_A.weight`]: 'F32 4x64',
        [`${prefix}.self_attn.q_proj.lora_B.weight`]: 'F32 64x4',
        [`${prefix}.self_attn.v_proj.lora_A.weight`]: 'F32 4x64',
        [`${prefix}.self_attn.v_proj.lora_B.weight`]: 'F32 64x4',
        [`${prefix}.mlp.up_proj.lora_A.weight`]: 'F32 4x64',
        [`${prefix}.mlp.up_proj.lora_B.weight`]: 'F32 176x4',
        [`${prefix}.mlp.down_proj.lora_A.weight`]: 'F32 4x176',
        [`${prefix}.mlp.down_proj.lora_B.weight`]: 'F32 64x4',
      })
    }
    expect(shapes).toEqual(expected)
    // Training moved B away from its zero init.
    const b = tensorToFloat32(
      'b',
      parsed.tensors['base_model.model.model.layers.1.mlp.down_proj.lora_B.weight']!,
    )
    expect(b.some((value) => value !== 0)).toBe(true)
  })

  test('behavior: deterministic given the seed (adapter hashes), different for another seed', async () => {
    const run = async (seed: number) =>
      (
        await trainer.train(
          parameters({ epochs: 2, hyperparameters: { ...small, targetModules: ['q_proj'], seed } }, 16),
        )
      ).epochs.map((epoch) => epoch.adapterHash)
    const first = await run(1)
    expect(await run(1)).toEqual(first)
    expect(await run(2)).not.toEqual(first)
  })

  test('behavior: one, two or three threads train the same adapter, bit for bit', async () => {
    const run = async (threads: number) =>
      (await createEmbeddedTrainer({ threads }).train(parameters({ epochs: 2 }, 40))).epochs.map((epoch) => [
        epoch.adapterHash,
        epoch.lossMicro,
      ])
    const one = await run(1)
    expect(await run(2)).toEqual(one)
    expect(await run(3)).toEqual(one)
  })

  test('behavior: abort mid-epoch stops and keeps only finished epochs, with the last finished adapter', async () => {
    const controller = new AbortController()
    let stepsAfterAbort = 0
    const result = await trainer.train(
      parameters({
        epochs: 20,
        signal: controller.signal,
        onProgress: (event) => {
          if (controller.signal.aborted) stepsAfterAbort++
          else if (event.type === 'step' && event.epoch === 2 && event.step === 10) controller.abort()
        },
      }),
    )
    expect(result.stopReason).toBe('aborted')
    expect(result.epochs.map((epoch) => epoch.epoch)).toEqual([1])
    expect(keccak256(result.adapter!.safetensors)).toBe(result.epochs[0]!.adapterHash)
    expect(stepsAfterAbort).toBe(0)
  })

  test('behavior: an already aborted signal reads nothing and trains nothing', async () => {
    const result = await trainer.train(parameters({ signal: AbortSignal.abort() }))
    expect(result).toMatchObject({ stopReason: 'aborted', epochs: [], adapter: undefined, examples: 0 })
  })

  test('behavior: the time budget stops the run with whole epochs only', async () => {
    const result = await trainer.train(parameters({ epochs: 1000, timeBudgetMs: 8000 }, 32))
    expect(result.stopReason).toBe('time_budget')
    expect(result.epochs.length).toBeLessThan(1000)
    expect(result.epochs.map((epoch) => epoch.epoch)).toEqual(result.epochs.map((_, i) => i + 1))
    if (result.epochs.length > 0)
      expect(keccak256(result.adapter!.safetensors)).toBe(result.epochs.at(-1)!.adapterHash)
    else expect(result.adapter).toBeUndefined()
  })

  test('behavior: a budget spent before training yields no epoch', async () => {
    async function* slow(): AsyncGenerator<Example> {
      await new Promise((resolve) => setTimeout(resolve, 200))
      yield { kind: 'text', text: 'late' }
    }
    const result = await trainer.train(parameters({ examples: slow(), timeBudgetMs: 50 }))
    expect(result).toMatchObject({ stopReason: 'time_budget', epochs: [], adapter: undefined })
  })

  test('behavior: the worker also runs when the parent runs under tsx', () => {
    const script = fileURLToPath(new URL('./fixtures/trainUnderTsx.ts', import.meta.url))
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(child.status).toBe(0)
    expect(JSON.parse(child.stdout)).toEqual({ stopReason: 'completed', epochs: 1, examples: 16 })
  })

  test('error: a failing example stream rejects with its own error', async () => {
    const error = await trainer
      .train(parameters({ examples: readExamples(jsonlBytes('not json\n')) }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatasetError)
    expect((error as DatasetError).code).toBe('DATASET_NOT_TRAINABLE')
  })

  test('error: an exception from onProgress rejects train', async () => {
    const boom = new Error('observer failed')
    const error = await trainer
      .train(
        parameters({
          onProgress: (event) => {
            if (event.type === 'step') throw boom
          },
        }),
      )
      .catch((e: unknown) => e)
    expect(error).toBe(boom)
  })

  test('error: TRAINER_NO_EXAMPLES', async () => {
    async function* none(): AsyncGenerator<Example> {}
    const error = await rejection(trainer.train(parameters({ examples: none() })), TrainerError)
    expect(error.code).toBe('TRAINER_NO_EXAMPLES')
  })

  test('error: TRAINER_INVALID_PARAMETERS', async () => {
    const cases: Array<[Partial<TrainParameters>, string]> = [
      [{ hyperparameters: { dropout: 0.1 } }, 'dropout 0.1, expected 0'],
      [{ hyperparameters: { maxSeqLen: 512 } }, 'maxSeqLen 512 > max_position_embeddings 256'],
      [{ epochs: 1.5 }, 'epochs: Invalid input: expected int, received number'],
    ]
    for (const [overrides, details] of cases) {
      const error = await rejection(trainer.train(parameters(overrides)), TrainerError)
      expect([error.code, error.details]).toEqual(['TRAINER_INVALID_PARAMETERS', details])
    }
  })

  test('error: TRAINER_INVALID_PARAMETERS for a thread count out of range', () => {
    for (const threads of [0, 17, 1.5]) {
      const error = (() => {
        try {
          createEmbeddedTrainer({ threads })
        } catch (e) {
          return e as TrainerError
        }
      })()
      expect([error?.code, error?.details]).toEqual(['TRAINER_INVALID_PARAMETERS', `threads ${threads}`])
    }
  })

  test('error: TRAINER_BASE_MODEL_MISMATCH', async () => {
    const wrong = `0x${'11'.repeat(32)}` as const
    const error = await rejection(
      trainer.train(parameters({ baseModel: { ...EMBEDDED_BASE_MODEL, sha256: wrong } })),
      TrainerError,
    )
    expect(error.code).toBe('TRAINER_BASE_MODEL_MISMATCH')
  })

  test('error: TRAINER_BASE_MODEL_INVALID for a loaded model whose weights do not fit its config', async () => {
    const loaded = await loadBaseModel(EMBEDDED_BASE_MODEL)
    const error = await rejection(
      trainer.train(parameters({ baseModel: { ...loaded, config: { ...loaded.config, hidden_size: 32 } } })),
      TrainerError,
    )
    expect([error.code, error.details]).toEqual([
      'TRAINER_BASE_MODEL_INVALID',
      `${EMBEDDED_BASE_MODEL_ID}: model.embed_tokens.weight has shape [264,64], expected [264,32]`,
    ])
  })
})
