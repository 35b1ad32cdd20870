import type { Hex } from 'viem'
import { OrchestratorError } from '../errors.js'
import type { Database, Sql } from './Database.js'
import { type JobPatch, type JobRow, type JobStage, jobColumns, patchColumns, toJobRow } from './jobRow.js'

/** One entry of the step log: recorded before (`begin`) and after (`end`) each side effect. */
export type StepEvent = {
  step: string
  phase: 'begin' | 'end' | 'error'
  detail?: Record<string, unknown> | undefined
}

/**
 * A job id found by discovery, with the block of its AccessGranted event, its deadline (unix seconds) and its
 * provider when known.
 */
export type DiscoveredJob = {
  jobId: bigint
  grantedBlock?: bigint | undefined
  deadline?: number | undefined
  providerId?: number | undefined
}

/** Limits a claim applies on top of "due, unleased, unfinished". */
export type ClaimOptions = {
  /**
   * Most rows of one provider in a provider-facing stage (`PROVIDER_STAGES`) leased at once, across every
   * instance sharing the database; unlimited when undefined. A provider whose circuit breaker is half-open gets
   * one.
   */
  maxPerProvider?: number | undefined
}

/** Stages whose step talks to the job's provider (or leads to it): these count against its limit and breaker. */
export const PROVIDER_STAGES = ['discovered', 'attesting', 'attested', 'starting', 'handing_over'] as const

/** How a provider's circuit breaker trips and how long it stays open. */
export type BreakerPolicy = {
  /** Consecutive unreachable errors that open it. */
  failures: number
  /** First cool-down; each further trip without an answer in between doubles it. */
  coolDownSeconds: number
  /** Longest cool-down. */
  maxCoolDownSeconds: number
}

/** A provider's circuit breaker as stored. */
export type ProviderBreaker = {
  providerId: number
  /** Consecutive unreachable errors since its last answer. */
  failures: number
  /** Times it opened since its last answer. */
  trips: number
  /** Unix ms (database clock) until which its jobs are not claimed; after it, one probe job at a time. */
  openUntil: number | null
  /** Milliseconds it stays open from the moment this was read (database clock); 0 when closed or half-open. */
  openForMs: number
}

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
  /**
   * Claims up to `limit` due, unleased, unfinished rows for this instance (`FOR UPDATE SKIP LOCKED`), earliest
   * deadline first, skipping providers whose breaker is open and providers at `maxPerProvider`.
   */
  claim: (limit: number, exclude: readonly bigint[], options?: ClaimOptions) => Promise<JobRow[]>
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
  /** Counts one more consecutive unreachable error of `providerId`; opens its breaker at `policy.failures`. */
  noteProviderDown: (providerId: number, policy: BreakerPolicy) => Promise<ProviderBreaker>
  /** The provider answered: closes its breaker and forgets its failures. */
  noteProviderUp: (providerId: number) => Promise<void>
  /** Providers with unreachable errors since their last answer (open, half-open or counting). */
  troubledProviders: () => Promise<ProviderBreaker[]>
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

/** Advisory lock key that makes claims of instances sharing one Postgres take turns. */
const CLAIM_LOCK = 0x4c43454f

/**
 * The claim: due, unleased, unfinished rows, earliest deadline first (rows whose deadline is not known yet
 * first), except rows in a provider-facing stage whose provider's breaker is open or whose provider already has
 * its limit of such rows leased ($5; one while its breaker is half-open). $1 instance, $2 lease seconds,
 * $3 limit, $4 excluded ids, $6 rows looked at, $7 provider-facing stages.
 */
const CLAIM_SQL = `WITH busy AS (
    SELECT provider_id, count(*)::int AS n FROM orchestrator_jobs
    WHERE provider_id IS NOT NULL AND stage = ANY($7::text[]) AND lease_until > now()
    GROUP BY provider_id
  ), candidates AS (
    SELECT j.job_id, j.deadline, j.next_attempt_at, j.provider_id,
           (j.provider_id IS NOT NULL AND j.stage = ANY($7::text[])) AS gated,
           CASE WHEN p.open_until IS NOT NULL THEN 1 ELSE coalesce($5::int, 2147483647) END
             - coalesce(b.n, 0) AS room
    FROM orchestrator_jobs j
    LEFT JOIN orchestrator_providers p ON p.provider_id = j.provider_id
    LEFT JOIN busy b ON b.provider_id = j.provider_id
    WHERE j.stage <> 'done' AND j.next_attempt_at <= now()
      AND (j.lease_until IS NULL OR j.lease_until < now())
      AND NOT (j.job_id = ANY($4::numeric[]))
      AND NOT (j.provider_id IS NOT NULL AND j.stage = ANY($7::text[]) AND (
        coalesce(p.open_until > now(), false)
        OR coalesce(b.n, 0) >= CASE WHEN p.open_until IS NOT NULL THEN 1 ELSE coalesce($5::int, 2147483647) END))
    ORDER BY j.deadline NULLS FIRST, j.next_attempt_at, j.job_id
    LIMIT $6
  ), ranked AS (
    SELECT job_id, deadline, next_attempt_at, gated, room,
           row_number() OVER (PARTITION BY gated, provider_id
                              ORDER BY deadline NULLS FIRST, next_attempt_at, job_id) AS rank
    FROM candidates
  ), chosen AS (
    SELECT job_id AS chosen_id FROM orchestrator_jobs
    WHERE job_id IN (
        SELECT job_id FROM ranked WHERE NOT gated OR rank <= room
        ORDER BY deadline NULLS FIRST, next_attempt_at, job_id
        LIMIT $3)
      AND stage <> 'done' AND (lease_until IS NULL OR lease_until < now())
    FOR UPDATE SKIP LOCKED
  ), moved AS (
    UPDATE orchestrator_jobs j
    SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
    FROM chosen
    WHERE j.job_id = chosen.chosen_id
    RETURNING j.*
  )
  SELECT ${jobColumns} FROM moved ORDER BY deadline NULLS FIRST, next_attempt_at, job_id`

