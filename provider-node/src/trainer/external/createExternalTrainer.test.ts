import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rejection } from '@licen/errors/testing'
import { keccak256 } from 'viem'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Example } from '../../dataset/parseExample.js'
import { writeSafetensors } from '../safetensors/writeSafetensors.js'
import type { TrainParameters, TrainProgress } from '../Trainer.js'
import { TrainerError } from '../TrainerError.js'
import { createExternalTrainer, type ExternalTrainerOptions } from './createExternalTrainer.js'

const FAKE = fileURLToPath(new URL('./fixtures/fakeTrainer.mjs', import.meta.url))

const EXAMPLES: Example[] = [
  {
    kind: 'chat',
    messages: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ],
  },
  { kind: 'completion', prompt: 'The sky is', completion: ' blue.' },
  { kind: 'text', text: 'line "with" quotes\nand a newline' },
]

async function* stream(examples: Example[] = EXAMPLES): AsyncGenerator<Example> {
  yield* examples
}

let workDir: string
let record: string
beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'licen-external-test-'))
  record = join(workDir, '..', `${workDir.slice(workDir.lastIndexOf('/') + 1)}-record.json`)
})
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true })
  await rm(record, { force: true })
})

function trainer(
  mode: string,
  options: Partial<ExternalTrainerOptions> = {},
  env: Record<string, string> = {},
) {
  return createExternalTrainer({
    name: 'fake',
    command: process.execPath,
    args: [FAKE],
    workDir,
    env: { FAKE_MODE: mode, FAKE_RECORD: record, ...env },
    killGraceMs: 60_000,
    ...options,
  })
}

function parameters(overrides: Partial<TrainParameters> = {}): TrainParameters {
  return {
    examples: stream(),
    baseModel: { id: 'org/base-7b', path: '/models/base-7b' },
    hyperparameters: { rank: 4, alpha: 8, learningRate: 2e-4 },
    epochs: 3,
    ...overrides,
  }
}

/** The adapter bytes the fake writes for an epoch, rebuilt with our own writer. */
function fakeAdapter(epoch: number, rank = 4): Uint8Array {
  const key = 'base_model.model.model.layers.0.self_attn.q_proj'
  return writeSafetensors(
    {
      [`${key}.lora_A.weight`]: {
        shape: [rank, 2],
        data: Float32Array.from({ length: rank * 2 }, (_, i) => epoch + i / 10),
      },
      [`${key}.lora_B.weight`]: {
        shape: [2, rank],
        data: Float32Array.from({ length: rank * 2 }, (_, i) => -epoch - i / 10),
      },
    },
    { format: 'pt' },
  )
}

