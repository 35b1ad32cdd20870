import { parseOrThrow } from '@licen/errors'
import { z } from '@licen/sdk/validation'
import { BaseError } from '../errors.js'

/** dstack's event type for runtime events extended into RTMR3 (not a TCG type). */
export const DSTACK_RUNTIME_EVENT_TYPE = 0x08000001

/** Bounds on an event log: dstack logs hold a few dozen events. */
export const MAX_EVENT_LOG_CHARS = 1_048_576
export const MAX_EVENTS = 1024

/** One entry of a dstack (cc-eventlog) TDX event log as the guest agent returns it. */
export const eventLogEntrySchema = z.strictObject({
  imr: z.int().check(z.minimum(0), z.maximum(3)),
  event_type: z.int().check(z.minimum(0), z.maximum(0xffffffff)),
  digest: z.optional(z.string().check(z.regex(/^([0-9a-fA-F]{96})?$/, 'digest: 48 bytes of hex'))),
  event: z.string().check(z.maxLength(256)),
  event_payload: z.string().check(z.maxLength(65_536), z.regex(/^([0-9a-fA-F]{2})*$/, 'event_payload: hex')),
  /** Present in newer dstack logs; only version 1 is understood. */
  version: z.optional(z.int()),
})

export type EventLogEntry = z.infer<typeof eventLogEntrySchema>

const eventLogSchema = z.array(eventLogEntrySchema).check(z.maxLength(MAX_EVENTS))

/** Parses an event log given as JSON text (what GetQuote returns) or as an array; bounded, unknown fields refused. */
export function parseEventLog(input: string | unknown[]): EventLogEntry[] {
  let value: unknown = input
  if (typeof input === 'string') {
    if (input.length > MAX_EVENT_LOG_CHARS) {
      throw new BaseError('The event log is too large.', {
        code: 'EVENT_LOG_INVALID',
        details: `${input.length} characters, at most ${MAX_EVENT_LOG_CHARS}`,
      })
    }
    try {
      value = JSON.parse(input)
    } catch (error) {
      throw new BaseError('The event log is not valid JSON.', { code: 'EVENT_LOG_INVALID', cause: error })
    }
  }
  return parseOrThrow(
    eventLogSchema,
    value,
    (details) => new BaseError('The event log is malformed.', { code: 'EVENT_LOG_INVALID', details }),
  )
}
