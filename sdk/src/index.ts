export { dataPolicyAbi, dataPolicyAbiHash } from '@licen/contracts/abi'
export {
  AttestationBindingError,
  type AttestationBindingErrorCode,
} from './attestation/AttestationBindingError.js'
export { REPORT_DATA_DOMAIN, type ReportDataParameters, reportData } from './attestation/reportData.js'
export { DataPolicyError, type DataPolicyErrorCode } from './chain/DataPolicyError.js'
export {
  type DataPolicyErrorName,
  type DataPolicyRevertCode,
  dataPolicyErrorCodes,
} from './chain/dataPolicyErrorCodes.js'
export { decodeDataPolicyError } from './chain/decodeDataPolicyError.js'
export { type JobEscrowParameters, jobEscrow } from './chain/jobEscrow.js'
export {
  FINAL_JOB_STATES,
  type FinalJobStateName,
  isFinalJobState,
  JOB_STATES,
  type JobStateName,
} from './chain/jobState.js'
export { type AccessGrantedEvent, readAccessGranted } from './chain/readAccessGranted.js'
export { type DataPolicyDataset, readDataset } from './chain/readDataset.js'
export { type DataPolicyJob, readJob } from './chain/readJob.js'
export { type EventPosition, type JobEvents, readJobEvents } from './chain/readJobEvents.js'
export { type DataPolicyProvider, readProvider } from './chain/readProvider.js'
export {
  type RequestAccessParameters,
  type RequestAccessReturnType,
  requestAccess,
} from './chain/requestAccess.js'
export type { Dataset, Job, Policy, Provider } from './chain/types.js'
export { type WaitForJobStateParameters, waitForJobState } from './chain/waitForJobState.js'
export {
  type DataPolicyWriteName,
  gasWithHeadroom,
  type WriteDataPolicyParameters,
  writeDataPolicy,
} from './chain/writeDataPolicy.js'
export { Eip712Error, type Eip712ErrorCode } from './eip712/Eip712Error.js'
export {
  hashEpochReceipt,
  nextEpochReceipt,
  recoverEpochReceiptSigner,
  type SignedEpochReceipt,
  signEpochReceipt,
  toLossMicro,
  verifyReceiptChain,
} from './eip712/epochReceipt.js'
export {
  decodeFailureReason,
  encodeFailureReason,
  hashFailureReport,
  recoverFailureReportSigner,
  signFailureReport,
} from './eip712/failureReport.js'
export {
  hashResultManifest,
  recoverResultManifestSigner,
  signResultManifest,
} from './eip712/resultManifest.js'
export {
  type DataPolicyDomain,
  dataPolicyDomain,
  dataPolicyTypes,
  type EpochReceipt,
  type FailureReport,
  type ResultManifest,
  type TypedDataSigner,
} from './eip712/types.js'
export {
  DATASET_KEY_DOMAIN,
  ENVELOPE_MAX_SIZE,
  JOB_KEY_DOMAIN,
  RESULT_KEY_DOMAIN,
} from './envelope/constants.js'
export {
  type OpenDatasetKeyParameters,
  openDatasetKey,
  type SealDatasetKeyParameters,
  sealDatasetKey,
} from './envelope/datasetKey.js'
export { EnvelopeError, type EnvelopeErrorCode } from './envelope/EnvelopeError.js'
export { type JobKeyContext, openJobKey, sealJobKey } from './envelope/jobKey.js'
export { openResultKey, type ResultKeyContext, sealResultKey } from './envelope/resultKey.js'
export type { EnvelopePublicKey } from './envelope/sealEnvelope.js'
export { BaseError, type BaseErrorParameters, errorCode, isLicenError } from './errors.js'
export type { DataPolicyEvent, DataPolicyEventArgs, DataPolicyEventName } from './events/dataPolicyEvent.js'
export {
  type JobEvent,
  type JobEventName,
  type JobEventRejection,
  type JobRecord,
  type JobRecordState,
  jobEventNames,
  jobTransitions,
  type ReduceJobEventReturnType,
  reduceJobEvent,
} from './events/reduceJobEvent.js'
export { reduceJobEvents } from './events/reduceJobEvents.js'
export { decryptLcn1Chunk, encryptLcn1Chunk } from './lcn1/chunk.js'
export { LCN1_DEFAULT_CHUNK_SIZE_LOG2, LCN1_HEADER_SIZE, LCN1_TAG_SIZE } from './lcn1/constants.js'
export {
  type CreateLcn1DecryptStreamParameters,
  createLcn1DecryptStream,
} from './lcn1/createLcn1DecryptStream.js'
export {
  type CreateLcn1EncryptStreamParameters,
  createLcn1EncryptStream,
  type Lcn1EncryptStream,
} from './lcn1/createLcn1EncryptStream.js'
export { type DecryptLcn1Parameters, decryptLcn1 } from './lcn1/decryptLcn1.js'
export { type EncryptLcn1Parameters, encryptLcn1 } from './lcn1/encryptLcn1.js'
export {
  type EncodeLcn1HeaderParameters,
  encodeLcn1Header,
  type Lcn1Header,
  parseLcn1Header,
} from './lcn1/header.js'
export { importLcn1Key, type Lcn1Key } from './lcn1/importLcn1Key.js'
export { Lcn1Error, type Lcn1ErrorCode } from './lcn1/Lcn1Error.js'
export { lcn1Nonce } from './lcn1/nonce.js'
export type { Lcn1Progress } from './lcn1/progress.js'
export { lcn1ChunkCount, lcn1CiphertextSize, lcn1PlaintextSize } from './lcn1/sizes.js'
export {
  type CreateLoggerParameters,
  createLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  silentLogger,
} from './log/logger.js'
export {
  type AnalyzeJsonlOptions,
  analyzeJsonl,
  JSONL_MAX_LINE_BYTES,
  type JsonlAnalysis,
  type JsonlAnalysisReport,
  JsonlAnalyzer,
  type JsonlAnalyzerOptions,
  type JsonlInvalidLine,
  type JsonlInvalidReason,
  type JsonlLineReport,
} from './manifest/JsonlAnalyzer.js'
export { ManifestError, type ManifestErrorCode } from './manifest/ManifestError.js'
export { manifestJsonSchema } from './manifest/manifestJsonSchema.js'
export {
  fieldTypeSchema,
  MANIFEST_MAX_BYTES,
  MANIFEST_MAX_FIELDS,
  MANIFEST_SCHEMA,
  type Manifest,
  type ManifestField,
  manifestFieldSchema,
  manifestSchema,
} from './manifest/manifestSchema.js'
export { parseManifest, serializeManifest, validateManifest } from './manifest/parseManifest.js'
export { fetchProviderJob } from './provider/fetchProviderJob.js'
export { ProviderClientError, type ProviderClientErrorCode } from './provider/ProviderClientError.js'
export {
  PROVIDER_JOB_MAX_BYTES,
  PROVIDER_JOB_MAX_RECEIPTS,
  PROVIDER_JOB_STATES,
  type ProviderJob,
} from './provider/providerSchemas.js'
export {
  type BuildDatasetManifestParameters,
  buildDatasetManifest,
  type DatasetDetails,
  datasetOwner,
} from './publish/buildDatasetManifest.js'
export {
  type CreateEncryptRootStreamParameters,
  createEncryptRootStream,
  type EncryptRootStream,
} from './publish/createEncryptRootStream.js'
export { createRootTap, type RootTap } from './publish/createRootTap.js'
export { type EncryptAndRootParameters, encryptAndRoot } from './publish/encryptAndRoot.js'
export { PublishError, type PublishErrorCode } from './publish/PublishError.js'
export {
  type PublishDatasetParameters,
  type PublishDatasetReturnType,
  type PublishStage,
  publishDataset,
} from './publish/publishDataset.js'
export {
  PROVIDER_REQUEST_DOMAIN,
  PROVIDER_REQUEST_MAX_SKEW_SECONDS,
  providerRequestHeaderNames,
} from './requestAuth/constants.js'
export { createReplayGuard, type ReplayGuard } from './requestAuth/createReplayGuard.js'
export { providerRequestMessage } from './requestAuth/providerRequestMessage.js'
export { RequestAuthError, type RequestAuthErrorCode } from './requestAuth/RequestAuthError.js'
export { type ProviderRequestHeaders, signProviderRequest } from './requestAuth/signProviderRequest.js'
export { verifyProviderRequest } from './requestAuth/verifyProviderRequest.js'
export { type AdapterFileEntry, adapterFileEntrySchema } from './result/adapterContainerHeader.js'
export { adapterFileFromBytes } from './result/adapterFileFromBytes.js'
export type { ByteSource } from './result/ByteReader.js'
export {
  ADAPTER_FILE_NAMES,
  RESULT_RECEIPTS_FILE_NAME,
  RESULT_RECEIPTS_MAX_COUNT,
  RESULT_RECEIPTS_MAX_SIZE,
} from './result/constants.js'
export {
  type AdapterFileSource,
  createAdapterContainerStream,
} from './result/createAdapterContainerStream.js'
export {
  type CreateResultObjectStreamParameters,
  createResultObjectStream,
} from './result/createResultObjectStream.js'
export { type AdapterFile, decodeAdapterContainer } from './result/decodeAdapterContainer.js'
export {
  type DownloadResultParameters,
  type DownloadResultReturnType,
  downloadResult,
} from './result/downloadResult.js'
export { type OpenResultObjectParameters, openResultObject } from './result/openResultObject.js'
export { ResultError, type ResultErrorCode } from './result/ResultError.js'
export { type AdapterContainerEvent, readAdapterContainer } from './result/readAdapterContainer.js'
export { type ReadResultObjectParameters, readResultObject } from './result/readResultObject.js'
export {
  decodeResultReceiptsFile,
  encodeResultReceiptsFile,
  type ResultReceipt,
  type ResultReceiptJson,
  resultReceiptToJson,
} from './result/resultReceiptsFile.js'
export {
  type VerifiedResult,
  type VerifyResultFilesParameters,
  verifyResultFiles,
} from './result/verifyResultFiles.js'
export {
  deriveResultKey,
  deriveResultKeyFromSignature,
  type ResultKeyPair,
  type ResultKeySigner,
} from './resultKey/deriveResultKey.js'
export { eip1193ResultKeySigner } from './resultKey/eip1193ResultKeySigner.js'
export { ResultKeyError, type ResultKeyErrorCode } from './resultKey/ResultKeyError.js'
export { resultKeyTag } from './resultKey/resultKeyTag.js'
export { RESULT_KEY_STATEMENT, resultKeyTypedData, resultKeyTypes } from './resultKey/resultKeyTypedData.js'
export { type CreateLocalStorageParameters, createLocalStorage } from './storage/createLocalStorage.js'
export { type CreateVerifiedStreamParameters, createVerifiedStream } from './storage/createVerifiedStream.js'
export { StorageError, type StorageErrorCode } from './storage/StorageError.js'
export type {
  DownloadOptions,
  StorageAdapter,
  StorageProgress,
  UploadOptions,
  UploadResult,
  UploadSource,
} from './storage/types.js'
export {
  type CreateZerogStorageParameters,
  createZerogStorage,
  type ZerogFileInfo,
  type ZerogIndexer,
  type ZerogNode,
  type ZerogSegmentUploader,
} from './storage/zerog/createZerogStorage.js'
export { zgFlowAbi, zgMarketAbi } from './storage/zerog/flowAbi.js'
export { readPricePerSector } from './storage/zerog/readPricePerSector.js'
export { encodeFlowSubmit, submitToFlow } from './storage/zerog/submitToFlow.js'
export { zgSegmentTree } from './storage/zerog/zgSegmentTree.js'
export { type ZgSubmission, zgStorageFee, zgSubmission } from './storage/zerog/zgSubmission.js'
export { CHUNK_SIZE as ZG_CHUNK_SIZE, SEGMENT_SIZE as ZG_SEGMENT_SIZE } from './zgRoot/constants.js'
export {
  type CreateZgRootHasherParameters,
  createZgRootHasher,
  defaultRootWorkers,
  type ZgRootDigest,
  type ZgRootHasher,
  type ZgRootResult,
  type ZgSubmissionNode,
} from './zgRoot/createZgRootHasher.js'
export { paddedChunkCount } from './zgRoot/paddedChunkCount.js'
export { ZgRootError, type ZgRootErrorCode } from './zgRoot/ZgRootError.js'
export { type ZgRootParameters, type ZgRootSource, zgRoot } from './zgRoot/zgRoot.js'
