import { StorageError, zerogNetworks, zerogPreflight } from '@licen/sdk'
import { type Address, createPublicClient, http, isAddress } from 'viem'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'

const USAGE =
  'licen storage check --network <galileo|mainnet> [--rpc <url>] [--indexer <url>] [--flow <address>] [--chain-id <n>] [--replicas <n>] [--from <address>] [--json]'

const httpUrl = (value: string | undefined, name: string) => {
  if (value !== undefined && !/^https?:\/\/\S{1,500}$/.test(value))
    throw new CliError(`--${name} must be an http(s) URL.`, { code: 'CLI_USAGE' })
  return value
}
const positive = (value: string | undefined, name: string) => {
  if (value === undefined) return undefined
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new CliError(`--${name} must be a positive whole number.`, { code: 'CLI_USAGE' })
  return Number(value)
}
const address = (value: string | undefined, name: string) => {
  if (value !== undefined && !isAddress(value, { strict: false }))
    throw new CliError(`--${name} must be an address.`, { code: 'CLI_USAGE' })
  return value as Address | undefined
}

const formatSteps = (steps: { step: string; ok: boolean; detail: string }[]) =>
  steps.map((s) => `${s.ok ? 'ok  ' : 'FAIL'} ${s.step.padEnd(7)} ${s.detail}`).join('\n')

/** `licen storage check`: the 0G pre-flight (chain, price, submit layout, indexer, nodes), step by step. */
export const storageCommand: Command = {
  name: 'storage',
  summary: 'Check a 0G Storage network before paying for uploads (storage check --network <name>)',
  usage: USAGE,
  options: {
    network: { type: 'string' },
    rpc: { type: 'string' },
    indexer: { type: 'string' },
    flow: { type: 'string' },
    'chain-id': { type: 'string' },
    replicas: { type: 'string' },
    from: { type: 'string' },
  },
  async run({ io, values, positionals, json }) {
    if (positionals.length !== 1 || positionals[0] !== 'check')
      throw new CliError('storage takes one sub-command: check.', { code: 'CLI_USAGE', details: USAGE })
    const name = values.network as string | undefined
    if (name !== 'galileo' && name !== 'mainnet')
      throw new CliError('--network must be galileo or mainnet.', { code: 'CLI_USAGE', details: USAGE })
    const preset = zerogNetworks[name]
    const rpcUrl = httpUrl(values.rpc as string | undefined, 'rpc') ?? preset.evmRpcUrl
    const indexerUrl = httpUrl(values.indexer as string | undefined, 'indexer') ?? preset.indexerUrl
    const flowAddress = address(values.flow as string | undefined, 'flow') ?? preset.flowAddress
    const chainId = positive(values['chain-id'] as string | undefined, 'chain-id') ?? preset.chainId
    const expectedReplica = positive(values.replicas as string | undefined, 'replicas') ?? 1
    const from = address(values.from as string | undefined, 'from')
    const result = await zerogPreflight({
      publicClient: createPublicClient({ transport: http(rpcUrl, { timeout: 15_000, retryCount: 1 }) }),
      indexerUrl,
      flowAddress,
      chainId,
      expectedReplica,
      ...(from ? { from } : {}),
    })
    if (!result.ok) {
      if (!json) io.stdout.write(`${formatSteps(result.steps)}\n`)
      throw new StorageError(`The 0G pre-flight of ${name} failed.`, {
        code: 'STORAGE_ZEROG_FAILED',
        details: result.steps
          .filter((s) => !s.ok)
          .map((s) => `${s.step}: ${s.detail}`)
          .join('; '),
      })
    }
    return {
      network: name,
      unconfirmed: preset.unconfirmed,
      steps: result.steps,
    }
  },
  format: (result) =>
    `${formatSteps(result.steps as { step: string; ok: boolean; detail: string }[])}\n0G ${String(result.network)} passed the pre-flight (it confirms: ${(result.unconfirmed as string[]).join(', ')})`,
}
