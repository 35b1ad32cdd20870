// Registers one Ponder indexing function per DataPolicy event; each hands the decoded event to the shared,
// store-agnostic handlers in ../../src/handlers (the same code the tests replay logs through).
import { ponder } from 'ponder:registry'
import * as schema from 'ponder:schema'
import { applyEvent, eventNames } from '../../src/handlers/applyEvent.js'
import { ponderStore } from '../../src/handlers/ponderStore.js'
import type { DataPolicyEvent } from '../../src/handlers/types.js'

type PonderEvent = {
  args: unknown
  log: { address: `0x${string}`; logIndex: number }
  block: { number: bigint; timestamp: bigint }
  transaction: { hash: `0x${string}` }
}

for (const name of eventNames) {
  ponder.on(`DataPolicy:${name}` as 'DataPolicy:AccessGranted', async ({ event, context }) => {
    const { args, log, block, transaction } = event as unknown as PonderEvent
    const decoded = {
      name,
      args,
      meta: {
        contract: log.address,
        blockNumber: block.number,
        timestamp: block.timestamp,
        txHash: transaction.hash,
        logIndex: log.logIndex,
      },
    } as DataPolicyEvent
    await applyEvent(ponderStore(context.db, schema), decoded)
  })
}
