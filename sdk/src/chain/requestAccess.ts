import { dataPolicyAbi } from '@licen/contracts/abi'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  type Hash,
  type Hex,
  parseEventLogs,
  type Transport,
} from 'viem'
import { DataPolicyError } from './DataPolicyError.js'
import { jobEscrow } from './jobEscrow.js'
import { readDataset } from './readDataset.js'
import { readProvider } from './readProvider.js'
import { writeDataPolicy } from './writeDataPolicy.js'

export type RequestAccessParameters = {
  address: Address
  datasetRoot: Hex
  /** Purpose id (bit of the policy's `allowedPurposes`): 0 research, 1 commercial, 2 evaluation, 3 safety, 4 education. */
  purposeId: number
  epochs: number
  providerId: number
  /** 33-byte compressed result public key (see `deriveResultKey`). */
  resultPubKey: Hex
  /** Escrow to send; computed from the current policy and provider price when omitted. */
  value?: bigint | undefined
  timeoutMs?: number | undefined
  pollingIntervalMs?: number | undefined
}

export type RequestAccessReturnType = { jobId: bigint; escrow: bigint; hash: Hash; deadline: number }

/**
 * Escrows `(royaltyPerEpoch + pricePerEpoch) × epochs` and opens a job; resolves with the new job id from the
 * `AccessGranted` event. Reverts map to `DataPolicyError` codes (e.g. `DATA_POLICY_PURPOSE_NOT_ALLOWED`).
 */
export async function requestAccess(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: RequestAccessParameters,
): Promise<RequestAccessReturnType> {
  const { address, datasetRoot, purposeId, epochs, providerId, resultPubKey } = parameters
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 0xffff) {
    throw new DataPolicyError('epochs must be an integer in 1..65535.', { code: 'CHAIN_INVALID_ARGUMENT' })
  }
  if (!Number.isInteger(purposeId) || purposeId < 0 || purposeId > 31) {
    throw new DataPolicyError('purposeId must be an integer in 0..31.', { code: 'CHAIN_INVALID_ARGUMENT' })
  }
  let escrow = parameters.value
  if (escrow === undefined) {
    const [dataset, provider] = await Promise.all([
      readDataset(client, { address, datasetRoot }),
      readProvider(client, { address, providerId }),
    ])
    escrow = jobEscrow({
      royaltyPerEpoch: dataset.policy.royaltyPerEpoch,
      pricePerEpoch: provider.pricePerEpoch,
      epochs,
    })
  }
  const { hash, receipt } = await writeDataPolicy(client, {
    address,
    functionName: 'requestAccess',
    args: [datasetRoot, purposeId, epochs, providerId, resultPubKey],
    value: escrow,
    timeoutMs: parameters.timeoutMs,
    pollingIntervalMs: parameters.pollingIntervalMs,
  })
  const [granted] = parseEventLogs({
    abi: dataPolicyAbi,
    eventName: 'AccessGranted',
    logs: receipt.logs.filter((log) => log.address.toLowerCase() === address.toLowerCase()),
  })
  if (!granted) {
    throw new DataPolicyError('requestAccess emitted no AccessGranted event.', {
      code: 'CHAIN_EVENT_MISSING',
      details: hash,
    })
  }
  return { jobId: granted.args.jobId, escrow, hash, deadline: granted.args.deadline }
}
