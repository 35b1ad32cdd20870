import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { ImageError } from '../errors.js'
import type { TarEntry } from './TarEntry.js'

export type WriteTarOptions = {
  /** The one modification time (seconds since the epoch) every entry gets: SOURCE_DATE_EPOCH. */
  mtime: number
  /** Owner names written for numeric ids (uname/gname); an id not listed gets an empty name. */
  names?: Readonly<Record<number, string>> | undefined
}

const BLOCK = 512
const MAX_OCTAL_SIZE = 8 ** 11 - 1
const encoder = new TextEncoder()

/** Byte-wise order of UTF-8 paths: the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`
}

function putString(header: Uint8Array, offset: number, width: number, text: string): void {
  const bytes = encoder.encode(text)
  header.set(bytes.subarray(0, width), offset)
}

type HeaderFields = {
  name: string
  mode: number
  uid: number
  gid: number
  size: number
  mtime: number
  typeflag: string
  linkname: string
  uname: string
  gname: string
}

function header(fields: HeaderFields): Uint8Array {
  const block = new Uint8Array(BLOCK)
  putString(block, 0, 100, fields.name)
  putString(block, 100, 8, octal(fields.mode, 8))
  putString(block, 108, 8, octal(fields.uid, 8))
  putString(block, 116, 8, octal(fields.gid, 8))
  putString(block, 124, 12, octal(fields.size, 12))
  putString(block, 136, 12, octal(fields.mtime, 12))
  putString(block, 148, 8, '        ')
  putString(block, 156, 1, fields.typeflag)
  putString(block, 157, 100, fields.linkname)
  putString(block, 257, 8, 'ustar\u000000')
  putString(block, 265, 32, fields.uname)
  putString(block, 297, 32, fields.gname)
  // devmajor/devminor stay empty: no device nodes are written (as Python's tarfile leaves them).
  let sum = 0
  for (const byte of block) sum += byte
  putString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `)
  return block
}

// A pax record is "<length> <key>=<value>\n" where <length> counts the whole record, itself included.
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  const bodyLength = encoder.encode(body).length
  let length = bodyLength + 1
  while (String(length).length + bodyLength !== length) length++
  return `${length}${body}`
}

const fitsUstar = (text: string) => /^[\x20-\x7e]*$/.test(text) && text.length <= 100

function padding(size: number): Uint8Array {
  const rest = size % BLOCK
  return new Uint8Array(rest === 0 ? 0 : BLOCK - rest)
}

async function* fileBytes(entry: Extract<TarEntry, { type: 'file' }>): AsyncGenerator<Uint8Array> {
  if (entry.source instanceof Uint8Array) {
    if (entry.source.length !== entry.size) throw sizeChanged(entry.path, entry.size, entry.source.length)
    yield entry.source
    return
  }
  if (entry.size < 1 << 20) {
    const bytes = await readFile(entry.source.file)
    if (bytes.length !== entry.size) throw sizeChanged(entry.path, entry.size, bytes.length)
    yield bytes
    return
  }
  let read = 0
  for await (const chunk of createReadStream(entry.source.file, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer
    read += bytes.length
    if (read > entry.size) throw sizeChanged(entry.path, entry.size, read)
    yield bytes
  }
  if (read !== entry.size) throw sizeChanged(entry.path, entry.size, read)
}

const sizeChanged = (path: string, expected: number, actual: number) =>
  new ImageError('A file changed while the image was written.', {
    code: 'IMAGE_SOURCE_INVALID',
    details: `${path}: expected ${expected} bytes, read ${actual}`,
  })

/**
 * Writes a tar archive deterministically: entries sorted by path, one mtime for all, numeric owners with fixed
 * names, pax records (with fixed header names) for long or non-ASCII paths, no device numbers, no atime/ctime.
 * The same entries in any order give the same bytes.
 */
export async function* writeTar(
  entries: Iterable<TarEntry>,
  options: WriteTarOptions,
): AsyncGenerator<Uint8Array> {
  const sorted = [...entries].sort((a, b) => comparePaths(a.path, b.path))
  const seen = new Set<string>()
  for (const entry of sorted) {
    if (
      entry.path === '' ||
      entry.path.startsWith('/') ||
      entry.path.endsWith('/') ||
      entry.path.startsWith('./')
    ) {
      throw new ImageError('A tar entry path is not a clean relative path.', {
        code: 'IMAGE_TAR_INVALID',
        details: JSON.stringify(entry.path),
      })
    }
    if (seen.has(entry.path)) {
      throw new ImageError('Two tar entries have the same path.', {
        code: 'IMAGE_TAR_INVALID',
        details: entry.path,
      })
    }
    seen.add(entry.path)
    const name = entry.type === 'directory' ? `${entry.path}/` : entry.path
    const linkname = entry.type === 'symlink' ? entry.target : ''
    const size = entry.type === 'file' ? entry.size : 0
    if (size > MAX_OCTAL_SIZE) {
      throw new ImageError('A file is too large for a ustar header.', {
        code: 'IMAGE_TAR_INVALID',
        details: name,
      })
    }
    const owner = {
      uid: entry.uid,
      gid: entry.gid,
      uname: options.names?.[entry.uid] ?? '',
      gname: options.names?.[entry.gid] ?? '',
    }
    let records = ''
    if (!fitsUstar(name)) records += paxRecord('path', name)
    if (!fitsUstar(linkname)) records += paxRecord('linkpath', linkname)
    if (records !== '') {
      const body = encoder.encode(records)
      const base = name.replace(/\/$/, '').split('/').pop() ?? ''
      yield header({
        name: `PaxHeaders/${base.replace(/[^\x20-\x7e]/g, '_')}`.slice(0, 100),
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: body.length,
        mtime: options.mtime,
        typeflag: 'x',
        linkname: '',
        uname: '',
        gname: '',
      })
      yield body
      yield padding(body.length)
    }
    yield header({
      name: fitsUstar(name) ? name : name.replace(/[^\x20-\x7e]/g, '_').slice(0, 100),
      mode: entry.mode,
      size,
      mtime: options.mtime,
      typeflag: entry.type === 'file' ? '0' : entry.type === 'directory' ? '5' : '2',
      linkname: fitsUstar(linkname) ? linkname : linkname.replace(/[^\x20-\x7e]/g, '_').slice(0, 100),
      ...owner,
    })
    if (entry.type === 'file') {
      yield* fileBytes(entry)
      yield padding(size)
    }
  }
  yield new Uint8Array(BLOCK * 2)
}
