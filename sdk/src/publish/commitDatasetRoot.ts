import { dataPolicyAbi } from '@licen/contracts/abi'
import type { Account, Address, Chain, Client, Hex, Transport } from 'viem'
import { getBlockNumber, readContract } from 'viem/actions'
import { decodeDataPolicyError } from '../chain/decodeDataPolicyError.js'
import { writeDataPolicy } from '../chain/writeDataPolicy.js'
import { datasetCommitment } from './datasetCommitment.js'
import { PublishError } from './PublishError.js'

/** Parameters of {@link commitDatasetRoot}. */
export type CommitDatasetRootParameters = {
  /** The DataPolicy contract. */
  address: Address
  datasetRoot: Hex
  /** Receipt polling interval; default 1 s. */
  pollingIntervalMs?: number | undefined
}

/**
 * Commits the client's account to registering `datasetRoot` (before the root is public: before the upload), unless
 * that commitment is already on chain; returns the commitment and the block of its first commit.
 */
export async function commitDatasetRoot(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: CommitDatasetRootParameters,
): Promise<{ commitment: Hex; blockNumber: bigint }> {
  const commitment = datasetCommitment(client.account.address, parameters.datasetRoot)
  const read = () => readCommitmentBlock(client, parameters.address, commitment)
  const existing = await read()
  if (existing !== 0n) return { commitment, blockNumber: existing }
  await writeDataPolicy(client, {
    address: parameters.address,
    functionName: 'commitDataset',
    args: [commitment],
    pollingIntervalMs: parameters.pollingIntervalMs,
  })
  return { commitment, blockNumber: await read() }
}

/** Block of the first commit of `commitment` (0 if none). */
export async function readCommitmentBlock(
  client: Client<Transport, Chain | undefined>,
  address: Address,
  commitment: Hex,
): Promise<bigint> {
  try {
    return await readContract(client, {
      address,
      abi: dataPolicyAbi,
      functionName: 'commitmentBlock',
      args: [commitment],
    })
  } catch (error) {
    throw decodeDataPolicyError(error)
  }
}

/**
 * Waits until the chain is past `blockNumber` (a commitment counts only once it is at least one block old), or
 * throws `PUBLISH_COMMIT_TIMEOUT` after `timeoutMs` (default 120 s).
 */
export async function waitForCommitmentAge(
  client: Client<Transport, Chain | undefined>,
  parameters: {
    blockNumber: bigint
    timeoutMs?: number | undefined
    pollingIntervalMs?: number | undefined
    signal?: AbortSignal | undefined
  },
): Promise<void> {
  const timeoutMs = parameters.timeoutMs ?? 120_000
  const deadline = Date.now() + timeoutMs
  let seen = parameters.blockNumber
  for (;;) {
    if (parameters.signal?.aborted)
      throw new PublishError('Publishing was aborted.', {
        code: 'PUBLISH_ABORTED',
        cause: parameters.signal.reason,
      })
    seen = await getBlockNumber(client, { cacheTime: 0 })
    if (seen > parameters.blockNumber) return
    if (Date.now() >= deadline) {
      throw new PublishError(
        'The chain did not produce a block after your commitment in time, so the dataset was not registered yet.',
        {
          code: 'PUBLISH_COMMIT_TIMEOUT',
          details: `waited ${Math.round(timeoutMs / 1000)} s for a block after ${parameters.blockNumber} (chain at ${seen}); publish again to register`,
        },
      )
    }
    await new Promise((resolve) => setTimeout(resolve, parameters.pollingIntervalMs ?? 1_000))
  }
}
