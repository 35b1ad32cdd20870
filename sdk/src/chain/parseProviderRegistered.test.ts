import { dataPolicyAbi } from '@licen/contracts/abi'
import { type Address, encodeAbiParameters, encodeEventTopics, type Log, type TransactionReceipt } from 'viem'
import { describe, expect, test } from 'vitest'
import { parseProviderRegistered } from './parseProviderRegistered.js'

const dataPolicy: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const other: Address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
const operator: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const transactionHash = `0x${'ab'.repeat(32)}` as const

function registeredLog(address: Address): Log {
  return {
    address,
    topics: encodeEventTopics({
      abi: dataPolicyAbi,
      eventName: 'ProviderRegistered',
      args: { providerId: 7, operator },
    }) as Log['topics'],
    data: encodeAbiParameters([{ type: 'string' }, { type: 'uint96' }], ['https://p.example', 10n ** 15n]),
    blockHash: null,
    blockNumber: null,
    logIndex: null,
    transactionHash,
    transactionIndex: null,
    removed: false,
  }
}

const receipt = (logs: Log[]) => ({ transactionHash, logs }) as unknown as TransactionReceipt

describe('parseProviderRegistered', () => {
  test('default', () => {
    expect(parseProviderRegistered(receipt([registeredLog(dataPolicy)]), dataPolicy)).toEqual({
      providerId: 7,
      operator,
      endpoint: 'https://p.example',
      pricePerEpoch: 10n ** 15n,
    })
  })

  test('behavior: the address is compared without case', () => {
    const log = registeredLog(dataPolicy.toLowerCase() as Address)
    expect(parseProviderRegistered(receipt([log]), dataPolicy).providerId).toBe(7)
  })

  test('error: only an event of another contract', () => {
    expect(() =>
      parseProviderRegistered(receipt([registeredLog(other)]), dataPolicy),
    ).toThrowErrorMatchingInlineSnapshot(`
      [DataPolicyError: registerProvider emitted no ProviderRegistered event.

      Details: 0xabababababababababababababababababababababababababababababababab]
    `)
  })

  test('error: no event is CHAIN_EVENT_MISSING naming the transaction', () => {
    expect(() => parseProviderRegistered(receipt([]), dataPolicy)).toThrow(
      expect.objectContaining({ code: 'CHAIN_EVENT_MISSING', details: transactionHash }),
    )
  })
})
