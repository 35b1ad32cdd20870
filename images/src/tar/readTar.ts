import { ImageError } from '../errors.js'

/** One entry read back from a tar archive. */
export type TarRecord = {
  path: string
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other'
  mode: number
  uid: number
  gid: number
  uname: string
  gname: string
  mtime: number
  linkname: string
  data: Uint8Array
}

const decoder = new TextDecoder()

const text = (block: Uint8Array, offset: number, width: number) => {
  const field = block.subarray(offset, offset + width)
  const end = field.indexOf(0)
  return decoder.decode(end === -1 ? field : field.subarray(0, end))
}

const number = (block: Uint8Array, offset: number, width: number) => {
  const value = text(block, offset, width).trim()
  return value === '' ? 0 : Number.parseInt(value, 8)
}

function parsePax(body: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {}
  let at = 0
  while (at < body.length) {
    const space = body.indexOf(0x20, at)
    const length = Number(decoder.decode(body.subarray(at, space)))
    if (!Number.isInteger(length) || length <= 0) break
    const record = decoder.decode(body.subarray(space + 1, at + length - 1))
    const eq = record.indexOf('=')
    out[record.slice(0, eq)] = record.slice(eq + 1)
    at += length
  }
  return out
}

const TYPES: Record<string, TarRecord['type']> = {
  '0': 'file',
  '': 'file',
  '5': 'directory',
  '2': 'symlink',
  '1': 'hardlink',
}

/**
 * Reads a whole (uncompressed) tar archive held in memory: ustar, pax (`x`, `g`) and GNU long names (`L`, `K`).
 * For small archives and tests; the image writer streams instead.
 */
export function readTar(archive: Uint8Array): TarRecord[] {
  const records: TarRecord[] = []
  let pax: Record<string, string> = {}
  let longName: string | undefined
  let longLink: string | undefined
  let at = 0
  while (at + 512 <= archive.length) {
    const block = archive.subarray(at, at + 512)
    if (block.every((byte) => byte === 0)) break
    let sum = 0
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!
    if (sum !== number(block, 148, 8)) {
      throw new ImageError('A tar header checksum does not match.', {
        code: 'IMAGE_TAR_INVALID',
        details: `header at byte ${at}`,
      })
    }
    const typeflag = text(block, 156, 1)
    const size = pax.size !== undefined ? Number(pax.size) : number(block, 124, 12)
    const data = archive.subarray(at + 512, at + 512 + size)
    at += 512 + Math.ceil(size / 512) * 512
    if (typeflag === 'x') {
      pax = { ...pax, ...parsePax(data) }
      continue
    }
    if (typeflag === 'g') continue
    if (typeflag === 'L' || typeflag === 'K') {
      const value = decoder.decode(data).replace(/\0+$/, '')
      if (typeflag === 'L') longName = value
      else longLink = value
      continue
    }
    const prefix = text(block, 345, 155)
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100))
    records.push({
      path: name,
      type: TYPES[typeflag] ?? 'other',
      mode: number(block, 100, 8),
      uid: number(block, 108, 8),
      gid: number(block, 116, 8),
      uname: text(block, 265, 32),
      gname: text(block, 297, 32),
      mtime: number(block, 136, 12),
      linkname: pax.linkpath ?? longLink ?? text(block, 157, 100),
      data,
    })
    pax = {}
    longName = undefined
    longLink = undefined
  }
  return records
}
