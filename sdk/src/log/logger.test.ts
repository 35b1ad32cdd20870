import { describe, expect, test } from 'vitest'
import { createLogger } from './logger.js'

describe('createLogger', () => {
  test('default', () => {
    const lines: string[] = []
    const log = createLogger({ write: (l) => lines.push(l), base: { service: 'p' }, now: () => new Date(0) })
    log.info('job started', { jobId: '1', epochs: 3 })
    log.debug('hidden')
    expect(lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","msg":"job started","service":"p","jobId":"1","epochs":3}',
    ])
  })

  test('args: level debug writes debug lines', () => {
    const lines: string[] = []
    createLogger({ level: 'debug', write: (l) => lines.push(l), now: () => new Date(0) }).debug('x')
    expect(lines).toEqual(['{"time":"1970-01-01T00:00:00.000Z","level":"debug","msg":"x"}'])
  })
})
