// `@licen/sdk/result-key`: the wallet-derived result key.
export {
  deriveResultKey,
  deriveResultKeyFromSignature,
  type ResultKeyPair,
  type ResultKeySigner,
} from './deriveResultKey.js'
export { eip1193ResultKeySigner } from './eip1193ResultKeySigner.js'
export { ResultKeyError, type ResultKeyErrorCode } from './ResultKeyError.js'
export { resultKeyTag } from './resultKeyTag.js'
export { RESULT_KEY_STATEMENT, resultKeyTypedData, resultKeyTypes } from './resultKeyTypedData.js'
