import { bytesToHex, hexToBytes } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { dstackSample } from '../../test/fixtures.js'
import { type EventLogEntry, parseEventLog } from './eventLogSchema.js'
import { readRuntimeIdentity } from './readRuntimeIdentity.js'
import { replayRtmr3, runtimeEventDigest } from './replayRtmr3.js'

const events = () => parseEventLog(dstackSample.report().event_log)

describe('runtimeEventDigest', () => {
  test('default: equals the digest dstack recorded for compose-hash', () => {
    const compose = events().find((e) => e.event === 'compose-hash')!
    expect(bytesToHex(runtimeEventDigest('compose-hash', hexToBytes(compose.event_payload)))).toBe(
      'b883bee0b216618b1ce0e7a1bb4a9379b486cef8aadf0c682cb6e80c083f7982dbf104183c24a74693d860f4ffc8b72f',
    )
  })
})

describe('replayRtmr3', () => {
  test('default: the dstack sample replays to its quote RTMR3', () => {
    const replay = replayRtmr3(events())
    expect(replay.ok && replay.rtmr3).toBe(dstackSample.rtmr3)
    expect(replay.ok && replay.events.map((e) => e.name)).toEqual([
      'system-preparing',
      'app-id',
      'compose-hash',
      'instance-id',
      'boot-mr-done',
      'key-provider',
      'system-ready',
      'LIUM_MINER_HOTKEY',
    ])
  })

  test.each<[string, (e: EventLogEntry) => EventLogEntry, string, string]>([
    [
      'payload swapped, digest kept',
      (e) => (e.event === 'app-id' ? { ...e, event_payload: '00'.repeat(20) } : e),
      'EVENT_DIGEST_MISMATCH',
      'event 21 (app-id) claims a digest that is not the hash of its payload: the log was edited',
    ],
    [
      'version 2 event',
      (e) => (e.imr === 3 ? { ...e, version: 2 } : e),
      'EVENT_LOG_UNSUPPORTED_VERSION',
      'event 20 (system-preparing) is version 2; only version 1 runtime events can be verified',
    ],
    [
      'non-runtime type in IMR 3',
      (e) => (e.event === 'system-ready' ? { ...e, event_type: 4 } : e),
      'EVENT_LOG_UNEXPECTED_TYPE',
      'event 26 in IMR 3 has type 0x4, not a dstack runtime event',
    ],
  ])('error: %s', (_, tamper, code, reason) => {
    expect(replayRtmr3(events().map(tamper))).toEqual({ ok: false, code, reason })
  })

  test('behavior: without digests the payloads alone decide (a forged payload changes RTMR3)', () => {
    const stripped = events().map(({ digest, ...rest }) => rest)
    const replay = replayRtmr3(stripped)
    expect(replay.ok && replay.rtmr3).toBe(dstackSample.rtmr3)
    const forged = stripped.map((e) =>
      e.event === 'compose-hash' ? { ...e, event_payload: '11'.repeat(32) } : e,
    )
    const changed = replayRtmr3(forged)
    expect(changed.ok && changed.rtmr3).not.toBe(dstackSample.rtmr3)
  })
})

describe('readRuntimeIdentity', () => {
  test('default: compose hash, app id, instance id and key provider of the dstack sample', () => {
    const replay = replayRtmr3(events())
    if (!replay.ok) throw new Error('replay failed')
    expect(readRuntimeIdentity(replay.events)).toEqual({
      ok: true,
      identity: {
        composeHash: dstackSample.composeHash,
        appId: dstackSample.appId,
        instanceId: dstackSample.instanceId,
        keyProvider: {
          name: 'local-sgx',
          id: '1b7a49378403249b6986a907844cab0921eca32dd47e657f3c10311ccaeccf8b',
        },
      },
    })
  })

  test('error: a second compose-hash event is ambiguous; a missing one is incomplete', () => {
    const replay = replayRtmr3(events())
    if (!replay.ok) throw new Error('replay failed')
    const compose = replay.events.find((e) => e.name === 'compose-hash')!
    expect(readRuntimeIdentity([...replay.events, compose])).toEqual({
      ok: false,
      code: 'EVENT_LOG_AMBIGUOUS',
      reason: 'compose-hash is recorded more than once',
    })
    expect(readRuntimeIdentity(replay.events.filter((e) => e !== compose))).toEqual({
      ok: false,
      code: 'EVENT_LOG_INCOMPLETE',
      reason: 'no 32-byte compose-hash event in RTMR3',
    })
  })
})

describe('parseEventLog', () => {
  test.each([
    ['not JSON', '[{', 'The event log is not valid JSON.'],
    [
      'unknown field',
      '[{"imr":3,"event_type":1,"event":"a","event_payload":"","extra":1}]',
      'Unrecognized key: "extra"',
    ],
    ['bad imr', '[{"imr":4,"event_type":1,"event":"a","event_payload":""}]', '0.imr: Too big'],
    ['odd hex payload', '[{"imr":3,"event_type":1,"event":"a","event_payload":"abc"}]', 'event_payload: hex'],
  ])('error: %s', (_, text, message) => {
    expect(() => parseEventLog(text)).toThrow(message)
  })
})
