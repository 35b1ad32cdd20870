import { sha384 } from '@noble/hashes/sha2'
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils'
import { u32le } from '../bytes.js'
import { DSTACK_RUNTIME_EVENT_TYPE, type EventLogEntry } from './eventLogSchema.js'

/** A runtime event whose digest was recomputed from its name and payload. */
export type RuntimeEvent = { name: string; payload: Uint8Array; digest: string }

export type Rtmr3Replay =
  | { ok: true; rtmr3: string; events: RuntimeEvent[] }
  | {
      ok: false
      code: 'EVENT_LOG_UNSUPPORTED_VERSION' | 'EVENT_LOG_UNEXPECTED_TYPE' | 'EVENT_DIGEST_MISMATCH'
      reason: string
    }

/** dstack runtime-event digest (v1): sha384(u32le(0x08000001) ‖ ":" ‖ name ‖ ":" ‖ payload). */
export function runtimeEventDigest(name: string, payload: Uint8Array): Uint8Array {
  return sha384(concatBytes(u32le(DSTACK_RUNTIME_EVENT_TYPE), utf8ToBytes(`:${name}:`), payload))
}

/** Extends a 48-byte RTMR value with a digest: sha384(mr ‖ digest). */
export function extendRtmr(mr: Uint8Array, digest: Uint8Array): Uint8Array {
  return sha384(concatBytes(mr, digest))
}

/**
 * Replays RTMR3 from the IMR 3 entries of an event log, recomputing every digest from the event name and payload
 * (a `digest` field is never trusted: when present it must equal the recomputed one). Entries with a version other
 * than 1 or a type other than dstack's runtime event are refused, not skipped.
 */
export function replayRtmr3(entries: readonly EventLogEntry[]): Rtmr3Replay {
  let mr: Uint8Array = new Uint8Array(48)
  const events: RuntimeEvent[] = []
  for (const [index, entry] of entries.entries()) {
    if (entry.imr !== 3) continue
    if (entry.version !== undefined && entry.version !== 1) {
      return {
        ok: false,
        code: 'EVENT_LOG_UNSUPPORTED_VERSION',
        reason: `event ${index} (${entry.event}) is version ${entry.version}; only version 1 runtime events can be verified`,
      }
    }
    if (entry.event_type !== DSTACK_RUNTIME_EVENT_TYPE) {
      return {
        ok: false,
        code: 'EVENT_LOG_UNEXPECTED_TYPE',
        reason: `event ${index} in IMR 3 has type 0x${entry.event_type.toString(16)}, not a dstack runtime event`,
      }
    }
    const payload = hexToBytes(entry.event_payload)
    const digest = runtimeEventDigest(entry.event, payload)
    if (entry.digest && entry.digest.toLowerCase() !== bytesToHex(digest)) {
      return {
        ok: false,
        code: 'EVENT_DIGEST_MISMATCH',
        reason: `event ${index} (${entry.event}) claims a digest that is not the hash of its payload: the log was edited`,
      }
    }
    mr = extendRtmr(mr, digest)
    events.push({ name: entry.event, payload, digest: bytesToHex(digest) })
  }
  return { ok: true, rtmr3: bytesToHex(mr), events }
}
