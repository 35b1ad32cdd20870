import { EnvelopeError } from './EnvelopeError.js'

/** Context fields bound into an envelope payload; every value is a canonical string (decimal or lower-case hex). */
export type EnvelopeContext = Readonly<Record<string, string>>

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })
const HEX = '0123456789abcdef'
const KEY_HEX_LENGTH = 66 // "0x" + 64 hex digits

/**
 * Writes the canonical (RFC 8785) JSON payload `{…context, "d": domain, "key": "0x…"}` (members sorted by name,
 * so context fields named after "key" follow it) with the key's hex written straight into bytes, so it never
 * exists as a JS string.
 */
export function encodePayload(
  domain: string,
  context: EnvelopeContext,
  key: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const { prefix, suffix } = skeleton(domain, context)
  const out = new Uint8Array(prefix.length + KEY_HEX_LENGTH + suffix.length)
  out.set(prefix, 0)
  let at = prefix.length
  out[at++] = 0x30 // 0
  out[at++] = 0x78 // x
  for (const byte of key) {
    out[at++] = HEX.charCodeAt(byte >> 4)
    out[at++] = HEX.charCodeAt(byte & 15)
  }
  out.set(suffix, at)
  return out
}

/**
 * Reads a payload written by `encodePayload`: checks it is byte-for-byte the canonical payload for `domain` and
 * `context` around a 32-byte key, and returns the key. Distinguishes another domain, another context and garbage.
 */
export function decodePayload(payload: Uint8Array, domain: string, context: EnvelopeContext): Uint8Array {
  const expected = skeleton(domain, context)
  const keyStart = payload.length - expected.suffix.length - KEY_HEX_LENGTH
  if (
    keyStart === expected.prefix.length &&
    equalAt(payload, expected.prefix, 0) &&
    equalAt(payload, expected.suffix, keyStart + KEY_HEX_LENGTH)
  ) {
    const key = parseKeyHex(payload, keyStart)
    if (key) return key
  }
  throw explainMismatch(payload, domain, context)
}

function skeleton(domain: string, context: EnvelopeContext): { prefix: Uint8Array; suffix: Uint8Array } {
  const entries = Object.entries({ ...context, d: domain }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  for (const [name, value] of entries) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || name === 'key' || !/^[0-9A-Za-z/.:_-]*$/.test(value)) {
      // Plain ASCII names and values need no JSON escaping, which keeps this concatenation canonical.
      throw new EnvelopeError('Envelope context is not canonical.', {
        code: 'ENVELOPE_INVALID_ARGUMENT',
        details: `field ${name}`,
      })
    }
  }
  const member = ([name, value]: [string, string]) => `"${name}":"${value}"`
  const before = entries.filter(([name]) => name < 'key').map(member)
  const after = entries.filter(([name]) => name > 'key').map(member)
  return {
    prefix: encoder.encode(`{${[...before, '"key":"'].join(',')}`),
    suffix: encoder.encode(`"${after.map((m) => `,${m}`).join('')}}`),
  }
}

function equalAt(haystack: Uint8Array, needle: Uint8Array, offset: number): boolean {
  for (let i = 0; i < needle.length; i++) if (haystack[offset + i] !== needle[i]) return false
  return true
}

function parseKeyHex(payload: Uint8Array, start: number): Uint8Array | undefined {
  if (payload[start] !== 0x30 || payload[start + 1] !== 0x78) return undefined
  const key = new Uint8Array(32)
  for (let i = 0; i < 32; i++) {
    const high = HEX.indexOf(String.fromCharCode(payload[start + 2 + 2 * i]!))
    const low = HEX.indexOf(String.fromCharCode(payload[start + 3 + 2 * i]!))
    if (high < 0 || low < 0) {
      key.fill(0)
      return undefined
    }
    key[i] = (high << 4) | low
  }
  return key
}

/** Works out why a payload is not the expected one, reading it without its key (which is blanked first). */
function explainMismatch(payload: Uint8Array, domain: string, context: EnvelopeContext): EnvelopeError {
  const invalid = () =>
    new EnvelopeError('Envelope payload is not canonical LICEN JSON.', { code: 'ENVELOPE_PAYLOAD_INVALID' })
  const marker = encoder.encode('"key":"')
  let at = -1
  for (let i = payload.length - marker.length; i >= 0; i--) {
    if (equalAt(payload, marker, i)) {
      at = i + marker.length
      break
    }
  }
  if (at < 0) return invalid()
  const end = payload.indexOf(0x22, at)
  if (end < 0) return invalid()
  const blanked = new Uint8Array(payload.length - (end - at))
  blanked.set(payload.subarray(0, at), 0)
  blanked.set(payload.subarray(end), at)
  let parsed: unknown
  try {
    parsed = JSON.parse(decoder.decode(blanked))
  } catch {
    return invalid()
  }
  if (typeof parsed !== 'object' || parsed === null) return invalid()
  const fields = parsed as Record<string, unknown>
  if (fields.d !== domain) {
    return new EnvelopeError('Envelope is for another purpose.', {
      code: 'ENVELOPE_DOMAIN_MISMATCH',
      details: `domain ${JSON.stringify(fields.d)}, expected ${JSON.stringify(domain)}`,
    })
  }
  for (const [name, value] of Object.entries(context)) {
    const found = fields[name]
    if (found === value) continue
    // A missing field, or the same value spelled another way (letter case), is a payload this code never writes.
    if (typeof found !== 'string' || found.toLowerCase() === value.toLowerCase()) return invalid()
    const details = `${name} is ${JSON.stringify(found)}, expected ${JSON.stringify(value)}`
    return name === 'owner'
      ? new EnvelopeError('Envelope names another dataset owner.', {
          code: 'ENVELOPE_OWNER_MISMATCH',
          details,
        })
      : new EnvelopeError('Envelope is bound to another context.', {
          code: 'ENVELOPE_CONTEXT_MISMATCH',
          details,
        })
  }
  return invalid()
}
