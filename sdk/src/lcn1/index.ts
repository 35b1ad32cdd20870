// `@licen/sdk/lcn1`: the LCN1 chunked AEAD stream format: header, chunks, sizes, streams.
export { decryptLcn1Chunk, encryptLcn1Chunk } from './chunk.js'
export { LCN1_DEFAULT_CHUNK_SIZE_LOG2, LCN1_HEADER_SIZE, LCN1_TAG_SIZE } from './constants.js'
export {
  type CreateLcn1DecryptStreamParameters,
  createLcn1DecryptStream,
} from './createLcn1DecryptStream.js'
export {
  type CreateLcn1EncryptStreamParameters,
  createLcn1EncryptStream,
  type Lcn1EncryptStream,
} from './createLcn1EncryptStream.js'
export { type DecryptLcn1Parameters, decryptLcn1 } from './decryptLcn1.js'
export { type EncryptLcn1Parameters, encryptLcn1 } from './encryptLcn1.js'
export {
  type EncodeLcn1HeaderParameters,
  encodeLcn1Header,
  type Lcn1Header,
  parseLcn1Header,
} from './header.js'
export { importLcn1Key, type Lcn1Key } from './importLcn1Key.js'
export { Lcn1Error, type Lcn1ErrorCode } from './Lcn1Error.js'
export { lcn1Nonce } from './nonce.js'
export type { Lcn1Progress } from './progress.js'
export { lcn1ChunkCount, lcn1CiphertextSize, lcn1PlaintextSize } from './sizes.js'
