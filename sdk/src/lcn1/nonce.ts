import { LCN1_NONCE_PREFIX_SIZE } from './constants.js'

/** Builds the 12-byte AES-GCM nonce of chunk `index`: noncePrefix(7) ‖ u32be(index) ‖ lastFlag(1). */
export function lcn1Nonce(noncePrefix: Uint8Array, index: number, last: boolean): Uint8Array<ArrayBuffer> {
  const nonce = new Uint8Array(12)
  nonce.set(noncePrefix.subarray(0, LCN1_NONCE_PREFIX_SIZE), 0)
  new DataView(nonce.buffer).setUint32(LCN1_NONCE_PREFIX_SIZE, index, false)
  nonce[11] = last ? 1 : 0
  return nonce
}
