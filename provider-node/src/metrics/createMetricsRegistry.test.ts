import { describe, expect, test } from 'vitest'
import { createMetricsRegistry } from './createMetricsRegistry.js'

describe('createMetricsRegistry', () => {
  test('default', () => {
    const registry = createMetricsRegistry()
    const requests = registry.counter('http_requests_total', 'Requests served.')
    const queue = registry.gauge('queue_length', 'Jobs waiting.')
    const duration = registry.histogram('job_seconds', 'Job time.', [10, 1])
    requests.inc({ status: '200', route: '/v1/info' })
    requests.inc({ route: '/v1/info', status: '200' }, 2)
    requests.inc({ route: '/metrics', status: '200' })
    queue.set(3)
    duration.observe(0.5)
    duration.observe(5)
    duration.observe(50)
    expect(registry.render()).toBe(
      [
        '# HELP http_requests_total Requests served.',
        '# TYPE http_requests_total counter',
        'http_requests_total{route="/v1/info",status="200"} 3',
        'http_requests_total{route="/metrics",status="200"} 1',
        '# HELP queue_length Jobs waiting.',
        '# TYPE queue_length gauge',
        'queue_length 3',
        '# HELP job_seconds Job time.',
        '# TYPE job_seconds histogram',
        'job_seconds_bucket{le="1"} 1',
        'job_seconds_bucket{le="10"} 2',
        'job_seconds_bucket{le="+Inf"} 3',
        'job_seconds_sum 55.5',
        'job_seconds_count 3',
        '',
      ].join('\n'),
    )
  })

  test('behavior: label values and help are escaped', () => {
    const registry = createMetricsRegistry()
    registry.counter('c', 'line\none \\ two').inc({ code: 'a"b\\c\nd' })
    expect(registry.render()).toBe(
      '# HELP c line\\none \\\\ two\n# TYPE c counter\nc{code="a\\"b\\\\c\\nd"} 1\n',
    )
  })

  test('behavior: collectors refresh gauges at render time', () => {
    const registry = createMetricsRegistry()
    const gauge = registry.gauge('g', 'G.')
    let value = 1
    registry.onCollect(() => gauge.set(value))
    expect(registry.render()).toContain('\ng 1\n')
    value = 7
    expect(registry.render()).toContain('\ng 7\n')
  })

  test('error: invalid names, duplicates and decreasing counters', () => {
    const registry = createMetricsRegistry()
    expect(() => registry.counter('bad-name', 'x')).toThrowError('invalid metric name bad-name')
    const c = registry.counter('ok', 'x')
    expect(() => registry.gauge('ok', 'x')).toThrowError('metric ok registered twice')
    expect(() => c.inc({ 'bad-label': 'x' })).toThrowError('invalid label name bad-label')
    expect(() => c.inc({}, -1)).toThrowError('counters only go up')
  })
})
