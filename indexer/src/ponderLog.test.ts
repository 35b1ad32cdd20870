import { describe, expect, test } from 'vitest'
import { formatPonderLine } from './ponderLog.js'

describe('formatPonderLine', () => {
  test('default: level, message and fields, without the time', () => {
    const raw = JSON.stringify({ level: 30, time: 1, msg: 'Indexed block', chain: 'licen', number: 42 })
    expect(formatPonderLine(raw)).toEqual({
      line: 'INFO Indexed block chain=licen number=42',
      port: undefined,
    })
  })

  test('behavior: the HTTP server line reports its port', () => {
    const raw = JSON.stringify({
      level: 30,
      time: 1,
      msg: 'Created HTTP server',
      port: 42070,
      hostname: '127.0.0.1',
    })
    expect(formatPonderLine(raw)).toEqual({
      line: 'INFO Created HTTP server port=42070 hostname=127.0.0.1',
      port: 42070,
    })
  })

  test('behavior: errors show their message only', () => {
    const raw = JSON.stringify({
      level: 50,
      time: 1,
      msg: 'Build failed',
      error: { message: 'boom', stack: 'at x' },
    })
    expect(formatPonderLine(raw).line).toBe('ERROR Build failed error=boom')
  })

  test('behavior: lines that are not JSON objects pass through', () => {
    expect(formatPonderLine('plain text')).toEqual({ line: 'plain text', port: undefined })
    expect(formatPonderLine('[1,2]')).toEqual({ line: '[1,2]', port: undefined })
  })
})
