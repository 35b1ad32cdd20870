import { z } from 'zod'
import type { Hyperparameters } from '../hyperparameters.js'

/** Version tag of the external trainer protocol; a trainer announces it in its `start` event. */
export const TRAINER_PROTOCOL = 'licen-trainer/1'

/** Longest stdout line accepted from an external trainer, in bytes. */
export const MAX_PROTOCOL_LINE_BYTES = 64 << 10

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const finite = z.number().min(0).max(1e300)

/** One stdout line of an external trainer (see python/PROTOCOL.md). Unknown keys are rejected. */
export const trainerEventSchema = z.discriminatedUnion('event', [
  z.strictObject({
    event: z.literal('start'),
    protocol: z.literal(TRAINER_PROTOCOL),
    examples: count,
    trainable_params: count,
    device: z.string().min(1).max(64),
  }),
  z.strictObject({
    event: z.literal('step'),
    epoch: count.min(1),
    step: count.min(1),
    total_steps: count.min(1),
    loss: finite,
    tokens_per_second: finite,
  }),
  z.strictObject({
    event: z.literal('epoch'),
    epoch: count.min(1),
    samples: count.min(1),
    loss: finite,
    tokens: count,
    seconds: finite,
    adapter_dir: z.string().regex(/^epoch-[1-9][0-9]{0,4}$/),
  }),
  z.strictObject({
    event: z.literal('done'),
    epochs_completed: count,
    stop_reason: z.enum(['completed', 'time_budget']),
  }),
  z.strictObject({
    event: z.literal('error'),
    code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/),
  }),
])

/** A parsed external trainer event. */
export type TrainerEvent = z.infer<typeof trainerEventSchema>

/** Contents of the `--config_path` file: 0G executor / Hugging Face names where they exist. */
export type ExternalTrainerConfig = {
  licen_protocol: typeof TRAINER_PROTOCOL
  num_train_epochs: number
  learning_rate: number
  per_device_train_batch_size: number
  max_seq_length: number
  lora_r: number
  lora_alpha: number
  lora_dropout: number
  target_modules: string[]
  warmup_ratio: number
  min_learning_rate_ratio: number
  max_grad_norm: number
  seed: number
  /** Seconds the trainer may spend before it stops at an epoch boundary with `time_budget`. */
  max_seconds: number | null
  /** `hf`: the base model's own tokenizer and chat template; `bytes`: the embedded byte template. */
  tokenizer: 'hf' | 'bytes'
}

/** Builds the trainer config file's contents from validated hyperparameters. */
export function buildExternalConfig(
  hyperparameters: Hyperparameters,
  epochs: number,
  timeBudgetMs: number | undefined,
  tokenizer: 'hf' | 'bytes',
): ExternalTrainerConfig {
  return {
    licen_protocol: TRAINER_PROTOCOL,
    num_train_epochs: epochs,
    learning_rate: hyperparameters.learningRate,
    per_device_train_batch_size: hyperparameters.batchSize,
    max_seq_length: hyperparameters.maxSeqLen,
    lora_r: hyperparameters.rank,
    lora_alpha: hyperparameters.alpha,
    lora_dropout: hyperparameters.dropout,
    target_modules: [...hyperparameters.targetModules],
    warmup_ratio: hyperparameters.warmupRatio,
    min_learning_rate_ratio: hyperparameters.minLearningRateRatio,
    max_grad_norm: hyperparameters.maxGradNorm,
    seed: hyperparameters.seed,
    max_seconds: timeBudgetMs === undefined ? null : timeBudgetMs / 1000,
    tokenizer,
  }
}
