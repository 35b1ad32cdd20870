// Hand-built DataPolicy events for handler tests.
import type { Hex } from 'viem'
import type { DataPolicyEvent, DataPolicyEventArgs, DataPolicyEventName } from '../src/handlers/types.js'

export const contract: Hex = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

/** An event at `blockNumber` and `logIndex` (timestamp 1_700_000_000 + 12 × block, a made-up tx hash). */
export function event<name extends DataPolicyEventName>(
  name: name,
  args: DataPolicyEventArgs<name>,
  blockNumber: bigint,
  logIndex = 0,
): DataPolicyEvent<name> {
  return {
    name,
    args,
    meta: {
      contract,
      blockNumber,
      timestamp: 1_700_000_000n + 12n * blockNumber,
      txHash: `0x${blockNumber.toString(16).padStart(4, '0')}${logIndex.toString(16).padStart(60, '0')}`,
      logIndex,
    },
  } as DataPolicyEvent<name>
}
