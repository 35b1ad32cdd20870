import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import { PROVIDER_REQUEST_DOMAIN, PROVIDER_REQUEST_MAX_PATH_LENGTH } from './constants.js'
import { RequestAuthError } from './RequestAuthError.js'

export type ProviderRequestMessageParameters = {
  /** HTTP method, upper case (`GET`, `POST`, …). */
  method: string
  /** Request target exactly as sent: path plus `?query` if any, starting with `/`. */
  path: string
  /** Unix seconds. */
  timestamp: number
  /** Raw body bytes (a string is taken as UTF-8); empty for none. */
  body: Uint8Array | string
}

const METHOD = /^[A-Z]{1,16}$/
// Visible ASCII only: a newline or space in the path would let one message be read as another.
const PATH = /^\/[\x21-\x7e]*$/

/** Builds the exact text an orchestrator signs (EIP-191) for one provider request. */
export function providerRequestMessage(parameters: ProviderRequestMessageParameters): string {
  const { method, path, timestamp, body } = parameters
  if (!METHOD.test(method)) {
    throw new RequestAuthError('Method must be 1-16 upper-case letters.', {
      code: 'REQUEST_AUTH_INVALID_ARGUMENT',
    })
  }
  if (path.length > PROVIDER_REQUEST_MAX_PATH_LENGTH || !PATH.test(path)) {
    throw new RequestAuthError(
      `Path must start with "/", hold only visible ASCII and be at most ${PROVIDER_REQUEST_MAX_PATH_LENGTH} characters.`,
      { code: 'REQUEST_AUTH_INVALID_ARGUMENT' },
    )
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RequestAuthError('Timestamp must be a non-negative integer.', {
      code: 'REQUEST_AUTH_INVALID_ARGUMENT',
    })
  }
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  return `${PROVIDER_REQUEST_DOMAIN}\n${method}\n${path}\n${timestamp}\n${bytesToHex(sha256(bytes))}`
}
