import { dataPolicyAbi } from '@licen/sdk'
import { type Config, readContract } from '@wagmi/core'
import type { AppConfig } from '../config/appConfig.js'
import type { PolicyLimits } from './policyForm.js'

/** Reads the session length bounds from the contract, so the form checks exactly what the contract checks. */
export async function readPolicyLimits(wagmi: Config, config: AppConfig): Promise<PolicyLimits> {
  const address = config.dataPolicy.address
  const [minSessionTtl, maxSessionTtl] = await Promise.all([
    readContract(wagmi, { abi: dataPolicyAbi, address, functionName: 'MIN_SESSION_TTL' }),
    readContract(wagmi, { abi: dataPolicyAbi, address, functionName: 'MAX_SESSION_TTL' }),
  ])
  return { minSessionTtl, maxSessionTtl, decimals: config.chain.nativeCurrency.decimals }
}
