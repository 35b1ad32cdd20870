import { parseOrThrow } from '@licen/errors'
import { DstackClient } from '@phala/dstack-sdk'
import { bytesToHex, type Hex } from 'viem'
import { z } from 'zod'
import { TeeError } from './TeeError.js'

/** Identity of the CVM as the guest agent reports it. */
export type TeeInfo = {
  appId: string
  instanceId: string
  appName: string
  /** sha256 of the app-compose file the CVM booted, 0x-prefixed. */
  composeHash: Hex
  /** OS image hash when the agent reports it (dstack ≥ 0.5), 0x-prefixed. */
  osImageHash: Hex | undefined
}

/** A quote and the runtime event log that RTMR3 replays to. */
export type TeeQuote = {
  /** TDX quote, hex. */
  quote: Hex
  /** JSON text of the event log, passed on unchanged for the verifier to replay. */
  eventLog: string
}

/** The two guest-agent calls the provider needs. */
export type TeeClient = {
  info: () => Promise<TeeInfo>
  /** A quote whose report_data is exactly the 64 bytes given. */
  getQuote: (reportData: Uint8Array) => Promise<TeeQuote>
}

export type CreateTeeClientParameters = {
  /** Guest agent endpoint: a unix socket path in a CVM, an http URL for the dev agent. */
  endpoint: string
}

const MAX_QUOTE_HEX = 2 * 65_536
const MAX_EVENT_LOG = 1 << 20
const hex32 = z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/)

const infoSchema = z.object({
  app_id: z.string().max(256),
  instance_id: z.string().max(256),
  app_name: z.string().max(256).optional().default(''),
  compose_hash: hex32,
  os_image_hash: z.string().max(256).optional(),
  tcb_info: z
    .object({ os_image_hash: z.string().max(256).optional() })
    .passthrough()
    .optional(),
})

const quoteSchema = z.object({
  quote: z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]+$/)
    .max(MAX_QUOTE_HEX),
  event_log: z.string().max(MAX_EVENT_LOG),
  report_data: z.string().optional(),
})

const prefixed = (value: string): Hex => (value.startsWith('0x') ? value : `0x${value}`).toLowerCase() as Hex

/** Creates a client for the dstack guest agent through `@phala/dstack-sdk`'s `DstackClient`. */
export function createTeeClient(parameters: CreateTeeClientParameters): TeeClient {
  let client: DstackClient | undefined
  const connect = () => {
    if (client) return client
    try {
      client = new DstackClient(parameters.endpoint)
      return client
    } catch (error) {
      throw new TeeError('The TEE guest agent endpoint does not exist.', {
        code: 'TEE_UNAVAILABLE',
        cause: error,
      })
    }
  }
  return {
    async info() {
      let raw: unknown
      try {
        raw = await connect().info()
      } catch (error) {
        if (error instanceof TeeError) throw error
        throw new TeeError('The TEE guest agent did not return its info.', {
          code: 'TEE_UNAVAILABLE',
          cause: error,
        })
      }
      const parsed = parseOrThrow(
        infoSchema,
        raw,
        (details) =>
          new TeeError('The TEE guest agent returned malformed info.', { code: 'TEE_BAD_RESPONSE', details }),
      )
      const osImageHash = parsed.os_image_hash ?? parsed.tcb_info?.os_image_hash
      return {
        appId: parsed.app_id,
        instanceId: parsed.instance_id,
        appName: parsed.app_name,
        composeHash: prefixed(parsed.compose_hash),
        osImageHash: osImageHash ? prefixed(osImageHash) : undefined,
      }
    },
    async getQuote(reportData) {
      if (!(reportData instanceof Uint8Array) || reportData.length !== 64) {
        throw new TeeError('Report data must be exactly 64 bytes.', { code: 'TEE_INVALID_ARGUMENT' })
      }
      let raw: unknown
      try {
        raw = await connect().getQuote(Buffer.from(reportData))
      } catch (error) {
        if (error instanceof TeeError) throw error
        throw new TeeError('The TEE guest agent did not return a quote.', {
          code: 'TEE_UNAVAILABLE',
          cause: error,
        })
      }
      const parsed = parseOrThrow(
        quoteSchema,
        raw,
        (details) =>
          new TeeError('The TEE guest agent returned a malformed quote.', {
            code: 'TEE_BAD_RESPONSE',
            details,
          }),
      )
      // The agent echoes the report data it quoted; anything else means it quoted something we did not ask for.
      const echoed = parsed.report_data
      if (echoed !== undefined && prefixed(echoed) !== bytesToHex(reportData)) {
        throw new TeeError('The TEE guest agent quoted different report data.', { code: 'TEE_BAD_RESPONSE' })
      }
      try {
        if (!Array.isArray(JSON.parse(parsed.event_log))) throw new Error('not an array')
      } catch (error) {
        throw new TeeError('The TEE event log is not a JSON array.', {
          code: 'TEE_BAD_RESPONSE',
          cause: error,
        })
      }
      return { quote: prefixed(parsed.quote), eventLog: parsed.event_log }
    },
  }
}
