import {
  type AccessGrantedEvent,
  type DataPolicyDataset,
  DataPolicyError,
  type DataPolicyJob,
  type DataPolicyProvider,
  type DataPolicyWriteName,
  dataPolicyAbi,
  decodeDataPolicyError,
  RELEASE_KEY_STATUSES,
  type ReleaseKeyStatusName,
  readAccessGranted,
  readJob,
  readProvider,
  type WriteDataPolicyParameters,
  writeDataPolicy,
} from '@licen/sdk'
import {
  type Address,
  type Chain,
  type Client,
  type ContractFunctionReturnType,
  createWalletClient,
  defineChain,
  type Hash,
  type Hex,
  http,
  nonceManager,
  type PublicActions,
  publicActions,
  type Transport,
  zeroHash,
} from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { OrchestratorError } from '../errors.js'

/** A dataset policy version as `getPolicy` returns it. */
export type DatasetPolicy = DataPolicyDataset['policy']
/** A dataset as `getDataset` returns it. */
export type DatasetRecord = ContractFunctionReturnType<typeof dataPolicyAbi, 'view', 'getDataset'>

/** How long a provider endpoint read from chain is reused. */
const ENDPOINT_TTL_MS = 5_000
/** Most dataset policy versions kept in memory (a version never changes once written). */
const POLICY_CACHE_MAX = 1_024

export type CreateChainParameters = {
  rpcUrl: string
  chainId: number
  dataPolicy: Address
  /** The orchestrator wallet's key (its address must hold the orchestrator role). */
  privateKey: Hex
  /** Per-request RPC timeout. */
  timeoutMs: number
  receiptPollingMs: number
  transactionTimeoutMs: number
}

/** What the orchestrator reads from and writes to DataPolicy; every failure is a sdk `DataPolicyError`. */
export type OrchestratorChain = {
  chainId: number
  dataPolicy: Address
  account: PrivateKeyAccount
  client: Client<Transport, Chain, PrivateKeyAccount> & PublicActions<Transport, Chain>
  /** Throws CHAIN_MISMATCH when the RPC serves another chain. */
  assertChain: () => Promise<void>
  blockNumber: () => Promise<bigint>
  /** Timestamp of the latest block (what the contract's deadline and expiry checks see), cached for 250 ms. */
  chainTime: () => Promise<number>
  readJob: (jobId: bigint) => Promise<DataPolicyJob>
  /** The dataset record (throws DATA_POLICY_UNKNOWN_DATASET if none); its policies are read with `readPolicy`. */
  readDataset: (datasetRoot: Hex) => Promise<DatasetRecord>
  /**
   * The dataset's policy at `version` (jobs keep the version they were granted under). A written version is
   * immutable on chain (an update writes the next one), so it is read once and cached.
   */
  readPolicy: (datasetRoot: Hex, version: number) => Promise<DatasetPolicy>
  /**
   * The manifest hash a job granted under policy `version` uses (`updateManifest` writes a new version, so jobs
   * granted earlier keep theirs). Immutable once written, so read once and cached.
   */
  readManifestAt: (datasetRoot: Hex, version: number) => Promise<Hex>
  readProvider: (providerId: number) => Promise<DataPolicyProvider>
  /** A provider's endpoint, cached for a few seconds (polled jobs ask for it on every round). */
  providerEndpoint: (providerId: number) => Promise<string>
  isPolicyAllowed: (policyHash: Hex) => Promise<boolean>
  /** False when the job was granted under a former owner of its dataset (it can never start). */
  grantedUnderCurrentOwner: (jobId: bigint) => Promise<boolean>
  isOrchestrator: (address: Address) => Promise<boolean>
  /** Id the next registered release key will get (keys are numbered from 1). */
  nextReleaseKeyId: () => Promise<number>
  /** Release key `keyId` (status `None` for an unknown id). */
  readReleaseKey: (keyId: number) => Promise<{
    publicKey: Hex
    evidenceRef: Hex
    policyHash: Hex
    status: ReleaseKeyStatusName
  }>
  readAccessGranted: (jobId: bigint, fromBlock: bigint) => Promise<AccessGrantedEvent>
  /** Jobs granted in blocks `fromBlock..toBlock` (AccessGranted logs), with their block, deadline and provider. */
  grantedJobs: (
    fromBlock: bigint,
    toBlock: bigint,
  ) => Promise<{ jobId: bigint; grantedBlock: bigint; deadline: number; providerId: number }[]>
  /** Simulates, sends and waits for one transaction; reverts come back as `DataPolicyError` codes. */
  write: <name extends DataPolicyWriteName>(
    functionName: name,
    args: WriteDataPolicyParameters<name>['args'],
  ) => Promise<Hash>
}

