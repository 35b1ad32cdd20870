import { dataPolicyAbi } from '@licen/sdk'
import { type Address, decodeFunctionData, type PublicClient } from 'viem'

/** A mined transaction an orchestrator sent to DataPolicy, decoded (reverted ones included). */
export type SentTransaction = { from: Address; fn: string; jobId: bigint; status: 'success' | 'reverted' }

/** Every DataPolicy job transaction sent by `senders` from `fromBlock` on, in chain order. */
export async function orchestratorTransactions(
  client: PublicClient,
  dataPolicy: Address,
  senders: readonly Address[],
  fromBlock: bigint,
): Promise<SentTransaction[]> {
  const from = new Set(senders.map((s) => s.toLowerCase()))
  const head = await client.getBlockNumber()
  const sent: SentTransaction[] = []
  for (let n = fromBlock; n <= head; n++) {
    const block = await client.getBlock({ blockNumber: n, includeTransactions: true })
    for (const tx of block.transactions) {
      if (!from.has(tx.from.toLowerCase()) || tx.to?.toLowerCase() !== dataPolicy.toLowerCase()) continue
      const call = decodeFunctionData({ abi: dataPolicyAbi, data: tx.input })
      const receipt = await client.getTransactionReceipt({ hash: tx.hash })
      sent.push({
        from: tx.from,
        fn: call.functionName,
        jobId: (call.args as readonly unknown[])[0] as bigint,
        status: receipt.status,
      })
    }
  }
  return sent
}
