import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { policyHash as hashPolicy, parsePolicyJson } from '@licen/attestation-policy'
import type { DataPolicyDeployment } from '@licen/contracts'
import type { Address, Hex } from 'viem'
import type { DevnetPorts } from './config.js'
import { resolvePackage } from './packageBin.js'
import { compressedPublicKey, DEVNET_RELEASE_KEY } from './releaseKey.js'

/** Timer presets: `dev` for people watching, `test` for system tests (short grace periods). */
export type TimingProfile = 'dev' | 'test'

/** What the parts share while the devnet starts: settings in, chain facts out. */
export type DevnetContext = {
  dataDir: string
  ports: DevnetPorts
  timing: TimingProfile
  /** Persist anvil's state in the data folder (off for throwaway devnets). */
  persistChain: boolean
  /** Build (and when `rebuild`, always rebuild) and serve the app; false serves only config.json and policies. */
  app: false | 'build' | 'rebuild'
  chainId: number
  rpcUrl: string
  deployment: DataPolicyDeployment | undefined
  deploymentFile: string
  /** The attestation policy the devnet allows on chain: the repo's local (dev-mock) policy. */
  policy: { file: string; hash: Hex; name: string; uri: string }
  providerId: number | undefined
  orchestratorAddress: Address | undefined
  releasePrivateKey: Hex
  releasePublicKey: Hex
  urls: {
    storage: string
    tee: string
    indexer: string
    graphql: string
    provider: string
    orchestrator: string
    app: string
  }
  /** Extra environment for the next start of a child part (tests: fault injection, limits). */
  extraEnv: { provider: Record<string, string>; orchestrator: Record<string, string> }
}

/** Creates the shared context for a devnet on `ports` in `dataDir`. */
export function createContext(parameters: {
  dataDir: string
  ports: DevnetPorts
  timing: TimingProfile
  persistChain: boolean
  app: false | 'build' | 'rebuild'
}): DevnetContext {
  const { ports } = parameters
  const local = (port: number) => `http://127.0.0.1:${port}`
  const file = join(resolvePackage('@licen/attestation-policy').packageDir, 'policies', 'local.json')
  const policy = parsePolicyJson(readFileSync(file, 'utf8'))
  const hash = hashPolicy(policy) as Hex
  return {
    ...parameters,
    chainId: 31337,
    rpcUrl: local(ports.anvil),
    deployment: undefined,
    deploymentFile: join(parameters.dataDir, 'deployments', '31337.json'),
    policy: { file, hash, name: policy.name, uri: `${local(ports.app)}/policies/${hash}.json` },
    providerId: undefined,
    orchestratorAddress: undefined,
    releasePrivateKey: DEVNET_RELEASE_KEY,
    releasePublicKey: compressedPublicKey(DEVNET_RELEASE_KEY),
    urls: {
      storage: local(ports.storage),
      tee: local(ports.tee),
      indexer: local(ports.indexer),
      graphql: `${local(ports.indexer)}/graphql`,
      provider: local(ports.provider),
      orchestrator: local(ports.orchestrator),
      app: local(ports.app),
    },
    extraEnv: { provider: {}, orchestrator: {} },
  }
}
