import { bytesToHex, hexToBytes } from '@noble/hashes/utils'
import type { EventLogEntry } from './eventLogSchema.js'
import { extendRtmr } from './replayRtmr3.js'

/** The boot-time registers: IMR 0-2 of the event log are RTMR0-2 of the quote. */
export const BOOT_IMRS = [0, 1, 2] as const

/** One boot-time register replayed from the IMR 0-2 entries of an event log. */
export type BootRegisterReplay = { imr: 0 | 1 | 2; events: number; rtmr: string }

export type BootRtmrsReplay =
  | { ok: true; registers: BootRegisterReplay[] }
  | { ok: false; code: 'EVENT_LOG_UNSUPPORTED_VERSION' | 'BOOT_EVENT_DIGEST_MISSING'; reason: string }

/**
 * Replays RTMR0-2 from the IMR 0-2 entries (firmware, boot loader, kernel) of an event log, for each register the
 * log has entries for: mr = sha384(mr ‖ digest) from 48 zero bytes, in log order. A boot event's digest measures
 * data the log does not carry, so it cannot be recomputed: an entry without one cannot be checked and is refused,
 * and only the digests are bound by the replay (a payload is the firmware's description of what it measured).
 */
export function replayBootRtmrs(entries: readonly EventLogEntry[]): BootRtmrsReplay {
  const registers = new Map<0 | 1 | 2, { events: number; mr: Uint8Array }>()
  for (const [index, entry] of entries.entries()) {
    if (entry.imr === 3) continue
    const imr = entry.imr as 0 | 1 | 2
    if (entry.version !== undefined && entry.version !== 1) {
      return {
        ok: false,
        code: 'EVENT_LOG_UNSUPPORTED_VERSION',
        reason: `event ${index} (IMR ${imr}) is version ${entry.version}; only version 1 boot events can be verified`,
      }
    }
    if (!entry.digest) {
      return {
        ok: false,
        code: 'BOOT_EVENT_DIGEST_MISSING',
        reason: `event ${index} in IMR ${imr} has no digest: a boot event cannot be recomputed from its payload, so it cannot be checked against RTMR${imr}`,
      }
    }
    const register = registers.get(imr) ?? { events: 0, mr: new Uint8Array(48) }
    registers.set(imr, { events: register.events + 1, mr: extendRtmr(register.mr, hexToBytes(entry.digest)) })
  }
  return {
    ok: true,
    registers: BOOT_IMRS.flatMap((imr) => {
      const register = registers.get(imr)
      return register ? [{ imr, events: register.events, rtmr: bytesToHex(register.mr) }] : []
    }),
  }
}
