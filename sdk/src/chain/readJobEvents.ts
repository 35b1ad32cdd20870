import { dataPolicyAbi } from '@licen/contracts/abi'
import type { Address, BlockNumber, Chain, Client, Hash, Hex, Transport } from 'viem'
import { getContractEvents } from 'viem/actions'
import { decodeFailureReason } from '../eip712/failureReport.js'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'

/** Where and when an event was emitted. */
export type EventPosition = { blockNumber: bigint; transactionHash: Hash }

/** Every lifecycle event of one job; the event-only values (policy hash, result root, payouts) live here. */
export type JobEvents = {
  granted:
    | (EventPosition & {
        datasetRoot: Hex
        requester: Address
        providerId: number
        epochs: number
        purposeId: number
        royaltyPerEpoch: bigint
        pricePerEpoch: bigint
        deadline: number
        resultPubKey: Hex
      })
    | undefined
  started: (EventPosition & { enclaveSigner: Address; attestationRef: Hex; policyHash: Hex }) | undefined
  completed:
    | (EventPosition & {
        actualEpochs: number
        resultRoot: Hex
        receiptsHead: Hex
        codeHash: Hex
        ownerAmount: bigint
        providerAmount: bigint
        feeAmount: bigint
        refund: bigint
      })
    | undefined
  /** `code` is the decoded reason, or undefined when the reason is not a padded upper-snake code. */
  failed:
    | (EventPosition & { reason: Hex; code: string | undefined; byEnclave: boolean; refund: bigint })
    | undefined
  reclaimed: (EventPosition & { caller: Address; refund: bigint }) | undefined
}

/** Reads the AccessGranted, JobStarted and settlement events of `jobId` (searching from `fromBlock`, default 0). */
export async function readJobEvents(
  client: Client<Transport, Chain | undefined>,
  parameters: { address: Address; jobId: bigint; fromBlock?: BlockNumber | undefined },
): Promise<JobEvents> {
  const query = <name extends 'AccessGranted' | 'JobStarted' | 'JobCompleted' | 'JobFailed' | 'JobReclaimed'>(
    eventName: name,
  ) =>
    getContractEvents(client, {
      address: parameters.address,
      abi: dataPolicyAbi,
      eventName,
      args: { jobId: parameters.jobId },
      fromBlock: parameters.fromBlock ?? 0n,
      strict: true,
    } as never) as unknown as Promise<
      { args: Record<string, unknown>; blockNumber: bigint; transactionHash: Hash }[]
    >
  const [granted, started, completed, failed, reclaimed] = await Promise.all([
    query('AccessGranted'),
    query('JobStarted'),
    query('JobCompleted'),
    query('JobFailed'),
    query('JobReclaimed'),
  ]).catch((error: unknown) => {
    throw decodeDataPolicyError(error)
  })
  const at = (log: { blockNumber: bigint; transactionHash: Hash }): EventPosition => ({
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
  })
  const g = granted[0]
  const s = started[0]
  const c = completed[0]
  const f = failed[0]
  const r = reclaimed[0]
  return {
    granted: g && {
      ...at(g),
      datasetRoot: g.args.datasetRoot as Hex,
      requester: g.args.requester as Address,
      providerId: g.args.providerId as number,
      epochs: g.args.epochs as number,
      purposeId: g.args.purposeId as number,
      royaltyPerEpoch: g.args.royaltyPerEpoch as bigint,
      pricePerEpoch: g.args.pricePerEpoch as bigint,
      deadline: g.args.deadline as number,
      resultPubKey: g.args.resultPubKey as Hex,
    },
    started: s && {
      ...at(s),
      enclaveSigner: s.args.enclaveSigner as Address,
      attestationRef: s.args.attestationRef as Hex,
      policyHash: s.args.policyHash as Hex,
    },
    completed: c && {
      ...at(c),
      actualEpochs: c.args.actualEpochs as number,
      resultRoot: c.args.resultRoot as Hex,
      receiptsHead: c.args.receiptsHead as Hex,
      codeHash: c.args.codeHash as Hex,
      ownerAmount: c.args.ownerAmount as bigint,
      providerAmount: c.args.providerAmount as bigint,
      feeAmount: c.args.feeAmount as bigint,
      refund: c.args.refund as bigint,
    },
    failed: f && {
      ...at(f),
      reason: f.args.reason as Hex,
      code: failureCode(f.args.reason as Hex),
      byEnclave: f.args.byEnclave as boolean,
      refund: f.args.refund as bigint,
    },
    reclaimed: r && { ...at(r), caller: r.args.caller as Address, refund: r.args.refund as bigint },
  }
}

function failureCode(reason: Hex): string | undefined {
  try {
    return decodeFailureReason(reason)
  } catch {
    return undefined
  }
}
