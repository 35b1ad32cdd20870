import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'
import { DSTACK_RUNTIME_EVENT_TYPE, type EventLogEntry } from '../eventLog/eventLogSchema.js'
import { extendRtmr, runtimeEventDigest } from '../eventLog/replayRtmr3.js'

/** A runtime event to record in RTMR3. */
export type RuntimeEventInput = { name: string; payload: Uint8Array }

/** Encodes runtime events as dstack event-log entries (IMR 3, digest computed from name and payload). */
export function runtimeEntries(events: readonly RuntimeEventInput[]): EventLogEntry[] {
  return events.map(({ name, payload }) => ({
    imr: 3,
    event_type: DSTACK_RUNTIME_EVENT_TYPE,
    digest: bytesToHex(runtimeEventDigest(name, payload)),
    event: name,
    event_payload: bytesToHex(payload),
  }))
}

/** RTMR3 after extending each runtime event in order from zero. */
export function rtmr3Of(events: readonly RuntimeEventInput[]): string {
  return bytesToHex(
    events.reduce<Uint8Array>(
      (mr, { name, payload }) => extendRtmr(mr, runtimeEventDigest(name, payload)),
      new Uint8Array(48),
    ),
  )
}

/** dstack's boot sequence of runtime events for an app (the order the guest agent records them). */
export function bootRuntimeEvents(parameters: {
  appId: Uint8Array
  composeHash: Uint8Array
  instanceId: Uint8Array
  keyProvider: { name: string; id: string }
}): RuntimeEventInput[] {
  return [
    { name: 'system-preparing', payload: new Uint8Array() },
    { name: 'app-id', payload: parameters.appId },
    { name: 'compose-hash', payload: parameters.composeHash },
    { name: 'instance-id', payload: parameters.instanceId },
    { name: 'boot-mr-done', payload: new Uint8Array() },
    { name: 'key-provider', payload: utf8ToBytes(JSON.stringify(parameters.keyProvider)) },
    { name: 'system-ready', payload: new Uint8Array() },
  ]
}
