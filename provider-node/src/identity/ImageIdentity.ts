import type { Hex } from 'viem'

/** What this node runs, as `/v1/info` publishes it and auditors compare against policies and manifests. */
export type ImageIdentity = {
  /** sha256 of the app-compose the CVM booted (from dstack Info), the value attestation policies pin. */
  composeHash: Hex
  appId: string
  instanceId: string
  osImageHash: Hex | undefined
  /** Reproducible hash of the runtime source (signed into every result manifest). */
  codeHash: Hex
  /** Files the code hash covers. */
  codeFiles: number
  baseModel: { id: string; sha256: Hex; configSha256: Hex }
  /** Trainer backend name. */
  trainer: string
}
