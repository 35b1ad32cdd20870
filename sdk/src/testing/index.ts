// `@licen/sdk/testing` (test scaffolding): fixtures of the sdk's own formats that tests in several packages build
// on, so each has one home. Tests only.

// Packages that depend on the sdk alone read refusals with the one helper of `@licen/errors/testing`.
export { failureText, rejection } from '@licen/errors/testing'
export { DATASET_MANIFEST_ROOT, datasetManifest } from './datasetManifest.js'
export { resultManifestJson } from './resultManifestJson.js'
export { type SignedReceiptChainParameters, signedReceiptChain } from './signedReceiptChain.js'
export {
  DATASET_SECRET,
  invalidUtf8ExampleLine,
  untrainableExampleLines,
} from './untrainableExampleLines.js'
