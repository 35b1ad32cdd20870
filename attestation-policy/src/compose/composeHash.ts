import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'

/**
 * dstack's compose hash of an app-compose.json: sha256 of the file's exact bytes (dstack-util
 * `measure_app_info` hashes the file it booted with; the VMM's `get_compose_hash` hashes the compose string it is
 * given), lowercase hex. No parsing or re-serialisation: a byte of whitespace changes it.
 */
export function composeHash(appCompose: Uint8Array | string): string {
  return bytesToHex(sha256(typeof appCompose === 'string' ? utf8ToBytes(appCompose) : appCompose))
}
