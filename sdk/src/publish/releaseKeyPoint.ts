import { secp256k1 } from '@noble/curves/secp256k1'

const COMPRESSED_KEY = /^0x0[23][0-9a-f]{64}$/

/**
 * Why `publicKey` is not a 33-byte compressed secp256k1 point, or undefined when it is one. The chain stores any
 * 33 bytes; a key whose x has no point on the curve (`0x035e5e…`) is held by nobody, so nothing may be sealed to it.
 */
export function releaseKeyPointProblem(publicKey: string): string | undefined {
  const hex = publicKey.toLowerCase()
  if (!COMPRESSED_KEY.test(hex)) {
    const shown = hex.length > 70 ? `${hex.slice(0, 70)}…` : hex
    return `${shown} is not a 33-byte compressed key (0x02 or 0x03, then 32 bytes)`
  }
  try {
    secp256k1.ProjectivePoint.fromHex(hex.slice(2))
    return undefined
  } catch {
    return `${hex} is not a point on secp256k1`
  }
}
