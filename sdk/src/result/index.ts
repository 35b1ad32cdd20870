// `@licen/sdk/result`: the result object, adapter container and receipts file.
export { type AdapterFileEntry, adapterFileEntrySchema } from './adapterContainerHeader.js'
export { adapterFileFromBytes } from './adapterFileFromBytes.js'
export type { ByteSource } from './ByteReader.js'
export {
  ADAPTER_FILE_NAMES,
  RESULT_RECEIPTS_FILE_NAME,
  RESULT_RECEIPTS_MAX_COUNT,
  RESULT_RECEIPTS_MAX_SIZE,
} from './constants.js'
export {
  type AdapterFileSource,
  createAdapterContainerStream,
} from './createAdapterContainerStream.js'
export {
  type CreateResultObjectStreamParameters,
  createResultObjectStream,
} from './createResultObjectStream.js'
export { type AdapterFile, decodeAdapterContainer } from './decodeAdapterContainer.js'
export {
  type DownloadJobResultParameters,
  type DownloadResultParameters,
  type DownloadResultReturnType,
  downloadJobResult,
  downloadResult,
} from './downloadResult.js'
export { type OpenResultObjectParameters, openResultObject } from './openResultObject.js'
export { ResultError, type ResultErrorCode } from './ResultError.js'
export { type AdapterContainerEvent, readAdapterContainer } from './readAdapterContainer.js'
export { type ReadResultObjectParameters, readResultObject } from './readResultObject.js'
export {
  decodeResultReceiptsFile,
  encodeResultReceiptsFile,
  type ResultReceipt,
  type ResultReceiptJson,
  resultReceiptToJson,
} from './resultReceiptsFile.js'
export {
  type VerifiedResult,
  type VerifyResultFilesParameters,
  verifyResultFiles,
} from './verifyResultFiles.js'
