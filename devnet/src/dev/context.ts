import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { policyHash as hashPolicy, parsePolicyJson } from '@licen/attestation-policy'
import type { DataPolicyDeployment } from '@licen/contracts'
import type { Address, Hex } from 'viem'
import type { DevnetPorts } from './config.js'
import type { DevImage } from './devImages.js'
import type { ImagePolicies } from './imagePolicy.js'
import { resolvePackage } from './packageBin.js'
import type { Podman } from './podman.js'
import type { ImageProgram } from './podmanRunArgs.js'
import { devnetReleaseKey } from './releaseKey.js'

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
  /** The orchestrator-role policy its release key evidence is registered under (local-orchestrator.json). */
  orchestratorPolicy: { file: string; hash: Hex; name: string; uri: string }
  providerId: number | undefined
  orchestratorAddress: Address | undefined
  /**
   * Release key versions the orchestrator derives in its dev TEE (the highest is current); a test rotates by
   * setting `[1, 2]` and restarting the orchestrator part, which registers the new key.
   */
  releaseKeyVersions: number[]
  /** The current release key (its dev TEE derivation, see releaseKey.ts) and, once registered, its key id. */
  releasePrivateKey: Hex
  releasePublicKey: Hex
  releaseKeyId: number | undefined
  urls: {
    storage: string
    tee: string
    orchestratorTee: string
    indexer: string
    graphql: string
    provider: string
    orchestrator: string
    app: string
  }
  /** Extra environment for the next start of a child part (tests: fault injection, limits). */
  extraEnv: { provider: Record<string, string>; orchestrator: Record<string, string> }
  /**
   * Set when the provider node and the orchestrator run from their images under podman (`pnpm dev --containers`):
   * the `images` part fills `images` before they start.
   */
  containers: DevnetContainers | undefined
}

/** The container side of a devnet: how podman is called and the images it runs. */
export type DevnetContainers = {
  podman: Podman
  /** Build the images even when this commit's archives are there. */
  rebuild: boolean
  images: Partial<Record<ImageProgram, DevImage>>
  /** The provider image's app-compose (the dev TEE measures it) and the policies derived for it. */
  policies?: ImagePolicies | undefined
}

/** Creates the shared context for a devnet on `ports` in `dataDir`. */
export function createContext(parameters: {
  dataDir: string
  ports: DevnetPorts
  timing: TimingProfile
  persistChain: boolean
  app: false | 'build' | 'rebuild'
  containers?: DevnetContainers | undefined
}): DevnetContext {
  const { ports } = parameters
  const local = (port: number) => `http://127.0.0.1:${port}`
  const policyFile = (name: string) => {
    const file = join(resolvePackage('@licen/attestation-policy').packageDir, 'policies', name)
    const policy = parsePolicyJson(readFileSync(file, 'utf8'))
    const hash = hashPolicy(policy) as Hex
    return { file, hash, name: policy.name, uri: `${local(ports.app)}/policies/${hash}.json` }
  }
  const release = devnetReleaseKey(1)
  return {
    ...parameters,
    chainId: 31337,
    rpcUrl: local(ports.anvil),
    deployment: undefined,
    deploymentFile: join(parameters.dataDir, 'deployments', '31337.json'),
    policy: policyFile('local.json'),
    orchestratorPolicy: policyFile('local-orchestrator.json'),
    providerId: undefined,
    orchestratorAddress: undefined,
    releaseKeyVersions: [1],
    releasePrivateKey: release.privateKey,
    releasePublicKey: release.publicKey,
    releaseKeyId: undefined,
    urls: {
      storage: local(ports.storage),
      tee: local(ports.tee),
      orchestratorTee: local(ports.orchestratorTee),
      indexer: local(ports.indexer),
      graphql: `${local(ports.indexer)}/graphql`,
      provider: local(ports.provider),
      orchestrator: local(ports.orchestrator),
      app: local(ports.app),
    },
    extraEnv: { provider: {}, orchestrator: {} },
    containers: parameters.containers,
  }
}
