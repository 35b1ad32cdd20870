import { createPublicClient, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { anvilPrivateKeys, startAnvil } from './anvil.js'
import { ContractsError } from './errors.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('startAnvil', () => {
  test('default: mines a block per transaction only (a quiet chain keeps its clock)', async () => {
    const anvil = await startAnvil({})
    try {
      const client = createPublicClient({ transport: http(anvil.rpcUrl) })
      const before = await client.getBlock({ blockTag: 'latest' })
      await sleep(1_300)
      const after = await client.getBlock({ blockTag: 'latest' })
      expect(after.number).toBe(before.number)
      expect(after.timestamp).toBe(before.timestamp)
    } finally {
      await anvil.stop()
    }
  })

  test('args: mixedMining mines transactions at once and an empty block every blockTime', async () => {
    const anvil = await startAnvil({ blockTime: 1, mixedMining: true })
    try {
      const client = createPublicClient({ transport: http(anvil.rpcUrl) })
      const wallet = createWalletClient({
        account: privateKeyToAccount(anvilPrivateKeys[0]),
        transport: http(anvil.rpcUrl),
      })
      const start = await client.getBlock({ blockTag: 'latest' })
      // A transaction is mined into its own block as soon as it arrives (anvil mines it just after answering the
      // send, so poll briefly), not held for the next interval.
      const hash = await wallet.sendTransaction({
        to: privateKeyToAccount(anvilPrivateKeys[1]).address,
        value: 1n,
        chain: null,
      })
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 10, timeout: 5_000 })
      expect(receipt.status).toBe('success')
      expect((await client.getBlock({ blockNumber: receipt.blockNumber })).transactions).toEqual([hash])
      // Without any transaction, the chain goes on producing blocks with later timestamps.
      await sleep(2_300)
      const later = await client.getBlock({ blockTag: 'latest' })
      expect(later.number - receipt.blockNumber >= 2n).toBe(true)
      expect(later.transactions).toEqual([])
      expect(later.timestamp - start.timestamp >= 2n).toBe(true)
    } finally {
      await anvil.stop()
    }
  })

  test('error: mixedMining without blockTime', async () => {
    const error = await startAnvil({ mixedMining: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractsError)
    expect(error).toMatchObject({
      code: 'ANVIL_INVALID_OPTIONS',
      shortMessage: 'mixed mining needs a block time',
    })
  })
})
