import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { jsonlBytes, syntheticJsonl } from '@licen/synthetic-data'
import { describe, expect, test } from 'vitest'
import type { Example } from '../../dataset/parseExample.js'
import { readExamples } from '../../dataset/readExamples.js'
import { tokenizeExample } from '../embedded/byteTokenizer.js'
import { EMBEDDED_BASE_MODEL } from '../embedded/embeddedBaseModel.js'
import { learningRateAt } from '../embedded/learningRate.js'
import { hyperparametersSchema } from '../hyperparameters.js'
import { createExternalTrainer } from './createExternalTrainer.js'
import { buildExternalConfig } from './protocol.js'
import { exampleToJson } from './writeExamplesFile.js'

const PYTHON_DIR = fileURLToPath(new URL('../../../python/', import.meta.url))
const SCRIPT = join(PYTHON_DIR, 'licen_train.py')

const hasPython = spawnSync('python3', ['--version']).status === 0
const hasTorch = hasPython && spawnSync('python3', ['-c', 'import torch, peft, transformers']).status === 0

/** Runs Python code with licen_train importable (no torch needed), `payload` as JSON in `arg`; parses its JSON output. */
function python(code: string, payload: unknown = null): unknown {
  const prelude =
    'import sys, json\nsys.path.insert(0, sys.argv[1])\nimport licen_train\narg = json.loads(sys.argv[2])\n'
  const run = spawnSync('python3', ['-c', `${prelude}${code}`, PYTHON_DIR, JSON.stringify(payload)], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  })
  if (run.status !== 0) throw new Error(run.stderr)
  return JSON.parse(run.stdout)
}

const EXAMPLES: Example[] = [
  {
    kind: 'chat',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Capital of Perú?' },
      { role: 'assistant', content: 'Lima — 🇵🇪' },
    ],
  },
  { kind: 'completion', prompt: 'The sky is', completion: ' blue.' },
  { kind: 'text', text: 'plain\ntext' },
]

describe.skipIf(!hasPython)('python/licen_train.py without torch (data handling, config, schedule)', () => {
  test('default', () => {
    // The byte template must match the embedded trainer token for token.
    const lines = EXAMPLES.map(exampleToJson)
    const fromPython = python(
      'print(json.dumps([licen_train.tokenize_bytes(licen_train.normalize(json.loads(l)), 24) for l in arg]))',
      lines,
    )
    const fromTs = EXAMPLES.map((example) => {
      const tokenized = tokenizeExample(example, 24)
      return [Array.from(tokenized.ids), Array.from(tokenized.learned)]
    })
    expect(fromPython).toEqual(fromTs)
  })

  test('behavior: reads the config file the node writes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licen-py-config-'))
    try {
      const config = buildExternalConfig(
        hyperparametersSchema.parse({ rank: 4, alpha: 8, learningRate: 3e-4 }),
        2,
        90_000,
        'bytes',
      )
      await writeFile(join(dir, 'config.json'), JSON.stringify(config))
      expect(python('print(json.dumps(licen_train.load_config(arg)))', join(dir, 'config.json'))).toEqual({
        epochs: 2,
        learning_rate: 3e-4,
        batch_size: 8,
        grad_accumulation: 1,
        max_seq_len: 256,
        lora_r: 4,
        lora_alpha: 8,
        lora_dropout: 0,
        target_modules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
        warmup_ratio: 0.05,
        min_lr_ratio: 0.1,
        max_grad_norm: 1,
        seed: 0,
        max_seconds: 90,
        tokenizer: 'bytes',
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('behavior: same learning-rate schedule as the embedded trainer', () => {
    const steps = [0, 3, 4, 10, 50, 99, 100]
    const fromPython = python(
      'print(json.dumps([licen_train.learning_rate_at(s, 100, 0.01, 0.05, 0.1) for s in arg]))',
      steps,
    ) as number[]
    const fromTs = steps.map((step) =>
      learningRateAt(step, { peak: 0.01, totalSteps: 100, warmupRatio: 0.05, minRatio: 0.1 }),
    )
    for (const [i, value] of fromPython.entries()) expect(value).toBeCloseTo(fromTs[i]!, 15)
  })

  test('error: a config out of range is reported as INVALID_CONFIG on the protocol', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licen-py-bad-'))
    try {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ num_train_epochs: 0 }))
      await writeFile(join(dir, 'data.jsonl'), '{"text":"x"}\n')
      const run = spawnSync(
        'python3',
        [
          SCRIPT,
          '--data_path',
          join(dir, 'data.jsonl'),
          '--model_path',
          dir,
          '--config_path',
          join(dir, 'config.json'),
          '--output_dir',
          dir,
        ],
        { encoding: 'utf8' },
      )
      expect(run.status).toBe(1)
      expect(run.stdout).toBe('{"event":"error","code":"INVALID_CONFIG"}\n')
      expect(run.stderr).toBe('licen_train: INVALID_CONFIG: num_train_epochs is out of range\n')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe.skipIf(!hasTorch)(
  'python/licen_train.py with torch + peft (skipped: `python3 -c "import torch, peft"` fails here)',
  () => {
    test('default', async () => {
      const workDir = await mkdtemp(join(tmpdir(), 'licen-py-train-'))
      try {
        const trainer = createExternalTrainer({
          name: 'python-peft',
          command: 'python3',
          args: [SCRIPT],
          workDir,
          env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: workDir },
          tokenizer: 'bytes',
        })
        const result = await trainer.train({
          examples: readExamples(jsonlBytes(syntheticJsonl(64))),
          baseModel: EMBEDDED_BASE_MODEL,
          hyperparameters: { rank: 4, alpha: 8, learningRate: 1e-2, maxSeqLen: 128 },
          epochs: 3,
        })
        expect(result.stopReason).toBe('completed')
        expect(result.epochs.map((epoch) => epoch.epoch)).toEqual([1, 2, 3])
        expect(result.epochs[2]!.meanLoss).toBeLessThan(result.epochs[0]!.meanLoss)
        expect(await readdir(workDir)).toEqual([])
      } finally {
        await rm(workDir, { recursive: true, force: true })
      }
    }, 300_000)
  },
)
