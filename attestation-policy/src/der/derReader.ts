import { BaseError } from '../errors.js'

/** One DER element located inside a byte array. */
export type DerNode = {
  tag: number
  /** Offset of the tag byte. */
  start: number
  /** Offset of the first content byte. */
  contentStart: number
  /** Offset just past the element. */
  end: number
  source: Uint8Array
}

function fail(details: string): never {
  throw new BaseError('Malformed DER data.', { code: 'DER_INVALID', details })
}

/** Reads the DER element at `offset`, refusing indefinite or oversized lengths and anything running past `limit`. */
export function readDerNode(source: Uint8Array, offset = 0, limit = source.length): DerNode {
  if (offset + 2 > limit) fail(`element at ${offset} is truncated`)
  const tag = source[offset]!
  if ((tag & 0x1f) === 0x1f) fail(`multi-byte tag at ${offset}`)
  const first = source[offset + 1]!
  let length = first
  let contentStart = offset + 2
  if (first & 0x80) {
    const count = first & 0x7f
    if (count === 0 || count > 4) fail(`unsupported length encoding at ${offset}`)
    if (contentStart + count > limit) fail(`length at ${offset} is truncated`)
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + source[contentStart + i]!
    if (length < 0x80) fail(`non-minimal length at ${offset}`)
    contentStart += count
  }
  const end = contentStart + length
  if (end > limit) fail(`element at ${offset} runs past its container`)
  return { tag, start: offset, contentStart, end, source }
}

/** Parses `bytes` as exactly one DER element (no trailing data). */
export function readDerRoot(bytes: Uint8Array): DerNode {
  const node = readDerNode(bytes)
  if (node.end !== bytes.length) fail('trailing data after the element')
  return node
}

/** The content bytes of an element. */
export function derContent(node: DerNode): Uint8Array {
  return node.source.subarray(node.contentStart, node.end)
}

/** The whole encoding (tag, length, content) of an element. */
export function derEncoded(node: DerNode): Uint8Array {
  return node.source.subarray(node.start, node.end)
}

/** The child elements of a constructed element. */
export function derChildren(node: DerNode): DerNode[] {
  if (!(node.tag & 0x20)) fail(`element with tag 0x${node.tag.toString(16)} is not constructed`)
  const children: DerNode[] = []
  for (let at = node.contentStart; at < node.end; ) {
    const child = readDerNode(node.source, at, node.end)
    children.push(child)
    at = child.end
  }
  return children
}

/** Asserts an element's tag and returns it. */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) fail(`${what}: expected tag 0x${tag.toString(16)}`)
  return node
}

/** Decodes an OBJECT IDENTIFIER element to dotted notation. */
export function derOidString(node: DerNode): string {
  const content = derContent(expectTag(node, 0x06, 'OBJECT IDENTIFIER'))
  if (content.length === 0) fail('empty OID')
  const arcs: bigint[] = []
  let value = 0n
  for (const byte of content) {
    value = (value << 7n) | BigInt(byte & 0x7f)
    if (!(byte & 0x80)) {
      arcs.push(value)
      value = 0n
    }
  }
  const first = arcs.shift()!
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n]
  return [...head, ...arcs].join('.')
}

/** Decodes a UTCTime or GeneralizedTime element to unix seconds. */
export function derTimeSeconds(node: DerNode): number {
  const text = new TextDecoder().decode(derContent(node))
  const match =
    node.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : node.tag === 0x18
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null
  if (!match) fail(`bad time ${JSON.stringify(text)}`)
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[]
  const year = node.tag === 0x17 ? (y! >= 50 ? 1900 + y! : 2000 + y!) : y!
  return Date.UTC(year, mo! - 1, d!, h!, mi!, s!) / 1000
}
