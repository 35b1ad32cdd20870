import { type AdapterFile, decodeAdapterContainer } from './decodeAdapterContainer.js'
import { type OpenResultObjectParameters, openResultObject } from './openResultObject.js'

export type ReadResultObjectParameters = OpenResultObjectParameters & {
  /** Largest sum of adapter file sizes accepted; default 512 MiB. */
  maxTotalSize?: number | undefined
}

/** Decrypts an LCNR result object and returns the verified adapter files it holds (in memory). */
export async function readResultObject(parameters: ReadResultObjectParameters): Promise<AdapterFile[]> {
  const plaintext = await openResultObject(parameters)
  return decodeAdapterContainer(plaintext, { maxTotalSize: parameters.maxTotalSize })
}
