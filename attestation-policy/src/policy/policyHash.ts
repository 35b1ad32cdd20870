import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'
import canonicalize from 'canonicalize'
import { parsePolicy } from './parsePolicy.js'
import type { AttestationPolicy } from './policySchema.js'

/** RFC 8785 (JCS) canonical UTF-8 bytes of a policy, after validating it. */
export function canonicalPolicyBytes(policy: AttestationPolicy): Uint8Array {
  const text = canonicalize(parsePolicy(policy))
  if (text === undefined) throw new TypeError('policy did not canonicalize')
  return utf8ToBytes(text)
}

/** keccak256 of the policy's canonical bytes: the bytes32 the contract and datasets reference. */
export function policyHash(policy: AttestationPolicy): `0x${string}` {
  return `0x${bytesToHex(keccak_256(canonicalPolicyBytes(policy)))}`
}
