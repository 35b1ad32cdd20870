// `@licen/sdk/result-key`: wallet-derived keys — the researcher's result key and the dataset owner's key.
export {
  type DatasetOwnerKeySigner,
  deriveDatasetOwnerKey,
  deriveResultKey,
  deriveResultKeyFromSignature,
  deriveWalletKeyFromSignature,
  type ResultKeyPair,
  type ResultKeySigner,
  type WalletKeyPair,
  type WalletKeyPurpose,
  type WalletKeySigner,
  walletKeyTypedData,
} from './deriveResultKey.js'
export { eip1193ResultKeySigner } from './eip1193ResultKeySigner.js'
export { ResultKeyError, type ResultKeyErrorCode } from './ResultKeyError.js'
export { resultKeyTag } from './resultKeyTag.js'
export {
  DATASET_OWNER_KEY_STATEMENT,
  datasetOwnerKeyTypedData,
  datasetOwnerKeyTypes,
  RESULT_KEY_STATEMENT,
  resultKeyTypedData,
  resultKeyTypes,
  type WalletKeyTypedData,
} from './resultKeyTypedData.js'
