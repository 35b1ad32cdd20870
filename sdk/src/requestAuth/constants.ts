/** Domain tag on the first line of every signed provider request. */
export const PROVIDER_REQUEST_DOMAIN = 'licen/provider-request/v1'

/** Header names of a signed provider request (lower case, as HTTP/2 and fetch `Headers` report them). */
export const providerRequestHeaderNames = {
  address: 'x-licen-address',
  timestamp: 'x-licen-timestamp',
  signature: 'x-licen-signature',
} as const

/** Largest allowed distance, in seconds, between a request's timestamp and the verifier's clock. */
export const PROVIDER_REQUEST_MAX_SKEW_SECONDS = 60

/** Longest request path (with query) accepted for signing or verification. */
export const PROVIDER_REQUEST_MAX_PATH_LENGTH = 2048
