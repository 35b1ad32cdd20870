import { concatBytes, utf8ToBytes } from '@noble/hashes/utils'

/** A DER tag-length-value with the given tag byte around `content`. */
export function derTlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(tag), derLength(content.length), content)
}

function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length)
  const bytes: number[] = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff)
  return Uint8Array.of(0x80 | bytes.length, ...bytes)
}

/** A DER SEQUENCE of already-encoded items. */
export function derSequence(...items: Uint8Array[]): Uint8Array {
  return derTlv(0x30, concatBytes(...items))
}

/** A DER SET of already-encoded items (callers pass them in DER order). */
export function derSet(...items: Uint8Array[]): Uint8Array {
  return derTlv(0x31, concatBytes(...items))
}

/** A DER INTEGER from a non-negative bigint, minimally encoded. */
export function derInteger(value: bigint | number): Uint8Array {
  let rest = BigInt(value)
  if (rest < 0n) throw new RangeError('derInteger takes non-negative values')
  const bytes: number[] = []
  do {
    bytes.unshift(Number(rest & 0xffn))
    rest >>= 8n
  } while (rest > 0n)
  if (bytes[0]! & 0x80) bytes.unshift(0)
  return derTlv(0x02, Uint8Array.from(bytes))
}

/** A DER INTEGER whose content is exactly `bytes` (a serial number chosen by the caller; top bit must be clear). */
export function derIntegerBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0 || bytes[0]! & 0x80)
    throw new RangeError('integer bytes must be non-empty and positive')
  return derTlv(0x02, bytes)
}

/** A DER OBJECT IDENTIFIER from dotted notation. */
export function derOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map((arc) => BigInt(arc))
  if (arcs.length < 2) throw new RangeError(`bad OID ${oid}`)
  const out: number[] = []
  const push = (arc: bigint) => {
    const group: number[] = [Number(arc & 0x7fn)]
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) group.unshift(Number(rest & 0x7fn) | 0x80)
    out.push(...group)
  }
  push(arcs[0]! * 40n + arcs[1]!)
  for (const arc of arcs.slice(2)) push(arc)
  return derTlv(0x06, Uint8Array.from(out))
}

/** A DER UTF8String. */
export function derUtf8(text: string): Uint8Array {
  return derTlv(0x0c, utf8ToBytes(text))
}

/** A DER PrintableString (the caller keeps to the printable alphabet). */
export function derPrintable(text: string): Uint8Array {
  return derTlv(0x13, utf8ToBytes(text))
}

/** A DER BIT STRING with no unused bits. */
export function derBitString(bytes: Uint8Array): Uint8Array {
  return derTlv(0x03, concatBytes(Uint8Array.of(0), bytes))
}

/** A DER OCTET STRING. */
export function derOctetString(bytes: Uint8Array): Uint8Array {
  return derTlv(0x04, bytes)
}

/** A DER BOOLEAN. */
export function derBoolean(value: boolean): Uint8Array {
  return derTlv(0x01, Uint8Array.of(value ? 0xff : 0))
}

/** A DER ENUMERATED. */
export function derEnumerated(value: number): Uint8Array {
  return derTlv(0x0a, Uint8Array.of(value))
}

/** An X.509 Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), whole seconds, UTC. */
export function derTime(date: Date): Uint8Array {
  const iso = date.toISOString()
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`
  const year = date.getUTCFullYear()
  return year < 2050 ? derTlv(0x17, utf8ToBytes(digits.slice(2))) : derTlv(0x18, utf8ToBytes(digits))
}

/** A context-specific tag `[n]`, constructed (explicit) by default. */
export function derContext(n: number, content: Uint8Array, constructed = true): Uint8Array {
  return derTlv((constructed ? 0xa0 : 0x80) | n, content)
}
