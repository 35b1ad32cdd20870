import { dataPolicyAbi } from '@licen/contracts/abi'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  type Hash,
  type Hex,
  parseEventLogs,
  type TransactionReceipt,
  type Transport,
} from 'viem'
import { readContract } from 'viem/actions'
import { DataPolicyError } from '../chain/DataPolicyError.js'
import { decodeDataPolicyError } from '../chain/decodeDataPolicyError.js'
import type { Policy } from '../chain/types.js'
import { writeDataPolicy } from '../chain/writeDataPolicy.js'
import { readCommitmentBlock } from './commitDatasetRoot.js'
import { datasetCommitment } from './datasetCommitment.js'
import { PublishError } from './PublishError.js'

/** Parameters of {@link registerPublishedDataset}. */
export type RegisterPublishedDatasetParameters = {
  address: Address
  datasetRoot: Hex
  manifestHash: Hex
  policy: Policy
  pollingIntervalMs?: number | undefined
}

/** How the registration went, with a sentence for the owner. */
export type RegisterPublishedDatasetReturnType = {
  hash: Hash
  receipt: TransactionReceipt
  /** `displaced`: another account had registered a copy first and the owner's earlier commitment took it back. */
  outcome: 'registered' | 'displaced'
  previousOwner?: Address | undefined
  message: string
}

/**
 * Registers a published dataset and says what happened in plain words: registered, or taken back from an account
 * that registered a copy first. When another account's claim is earlier, throws `PUBLISH_DATASET_CLAIMED` naming it.
 */
export async function registerPublishedDataset(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: RegisterPublishedDatasetParameters,
): Promise<RegisterPublishedDatasetReturnType> {
  const { address, datasetRoot, manifestHash, policy } = parameters
  let written: Awaited<ReturnType<typeof writeDataPolicy>>
  try {
    written = await writeDataPolicy(client, {
      address,
      functionName: 'registerDataset',
      args: [datasetRoot, manifestHash, policy],
      pollingIntervalMs: parameters.pollingIntervalMs,
    })
  } catch (error) {
    if (error instanceof DataPolicyError && error.code === 'DATA_POLICY_DATASET_EXISTS')
      throw await explainClaimed(client, address, datasetRoot, error)
    throw error
  }
  const [replaced] = parseEventLogs({
    abi: dataPolicyAbi,
    eventName: 'DatasetOwnerReplaced',
    logs: written.receipt.logs,
  })
  if (replaced) {
    return {
      hash: written.hash,
      receipt: written.receipt,
      outcome: 'displaced',
      previousOwner: replaced.args.previousOwner,
      message: `Another account (${replaced.args.previousOwner}) had registered a copy of this dataset; your earlier commitment took it back. Jobs granted on its terms will not start and are refunded.`,
    }
  }
  return {
    hash: written.hash,
    receipt: written.receipt,
    outcome: 'registered',
    message: 'The dataset is registered under your account.',
  }
}

/** Why the root is refused: the caller holds it already, or another account's claim is not later than the caller's. */
async function explainClaimed(
  client: Client<Transport, Chain | undefined, Account>,
  address: Address,
  datasetRoot: Hex,
  cause: DataPolicyError,
): Promise<PublishError> {
  const caller = client.account.address
  let holder: Address
  let holderCommit: bigint
  let callerCommit: bigint
  try {
    holder = (
      await readContract(client, {
        address,
        abi: dataPolicyAbi,
        functionName: 'getDataset',
        args: [datasetRoot],
      })
    ).owner
    ;[holderCommit, callerCommit] = await Promise.all([
      readCommitmentBlock(client, address, datasetCommitment(holder, datasetRoot)),
      readCommitmentBlock(client, address, datasetCommitment(caller, datasetRoot)),
    ])
  } catch (error) {
    throw decodeDataPolicyError(error)
  }
  if (holder.toLowerCase() === caller.toLowerCase()) {
    return new PublishError('You have already registered this dataset.', {
      code: 'PUBLISH_ALREADY_REGISTERED',
      details: datasetRoot,
      cause,
    })
  }
  const block = (n: bigint) => (n === 0n ? 'none' : `block ${n}`)
  return new PublishError(
    `Another account (${holder}) claimed this exact ciphertext before your commitment did, so it keeps the dataset. Identical ciphertext means it holds the same encrypted file; your key stays safe (the sealed key names only you), but to publish you must encrypt again (a fresh key gives a new root) and upload.`,
    {
      code: 'PUBLISH_DATASET_CLAIMED',
      details: `${datasetRoot}: its commitment ${block(holderCommit)}, yours ${block(callerCommit)}`,
      cause,
    },
  )
}
