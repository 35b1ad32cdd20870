import { Counter, Gauge, Histogram, Registry } from 'prom-client'

/** The orchestrator's Prometheus metrics, in a registry of its own (several instances may share a process). */
export type OrchestratorMetrics = {
  registry: Registry
  /** Rows per stage (`done` split by outcome), refreshed from the database on each scrape. */
  jobsByState: Gauge<'state'>
  /** Seconds from discovery to the key handover (the job is Running and the provider has the key). */
  releaseLatency: Histogram
  /** Jobs failed by this orchestrator, by the reason recorded on chain. */
  failures: Counter<'code'>
  /** Settlements submitted, by kind. */
  settlements: Counter<'kind'>
  /** Transient errors that made a step retry, by code. */
  retries: Counter<'code'>
  /** Transactions sent, by function and outcome. */
  transactions: Counter<'fn' | 'outcome'>
  /** Discovery rounds by source (`indexer` or `logs`) and outcome. */
  discoveryRounds: Counter<'source' | 'outcome'>
  /** Blocks the indexer is behind the chain head (last round). */
  indexerLag: Gauge
  /** Jobs this instance is advancing right now. */
  inFlight: Gauge
}

/** Creates the metrics; `collect` runs before each scrape. */
export function createMetrics(collect: (metrics: OrchestratorMetrics) => Promise<void>): OrchestratorMetrics {
  const registry = new Registry()
  const metrics: OrchestratorMetrics = {
    registry,
    jobsByState: new Gauge({
      name: 'licen_orchestrator_jobs',
      help: 'Jobs known to the orchestrator by stage (done jobs by outcome).',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        await collect(metrics)
      },
    }),
    releaseLatency: new Histogram({
      name: 'licen_orchestrator_release_seconds',
      help: 'Seconds from discovering a granted job to handing its key to the attested provider.',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'licen_orchestrator_failures_total',
      help: 'Jobs failed by the orchestrator (markJobFailed), by reason code.',
      labelNames: ['code'],
      registers: [registry],
    }),
    settlements: new Counter({
      name: 'licen_orchestrator_settlements_total',
      help: 'Enclave-signed settlements submitted, by kind.',
      labelNames: ['kind'],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'licen_orchestrator_retries_total',
      help: 'Transient errors that made a job step retry, by error code.',
      labelNames: ['code'],
      registers: [registry],
    }),
    transactions: new Counter({
      name: 'licen_orchestrator_transactions_total',
      help: 'DataPolicy transactions sent, by function and outcome.',
      labelNames: ['fn', 'outcome'],
      registers: [registry],
    }),
    discoveryRounds: new Counter({
      name: 'licen_orchestrator_discovery_rounds_total',
      help: 'Discovery rounds by source and outcome.',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    }),
    indexerLag: new Gauge({
      name: 'licen_orchestrator_indexer_lag_blocks',
      help: 'Blocks the indexer was behind the chain head in the last discovery round.',
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'licen_orchestrator_jobs_in_flight',
      help: 'Jobs this instance is advancing right now.',
      registers: [registry],
    }),
  }
  return metrics
}
