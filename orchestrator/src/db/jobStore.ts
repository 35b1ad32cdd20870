import type { Hex } from 'viem'
import { OrchestratorError } from '../errors.js'
import type { Database } from './Database.js'
import { type JobPatch, type JobRow, type JobStage, jobColumns, patchColumns, toJobRow } from './jobRow.js'

/** One entry of the step log: recorded before (`begin`) and after (`end`) each side effect. */
export type StepEvent = {
  step: string
  phase: 'begin' | 'end' | 'error'
  detail?: Record<string, unknown> | undefined
}

/** A job id found by discovery, with the block of its AccessGranted event when known. */
export type DiscoveredJob = { jobId: bigint; grantedBlock?: bigint | undefined }

/** A logged step, as read back. */
export type StoredStepEvent = StepEvent & { jobId: bigint; instance: string; at: number }

export type TransitionOptions = {
  /** A fresh nonce to burn in the same statement (unique: a reused nonce fails the transition). */
  nonce?: Hex | undefined
  /** Stamp `running_at` (grant → Running latency). */
  running?: boolean | undefined
}

/** The job table, step log, nonces and discovery state of one orchestrator instance. */
export type JobStore = {
  /** Inserts newly discovered jobs (known ones are left as they are); returns the ids inserted. */
  insertDiscovered: (jobs: readonly DiscoveredJob[]) => Promise<bigint[]>
  /** Claims up to `limit` due, unleased, unfinished rows for this instance (`FOR UPDATE SKIP LOCKED`). */
  claim: (limit: number, exclude: readonly bigint[]) => Promise<JobRow[]>
  /**
   * Moves a row this instance holds from its current stage to `to` with `patch`, logs `events` and renews the
   * lease, all in one statement. Throws `LEASE_LOST` when the row is no longer this instance's at that stage.
   */
  transition: (
    row: JobRow,
    to: JobStage,
    patch: JobPatch,
    events: readonly StepEvent[],
    options?: TransitionOptions,
  ) => Promise<JobRow>
  /** Records a transient failure; returns how long (ms, database clock) the row has been retrying. */
  noteRetry: (row: JobRow, error: string) => Promise<number>
  /** Records that the job's provider did not answer; returns for how long (ms) it has not. */
  noteUnreachable: (row: JobRow, error: string) => Promise<number>
  /** Records that the provider answered (clears the unreachable mark). */
  noteReachable: (row: JobRow) => Promise<void>
  /** Gives the row back (no lease) to be claimed again after `delayMs`. */
  release: (jobId: bigint, delayMs: number) => Promise<void>
  /**
   * Gives back every lease held under this instance's name, for a process restarting under a configured, stable
   * instance id (its previous incarnation is dead). Returns how many rows it freed.
   */
  releaseOwn: () => Promise<number>
  /** Extends this instance's leases on the rows it is working on; returns how many it still holds. */
  renewLeases: (jobIds: readonly bigint[]) => Promise<number>
  get: (jobId: bigint) => Promise<JobRow | undefined>
  /** Row counts per stage (and per outcome for `done`). */
  stageCounts: () => Promise<{ stage: string; outcome: string | null; count: number }[]>
  events: (jobId?: bigint) => Promise<StoredStepEvent[]>
  getState: (key: string) => Promise<string | undefined>
  setState: (key: string, value: string) => Promise<void>
}

export type CreateJobStoreParameters = {
  db: Database
  /** This instance's name (lease owner, step log). */
  instance: string
  leaseSeconds: number
}

