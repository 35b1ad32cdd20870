import { dataPolicyAbi, type JobStateName, readJob } from '@licen/sdk'
import { type Address, createPublicClient, type Hex, http, type PublicClient } from 'viem'
import { ChainError } from './ChainError.js'

/** The fields of an on-chain job the provider checks. */
export type ChainJob = {
  jobId: bigint
  datasetRoot: Hex
  requester: Address
  deadline: number
  providerId: number
  epochs: number
  state: JobStateName
  enclaveSigner: Address
  resultKeyTag: Hex
  attestationRef: Hex
}

/** Read-only view of DataPolicy for the provider. */
export type ChainReader = {
  readonly chainId: number
  readonly dataPolicy: Address
  /** Checks that the RPC serves `chainId` (call once at start-up). */
  assertChain: () => Promise<void>
  getJob: (jobId: bigint) => Promise<ChainJob>
  /** Whether `account` holds the orchestrator role; answers are cached for `roleCacheSeconds`. */
  isOrchestrator: (account: Address) => Promise<boolean>
}

export type CreateChainReaderParameters = {
  rpcUrl: string
  chainId: number
  dataPolicy: Address
  /** Per-call timeout; default 10 s. */
  timeoutMs?: number | undefined
  /** How long role answers are reused; default 15 s. */
  roleCacheSeconds?: number | undefined
  /** Clock in ms (tests). */
  now?: (() => number) | undefined
}

/** Creates a chain reader over viem's HTTP transport. */
export function createChainReader(parameters: CreateChainReaderParameters): ChainReader {
  const client: PublicClient = createPublicClient({
    transport: http(parameters.rpcUrl, { timeout: parameters.timeoutMs ?? 10_000, retryCount: 1 }),
  })
  const now = parameters.now ?? Date.now
  const roleTtl = (parameters.roleCacheSeconds ?? 15) * 1000
  const roles = new Map<Address, { allowed: boolean; until: number }>()
  const { dataPolicy } = parameters

  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      // viem's message embeds the RPC URL; keep only the cause chain's name.
      throw new ChainError(`Could not read ${what} from the chain.`, {
        code: 'CHAIN_UNAVAILABLE',
        details: error instanceof Error ? error.name : undefined,
      })
    }
  }

  return {
    chainId: parameters.chainId,
    dataPolicy,
    async assertChain() {
      const actual = await call('the chain id', () => client.getChainId())
      if (actual !== parameters.chainId) {
        throw new ChainError('The RPC serves another chain than configured.', {
          code: 'CHAIN_ID_MISMATCH',
          details: `configured ${parameters.chainId}, RPC reports ${actual}`,
        })
      }
    },
    async getJob(jobId) {
      const job = await call('the job', () => readJob(client, { address: dataPolicy, jobId }))
      return {
        jobId,
        datasetRoot: job.datasetRoot,
        requester: job.requester,
        deadline: Number(job.deadline),
        providerId: Number(job.providerId),
        epochs: Number(job.epochs),
        state: job.stateName,
        enclaveSigner: job.enclaveSigner,
        resultKeyTag: job.resultKeyTag,
        attestationRef: job.attestationRef,
      }
    },
    async isOrchestrator(account) {
      const cached = roles.get(account)
      if (cached && cached.until > now()) return cached.allowed
      const allowed = await call('the orchestrator role', () =>
        client.readContract({
          address: dataPolicy,
          abi: dataPolicyAbi,
          functionName: 'isOrchestrator',
          args: [account],
        }),
      )
      if (roles.size > 1024) roles.clear()
      roles.set(account, { allowed, until: now() + roleTtl })
      return allowed
    },
  }
}
