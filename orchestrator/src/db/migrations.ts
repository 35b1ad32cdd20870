/** One schema change: statements run in order, in one transaction, recorded under `version`. */
export type Migration = { version: number; name: string; statements: readonly string[] }

/**
 * The orchestrator's schema, oldest first. Never edit an applied migration: add a new one. Job ids are
 * numeric(78,0) (uint256); hex values are lower-case 0x-text; times are timestamptz from the database clock,
 * so leases compare on one clock across instances.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'jobs, step log, nonces, discovery state',
    statements: [
      `CREATE TABLE orchestrator_jobs (
        job_id numeric(78,0) PRIMARY KEY,
        stage text NOT NULL,
        outcome text,
        granted_block numeric(78,0),
        dataset_root text,
        result_pub_key text,
        policy_hash text,
        nonce text,
        enc_pub_key text,
        signer text,
        verified_at bigint,
        evidence text,
        attestation_ref text,
        sealed_key text,
        start_tx text,
        settle_call jsonb,
        settle_tx text,
        failure_code text,
        adopted boolean NOT NULL DEFAULT false,
        attempts integer NOT NULL DEFAULT 0,
        retry_since timestamptz,
        last_error text,
        provider_unreachable_since timestamptz,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_until timestamptz,
        discovered_at timestamptz NOT NULL DEFAULT now(),
        running_at timestamptz,
        done_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX orchestrator_jobs_due ON orchestrator_jobs (next_attempt_at) WHERE stage <> 'done'`,
      `CREATE TABLE orchestrator_job_events (
        id bigserial PRIMARY KEY,
        job_id numeric(78,0) NOT NULL,
        step text NOT NULL,
        phase text NOT NULL,
        instance text NOT NULL,
        detail jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX orchestrator_job_events_job ON orchestrator_job_events (job_id, id)`,
      `CREATE TABLE orchestrator_nonces (
        nonce text PRIMARY KEY,
        job_id numeric(78,0) NOT NULL,
        instance text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE orchestrator_state (key text PRIMARY KEY, value text NOT NULL)`,
    ],
  },
  {
    version: 2,
    name: 'job deadline and provider (earliest-deadline-first claims), provider circuit breakers',
    statements: [
      // Null on rows discovered before this migration until discovery sees them again (the first round after a
      // restart); such rows are claimed first.
      `ALTER TABLE orchestrator_jobs ADD COLUMN IF NOT EXISTS deadline bigint`,
      `ALTER TABLE orchestrator_jobs ADD COLUMN IF NOT EXISTS provider_id bigint`,
      `CREATE INDEX orchestrator_jobs_edf ON orchestrator_jobs (deadline NULLS FIRST, next_attempt_at, job_id)
         WHERE stage <> 'done'`,
      `CREATE INDEX orchestrator_jobs_provider ON orchestrator_jobs (provider_id) WHERE stage <> 'done'`,
      `CREATE TABLE orchestrator_providers (
        provider_id bigint PRIMARY KEY,
        failures integer NOT NULL DEFAULT 0,
        trips integer NOT NULL DEFAULT 0,
        open_until timestamptz
      )`,
    ],
  },
]
