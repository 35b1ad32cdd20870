import { type Dataset, dataPolicyAbi, type Policy } from '@licen/sdk'
import { type Config, readContract } from '@wagmi/core'
import type { Address, Hex } from 'viem'
import type { AppConfig } from '../config/appConfig.js'

/** A dataset as the contract stores it, with its current policy. */
export type DatasetOnChain = Dataset & { root: Hex; policy: PolicyOnChain }

/** The policy struct as viem decodes it. */
export type PolicyOnChain = Policy

/** Reads a dataset and its current policy from the contract; `undefined` when none is registered there. */
export async function readDataset(
  wagmi: Config,
  config: AppConfig,
  root: Hex,
): Promise<DatasetOnChain | undefined> {
  const address = config.dataPolicy.address
  const dataset = await readContract(wagmi, {
    abi: dataPolicyAbi,
    address,
    functionName: 'getDataset',
    args: [root],
  })
  if (/^0x0{40}$/.test(dataset.owner)) return undefined
  const policy = await readContract(wagmi, {
    abi: dataPolicyAbi,
    address,
    functionName: 'getPolicy',
    args: [root, dataset.policyVersion],
  })
  return { root, ...dataset, policy }
}

/** Reads a job from the contract (state None when unknown). */
export async function readJob(wagmi: Config, config: AppConfig, jobId: bigint) {
  return readContract(wagmi, {
    abi: dataPolicyAbi,
    address: config.dataPolicy.address,
    functionName: 'getJob',
    args: [jobId],
  })
}

/** Reads a provider from the contract (operator zero when unknown). */
export async function readProvider(wagmi: Config, config: AppConfig, providerId: number) {
  return readContract(wagmi, {
    abi: dataPolicyAbi,
    address: config.dataPolicy.address,
    functionName: 'getProvider',
    args: [providerId],
  })
}

/** Reads the withdrawable balance of `account`. */
export async function readCredits(wagmi: Config, config: AppConfig, account: Address): Promise<bigint> {
  return readContract(wagmi, {
    abi: dataPolicyAbi,
    address: config.dataPolicy.address,
    functionName: 'credits',
    args: [account],
  })
}
