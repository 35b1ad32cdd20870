import type { AdapterFileEntry } from './adapterContainerHeader.js'
import type { ByteSource } from './ByteReader.js'
import { readAdapterContainer } from './readAdapterContainer.js'

/** A verified file taken out of an adapter container. */
export type AdapterFile = AdapterFileEntry & { bytes: Uint8Array<ArrayBuffer> }

export type DecodeAdapterContainerParameters = {
  /** Largest sum of file sizes accepted (all of it is held in memory); default 512 MiB. */
  maxTotalSize?: number | undefined
}

/** Reads a whole adapter container into memory and returns its verified files in header order. */
export async function decodeAdapterContainer(
  source: ByteSource,
  parameters: DecodeAdapterContainerParameters = {},
): Promise<AdapterFile[]> {
  const files: AdapterFile[] = []
  let offset = 0
  for await (const event of readAdapterContainer(source, {
    maxTotalSize: parameters.maxTotalSize ?? 512 * 2 ** 20,
  })) {
    if (event.type === 'start') {
      files.push({ ...event.file, bytes: new Uint8Array(event.file.size) })
      offset = 0
    } else if (event.type === 'data') {
      files[event.index]!.bytes.set(event.bytes, offset)
      offset += event.bytes.length
    }
  }
  return files
}
