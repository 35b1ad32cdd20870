import { dataPolicyAbi, decodeDataPolicyError } from '@licen/sdk'
import { type Address, getAddress, isAddress } from 'viem'
import { ACCOUNT_USAGE, accountOptions, readAccount } from '../account.js'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { CHAIN_USAGE, chainOptions, readNetwork } from '../network.js'
import { readTimeout, SEND_USAGE, sendDataPolicy, sendOptions } from '../sendDataPolicy.js'

const USAGE = [
  `licen orchestrator (allow|revoke) <address> ${ACCOUNT_USAGE} ${CHAIN_USAGE} ${SEND_USAGE} [--json]`,
  `       licen orchestrator status <address> ${CHAIN_USAGE} [--json]`,
].join('\n')

/**
 * `licen orchestrator allow|revoke|status <address>`: the contract owner grants or revokes the orchestrator role
 * (`setOrchestrator`), or anyone reads whether an address holds it.
 */
export const orchestratorCommand: Command = {
  name: 'orchestrator',
  summary: "Grant or revoke an address's orchestrator role (contract owner), or show it",
  usage: USAGE,
  options: { ...chainOptions, ...accountOptions, ...sendOptions },
  async run({ io, values, positionals }) {
    const [action, target, ...rest] = positionals
    if (
      (action !== 'allow' && action !== 'revoke' && action !== 'status') ||
      target === undefined ||
      rest.length > 0
    )
      throw new CliError('orchestrator takes allow, revoke or status and one address.', {
        code: 'CLI_USAGE',
        details: USAGE,
      })
    if (!isAddress(target, { strict: false }))
      throw new CliError('The orchestrator must be an address.', { code: 'CLI_USAGE' })
    const address: Address = getAddress(target)
    const timeoutMs = readTimeout(values)
    const network = await readNetwork(io.cwd, values)
    if (action === 'status') {
      const allowed = await network.client
        .readContract({
          address: network.contract,
          abi: dataPolicyAbi,
          functionName: 'isOrchestrator',
          args: [address],
        })
        .catch((error: unknown) => {
          throw decodeDataPolicyError(error)
        })
      return { action, address, orchestrator: allowed }
    }
    const account = await readAccount(io.cwd, values, network.chainId)
    const allowed = action === 'allow'
    const { hash } = await sendDataPolicy(
      network,
      account,
      { functionName: 'setOrchestrator', args: [address, allowed] },
      timeoutMs,
    )
    return { action, address, orchestrator: allowed, transactionHash: hash }
  },
  format: (r) =>
    r.action === 'status'
      ? `${r.address} ${r.orchestrator ? 'holds' : 'does not hold'} the orchestrator role`
      : `orchestrator role ${r.orchestrator ? 'granted to' : 'revoked from'} ${r.address} (tx ${r.transactionHash})`,
}
