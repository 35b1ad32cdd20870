// `@licen/sdk/testing` (test scaffolding): fixtures of the sdk's own formats that tests in several packages build
// on, so each has one home. Tests only.
export { resultManifestJson } from './resultManifestJson.js'
export { type SignedReceiptChainParameters, signedReceiptChain } from './signedReceiptChain.js'
