import { type Address, type Client, encodeFunctionData, type Hex, zeroAddress } from 'viem'
import { call, getChainId } from 'viem/actions'
import { createZgRootHasher } from '../../zgRoot/createZgRootHasher.js'
import { StorageError } from '../StorageError.js'
import { zgFlowAbi } from './flowAbi.js'
import { readPricePerSector } from './readPricePerSector.js'
import { zerogSelectNodes } from './zerogNetwork.js'
import { zerogRpc } from './zerogRpc.js'
import { zgStorageFee, zgSubmission } from './zgSubmission.js'

/** One step of {@link zerogPreflight}. */
export type ZerogPreflightStep = {
  step: 'chain' | 'market' | 'submit' | 'indexer' | 'nodes'
  ok: boolean
  detail: string
}

/** Parameters of {@link zerogPreflight}. */
export type ZerogPreflightParameters = {
  publicClient: Client
  indexerUrl: string
  flowAddress: Address
  chainId: number
  /** Replica sets the indexer must offer (default 1). */
  expectedReplica?: number
  /** Sender of the simulated submission (default the zero address). */
  from?: Address
  /** Deadline of each request (default 15 s). */
  timeoutMs?: number
}

const short = (error: unknown) =>
  error instanceof StorageError
    ? `${error.code}: ${error.shortMessage}${error.details ? ` (${error.details})` : ''}`
    : (
        (error as { shortMessage?: string })?.shortMessage ??
        (error as Error)?.message ??
        String(error)
      ).slice(0, 200)

/**
 * Checks a 0G network before paying: the chain id, the Flow's market price, an `eth_call` of our nested `submit`
 * calldata with its fee (the deployed Flow accepts the layout), the indexer, and enough storage nodes that answer
 * `zgs_getStatus` (and name the pinned Flow). Every step runs; none throws.
 */
export async function zerogPreflight(parameters: ZerogPreflightParameters): Promise<{
  ok: boolean
  steps: ZerogPreflightStep[]
}> {
  const { publicClient, flowAddress } = parameters
  const timeoutMs = parameters.timeoutMs ?? 15_000
  const steps: ZerogPreflightStep[] = []
  const step = async (name: ZerogPreflightStep['step'], run: () => Promise<string>) => {
    try {
      steps.push({ step: name, ok: true, detail: await run() })
    } catch (error) {
      steps.push({ step: name, ok: false, detail: short(error) })
    }
  }

  await step('chain', async () => {
    const id = await getChainId(publicClient)
    if (id !== parameters.chainId) throw new Error(`chain id ${id}, expected ${parameters.chainId}`)
    return `chain id ${id}`
  })
  let price: bigint | undefined
  await step('market', async () => {
    price = await readPricePerSector(publicClient, flowAddress)
    return `price per sector ${price} wei`
  })
  await step('submit', async () => {
    if (price === undefined) throw new Error('skipped: no price')
    const hasher = await createZgRootHasher({ workers: 0 })
    await hasher.update(new Uint8Array(1))
    const digest = await hasher.digest()
    hasher.destroy()
    const from = parameters.from ?? zeroAddress
    const fee = zgStorageFee(digest.nodes, price)
    const data: Hex = encodeFunctionData({
      abi: zgFlowAbi,
      functionName: 'submit',
      args: [zgSubmission(digest, { submitter: from })],
    })
    await call(publicClient, { account: from, to: flowAddress, data, value: fee })
    return `submit of a 1-byte file with fee ${fee} wei does not revert`
  })
  let nodeCount = 0
  await step('indexer', async () => {
    const answer = await zerogRpc<{ trusted?: unknown[] }>(
      parameters.indexerUrl,
      'indexer_getShardedNodes',
      [],
      {
        timeoutMs,
      },
    )
    nodeCount = Array.isArray(answer?.trusted) ? answer.trusted.length : 0
    return `${nodeCount} trusted nodes`
  })
  await step('nodes', async () => {
    const nodes = await zerogSelectNodes(parameters.indexerUrl, parameters.expectedReplica ?? 1, {
      timeoutMs,
    })
    const statuses = await Promise.all(
      nodes.map((node) =>
        zerogRpc<{ networkIdentity?: { flowAddress?: string; chainId?: number } }>(
          node.url,
          'zgs_getStatus',
          [],
          {
            timeoutMs,
          },
        ),
      ),
    )
    const otherFlow = statuses.find(
      (status) => status?.networkIdentity?.flowAddress?.toLowerCase() !== flowAddress.toLowerCase(),
    )
    if (otherFlow)
      throw new Error(
        `a node reports Flow ${String(otherFlow.networkIdentity?.flowAddress)}, not ${flowAddress}`,
      )
    const http = nodes.filter((node) => node.url.startsWith('http:')).length
    return `${nodes.length} selected nodes answer and name the pinned Flow${http ? ` (${http} over plain http: browsers on https pages need a gateway)` : ''}`
  })
  return { ok: steps.every((s) => s.ok), steps }
}
