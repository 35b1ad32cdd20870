// A local chain for orchestrator tests: anvil with DataPolicy deployed, the admin's roles granted, and the calls
// the tests play as dataset owner, researcher and provider operator (all through the sdk's DataPolicy client).
import { writeFileSync } from 'node:fs'
import { type Anvil, anvilPrivateKeys, formatDeployment } from '@licen/contracts'
import {
  datasetCommitment,
  type Policy,
  policyRoleValue,
  readJob,
  requestAccess,
  writeDataPolicy,
} from '@licen/sdk'
import { startDataPolicyChain } from '@licen/testing'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  type Hex,
  type PublicClient,
  type Transport,
  zeroHash,
} from 'viem'

type Wallet = Client<Transport, Chain | undefined, Account>

/** Anvil account indexes by role. */
export const roles = {
  admin: 0,
  owner: 1,
  researcher: 2,
  operator: 3,
  orchestrator: 4,
  /** Registers other people's published roots and manifests as its own (dataset squatting). */
  squatter: 5,
  orchestrator2: 7,
} as const

export type ChainFixture = {
  anvil: Anvil
  rpcUrl: string
  chainId: number
  dataPolicy: Address
  deploymentBlock: bigint
  /** Writes `deployments/<chainId>.json` for the indexer. */
  writeDeploymentFile: (path: string) => void
  keyOf: (role: keyof typeof roles) => Hex
  addressOf: (role: keyof typeof roles) => Address
  public: PublicClient
  allowPolicy: (policyHash: Hex) => Promise<void>
  setOrchestrator: (address: Address, allowed?: boolean) => Promise<void>
  setProtocolFee: (feeBps: number, treasury: Address) => Promise<void>
  registerProvider: (endpoint: string, pricePerEpoch: bigint) => Promise<number>
  /** Registers a dataset from the `owner` account, or from `as`. */
  registerDataset: (
    datasetRoot: Hex,
    manifestHash: Hex,
    policy?: Partial<DatasetPolicyInput>,
    as?: keyof typeof roles,
  ) => Promise<void>
  /** Commits `as` (default `owner`) to registering `datasetRoot` (`commitDataset`). */
  commitDataset: (datasetRoot: Hex, as?: keyof typeof roles) => Promise<void>
  setDatasetActive: (datasetRoot: Hex, active: boolean) => Promise<void>
  requestAccess: (parameters: {
    datasetRoot: Hex
    epochs: number
    providerId: number
    resultPubKey: Hex
  }) => Promise<bigint>
  jobState: (jobId: bigint) => Promise<string>
  credits: (address: Address) => Promise<bigint>
  /** Turns automine off, runs `fn` (sending without waiting), mines one block, turns automine back on. */
  inOneBlock: (fn: () => Promise<void>) => Promise<void>
  stop: () => Promise<void>
}

/** A dataset's terms as `registerDataset` takes them. */
export type DatasetPolicyInput = Policy

const fast = { pollingIntervalMs: 20, timeoutMs: 30_000 }

/** Starts anvil, deploys DataPolicy and grants the orchestrator role to the two orchestrator accounts. */
export async function startChainFixture(): Promise<ChainFixture> {
  // DataPolicy is deployed by anvil account 0, the admin role.
  const local = await startDataPolicyChain()
  const { anvil, deployment } = local
  const wallet = (role: keyof typeof roles): Wallet => local.wallet(roles[role])
  const wallets = Object.fromEntries(
    Object.keys(roles).map((role) => [role, wallet(role as keyof typeof roles)]),
  ) as Record<keyof typeof roles, Wallet>
  const address = deployment.address
  const publicClient = local.publicClient
  const write = (role: keyof typeof roles, functionName: never, args: unknown) =>
    writeDataPolicy(wallets[role], { address, functionName, args: args as never, ...fast })
  const rpc = (method: string, params: unknown[] = []) =>
    publicClient.request({ method: method as never, params: params as never })

  const fixture: ChainFixture = {
    anvil,
    rpcUrl: anvil.rpcUrl,
    chainId: deployment.chainId,
    dataPolicy: address,
    deploymentBlock: deployment.blockNumber,
    writeDeploymentFile(path) {
      writeFileSync(path, formatDeployment({ ...deployment, blockNumber: Number(deployment.blockNumber) }))
    },
    keyOf: (role) => anvilPrivateKeys[roles[role]]!,
    addressOf: (role) => wallets[role].account.address,
    public: publicClient as PublicClient,
    async allowPolicy(policyHash) {
      await write('admin', 'setAttestationPolicy' as never, [
        policyHash,
        true,
        'file://policy.json',
        policyRoleValue.provider,
      ])
    },
    async setOrchestrator(who, allowed = true) {
      await write('admin', 'setOrchestrator' as never, [who, allowed])
    },
    async setProtocolFee(feeBps, treasury) {
      await write('admin', 'setProtocolFee' as never, [feeBps, treasury])
    },
    async registerProvider(endpoint, pricePerEpoch) {
      const id = (await publicClient.readContract({
        address,
        abi: (await import('@licen/sdk')).dataPolicyAbi,
        functionName: 'nextProviderId',
      })) as number
      await write('operator', 'registerProvider' as never, [endpoint, pricePerEpoch])
      return id
    },
    async registerDataset(datasetRoot, manifestHash, policy = {}, as = 'owner') {
      await write(as, 'registerDataset' as never, [
        datasetRoot,
        manifestHash,
        {
          royaltyPerEpoch: 3_000_000_000n,
          maxEpochsPerJob: 10,
          maxActiveJobsPerRequester: 1000,
          sessionTtl: 3600,
          expiry: 0,
          allowedPurposes: 1,
          attestationPolicy: zeroHash,
          ...policy,
        },
      ])
    },
    async commitDataset(datasetRoot, as = 'owner') {
      await write(as, 'commitDataset' as never, [datasetCommitment(wallet(as).account.address, datasetRoot)])
    },
    async setDatasetActive(datasetRoot, active) {
      await write('owner', 'setDatasetActive' as never, [datasetRoot, active])
    },
    async requestAccess({ datasetRoot, epochs, providerId, resultPubKey }) {
      const { jobId } = await requestAccess(wallets.researcher, {
        address,
        datasetRoot,
        purposeId: 0,
        epochs,
        providerId,
        resultPubKey,
        ...fast,
      })
      return jobId
    },
    async jobState(jobId) {
      return (await readJob(publicClient, { address, jobId })).stateName
    },
    async credits(who) {
      const { dataPolicyAbi } = await import('@licen/sdk')
      return publicClient.readContract({
        address,
        abi: dataPolicyAbi,
        functionName: 'credits',
        args: [who],
      }) as Promise<bigint>
    },
    async inOneBlock(fn) {
      await rpc('evm_setAutomine', [false])
      try {
        await fn()
        await rpc('evm_mine')
      } finally {
        await rpc('evm_setAutomine', [true])
      }
    },
    stop: () => anvil.stop(),
  }
  await fixture.setOrchestrator(fixture.addressOf('orchestrator'))
  await fixture.setOrchestrator(fixture.addressOf('orchestrator2'))
  return fixture
}
