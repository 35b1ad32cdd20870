import { z } from 'zod'
import { type Hyperparameters, hyperparametersSchema } from './hyperparameters.js'
import type { TrainParameters } from './Trainer.js'
import { TrainerError } from './TrainerError.js'

/** Longest time budget accepted: 7 days. */
export const MAX_TIME_BUDGET_MS = 7 * 24 * 3600 * 1000

const runSchema = z.object({
  epochs: z.number().int().min(1).max(65_535),
  timeBudgetMs: z.number().int().min(1).max(MAX_TIME_BUDGET_MS).optional(),
})

/** Validates a run's epochs, time budget and hyperparameters (defaults applied); throws TRAINER_INVALID_PARAMETERS. */
export function parseTrainParameters(
  parameters: Pick<TrainParameters, 'epochs' | 'timeBudgetMs' | 'hyperparameters'>,
): {
  epochs: number
  timeBudgetMs: number | undefined
  hyperparameters: Hyperparameters
} {
  const run = runSchema.safeParse({ epochs: parameters.epochs, timeBudgetMs: parameters.timeBudgetMs })
  const hyperparameters = hyperparametersSchema.safeParse(parameters.hyperparameters ?? {})
  const issues = [...(run.error?.issues ?? []), ...(hyperparameters.error?.issues ?? [])]
  if (!run.success || !hyperparameters.success) {
    throw new TrainerError('Training parameters are out of range.', {
      code: 'TRAINER_INVALID_PARAMETERS',
      details: issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '),
    })
  }
  return {
    epochs: run.data.epochs,
    timeBudgetMs: run.data.timeBudgetMs,
    hyperparameters: hyperparameters.data,
  }
}
