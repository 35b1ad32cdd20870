import { DataPolicyError, dataPolicyAbi, decodeDataPolicyError, readCurrentReleaseKey } from '@licen/sdk'
import { zeroAddress } from 'viem'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { CHAIN_USAGE, chainOptions, readNetwork } from '../network.js'

const USAGE = `licen deployment show ${CHAIN_USAGE} [--json]`

/**
 * `licen deployment show`: what an operator checks after each deployment step: the owner, the protocol fee, how
 * many providers and release keys are registered, and the current release key ("none" before the orchestrator
 * registers one). Orchestrators are a mapping the contract cannot list: `licen orchestrator status <address>`.
 */
export const deploymentCommand: Command = {
  name: 'deployment',
  summary: "Show a DataPolicy deployment's owner, fee, providers and current release key",
  usage: USAGE,
  options: { ...chainOptions },
  async run({ io, values, positionals }) {
    if (positionals.length !== 1 || positionals[0] !== 'show')
      throw new CliError('deployment takes one sub-command: show.', { code: 'CLI_USAGE', details: USAGE })
    const network = await readNetwork(io.cwd, values)
    const read = { address: network.contract, abi: dataPolicyAbi } as const
    const client = network.client
    let reads: [`0x${string}`, `0x${string}`, readonly [number, `0x${string}`], number, number]
    try {
      reads = await Promise.all([
        client.readContract({ ...read, functionName: 'owner' }),
        client.readContract({ ...read, functionName: 'pendingOwner' }),
        client.readContract({ ...read, functionName: 'protocolFee' }),
        client.readContract({ ...read, functionName: 'nextProviderId' }),
        client.readContract({ ...read, functionName: 'nextReleaseKeyId' }),
      ])
    } catch (error) {
      throw decodeDataPolicyError(error)
    }
    const [owner, pendingOwner, [feeBps, treasury], nextProviderId, nextReleaseKeyId] = reads
    const current = await readCurrentReleaseKey(client, { address: network.contract }).catch(
      (error: unknown) => {
        if (error instanceof DataPolicyError && error.code === 'DATA_POLICY_NO_ACTIVE_RELEASE_KEY')
          return null
        throw error
      },
    )
    return {
      chainId: network.chainId,
      contract: network.contract,
      owner,
      pendingOwner: pendingOwner === zeroAddress ? null : pendingOwner,
      protocolFee: { feeBps, treasury: treasury === zeroAddress ? null : treasury },
      providers: nextProviderId - 1,
      releaseKeys: nextReleaseKeyId - 1,
      currentReleaseKey: current && {
        keyId: current.keyId,
        publicKey: current.publicKey,
        policyHash: current.policyHash,
        evidenceRef: current.evidenceRef,
      },
    }
  },
  format(r) {
    const fee = r.protocolFee as { feeBps: number; treasury: string | null }
    const key = r.currentReleaseKey as { keyId: number; publicKey: string; policyHash: string } | null
    return [
      `DataPolicy ${r.contract} on chain ${r.chainId}`,
      `  owner         ${r.owner}${r.pendingOwner ? ` (transfer pending to ${r.pendingOwner})` : ''}`,
      `  protocol fee  ${fee.feeBps} bps${fee.treasury ? ` to ${fee.treasury}` : ''}`,
      `  providers     ${r.providers}`,
      `  release keys  ${r.releaseKeys}`,
      `  current key   ${key ? `${key.keyId} ${key.publicKey} (policy ${key.policyHash})` : 'none'}`,
    ].join('\n')
  },
}
