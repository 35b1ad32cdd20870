import { parseProviderRegistered, readProvider } from '@licen/sdk'
import { formatEther, maxUint96, parseEther } from 'viem'
import { ACCOUNT_USAGE, accountOptions, readAccount } from '../account.js'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { CHAIN_USAGE, chainOptions, readNetwork } from '../network.js'
import { readPublishedUrl } from '../publishedUrl.js'
import { readTimeout, SEND_USAGE, sendDataPolicy, sendOptions } from '../sendDataPolicy.js'

const USAGE = [
  `licen provider register --endpoint <https url> --price <per epoch, e.g. 0.001> ${ACCOUNT_USAGE} ${CHAIN_USAGE} ${SEND_USAGE} [--json]`,
  `       licen provider update <id> [--endpoint <https url>] [--price <per epoch>] ${ACCOUNT_USAGE} ${CHAIN_USAGE} ${SEND_USAGE} [--json]`,
  `       licen provider show <id> ${CHAIN_USAGE} [--json]`,
].join('\n')

/** DataPolicy's `MAX_ENDPOINT_LENGTH`, in bytes. */
const MAX_ENDPOINT_BYTES = 256
const PROVIDER_ID = /^[1-9][0-9]{0,9}$/

/** `--price`: the native token per epoch in decimal (like `licen publish --royalty`), as wei within uint96. */
function readPrice(value: string | boolean | undefined): bigint {
  if (typeof value !== 'string' || !/^\d{1,12}(\.\d{1,18})?$/.test(value))
    throw new CliError('--price is the native token per epoch, e.g. 0.001.', { code: 'CLI_USAGE' })
  const wei = parseEther(value)
  if (wei > maxUint96)
    throw new CliError('--price is above what the contract stores (uint96 wei).', { code: 'CLI_USAGE' })
  return wei
}

function readProviderId(value: string | undefined): number {
  if (value === undefined || !PROVIDER_ID.test(value) || Number(value) > 0xffff_ffff)
    throw new CliError('The provider id must be a whole number from 1.', { code: 'CLI_USAGE' })
  return Number(value)
}

/**
 * `licen provider register|update|show`: a provider operator registers its node (endpoint and price per epoch;
 * the id comes from the `ProviderRegistered` event), changes them (operator only), or anyone reads a provider.
 */
export const providerCommand: Command = {
  name: 'provider',
  summary: "Register a provider node (its operator's account), update its endpoint or price, or show it",
  usage: USAGE,
  options: {
    ...chainOptions,
    ...accountOptions,
    ...sendOptions,
    endpoint: { type: 'string' },
    price: { type: 'string' },
  },
  async run({ io, values, positionals }) {
    const [action, ...rest] = positionals
    const timeoutMs = readTimeout(values)
    if (action === 'register' && rest.length === 0) {
      const pricePerEpoch = readPrice(values.price)
      const network = await readNetwork(io.cwd, values)
      const endpoint = readPublishedUrl(values.endpoint, 'endpoint', network.chainId, MAX_ENDPOINT_BYTES)
      const account = await readAccount(io.cwd, values, network.chainId)
      const { hash, receipt } = await sendDataPolicy(
        network,
        account,
        { functionName: 'registerProvider', args: [endpoint, pricePerEpoch] },
        timeoutMs,
      )
      const registered = parseProviderRegistered(receipt, network.contract)
      return {
        action,
        providerId: registered.providerId,
        operator: registered.operator,
        endpoint: registered.endpoint,
        pricePerEpoch: registered.pricePerEpoch.toString(),
        active: true,
        transactionHash: hash,
      }
    }
    if ((action === 'update' || action === 'show') && rest.length === 1) {
      const providerId = readProviderId(rest[0])
      const pricePerEpoch = values.price === undefined ? undefined : readPrice(values.price)
      if (action === 'update' && pricePerEpoch === undefined && values.endpoint === undefined)
        throw new CliError('provider update needs --endpoint or --price.', { code: 'CLI_USAGE' })
      const network = await readNetwork(io.cwd, values)
      const endpoint =
        values.endpoint === undefined
          ? undefined
          : readPublishedUrl(values.endpoint, 'endpoint', network.chainId, MAX_ENDPOINT_BYTES)
      const current = await readProvider(network.client, { address: network.contract, providerId })
      if (action === 'show')
        return {
          action,
          providerId,
          operator: current.operator,
          endpoint: current.endpoint,
          pricePerEpoch: current.pricePerEpoch.toString(),
          active: current.active,
        }
      const account = await readAccount(io.cwd, values, network.chainId)
      const next = {
        endpoint: endpoint ?? current.endpoint,
        pricePerEpoch: pricePerEpoch ?? current.pricePerEpoch,
      }
      const { hash } = await sendDataPolicy(
        network,
        account,
        { functionName: 'updateProvider', args: [providerId, next.endpoint, next.pricePerEpoch] },
        timeoutMs,
      )
      return {
        action,
        providerId,
        operator: current.operator,
        endpoint: next.endpoint,
        pricePerEpoch: next.pricePerEpoch.toString(),
        active: current.active,
        transactionHash: hash,
      }
    }
    throw new CliError('provider takes register, update <id> or show <id>.', {
      code: 'CLI_USAGE',
      details: USAGE,
    })
  },
  format(r) {
    const price = `${formatEther(BigInt(r.pricePerEpoch as string))} per epoch (${r.pricePerEpoch} wei)`
    const what = r.action === 'register' ? 'registered' : r.action === 'update' ? 'updated' : ''
    return [
      `provider ${r.providerId}${what ? ` ${what}` : ''}${r.active ? '' : ' (inactive)'}`,
      `  endpoint ${r.endpoint}`,
      `  price    ${price}`,
      `  operator ${r.operator}`,
      ...(r.transactionHash ? [`  tx       ${r.transactionHash}`] : []),
    ].join('\n')
  },
}
