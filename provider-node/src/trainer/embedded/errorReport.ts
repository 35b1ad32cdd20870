import { TrainerError, type TrainerErrorCode } from '../TrainerError.js'

/** A thread's failure as a code and a message that carries no dataset content. */
export function errorReport(error: unknown): { code: TrainerErrorCode; message: string } {
  if (error instanceof TrainerError) return { code: error.code, message: error.message }
  return {
    code: 'TRAINER_WORKER_FAILED',
    message: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error',
  }
}
