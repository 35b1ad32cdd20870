import { describe, expect, test } from 'vitest'
import { dstackSample, intelSample } from '../../test/fixtures.js'
import { parseQuote } from '../quote/parseQuote.js'
import { type EventLogEntry, parseEventLog } from './eventLogSchema.js'
import { replayBootRtmrs } from './replayBootRtmrs.js'

const events = () => parseEventLog(dstackSample.report().event_log)
const quoted = () => parseQuote(dstackSample.quote()).td!

describe('replayBootRtmrs', () => {
  test('default: the dstack sample boot events replay to its quote RTMR0-2', () => {
    const td = quoted()
    expect(replayBootRtmrs(events())).toEqual({
      ok: true,
      registers: [
        { imr: 0, events: 13, rtmr: td.rtmr0 },
        { imr: 1, events: 5, rtmr: td.rtmr1 },
        { imr: 2, events: 2, rtmr: td.rtmr2 },
      ],
    })
    // Not the Intel sample's registers: the replay is of this log, not a constant.
    expect(td.rtmr0).not.toBe(intelSample.rtmr0)
  })

  test('default: a log with runtime events only replays no boot register', () => {
    expect(replayBootRtmrs(events().filter((e) => e.imr === 3))).toEqual({ ok: true, registers: [] })
  })

  test.each<[string, (log: EventLogEntry[]) => EventLogEntry[], 0 | 1 | 2]>([
    [
      'a forged firmware event appended to IMR 0',
      (log) => [{ ...log[0]!, digest: 'ab'.repeat(48) }, ...log],
      0,
    ],
    [
      'an IMR 1 event with another digest',
      (log) => log.map((e, i) => (i === 11 ? { ...e, digest: '00'.repeat(48) } : e)),
      1,
    ],
    ['an IMR 2 event dropped', (log) => log.filter((_, i) => i !== 17), 2],
    ['two IMR 0 events swapped', (log) => [log[1]!, log[0]!, ...log.slice(2)], 0],
  ])('behavior: %s changes that register', (_, tamper, imr) => {
    const replay = replayBootRtmrs(tamper(events()))
    if (!replay.ok) throw new Error(replay.reason)
    const td = quoted()
    const want = [td.rtmr0, td.rtmr1, td.rtmr2]
    for (const register of replay.registers)
      expect(register.rtmr === want[register.imr]).toBe(register.imr !== imr)
  })

  test.each<[string, (e: EventLogEntry) => EventLogEntry, string, string]>([
    [
      'a boot event without its digest',
      (e) => (e.imr === 1 ? (({ digest, ...rest }) => rest)(e) : e),
      'BOOT_EVENT_DIGEST_MISSING',
      'event 11 in IMR 1 has no digest: a boot event cannot be recomputed from its payload, so it cannot be checked against RTMR1',
    ],
    [
      'a version 2 boot event',
      (e) => (e.imr === 2 ? { ...e, version: 2 } : e),
      'EVENT_LOG_UNSUPPORTED_VERSION',
      'event 16 (IMR 2) is version 2; only version 1 boot events can be verified',
    ],
  ])('error: %s', (_, tamper, code, reason) => {
    expect(replayBootRtmrs(events().map(tamper))).toEqual({ ok: false, code, reason })
  })
})
