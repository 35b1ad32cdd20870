import {
  type Counter,
  createMetricsRegistry,
  type Gauge,
  type Histogram,
  type MetricsRegistry,
} from './createMetricsRegistry.js'

/** The provider node's metrics (all names prefixed `licen_provider_`). */
export type ProviderMetrics = {
  registry: MetricsRegistry
  httpRequests: Counter
  attestations: Counter
  jobsStarted: Counter
  jobsEnded: Counter
  failures: Counter
  epochs: Counter
  datasetBytes: Counter
  tokensPerSecond: Gauge
  epochSeconds: Histogram
  jobSeconds: Histogram
  /** Gauges refreshed from live state at every scrape. */
  jobsByState: Gauge
  queueLength: Gauge
}

/** Creates the provider metrics; `collect` runs at each scrape to refresh state gauges. */
export function createProviderMetrics(): ProviderMetrics {
  const registry = createMetricsRegistry()
  const rss = registry.gauge('licen_provider_resident_memory_bytes', 'Resident set size of the node process.')
  const peak = registry.gauge('licen_provider_peak_resident_memory_bytes', 'Peak resident set size so far.')
  registry.onCollect(() => {
    rss.set(process.memoryUsage.rss())
    peak.set(process.resourceUsage().maxRSS * 1024)
  })
  return {
    registry,
    httpRequests: registry.counter(
      'licen_provider_http_requests_total',
      'HTTP requests by route and status.',
    ),
    attestations: registry.counter('licen_provider_attestations_total', 'Quotes produced, by outcome.'),
    jobsStarted: registry.counter(
      'licen_provider_jobs_started_total',
      'Jobs that received their dataset key.',
    ),
    jobsEnded: registry.counter('licen_provider_jobs_ended_total', 'Jobs that ended, by outcome.'),
    failures: registry.counter('licen_provider_job_failures_total', 'Signed job failures, by code.'),
    epochs: registry.counter('licen_provider_epochs_total', 'Epochs trained and receipted.'),
    datasetBytes: registry.counter('licen_provider_dataset_bytes_total', 'Plaintext dataset bytes read.'),
    tokensPerSecond: registry.gauge(
      'licen_provider_training_tokens_per_second',
      'Throughput of the last epoch.',
    ),
    epochSeconds: registry.histogram(
      'licen_provider_epoch_seconds',
      'Wall time per epoch.',
      [0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600],
    ),
    jobSeconds: registry.histogram(
      'licen_provider_job_seconds',
      'Wall time from start to end of a job.',
      [1, 5, 10, 30, 60, 300, 1800, 3600, 14_400],
    ),
    jobsByState: registry.gauge('licen_provider_jobs', 'Jobs held in memory, by state.'),
    queueLength: registry.gauge(
      'licen_provider_job_queue_length',
      'Started jobs waiting for a training slot.',
    ),
  }
}