/** Creates the job store over an opened, migrated database. */
export function createJobStore(parameters: CreateJobStoreParameters): JobStore {
  const { db, instance, leaseSeconds } = parameters
  const lost = (row: JobRow, to: string) =>
    new OrchestratorError('This instance no longer holds the job.', {
      code: 'LEASE_LOST',
      details: `job ${row.jobId} (${row.stage} → ${to})`,
    })

  return {
    async insertDiscovered(jobs) {
      if (jobs.length === 0) return []
      const rows = await db.query<{ job_id: string }>(
        `INSERT INTO orchestrator_jobs (job_id, granted_block, stage)
         SELECT id::numeric, nullif(block, '')::numeric, 'discovered'
         FROM unnest($1::text[], $2::text[]) AS found(id, block)
         ON CONFLICT (job_id) DO NOTHING RETURNING job_id::text AS job_id`,
        [
          jobs.map((job) => String(job.jobId)),
          jobs.map((job) => (job.grantedBlock === undefined ? '' : String(job.grantedBlock))),
        ],
      )
      return rows.map((row) => BigInt(row.job_id))
    },

    async claim(limit, exclude) {
      const rows = await db.query(
        `UPDATE orchestrator_jobs j
         SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
         FROM (
           SELECT job_id AS due_id FROM orchestrator_jobs
           WHERE stage <> 'done' AND next_attempt_at <= now()
             AND (lease_until IS NULL OR lease_until < now())
             AND NOT (job_id = ANY($4::numeric[]))
           ORDER BY next_attempt_at, job_id
           LIMIT $3
           FOR UPDATE SKIP LOCKED
         ) due
         WHERE j.job_id = due.due_id
         RETURNING ${jobColumns}`,
        [instance, leaseSeconds, limit, exclude.map(String)],
      )
      return rows.map(toJobRow)
    },

    async transition(row, to, patch, events, options = {}) {
      const values: unknown[] = [String(row.jobId), instance, row.stage, to, leaseSeconds]
      const sets = [
        'stage = $4',
        'lease_until = now() + make_interval(secs => $5)',
        'updated_at = now()',
        // Retry clocks run on while a step re-enters its own stage (a re-attest), and restart on progress.
        'retry_since = CASE WHEN $4 = $3 THEN retry_since END',
        'provider_unreachable_since = CASE WHEN $4 = $3 THEN provider_unreachable_since END',
      ]
      for (const [field, value] of Object.entries(patch)) {
        const column = patchColumns[field as keyof typeof patchColumns]
        if (!column) continue
        values.push(column[1] === 'jsonb' && value !== null ? JSON.stringify(value) : value)
        sets.push(`${column[0]} = $${values.length}::${column[1]}`)
      }
      if (to === 'done') sets.push('done_at = now()')
      if (options.running) sets.push('running_at = now()')
      values.push(JSON.stringify(events.map((e) => ({ ...e, detail: e.detail ?? null }))))
      const eventsParameter = `$${values.length}`
      let nonceCte = ''
      if (options.nonce !== undefined) {
        values.push(options.nonce.toLowerCase())
        nonceCte = `, burnt AS (INSERT INTO orchestrator_nonces (nonce, job_id, instance)
          SELECT $${values.length}, job_id, $2 FROM moved RETURNING 1)`
      }
      const rows = await db.query(
        `WITH moved AS (
           UPDATE orchestrator_jobs SET ${sets.join(', ')}
           WHERE job_id = $1::numeric AND lease_owner = $2 AND stage = $3
           RETURNING *
         ), logged AS (
           INSERT INTO orchestrator_job_events (job_id, step, phase, instance, detail)
           SELECT moved.job_id, e.step, e.phase, $2, e.detail
           FROM moved CROSS JOIN jsonb_to_recordset(${eventsParameter}::jsonb) AS e(step text, phase text, detail jsonb)
           RETURNING 1
         )${nonceCte}
         SELECT ${jobColumns} FROM moved`,
        values,
      )
      const moved = rows[0]
      if (!moved) throw lost(row, to)
      return toJobRow(moved)
    },

    async noteRetry(row, error) {
      const rows = await db.query<{ elapsed: number }>(
        `UPDATE orchestrator_jobs
         SET retry_since = coalesce(retry_since, now()), last_error = $3, attempts = attempts + 1,
             updated_at = now()
         WHERE job_id = $1::numeric AND lease_owner = $2
         RETURNING (extract(epoch FROM now() - retry_since) * 1000)::float8 AS elapsed`,
        [String(row.jobId), instance, error.slice(0, 500)],
      )
      if (!rows[0]) throw lost(row, row.stage)
      return Number(rows[0].elapsed)
    },

    async noteUnreachable(row, error) {
      const rows = await db.query<{ elapsed: number }>(
        `UPDATE orchestrator_jobs
         SET provider_unreachable_since = coalesce(provider_unreachable_since, now()), last_error = $3,
             updated_at = now()
         WHERE job_id = $1::numeric AND lease_owner = $2
         RETURNING (extract(epoch FROM now() - provider_unreachable_since) * 1000)::float8 AS elapsed`,
        [String(row.jobId), instance, error.slice(0, 500)],
      )
      if (!rows[0]) throw lost(row, row.stage)
      return Number(rows[0].elapsed)
    },

    async noteReachable(row) {
      if (row.providerUnreachableSince === null) return
      await db.query(
        `UPDATE orchestrator_jobs SET provider_unreachable_since = NULL
         WHERE job_id = $1::numeric AND lease_owner = $2`,
        [String(row.jobId), instance],
      )
    },

    async release(jobId, delayMs) {
      await db.query(
        `UPDATE orchestrator_jobs
         SET lease_owner = NULL, lease_until = NULL,
             next_attempt_at = now() + make_interval(secs => $3)
         WHERE job_id = $1::numeric AND lease_owner = $2`,
        [String(jobId), instance, Math.max(0, delayMs) / 1000],
      )
    },

    async releaseOwn() {
      const rows = await db.query<{ n: number }>(
        `WITH freed AS (
           UPDATE orchestrator_jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1 RETURNING 1
         ) SELECT count(*)::int AS n FROM freed`,
        [instance],
      )
      return Number(rows[0]?.n ?? 0)
    },

    async renewLeases(jobIds) {
      if (jobIds.length === 0) return 0
      const rows = await db.query<{ n: number }>(
        `WITH renewed AS (
           UPDATE orchestrator_jobs SET lease_until = now() + make_interval(secs => $3)
           WHERE lease_owner = $1 AND job_id = ANY($2::numeric[]) RETURNING 1
         ) SELECT count(*)::int AS n FROM renewed`,
        [instance, jobIds.map(String), leaseSeconds],
      )
      return Number(rows[0]?.n ?? 0)
    },

    async get(jobId) {
      const rows = await db.query(`SELECT ${jobColumns} FROM orchestrator_jobs WHERE job_id = $1::numeric`, [
        String(jobId),
      ])
      return rows[0] ? toJobRow(rows[0]) : undefined
    },

    async stageCounts() {
      const rows = await db.query<{ stage: string; outcome: string | null; count: number }>(
        `SELECT stage, outcome, count(*)::int AS count FROM orchestrator_jobs GROUP BY stage, outcome`,
      )
      return rows.map((row) => ({ stage: row.stage, outcome: row.outcome, count: Number(row.count) }))
    },

    async events(jobId) {
      const rows = await db.query<Record<string, unknown>>(
        `SELECT job_id::text AS job_id, step, phase, instance, detail,
                (extract(epoch FROM at) * 1000)::float8 AS at
         FROM orchestrator_job_events ${jobId === undefined ? '' : 'WHERE job_id = $1::numeric'} ORDER BY id`,
        jobId === undefined ? [] : [String(jobId)],
      )
      return rows.map((row) => ({
        jobId: BigInt(row.job_id as string),
        step: row.step as string,
        phase: row.phase as StepEvent['phase'],
        instance: row.instance as string,
        detail: (typeof row.detail === 'string' ? JSON.parse(row.detail) : (row.detail ?? undefined)) as
          | Record<string, unknown>
          | undefined,
        at: Number(row.at),
      }))
    },

    async getState(key) {
      const rows = await db.query<{ value: string }>('SELECT value FROM orchestrator_state WHERE key = $1', [
        key,
      ])
      return rows[0]?.value
    },

    async setState(key, value) {
      await db.query(
        `INSERT INTO orchestrator_state (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [key, value],
      )
    },
  }
}
