import { dataPolicyAbi } from '@licen/sdk'
import { type Address, isAddressEqual, type Log, parseEventLogs } from 'viem'

/**
 * The amount a confirmed `withdraw` sent to `account`, read from the contract's `Withdrawn` event in its receipt
 * (what the chain says was paid, not the balance the page showed before); `undefined` when the receipt has none.
 */
export function withdrawnAmount(
  receipt: { logs: readonly Log[] },
  contract: Address,
  account: Address,
): bigint | undefined {
  const logs = parseEventLogs({
    abi: dataPolicyAbi,
    eventName: 'Withdrawn',
    logs: [...receipt.logs],
    strict: true,
  })
  const log = logs.find((l) => isAddressEqual(l.address, contract) && isAddressEqual(l.args.account, account))
  return log?.args.amount
}
