import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import {
  type AdapterFileEntry,
  parseAdapterContainerHeader,
  parseAdapterContainerPrefix,
} from './adapterContainerHeader.js'
import { ByteReader, type ByteSource } from './ByteReader.js'
import { ADAPTER_CONTAINER_MAX_HEADER_SIZE, ADAPTER_CONTAINER_PREFIX_SIZE } from './constants.js'
import { ResultError } from './ResultError.js'

export type ReadAdapterContainerParameters = {
  /** Largest header JSON accepted; default 64 KiB. */
  maxHeaderSize?: number | undefined
  /** Largest sum of file sizes accepted; default 2 GiB. */
  maxTotalSize?: number | undefined
}

/**
 * What reading a container yields, in order: for each file `start`, its bytes as `data`, then `verified` once its
 * size and sha256 match the header; `end` after the whole container checked out (no trailing bytes).
 * Bytes of a file are only trustworthy once its `verified` event arrived.
 */
export type AdapterContainerEvent =
  | { type: 'start'; index: number; file: AdapterFileEntry }
  | { type: 'data'; index: number; bytes: Uint8Array }
  | { type: 'verified'; index: number; file: AdapterFileEntry }
  | { type: 'end'; files: AdapterFileEntry[] }

/** Reads an LCNA adapter container as a stream of events, verifying every file with bounded memory. */
export async function* readAdapterContainer(
  source: ByteSource,
  parameters: ReadAdapterContainerParameters = {},
): AsyncGenerator<AdapterContainerEvent, void, undefined> {
  const maxTotalSize = parameters.maxTotalSize ?? 2 ** 31
  const reader = new ByteReader(source)
  let finished = false
  try {
    const headerLength = parseAdapterContainerPrefix(
      await reader.read(ADAPTER_CONTAINER_PREFIX_SIZE),
      parameters.maxHeaderSize ?? ADAPTER_CONTAINER_MAX_HEADER_SIZE,
    )
    const json = await reader.read(headerLength)
    if (json.length !== headerLength) {
      throw new ResultError('Adapter container ends inside its header.', {
        code: 'ADAPTER_CONTAINER_TRUNCATED',
      })
    }
    const files = parseAdapterContainerHeader(json)
    const total = files.reduce((sum, f) => sum + f.size, 0)
    if (total > maxTotalSize) {
      throw new ResultError('Adapter container is too large.', {
        code: 'ADAPTER_CONTAINER_TOO_LARGE',
        details: `${total} bytes of files, limit ${maxTotalSize}`,
      })
    }
    for (const [index, file] of files.entries()) {
      yield { type: 'start', index, file }
      const hash = sha256.create()
      let left = file.size
      while (left > 0) {
        const bytes = await reader.readSome(Math.min(left, 1 << 20))
        if (bytes === undefined) {
          throw new ResultError(`Adapter container ends inside ${file.name}.`, {
            code: 'ADAPTER_CONTAINER_TRUNCATED',
          })
        }
        hash.update(bytes)
        left -= bytes.length
        yield { type: 'data', index, bytes }
      }
      if (bytesToHex(hash.digest()) !== file.sha256) {
        throw new ResultError(`Adapter file ${file.name} does not match its sha256.`, {
          code: 'ADAPTER_FILE_MISMATCH',
        })
      }
      yield { type: 'verified', index, file }
    }
    if (!(await reader.atEnd())) {
      throw new ResultError('Bytes follow the last adapter file.', {
        code: 'ADAPTER_CONTAINER_TRAILING_DATA',
      })
    }
    finished = true
    yield { type: 'end', files }
  } finally {
    if (!finished) await reader.cancel().catch(() => {})
  }
}
