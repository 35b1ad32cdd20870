import { deriveResultKey, requestAccess } from '@licen/sdk'
import { createWalletClient, http } from 'viem'
import { ACCOUNT_USAGE, accountOptions, readAccount } from '../account.js'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { NETWORK_USAGE, networkOptions, readNetwork } from '../network.js'
import { parsePurpose } from '../purposes.js'

/** `licen request`: escrow payment for N epochs of a dataset with a provider (result key derived from the account). */
export const requestCommand: Command = {
  name: 'request',
  summary: 'Request access: escrow (royalty + price) × epochs for a dataset and a provider',
  usage: `licen request <datasetRoot> --provider <id> --epochs <n> [--purpose research] ${ACCOUNT_USAGE} ${NETWORK_USAGE} [--json]`,
  options: {
    ...networkOptions,
    ...accountOptions,
    provider: { type: 'string' },
    epochs: { type: 'string' },
    purpose: { type: 'string' },
  },
  async run({ io, values, positionals }) {
    const datasetRoot = positionals[0]
    if (positionals.length !== 1 || !/^0x[0-9a-fA-F]{64}$/.test(datasetRoot ?? ''))
      throw new CliError('request takes one dataset root (0x + 64 hex digits).', { code: 'CLI_USAGE' })
    const provider = values.provider
    const epochs = values.epochs
    if (typeof provider !== 'string' || !/^\d{1,10}$/.test(provider))
      throw new CliError('request needs --provider <id>.', { code: 'CLI_USAGE' })
    if (typeof epochs !== 'string' || !/^\d{1,5}$/.test(epochs))
      throw new CliError('request needs --epochs <n>.', { code: 'CLI_USAGE' })
    const purposeId = parsePurpose((values.purpose as string | undefined) ?? 'research')
    const network = await readNetwork(io.cwd, values)
    const account = await readAccount(io.cwd, values, network.chainId)
    // The same derivation as the app: a signature over a fixed message, so the key can be re-derived anywhere.
    const resultKey = await deriveResultKey({
      address: account.address,
      signTypedData: (typedData) => account.signTypedData(typedData),
    })
    resultKey.privateKey.fill(0)
    const wallet = createWalletClient({ account, transport: http(network.rpcUrl) })
    const granted = await requestAccess(wallet, {
      address: network.contract,
      datasetRoot: datasetRoot as `0x${string}`,
      purposeId,
      epochs: Number(epochs),
      providerId: Number(provider),
      resultPubKey: resultKey.publicKey,
      pollingIntervalMs: 250,
    })
    return {
      jobId: granted.jobId.toString(),
      requester: account.address,
      escrow: granted.escrow.toString(),
      deadline: granted.deadline,
      resultPubKey: resultKey.publicKey,
      transactionHash: granted.hash,
    }
  },
  format: (r) =>
    `job ${r.jobId} granted: ${r.escrow} wei escrowed by ${r.requester}, deadline ${new Date(Number(r.deadline) * 1000).toISOString()} (tx ${r.transactionHash})`,
}
