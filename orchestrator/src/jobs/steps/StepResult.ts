import type { JobRow } from '../../db/jobRow.js'

/** What a step came to: the row moved on (continue at once), or the job waits `waitMs` before its next step. */
export type StepResult = { row: JobRow; waitMs?: undefined } | { row: JobRow; waitMs: number }
