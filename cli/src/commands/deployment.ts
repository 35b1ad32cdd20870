import { DataPolicyError, dataPolicyAbi, decodeDataPolicyError, readCurrentReleaseKey } from '@licen/sdk'
import { type Address, getAddress, type Hash, isAddress, zeroAddress } from 'viem'
import { ACCOUNT_USAGE, accountOptions, readAccount } from '../account.js'
import { CliError } from '../CliError.js'
import type { Command, CommandContext } from '../command.js'
import { CHAIN_USAGE, chainOptions, type Network, readNetwork } from '../network.js'
import { readTimeout, SEND_USAGE, sendDataPolicy, sendOptions } from '../sendDataPolicy.js'

const USAGE = [
  `licen deployment show ${CHAIN_USAGE} [--json]`,
  `       licen deployment fee <bps> --treasury <address> ${ACCOUNT_USAGE} ${CHAIN_USAGE} ${SEND_USAGE} [--json]`,
  `       licen deployment transfer-ownership <address> ${ACCOUNT_USAGE} ${CHAIN_USAGE} ${SEND_USAGE} [--json]`,
  `       licen deployment accept-ownership ${ACCOUNT_USAGE} ${CHAIN_USAGE} ${SEND_USAGE} [--json]`,
].join('\n')

/** Largest fee in basis points the CLI sends (100 %); the contract caps it lower (`MAX_FEE_BPS`). */
const MAX_BPS = 10_000

function readAddress(value: string | boolean | undefined, what: string): Address {
  if (typeof value !== 'string' || !isAddress(value, { strict: false }))
    throw new CliError(`${what} must be an address.`, { code: 'CLI_USAGE', details: USAGE })
  return getAddress(value)
}

/**
 * The owner's writes: `fee <bps> --treasury <address>` (`setProtocolFee`), `transfer-ownership <address>`
 * (Ownable2Step: the address becomes the pending owner; the zero address cancels a pending transfer) and
 * `accept-ownership` (sent by the pending owner).
 */
async function runOwnerAction({ io, values, positionals }: CommandContext): Promise<Record<string, unknown>> {
  const [action, target, ...rest] = positionals
  const arity = action === 'accept-ownership' ? 0 : 1
  if ((target === undefined ? 0 : 1 + rest.length) !== arity)
    throw new CliError(`deployment ${action} takes ${arity === 0 ? 'no argument' : 'one argument'}.`, {
      code: 'CLI_USAGE',
      details: USAGE,
    })
  if (action !== 'fee' && values.treasury !== undefined)
    throw new CliError('--treasury is for deployment fee.', { code: 'CLI_USAGE' })
  const timeoutMs = readTimeout(values)
  if (action === 'fee') {
    if (!/^[0-9]{1,5}$/.test(target!) || Number(target) > MAX_BPS)
      throw new CliError(`The fee must be whole basis points from 0 to ${MAX_BPS}.`, { code: 'CLI_USAGE' })
    const feeBps = Number(target)
    const treasury = readAddress(values.treasury, '--treasury <address>')
    const { network, account } = await signer()
    const { hash } = await sendDataPolicy(
      network,
      account,
      { functionName: 'setProtocolFee', args: [feeBps, treasury] },
      timeoutMs,
    )
    return { ...summary(network, hash), protocolFee: { feeBps, treasury } }
  }
  if (action === 'transfer-ownership') {
    const newOwner = readAddress(target, 'The new owner')
    const { network, account } = await signer()
    const { hash } = await sendDataPolicy(
      network,
      account,
      { functionName: 'transferOwnership', args: [newOwner] },
      timeoutMs,
    )
    return {
      ...summary(network, hash),
      owner: account.address,
      pendingOwner: newOwner === zeroAddress ? null : newOwner,
    }
  }
  const { network, account } = await signer()
  const { hash } = await sendDataPolicy(
    network,
    account,
    { functionName: 'acceptOwnership', args: [] },
    timeoutMs,
  )
  return { ...summary(network, hash), owner: account.address, pendingOwner: null }

  async function signer() {
    const network = await readNetwork(io.cwd, values)
    return { network, account: await readAccount(io.cwd, values, network.chainId) }
  }
  function summary(network: Network, transactionHash: Hash) {
    return { action, chainId: network.chainId, contract: network.contract, transactionHash }
  }
}

function formatOwnerAction(r: Record<string, unknown>): string {
  const tx = `(tx ${r.transactionHash})`
  if (r.action === 'fee') {
    const fee = r.protocolFee as { feeBps: number; treasury: string }
    return `protocol fee set to ${fee.feeBps} bps to ${fee.treasury} ${tx}`
  }
  if (r.action === 'transfer-ownership')
    return r.pendingOwner
      ? `ownership transfer to ${r.pendingOwner} pending: it takes effect when that account sends deployment accept-ownership ${tx}`
      : `pending ownership transfer cancelled ${tx}`
  return `${r.owner} now owns DataPolicy ${r.contract} ${tx}`
}

/**
 * `licen deployment show|fee|transfer-ownership|accept-ownership`. `show`: what an operator checks after each deployment step: the owner, the protocol fee, how
 * many providers and release keys are registered, and the current release key ("none" before the orchestrator
 * registers one). Orchestrators are a mapping the contract cannot list: `licen orchestrator status <address>`.
 * The others are the owner's writes (see `runOwnerAction`).
 */
export const deploymentCommand: Command = {
  name: 'deployment',
  summary:
    "Show a DataPolicy deployment's owner, fee, providers and current release key; set the fee, hand over ownership",
  usage: USAGE,
  options: { ...chainOptions, ...accountOptions, ...sendOptions, treasury: { type: 'string' } },
  async run(context) {
    const { io, values, positionals } = context
    const action = positionals[0]
    if (action === 'fee' || action === 'transfer-ownership' || action === 'accept-ownership')
      return runOwnerAction(context)
    if (positionals.length !== 1 || action !== 'show')
      throw new CliError(
        'deployment takes one sub-command: show, fee, transfer-ownership or accept-ownership.',
        { code: 'CLI_USAGE', details: USAGE },
      )
    const writeOnly = ['account-key-file', 'dev-account', 'timeout', 'treasury'].filter(
      (name) => values[name] !== undefined,
    )
    if (writeOnly.length > 0)
      throw new CliError(`deployment show takes no --${writeOnly[0]}.`, { code: 'CLI_USAGE' })
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
    if (r.action !== undefined) return formatOwnerAction(r)
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
