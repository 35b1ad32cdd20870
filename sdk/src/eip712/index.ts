// `@licen/sdk/eip712`: EIP-712 epoch receipts, failure reports and result manifests.
export { Eip712Error, type Eip712ErrorCode } from './Eip712Error.js'
export {
  hashEpochReceipt,
  nextEpochReceipt,
  recoverEpochReceiptSigner,
  type SignedEpochReceipt,
  signEpochReceipt,
  toLossMicro,
  verifyReceiptChain,
} from './epochReceipt.js'
export {
  decodeFailureReason,
  encodeFailureReason,
  hashFailureReport,
  recoverFailureReportSigner,
  signFailureReport,
} from './failureReport.js'
export {
  hashResultManifest,
  recoverResultManifestSigner,
  signResultManifest,
} from './resultManifest.js'
export {
  type DataPolicyDomain,
  dataPolicyDomain,
  dataPolicyTypes,
  type EpochReceipt,
  type FailureReport,
  type ResultManifest,
  type TypedDataSigner,
} from './types.js'