describe('createExternalTrainer', () => {
  test('default', async () => {
    const events: TrainProgress[] = []
    const result = await trainer('ok').train(parameters({ onProgress: (event) => events.push(event) }))

    expect(result.stopReason).toBe('completed')
    expect(result.trainer).toBe('fake')
    expect(result.examples).toBe(3)
    expect(result.trainableParameters).toBe(1234)
    expect(
      result.epochs.map(({ epoch, samples, lossMicro, meanLoss, tokens }) => ({
        epoch,
        samples,
        lossMicro,
        meanLoss,
        tokens,
      })),
    ).toEqual([
      { epoch: 1, samples: 3n, lossMicro: 3_000_000n, meanLoss: 3, tokens: 300 },
      { epoch: 2, samples: 3n, lossMicro: 1_500_000n, meanLoss: 1.5, tokens: 300 },
      { epoch: 3, samples: 3n, lossMicro: 1_000_000n, meanLoss: 1, tokens: 300 },
    ])
    expect(result.epochs.map((epoch) => epoch.adapterHash)).toEqual(
      [1, 2, 3].map((epoch) => keccak256(fakeAdapter(epoch))),
    )
    expect(result.adapter?.safetensors).toEqual(fakeAdapter(3))
    expect(JSON.parse(new TextDecoder().decode(result.adapter?.config))).toEqual({
      peft_type: 'LORA',
      r: 4,
      lora_alpha: 8,
    })
    expect(
      events.map((event) => (event.type === 'epoch' ? `epoch ${event.result.epoch}` : event.type)),
    ).toEqual(['start', 'step', 'step', 'epoch 1', 'step', 'step', 'epoch 2', 'step', 'step', 'epoch 3'])
    expect(events[0]).toEqual({ type: 'start', examples: 3, trainableParameters: 1234, device: 'fake' })
    expect(events[1]).toEqual({
      type: 'step',
      epoch: 1,
      step: 1,
      totalSteps: 6,
      loss: 3,
      tokensPerSecond: 1000,
    })
  })

  test('behavior: executor argv, config, normalised dataset, private files, clean environment, cleanup', async () => {
    await trainer('ok', { tokenizer: 'bytes' }).train(parameters({ timeBudgetMs: 60_000, epochs: 1 }))
    const seen = JSON.parse(await readFile(record, 'utf8'))
    const runDir = seen.argv[seen.argv.indexOf('--data_path') + 1].replace(/\/dataset\.jsonl$/, '')
    expect(runDir.startsWith(join(workDir, 'licen-train-'))).toBe(true)
    expect(seen.argv).toEqual([
      '--data_path',
      `${runDir}/dataset.jsonl`,
      '--model_path',
      '/models/base-7b',
      '--config_path',
      `${runDir}/config.json`,
      '--output_dir',
      `${runDir}/output`,
    ])
    expect(seen.config).toEqual({
      licen_protocol: 'licen-trainer/1',
      num_train_epochs: 1,
      learning_rate: 2e-4,
      per_device_train_batch_size: 8,
      max_seq_length: 256,
      lora_r: 4,
      lora_alpha: 8,
      lora_dropout: 0,
      target_modules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
      warmup_ratio: 0.05,
      min_learning_rate_ratio: 0.1,
      max_grad_norm: 1,
      seed: 0,
      max_seconds: 60,
      tokenizer: 'bytes',
    })
    expect(seen.dataset).toBe(
      [
        '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}',
        '{"prompt":"The sky is","completion":" blue."}',
        '{"text":"line \\"with\\" quotes\\nand a newline"}',
        '',
      ].join('\n'),
    )
    expect(seen.modes).toEqual({ data: '600', config: '600', output: '700' })
    expect(seen.env).toEqual(['FAKE_MODE', 'FAKE_RECORD', 'HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE'])
    expect(await readdir(workDir)).toEqual([])
  })

  test('behavior: abort mid-epoch stops the process at once and keeps only finished epochs', async () => {
    const controller = new AbortController()
    const result = await trainer('hang').train(
      parameters({
        signal: controller.signal,
        onProgress: (event) => {
          if (event.type === 'epoch') controller.abort()
        },
      }),
    )
    expect(result.stopReason).toBe('aborted')
    expect(result.epochs.map((epoch) => epoch.epoch)).toEqual([1])
    expect(result.adapter?.safetensors).toEqual(fakeAdapter(1))
    expect(await readdir(workDir)).toEqual([])
  })

  test('behavior: a process that ignores SIGTERM is killed after the grace period', async () => {
    const controller = new AbortController()
    const result = await trainer('ignore-term', { killGraceMs: 200 }).train(
      parameters({
        signal: controller.signal,
        onProgress: (event) => {
          if (event.type === 'epoch') controller.abort()
        },
      }),
    )
    expect(result.stopReason).toBe('aborted')
    expect(result.epochs).toHaveLength(1)
  })

  test('behavior: an already aborted signal starts nothing', async () => {
    const result = await trainer('ok').train(parameters({ signal: AbortSignal.abort() }))
    expect(result).toMatchObject({ stopReason: 'aborted', epochs: [], adapter: undefined, examples: 0 })
    await expect(readFile(record)).rejects.toThrow('ENOENT')
  })

  test('behavior: the time budget ends a run that overruns it, keeping finished epochs', async () => {
    const result = await trainer('hang').train(parameters({ timeBudgetMs: 3000 }))
    expect(result.stopReason).toBe('time_budget')
    expect(result.epochs.map((epoch) => epoch.epoch)).toEqual([1])
  })

  test('behavior: an epoch that cannot fit in the remaining budget is not waited for', async () => {
    // The fake reports 20 s epochs: after the first one, 5 s of budget cannot fit a second.
    const result = await trainer('ok', {}, { FAKE_REPORTED_SECONDS: '20' }).train(
      parameters({ timeBudgetMs: 5000 }),
    )
    expect(result.stopReason).toBe('time_budget')
    expect(result.epochs.map((epoch) => epoch.epoch)).toEqual([1])
  })

  test('behavior: the trainer may stop itself on the budget', async () => {
    const result = await trainer('time-budget').train(parameters())
    expect(result.stopReason).toBe('time_budget')
    expect(result.epochs).toHaveLength(1)
  })

  test('behavior: a process lingering after done is stopped and its result stands', async () => {
    const result = await trainer('linger', { killGraceMs: 100 }).train(parameters({ epochs: 1 }))
    expect(result.stopReason).toBe('completed')
    expect(result.epochs).toHaveLength(1)
  })

  test('behavior: descendants holding stdout open after the process exits are killed', async () => {
    const result = await trainer('orphan', { killGraceMs: 200 }).train(parameters({ epochs: 1 }))
    expect(result.stopReason).toBe('completed')
    expect(await readdir(workDir)).toEqual([])
  })

  test('behavior: stderr goes to onStderr only', async () => {
    let stderr = ''
    const error = await rejection(
      trainer('crash', { onStderr: (text) => (stderr += text) }).train(parameters()),
      TrainerError,
    )
    expect(stderr).toBe('Traceback: secret training text\n')
    expect(error.message).not.toContain('secret')
  })

  test('error: TRAINER_PROCESS_FAILED when the process reports an error', async () => {
    const error = await rejection(trainer('error').train(parameters()), TrainerError)
    expect(error.code).toBe('TRAINER_PROCESS_FAILED')
    expect(error.message).toMatchInlineSnapshot(`
      "The external trainer failed.

      Details: process reported CUDA_OUT_OF_MEMORY"
    `)
  })

  test('error: TRAINER_PROCESS_FAILED when the process dies', async () => {
    const error = await rejection(trainer('crash').train(parameters()), TrainerError)
    expect([error.code, error.details]).toEqual(['TRAINER_PROCESS_FAILED', 'exit code 1'])
  })

  test('error: TRAINER_PROCESS_FAILED when the process exits non-zero after done', async () => {
    const error = await rejection(trainer('exit-after-done').train(parameters({ epochs: 1 })), TrainerError)
    expect([error.code, error.details]).toEqual(['TRAINER_PROCESS_FAILED', 'exit code 2'])
  })

  test('error: TRAINER_PROCESS_FAILED when the command cannot start', async () => {
    const error = await rejection(
      trainer('ok', { command: join(workDir, 'no-such-trainer') }).train(parameters()),
      TrainerError,
    )
    expect(error.code).toBe('TRAINER_PROCESS_FAILED')
    expect(error.shortMessage).toBe('The external trainer could not start.')
  })

  test.each([
    ['malformed', 'stdout line 2: not a JSON line'],
    ['unknown-event', 'stdout line 2: not a protocol event'],
    ['out-of-order', 'stdout line 2: epoch 2 is out of order'],
    ['traversal', 'stdout line 2: not a protocol event'],
    ['no-done', 'exited without a done event'],
  ])('error: TRAINER_PROTOCOL_ERROR (%s)', async (mode, details) => {
    const error = await rejection(trainer(mode).train(parameters()), TrainerError)
    expect([error.code, error.details]).toEqual(['TRAINER_PROTOCOL_ERROR', details])
    expect(await readdir(workDir)).toEqual([])
  })

  test.each([
    [
      'bad-adapter',
      'adapter_model.safetensors holds a non-LoRA tensor model.layers.0.self_attn.q_proj.weight.extra.lora_A.weight',
    ],
    ['bad-config', 'adapter_config.json is not LORA with r 4 and lora_alpha 8'],
  ])('error: TRAINER_ADAPTER_INVALID (%s)', async (mode, details) => {
    const error = await rejection(trainer(mode).train(parameters()), TrainerError)
    expect([error.code, error.details]).toEqual(['TRAINER_ADAPTER_INVALID', details])
  })

  test('error: an exception from onProgress stops the process and rejects', async () => {
    const boom = new Error('observer failed')
    const error = await trainer('hang')
      .train(
        parameters({
          onProgress: (event) => {
            if (event.type === 'epoch') throw boom
          },
        }),
      )
      .catch((e: unknown) => e)
    expect(error).toBe(boom)
  })

  test('error: TRAINER_NO_EXAMPLES', async () => {
    const error = await rejection(trainer('ok').train(parameters({ examples: stream([]) })), TrainerError)
    expect(error.code).toBe('TRAINER_NO_EXAMPLES')
  })

  test('error: TRAINER_INVALID_PARAMETERS', async () => {
    const loaded = {
      id: 'x',
      sha256: '0x00',
      configSha256: '0x00',
      config: {},
      weights: new Uint8Array(),
    } as never
    const cases: Array<[Partial<TrainParameters>, string]> = [
      [{ baseModel: loaded }, 'x'],
      [{ epochs: 0 }, 'epochs: Too small: expected number to be >=1'],
      [{ epochs: 65_536 }, 'epochs: Too big: expected number to be <=65535'],
      [{ timeBudgetMs: 0 }, 'timeBudgetMs: Too small: expected number to be >=1'],
      [{ hyperparameters: { rank: 0 } }, 'rank: Too small: expected number to be >=1'],
      [
        { hyperparameters: { targetModules: ['q_proj', 'q_proj'] } },
        'targetModules: duplicate target module',
      ],
      [{ hyperparameters: { lr: 1 } as never }, '(root): Unrecognized key: "lr"'],
    ]
    for (const [overrides, details] of cases) {
      const error = await rejection(trainer('ok').train(parameters(overrides)), TrainerError)
      expect([error.code, error.details]).toEqual(['TRAINER_INVALID_PARAMETERS', details])
    }
  })
})