/** Creates the chain clients: one HTTP transport, the wallet with a nonce manager for concurrent sends. */
export function createChain(parameters: CreateChainParameters): OrchestratorChain {
  const chain = defineChain({
    id: parameters.chainId,
    name: `chain ${parameters.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [parameters.rpcUrl] } },
  })
  const account = privateKeyToAccount(parameters.privateKey, { nonceManager })
  const client = createWalletClient({
    account,
    chain,
    // Calls made in the same tick (many jobs at once) travel as one JSON-RPC batch.
    transport: http(parameters.rpcUrl, { timeout: parameters.timeoutMs, retryCount: 1, batch: true }),
    pollingInterval: parameters.receiptPollingMs,
  }).extend(publicActions)
  const address = parameters.dataPolicy
  const guard = async <value>(run: () => Promise<value>): Promise<value> => {
    try {
      return await run()
    } catch (error) {
      throw decodeDataPolicyError(error)
    }
  }

  let clock: { at: number; value: Promise<number> } | undefined
  const endpoints = new Map<number, { at: number; value: Promise<string> }>()
  const policies = new Map<string, Promise<DatasetPolicy>>()
  const manifestHashes = new Map<string, Promise<Hex>>()

  return {
    chainId: parameters.chainId,
    dataPolicy: address,
    account,
    client,
    async assertChain() {
      const id = await guard(() => client.getChainId())
      if (id !== parameters.chainId) {
        throw new OrchestratorError('The RPC serves another chain than configured.', {
          code: 'CHAIN_MISMATCH',
          details: `configured ${parameters.chainId}, RPC answers ${id}`,
        })
      }
    },
    blockNumber: () => guard(() => client.getBlockNumber({ cacheTime: 0 })),
    chainTime() {
      if (clock && Date.now() - clock.at < 250) return clock.value
      const value = guard(async () => Number((await client.getBlock({ blockTag: 'latest' })).timestamp))
      clock = { at: Date.now(), value }
      value.catch(() => {
        clock = undefined
      })
      return value
    },
    readJob: (jobId) => readJob(client, { address, jobId }),
    readDataset: (datasetRoot) =>
      guard(async () => {
        const dataset = await client.readContract({
          address,
          abi: dataPolicyAbi,
          functionName: 'getDataset',
          args: [datasetRoot],
        })
        if (dataset.owner === '0x0000000000000000000000000000000000000000') {
          throw new DataPolicyError('No dataset is registered under this root.', {
            code: 'DATA_POLICY_UNKNOWN_DATASET',
            errorName: 'DataPolicy__UnknownDataset',
            args: [datasetRoot],
          })
        }
        return dataset
      }),
    readPolicy(datasetRoot, version) {
      const key = `${datasetRoot.toLowerCase()}/${version}`
      const hit = policies.get(key)
      if (hit) return hit
      const value = guard(() =>
        client.readContract({
          address,
          abi: dataPolicyAbi,
          functionName: 'getPolicy',
          args: [datasetRoot, version],
        }),
      )
      if (policies.size >= POLICY_CACHE_MAX) policies.clear()
      policies.set(key, value)
      // A version not written yet reads as zeros (maxEpochsPerJob is at least 1 once written): not kept.
      value.then(
        (policy) => policy.maxEpochsPerJob === 0 && policies.delete(key),
        () => policies.delete(key),
      )
      return value
    },
    readManifestAt(datasetRoot, version) {
      const key = `${datasetRoot.toLowerCase()}/${version}`
      const hit = manifestHashes.get(key)
      if (hit) return hit
      const value = guard(() =>
        client.readContract({
          address,
          abi: dataPolicyAbi,
          functionName: 'manifestAt',
          args: [datasetRoot, version],
        }),
      )
      if (manifestHashes.size >= POLICY_CACHE_MAX) manifestHashes.clear()
      manifestHashes.set(key, value)
      // A version not written yet reads as zero: not kept.
      value.then(
        (hash) => hash === zeroHash && manifestHashes.delete(key),
        () => manifestHashes.delete(key),
      )
      return value
    },
    readProvider: (providerId) => readProvider(client, { address, providerId }),
    providerEndpoint(providerId) {
      const hit = endpoints.get(providerId)
      if (hit && Date.now() - hit.at < ENDPOINT_TTL_MS) return hit.value
      const value = readProvider(client, { address, providerId }).then((provider) => provider.endpoint)
      endpoints.set(providerId, { at: Date.now(), value })
      value.catch(() => endpoints.delete(providerId))
      return value
    },
    grantedUnderCurrentOwner: (jobId) =>
      guard(() =>
        client.readContract({
          address,
          abi: dataPolicyAbi,
          functionName: 'grantedUnderCurrentOwner',
          args: [jobId],
        }),
      ),
    isPolicyAllowed: (policyHash) =>
      guard(() =>
        client.readContract({
          address,
          abi: dataPolicyAbi,
          functionName: 'isAttestationPolicyAllowed',
          args: [policyHash],
        }),
      ),
    isOrchestrator: (who) =>
      guard(() =>
        client.readContract({ address, abi: dataPolicyAbi, functionName: 'isOrchestrator', args: [who] }),
      ),
    nextReleaseKeyId: () =>
      guard(() =>
        client.readContract({ address, abi: dataPolicyAbi, functionName: 'nextReleaseKeyId', args: [] }),
      ),
    readReleaseKey: (keyId) =>
      guard(async () => {
        const key = await client.readContract({
          address,
          abi: dataPolicyAbi,
          functionName: 'getReleaseKey',
          args: [keyId],
        })
        const status = RELEASE_KEY_STATUSES[key.status]
        if (!status) throw new Error(`unknown release key status ${key.status}`)
        return { publicKey: key.publicKey, evidenceRef: key.evidenceRef, policyHash: key.policyHash, status }
      }),
    readAccessGranted: (jobId, fromBlock) => readAccessGranted(client, { address, jobId, fromBlock }),
    grantedJobs: (fromBlock, toBlock) =>
      guard(async () => {
        const logs = await client.getContractEvents({
          address,
          abi: dataPolicyAbi,
          eventName: 'AccessGranted',
          fromBlock,
          toBlock,
          strict: true,
        })
        return logs.map((log) => ({
          jobId: log.args.jobId,
          grantedBlock: log.blockNumber,
          deadline: log.args.deadline,
          providerId: log.args.providerId,
        }))
      }),
    async write(functionName, args) {
      const { hash } = await writeDataPolicy(client, {
        address,
        functionName,
        args,
        pollingIntervalMs: parameters.receiptPollingMs,
        timeoutMs: parameters.transactionTimeoutMs,
      } as WriteDataPolicyParameters<typeof functionName>)
      return hash
    },
  }
}