const breakerColumns = `provider_id::float8 AS provider_id, failures, trips,
  (extract(epoch FROM open_until) * 1000)::float8 AS open_until,
  greatest(coalesce(extract(epoch FROM open_until - now()) * 1000, 0), 0)::float8 AS open_for_ms`

const toBreaker = (raw: Record<string, unknown>): ProviderBreaker => ({
  providerId: Number(raw.provider_id),
  failures: Number(raw.failures),
  trips: Number(raw.trips),
  openUntil: raw.open_until === null || raw.open_until === undefined ? null : Number(raw.open_until),
  openForMs: Math.round(Number(raw.open_for_ms)),
})

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
      const optional = (value: bigint | number | undefined) => (value === undefined ? '' : String(value))
      // Rows discovered before their deadline and provider were recorded get them filled in here.
      const rows = await db.query<{ job_id: string }>(
        `WITH found AS (
           SELECT id::numeric AS job_id, nullif(block, '')::numeric AS granted_block,
                  nullif(deadline, '')::bigint AS deadline, nullif(provider, '')::bigint AS provider_id
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS found(id, block, deadline, provider)
         ), filled AS (
           UPDATE orchestrator_jobs j
           SET deadline = coalesce(j.deadline, found.deadline), provider_id = coalesce(j.provider_id, found.provider_id)
           FROM found
           WHERE j.job_id = found.job_id
             AND ((j.deadline IS NULL AND found.deadline IS NOT NULL)
               OR (j.provider_id IS NULL AND found.provider_id IS NOT NULL))
           RETURNING 1
         )
         INSERT INTO orchestrator_jobs (job_id, granted_block, deadline, provider_id, stage)
         SELECT job_id, granted_block, deadline, provider_id, 'discovered' FROM found
         ON CONFLICT (job_id) DO NOTHING RETURNING job_id::text AS job_id`,
        [
          jobs.map((job) => String(job.jobId)),
          jobs.map((job) => optional(job.grantedBlock)),
          jobs.map((job) => optional(job.deadline)),
          jobs.map((job) => optional(job.providerId)),
        ],
      )
      return rows.map((row) => BigInt(row.job_id))
    },

    async claim(limit, exclude, options = {}) {
      const parameters = [
        instance,
        leaseSeconds,
        limit,
        exclude.map(String),
        options.maxPerProvider ?? null,
        // Rows looked at per claim: a provider's surplus beyond its limit is dropped from these, and the next
        // claim skips that provider outright (it is then at its limit).
        Math.max(limit * 4, 256),
        [...PROVIDER_STAGES],
      ]
      const run = (sql: Sql) => sql.query(CLAIM_SQL, parameters)
      // Postgres: claims of all instances take turns, so each counts the leases the others just took (the
      // per-provider limit holds across instances). PGlite has one connection: statements already take turns.
      const rows =
        db.kind === 'postgres'
          ? await db.transaction(async (tx) => {
              await tx.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK])
              return run(tx)
            })
          : await run(db)
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

    async noteProviderDown(providerId, policy) {
      // Trips when the count reaches the threshold while closed or half-open (cool-down over): cool-down
      // coolDown * 2^trips, at most maxCoolDown. Errors while it is open only count.
      const rows = await db.query<Record<string, unknown>>(
        `INSERT INTO orchestrator_providers AS p (provider_id, failures, trips, open_until)
         VALUES ($1, 1, CASE WHEN $2::int <= 1 THEN 1 ELSE 0 END,
                 CASE WHEN $2::int <= 1 THEN now() + make_interval(secs => least($3::float8, $4::float8)) END)
         ON CONFLICT (provider_id) DO UPDATE SET
           failures = p.failures + 1,
           trips = CASE WHEN p.failures + 1 >= $2 AND (p.open_until IS NULL OR p.open_until <= now())
                   THEN p.trips + 1 ELSE p.trips END,
           open_until = CASE WHEN p.failures + 1 >= $2 AND (p.open_until IS NULL OR p.open_until <= now())
                        THEN now() + make_interval(secs => least($4::float8, $3::float8 * power(2, least(p.trips, 30))))
                        ELSE p.open_until END
         RETURNING ${breakerColumns}`,
        [providerId, policy.failures, policy.coolDownSeconds, policy.maxCoolDownSeconds],
      )
      return toBreaker(rows[0]!)
    },

    async noteProviderUp(providerId) {
      await db.query(
        `UPDATE orchestrator_providers SET failures = 0, trips = 0, open_until = NULL
         WHERE provider_id = $1 AND (failures > 0 OR open_until IS NOT NULL)`,
        [providerId],
      )
    },

    async troubledProviders() {
      const rows = await db.query<Record<string, unknown>>(
        `SELECT ${breakerColumns} FROM orchestrator_providers
         WHERE failures > 0 OR open_until IS NOT NULL ORDER BY provider_id`,
      )
      return rows.map(toBreaker)
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
