import { dataPolicyAbi } from '@licen/sdk'
import { type Address, encodeAbiParameters, encodeEventTopics, type Log } from 'viem'
import { describe, expect, test } from 'vitest'
import { withdrawnAmount } from './withdrawnAmount.js'

const contract: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const account: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const other: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

function withdrawn(address: Address, to: Address, amount: bigint): Log {
  return {
    address,
    topics: encodeEventTopics({
      abi: dataPolicyAbi,
      eventName: 'Withdrawn',
      args: { account: to },
    }) as Log['topics'],
    data: encodeAbiParameters([{ type: 'uint256' }], [amount]),
    blockHash: null,
    blockNumber: null,
    logIndex: null,
    transactionHash: null,
    transactionIndex: null,
    removed: false,
  }
}

describe('withdrawnAmount', () => {
  test('default: the amount of the Withdrawn event for this account from this contract', () => {
    expect(
      withdrawnAmount({ logs: [withdrawn(contract, account, 8_000_000_000_000_000n)] }, contract, account),
    ).toBe(8_000_000_000_000_000n)
  })

  test('error: another contract, another account or no event gives undefined', () => {
    expect(withdrawnAmount({ logs: [withdrawn(other, account, 5n)] }, contract, account)).toBe(undefined)
    expect(withdrawnAmount({ logs: [withdrawn(contract, other, 5n)] }, contract, account)).toBe(undefined)
    expect(withdrawnAmount({ logs: [] }, contract, account)).toBe(undefined)
  })
})
