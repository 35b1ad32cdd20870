// `@licen/attestation-policy/dev-tee/anchor`: the local devnet's dev-mock trust anchor on its own, for verifiers
// that accept the local policy (the app's audit loads it only for a dev-mock policy; it has no Node built-ins).
export { devMockRootCa } from './mockPki.js'
