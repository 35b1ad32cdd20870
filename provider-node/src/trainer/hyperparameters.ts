import { z } from 'zod'
import { LLAMA_PROJECTIONS } from './embedded/llamaConfig.js'

/**
 * LoRA fine-tuning hyperparameters with their bounds. Defaults suit the embedded tiny model; the external trainer
 * takes the same fields (a GPU provider usually lowers `learningRate` to about 2e-4).
 */
export const hyperparametersSchema = z.strictObject({
  /** LoRA rank r. */
  rank: z.number().int().min(1).max(256).default(8),
  /** LoRA alpha; the update is scaled by alpha / r. */
  alpha: z.number().positive().max(4096).default(16),
  /** LoRA dropout (the embedded trainer supports 0 only). */
  dropout: z.number().min(0).max(0.9).default(0),
  /** Projections that get an adapter, in every layer. */
  targetModules: z
    .array(z.enum(LLAMA_PROJECTIONS))
    .min(1)
    .refine((modules) => new Set(modules).size === modules.length, { message: 'duplicate target module' })
    .default([...LLAMA_PROJECTIONS]),
  /** Peak learning rate (Adam). */
  learningRate: z.number().positive().max(1).default(1e-2),
  /** Fraction of all steps spent in linear warmup. */
  warmupRatio: z.number().min(0).max(0.5).default(0.05),
  /** Final learning rate of the cosine decay, as a fraction of the peak. */
  minLearningRateRatio: z.number().min(0).max(1).default(0.1),
  /** Global gradient-norm clip (0 disables clipping). */
  maxGradNorm: z.number().min(0).max(1e6).default(1),
  /** Examples per optimizer step. */
  batchSize: z.number().int().min(1).max(1024).default(8),
  /** Tokens kept per example (longer ones are truncated). */
  maxSeqLen: z.number().int().min(8).max(131_072).default(256),
  /** Seed of adapter init and data order. */
  seed: z.number().int().min(0).max(0xffff_ffff).default(0),
})

/** Hyperparameters as a caller may give them (every field optional). */
export type HyperparametersInput = z.input<typeof hyperparametersSchema>

/** Hyperparameters with every default applied. */
export type Hyperparameters = z.output<typeof hyperparametersSchema>
