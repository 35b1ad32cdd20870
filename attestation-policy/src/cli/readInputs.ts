import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { hexToBytes } from '@noble/hashes/utils'
import { BaseError } from '../errors.js'
import { MAX_QUOTE_BYTES } from '../quote/parseQuote.js'

/** Largest input file the CLI reads (collateral with a large PCK CRL stays far below). */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024

const HEX = /^(0x)?([0-9a-fA-F]{2})+$/

/** Resolves a path the user typed against the directory they ran the command from. */
export function resolvePath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path)
}

/** Reads a file with a size limit; errors name the path the user gave. */
export async function readInput(path: string, cwd: string): Promise<Uint8Array> {
  const full = resolvePath(path, cwd)
  let size: number
  try {
    size = (await stat(full)).size
  } catch (error) {
    throw new BaseError(`Cannot read ${path}.`, {
      code: 'INPUT_INVALID',
      details: (error as NodeJS.ErrnoException).code,
      cause: error,
    })
  }
  if (size > MAX_INPUT_BYTES)
    throw new BaseError(`${path} is too large.`, { code: 'INPUT_INVALID', details: `${size} bytes` })
  return new Uint8Array(await readFile(full))
}

/** Parses JSON from a file the user named. */
export async function readJsonInput(path: string, cwd: string): Promise<unknown> {
  const text = new TextDecoder().decode(await readInput(path, cwd))
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new BaseError(`${path} is not valid JSON.`, {
      code: 'INPUT_INVALID',
      details: (error as Error).message,
    })
  }
}

/** A quote and, when the input was a GetQuote response, its event log. */
export type QuoteInput = { quote: Uint8Array; eventLog: string | undefined }

/**
 * Reads `--quote`: a literal hex string, a binary quote file, a hex text file, or a JSON GetQuote response
 * (`{"quote": hex, "event_log": …}`, as dstack returns it).
 */
export async function readQuoteInput(value: string, cwd: string): Promise<QuoteInput> {
  const trimmed = value.trim()
  if (HEX.test(trimmed) && trimmed.length > 2 * 1000)
    return { quote: hexToBytes(trimmed.replace(/^0x/, '')), eventLog: undefined }
  const bytes = await readInput(value, cwd)
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).trim()
  if (text.startsWith('{')) {
    let json: { quote?: unknown; event_log?: unknown }
    try {
      json = JSON.parse(text) as typeof json
    } catch (error) {
      throw new BaseError(`${value} is not valid JSON.`, {
        code: 'INPUT_INVALID',
        details: (error as Error).message,
      })
    }
    if (typeof json.quote !== 'string' || !HEX.test(json.quote)) {
      throw new BaseError(`${value} has no "quote" hex field.`, { code: 'INPUT_INVALID' })
    }
    const eventLog =
      typeof json.event_log === 'string'
        ? json.event_log
        : Array.isArray(json.event_log)
          ? JSON.stringify(json.event_log)
          : undefined
    return { quote: hexToBytes(json.quote.replace(/^0x/, '')), eventLog }
  }
  const compact = text.replace(/\s+/g, '')
  if (HEX.test(compact) && compact.length <= 2 * MAX_QUOTE_BYTES + 2) {
    return { quote: hexToBytes(compact.replace(/^0x/, '')), eventLog: undefined }
  }
  return { quote: bytes, eventLog: undefined }
}

/** Reads `--event-log`: a JSON array, a JSON string holding the array, or a GetQuote response with `event_log`. */
export async function readEventLogInput(path: string, cwd: string): Promise<string> {
  const json = await readJsonInput(path, cwd)
  if (Array.isArray(json)) return JSON.stringify(json)
  if (typeof json === 'string') return json
  const inner = (json as { event_log?: unknown } | null)?.event_log
  if (typeof inner === 'string') return inner
  if (Array.isArray(inner)) return JSON.stringify(inner)
  throw new BaseError(`${path} holds no event log.`, {
    code: 'INPUT_INVALID',
    details: 'expected an array, a string or {"event_log": …}',
  })
}

/** Parses `--report-data`: exactly 64 bytes of hex. */
export function parseReportData(value: string): Uint8Array {
  const body = value.trim().replace(/^0x/, '')
  if (!/^[0-9a-fA-F]{128}$/.test(body)) {
    throw new BaseError('--report-data must be 64 bytes of hex (128 hex digits).', { code: 'INPUT_INVALID' })
  }
  return hexToBytes(body)
}
