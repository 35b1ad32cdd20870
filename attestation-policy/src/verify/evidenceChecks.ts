import { bytesToHex } from '@noble/hashes/utils'
import { describeError } from '../errors.js'
import { type EventLogEntry, parseEventLog } from '../eventLog/eventLogSchema.js'
import { readRuntimeIdentity } from '../eventLog/readRuntimeIdentity.js'
import { replayBootRtmrs } from '../eventLog/replayBootRtmrs.js'
import { replayRtmr3 } from '../eventLog/replayRtmr3.js'
import type { AttestationPolicy } from '../policy/policySchema.js'
import type { CheckList } from './checkList.js'
import type { MeasuredValues } from './verdict.js'

const short = (hex: string) => `${hex.slice(0, 16)}…`

/** MRTD and RTMR0-2 must equal one allowed measurement set of the policy, all four together. */
export function checkPolicyMeasurements(
  list: CheckList,
  measured: MeasuredValues,
  policy: AttestationPolicy,
): void {
  if (!measured.mrtd) {
    list.fail('measurements', 'QUOTE_NOT_TDX', 'the quote has no TD report to compare')
    return
  }
  const match = policy.measurements.find(
    (m) =>
      m.mrtd === measured.mrtd &&
      m.rtmr0 === measured.rtmr0 &&
      m.rtmr1 === measured.rtmr1 &&
      m.rtmr2 === measured.rtmr2,
  )
  if (match) {
    measured.measurementName = match.name
    list.pass('measurements', `matches "${match.name}"`)
    return
  }
  const mrtdKnown = policy.measurements.some((m) => m.mrtd === measured.mrtd)
  list.fail(
    'measurements',
    'MEASUREMENT_NOT_ALLOWED',
    `MRTD ${short(measured.mrtd)} / RTMR0-2 ${mrtdKnown ? 'differ from every set with this MRTD' : 'match no allowed image'}: the CVM runs an image (or VM shape) the policy does not list`,
  )
}

/**
 * Replays RTMR0-2 from the log's boot events (when it carries any) and RTMR3 from its runtime events, compares
 * them with the quote, then checks compose hash, app id and key provider.
 */
export function checkEventLog(
  list: CheckList,
  measured: MeasuredValues,
  eventLog: string | unknown[] | undefined,
  policy: AttestationPolicy | undefined,
): void {
  const identityChecks = policy
    ? ([
        'composeHash',
        ...(policy.appIds ? ['appId'] : []),
        ...(policy.keyProviders ? ['keyProvider'] : []),
      ] as const)
    : []
  const skipIdentity = (reason: string) => {
    for (const id of identityChecks) list.skip(id as 'composeHash' | 'appId' | 'keyProvider', reason)
  }
  if (eventLog === undefined) {
    list.fail('rtmr3', 'EVENT_LOG_MISSING', 'no event log given: the compose hash cannot be read without it')
    skipIdentity('needs the event log')
    return
  }
  let entries: EventLogEntry[]
  try {
    entries = parseEventLog(eventLog)
  } catch (error) {
    list.fail('rtmr3', 'EVENT_LOG_INVALID', describeError(error))
    skipIdentity('needs a valid event log')
    return
  }
  checkBootEvents(list, measured, entries)
  const replay = replayRtmr3(entries)
  if (!replay.ok) {
    list.fail('rtmr3', replay.code, replay.reason)
    skipIdentity('needs a verified event log')
    return
  }
  if (replay.rtmr3 !== measured.rtmr3) {
    list.fail(
      'rtmr3',
      'RTMR3_MISMATCH',
      `the event log replays to ${short(replay.rtmr3)} but the quote has RTMR3 ${short(measured.rtmr3 ?? '')}: the log does not belong to this quote or was edited`,
    )
    skipIdentity('needs an event log that replays to the quote')
    return
  }
  const read = readRuntimeIdentity(replay.events)
  if (!read.ok) {
    list.fail('rtmr3', read.code, read.reason)
    skipIdentity('needs the identity events')
    return
  }
  const { identity } = read
  measured.composeHash = identity.composeHash
  measured.appId = identity.appId
  measured.instanceId = identity.instanceId
  measured.keyProvider = identity.keyProvider
  list.pass('rtmr3', `${replay.events.length} runtime events replay to the quote's RTMR3`)
  if (!policy) return
  if (policy.composeHashes.includes(identity.composeHash)) list.pass('composeHash', identity.composeHash)
  else {
    list.fail(
      'composeHash',
      'COMPOSE_HASH_NOT_ALLOWED',
      `compose hash ${identity.composeHash} is not in the policy: the CVM runs an app-compose the policy does not allow`,
    )
  }
  if (policy.appIds) {
    if (policy.appIds.includes(identity.appId)) list.pass('appId', identity.appId)
    else list.fail('appId', 'APP_ID_NOT_ALLOWED', `app id ${identity.appId} is not in the policy`)
  }
  if (policy.keyProviders) {
    const provider = identity.keyProvider
    const allowed =
      provider !== undefined &&
      policy.keyProviders.some(
        (p) => p.name === provider.name && (p.id === undefined || p.id === provider.id),
      )
    if (allowed) list.pass('keyProvider', `${provider!.name} ${provider!.id}`)
    else {
      list.fail(
        'keyProvider',
        'KEY_PROVIDER_NOT_ALLOWED',
        provider
          ? `key provider ${provider.name} ${provider.id} is not in the policy`
          : 'the event log records no key provider',
      )
    }
  }
}

