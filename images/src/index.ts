export { ImageError, type ImageErrorCode } from './errors.js'
export { type OciArchive, writeOciArchive } from './oci/writeOciArchive.js'
export type { TarEntry } from './tar/TarEntry.js'
export { writeTar } from './tar/writeTar.js'
