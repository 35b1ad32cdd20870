import type { Address, Client } from 'viem'
import { readContract } from 'viem/actions'
import { StorageError } from '../StorageError.js'
import { zgFlowAbi, zgMarketAbi } from './flowAbi.js'

/** Reads the market's price per sector through the pinned Flow contract (`flow.market().pricePerSector()`). */
export async function readPricePerSector(client: Client, flowAddress: Address): Promise<bigint> {
  try {
    const market = await readContract(client, {
      address: flowAddress,
      abi: zgFlowAbi,
      functionName: 'market',
    })
    return await readContract(client, { address: market, abi: zgMarketAbi, functionName: 'pricePerSector' })
  } catch (cause) {
    throw new StorageError('Could not read the 0G storage price.', { code: 'STORAGE_ZEROG_FAILED', cause })
  }
}
