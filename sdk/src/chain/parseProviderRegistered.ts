import { dataPolicyAbi } from '@licen/contracts/abi'
import { type Address, parseEventLogs, type TransactionReceipt } from 'viem'
import { DataPolicyError } from './DataPolicyError.js'

/** The provider a `registerProvider` transaction created, as its `ProviderRegistered` event tells it. */
export type ProviderRegisteredEvent = {
  providerId: number
  operator: Address
  endpoint: string
  pricePerEpoch: bigint
}

/**
 * Reads the new provider from a confirmed `registerProvider` receipt (the contract assigns the id, so the event is
 * the only place it is told); only logs of the DataPolicy at `address` count. Throws `CHAIN_EVENT_MISSING` naming
 * the transaction when the receipt has no `ProviderRegistered` event.
 */
export function parseProviderRegistered(
  receipt: TransactionReceipt,
  address: Address,
): ProviderRegisteredEvent {
  const [event] = parseEventLogs({
    abi: dataPolicyAbi,
    eventName: 'ProviderRegistered',
    logs: receipt.logs.filter((log) => log.address.toLowerCase() === address.toLowerCase()),
  })
  if (!event)
    throw new DataPolicyError('registerProvider emitted no ProviderRegistered event.', {
      code: 'CHAIN_EVENT_MISSING',
      details: receipt.transactionHash,
    })
  const { providerId, operator, endpoint, pricePerEpoch } = event.args
  return { providerId, operator, endpoint, pricePerEpoch }
}
