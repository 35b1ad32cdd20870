// `@licen/sdk/http`: reading bodies and streams from untrusted peers, bounded in size and time.
export { BodyTooLargeError } from './BodyTooLargeError.js'
export { type BoundedSource, type ReadBoundedOptions, readBounded } from './readBounded.js'