/**
 * Every IMR 0-2 (firmware, boot loader, kernel) event the log carries must replay to the quote's RTMR0-2, so stored
 * evidence cannot carry forged boot events that a UI shows beside a passing verdict. Listed only when the log has
 * boot events (dstack logs do; the dev TEE's holds runtime events only). RTMR0-2 themselves are judged against the
 * policy by the measurements check.
 */
export function checkBootEvents(
  list: CheckList,
  measured: MeasuredValues,
  entries: readonly EventLogEntry[],
): void {
  if (!entries.some((entry) => entry.imr !== 3)) return
  const replay = replayBootRtmrs(entries)
  if (!replay.ok) {
    list.fail('bootEvents', replay.code, replay.reason)
    return
  }
  const quoted = [measured.rtmr0, measured.rtmr1, measured.rtmr2]
  for (const { imr, events, rtmr } of replay.registers) {
    if (rtmr !== quoted[imr]) {
      list.fail(
        'bootEvents',
        'BOOT_EVENTS_MISMATCH',
        `the ${events} IMR ${imr} events replay to ${short(rtmr)} but the quote has RTMR${imr} ${short(quoted[imr] ?? '')}: the boot events were edited or belong to another boot`,
      )
      return
    }
  }
  const counts = replay.registers.map(({ imr, events }) => `IMR ${imr}: ${events}`).join(', ')
  const total = replay.registers.reduce((sum, { events }) => sum + events, 0)
  list.pass('bootEvents', `${total} boot events replay to the quote's RTMR0-2 (${counts})`)
}

/** The quote's report_data must equal the expected binding, byte for byte. */
export function checkReportData(
  list: CheckList,
  measured: MeasuredValues,
  expected: Uint8Array | undefined,
): void {
  if (expected === undefined) {
    list.fail(
      'reportData',
      'REPORT_DATA_NOT_CHECKED',
      'no expected report_data given: pass the job binding to check it',
    )
    return
  }
  const want = bytesToHex(expected)
  if (expected.length === 64 && measured.reportData === want)
    list.pass('reportData', 'equals the expected binding')
  else {
    list.fail(
      'reportData',
      'REPORT_DATA_MISMATCH',
      `the quote carries report_data ${short(measured.reportData ?? '')} but ${short(want)} was expected: the quote is bound to another key, job or nonce (replayed or foreign quote)`,
    )
  }
}
