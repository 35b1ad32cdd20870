/** Label values by label name. */
export type Labels = Record<string, string>

/** A monotonically increasing count. */
export type Counter = { inc: (labels?: Labels, by?: number) => void }
/** A value that goes up and down. */
export type Gauge = { set: (value: number, labels?: Labels) => void }
/** Observations counted into cumulative buckets. */
export type Histogram = { observe: (value: number, labels?: Labels) => void }

/** A set of metrics rendered together in the Prometheus text exposition format (version 0.0.4). */
export type MetricsRegistry = {
  counter: (name: string, help: string) => Counter
  gauge: (name: string, help: string) => Gauge
  histogram: (name: string, help: string, buckets: readonly number[]) => Histogram
  /** Registers a callback run before each render (to refresh gauges computed from state). */
  onCollect: (collect: () => void) => void
  render: () => string
}

type Series = { labels: Labels; value: number; buckets?: number[]; sum?: number }
type Metric = {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'histogram'
  bounds: number[]
  series: Map<string, Series>
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/

const escapeValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')

function renderLabels(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))
  if (extra) pairs.push(extra)
  if (pairs.length === 0) return ''
  return `{${pairs.map(([k, v]) => `${k}="${escapeValue(v)}"`).join(',')}}`
}

const formatNumber = (value: number) =>
  Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value)

/** Creates an empty metrics registry. */
export function createMetricsRegistry(): MetricsRegistry {
  const metrics = new Map<string, Metric>()
  const collectors: (() => void)[] = []

  const register = (name: string, help: string, type: Metric['type'], bounds: number[] = []): Metric => {
    if (!NAME.test(name)) throw new TypeError(`invalid metric name ${name}`)
    if (metrics.has(name)) throw new TypeError(`metric ${name} registered twice`)
    const metric: Metric = { name, help, type, bounds, series: new Map() }
    metrics.set(name, metric)
    return metric
  }

  const seriesOf = (metric: Metric, labels: Labels): Series => {
    for (const key of Object.keys(labels))
      if (!LABEL.test(key)) throw new TypeError(`invalid label name ${key}`)
    const key = renderLabels(labels)
    let series = metric.series.get(key)
    if (!series) {
      series = { labels: { ...labels }, value: 0 }
      if (metric.type === 'histogram') {
        series.buckets = metric.bounds.map(() => 0)
        series.sum = 0
      }
      metric.series.set(key, series)
    }
    return series
  }

  return {
    counter(name, help) {
      const metric = register(name, help, 'counter')
      return {
        inc(labels = {}, by = 1) {
          if (!(by >= 0)) throw new TypeError('counters only go up')
          seriesOf(metric, labels).value += by
        },
      }
    },
    gauge(name, help) {
      const metric = register(name, help, 'gauge')
      return {
        set(value, labels = {}) {
          seriesOf(metric, labels).value = value
        },
      }
    },
    histogram(name, help, buckets) {
      const bounds = [...buckets].sort((a, b) => a - b)
      const metric = register(name, help, 'histogram', bounds)
      return {
        observe(value, labels = {}) {
          const series = seriesOf(metric, labels)
          series.value++
          series.sum! += value
          bounds.forEach((bound, i) => {
            if (value <= bound) series.buckets![i]!++
          })
        },
      }
    },
    onCollect(collect) {
      collectors.push(collect)
    },
    render() {
      for (const collect of collectors) collect()
      const lines: string[] = []
      for (const metric of metrics.values()) {
        lines.push(`# HELP ${metric.name} ${escapeHelp(metric.help)}`, `# TYPE ${metric.name} ${metric.type}`)
        for (const series of metric.series.values()) {
          if (metric.type !== 'histogram') {
            lines.push(`${metric.name}${renderLabels(series.labels)} ${formatNumber(series.value)}`)
            continue
          }
          metric.bounds.forEach((bound, i) => {
            lines.push(
              `${metric.name}_bucket${renderLabels(series.labels, ['le', formatNumber(bound)])} ${series.buckets![i]}`,
            )
          })
          lines.push(`${metric.name}_bucket${renderLabels(series.labels, ['le', '+Inf'])} ${series.value}`)
          lines.push(`${metric.name}_sum${renderLabels(series.labels)} ${formatNumber(series.sum!)}`)
          lines.push(`${metric.name}_count${renderLabels(series.labels)} ${series.value}`)
        }
      }
      return `${lines.join('\n')}\n`
    },
  }
}
