import { readFile } from 'node:fs/promises'
import { createLocalStorage, createZerogStorage, formatIssues, type StorageAdapter } from '@licen/sdk'
import { isLicenNetworkName, type LicenNetwork, licenNetwork, licenNetworkNames } from '@licen/sdk/networks'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  isAddress,
  type PublicClient,
} from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { z } from 'zod'
import { CliError } from './CliError.js'
import { resolvePath } from './files.js'

/** Where datasets and results are stored: a LICEN storage node, or 0G Storage (indexer and pinned Flow). */
export type NetworkStorage =
  | { backend: 'local'; url: string }
  | { backend: 'zerog'; indexerUrl: string; flowAddress: Address }

/** Where a chain command talks to: the chain, the contract and the services around it. */
export type Network = {
  rpcUrl: string
  chainId: number
  contract: Address
  /** First block to search for events (the deployment block). */
  fromBlock: bigint
  storage: NetworkStorage | undefined
  orchestratorUrl: string | undefined
  releasePublicKey: Hex | undefined
  client: PublicClient
  /** The preset `--network` named, if any. */
  preset: LicenNetwork | undefined
}

/** Options every chain command takes. */
export const networkOptions = {
  network: { type: 'string' },
  config: { type: 'string' },
  deployment: { type: 'string' },
  rpc: { type: 'string' },
  contract: { type: 'string' },
  storage: { type: 'string' },
  orchestrator: { type: 'string' },
} as const

/** Usage text of {@link networkOptions}. */
export const NETWORK_USAGE = `[--network <${licenNetworkNames.join('|')}>] [--config <config.json>] [--rpc <url>] [--contract <address> | --deployment <file>] [--storage <url>] [--orchestrator <url>]`

/** The options of {@link networkOptions} that name the chain and the contract (commands that use no services). */
export const chainOptions = {
  network: networkOptions.network,
  config: networkOptions.config,
  deployment: networkOptions.deployment,
  rpc: networkOptions.rpc,
  contract: networkOptions.contract,
} as const

/** Usage text of {@link chainOptions}. */
export const CHAIN_USAGE = `[--network <${licenNetworkNames.join('|')}>] [--config <config.json>] [--rpc <url>] [--contract <address> | --deployment <file>]`

const MAX_FILE_BYTES = 64 * 1024
const url = z
  .string()
  .max(512)
  .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')
const address = z.string().refine((value) => isAddress(value, { strict: false }), 'must be an address')

// The app's config.json (the devnet writes one to .devnet/config.json); only the fields a CLI needs.
const configSchema = z.object({
  chain: z.object({ id: z.number().int().positive(), rpcUrl: url }),
  dataPolicy: z.object({ address, deploymentBlock: z.number().int().min(0) }),
  storage: z
    .discriminatedUnion('backend', [
      z.object({ backend: z.literal('local'), url }),
      z.object({ backend: z.literal('zerog'), url, flowAddress: address }),
    ])
    .optional(),
  orchestratorUrl: url.optional(),
  releasePublicKey: z
    .string()
    .regex(/^0x0[23][0-9a-fA-F]{64}$/)
    .optional(),
})
const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  address,
  blockNumber: z.number().int().min(0),
})

async function readJsonFile<T>(cwd: string, path: string, schema: z.ZodType<T>, what: string): Promise<T> {
  const file = resolvePath(cwd, path)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    throw new CliError(`Cannot read the ${what}.`, {
      code: 'CLI_INPUT_UNREADABLE',
      details: `${file}: ${(cause as Error).message}`,
    })
  }
  if (text.length > MAX_FILE_BYTES)
    throw new CliError(`The ${what} is too large.`, { code: 'CLI_INPUT_UNREADABLE', details: file })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new CliError(`The ${what} is not JSON.`, { code: 'CLI_INPUT_UNREADABLE', details: file })
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success)
    throw new CliError(`The ${what} is invalid.`, {
      code: 'CLI_INPUT_UNREADABLE',
      details: formatIssues(parsed.error),
    })
  return parsed.data
}

/** The preset `--network` names, or undefined without the flag; a usage error for an unknown name. */
export function readPreset(values: Record<string, string | boolean | undefined>): LicenNetwork | undefined {
  const name = values.network
  if (name === undefined) return undefined
  if (!isLicenNetworkName(name))
    throw new CliError(`--network must be one of ${licenNetworkNames.join(', ')}.`, { code: 'CLI_USAGE' })
  return licenNetwork(name)
}

/**
 * Resolves the network from `--network` (a preset), `--config` (an app config.json), `--deployment` and the flags
 * (flags win, then the files, then the preset), and checks the RPC serves the chain the preset and files name.
 */
export async function readNetwork(
  cwd: string,
  values: Record<string, string | boolean | undefined>,
): Promise<Network> {
  const flag = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const config = flag('config')
    ? await readJsonFile(cwd, flag('config')!, configSchema, 'config file')
    : undefined
  const deployment = flag('deployment')
    ? await readJsonFile(cwd, flag('deployment')!, deploymentSchema, 'deployment file')
    : undefined
  const preset = readPreset(values)
  const rpcUrl = flag('rpc') ?? config?.chain.rpcUrl ?? preset?.chain.rpcUrl
  const contract =
    flag('contract') ?? deployment?.address ?? config?.dataPolicy.address ?? preset?.dataPolicy?.address
  if (preset && !contract)
    throw new CliError(`No LICEN deployment is recorded for ${preset.name}.`, {
      code: 'CLI_NO_DEPLOYMENT',
      details: 'pass --contract <address> or --deployment <file> (or --config)',
    })
  if (!rpcUrl || !contract) {
    throw new CliError(
      'Say which chain: --network <name>, --config <config.json>, or --rpc and --contract/--deployment.',
      {
        code: 'CLI_USAGE',
      },
    )
  }
  for (const [name, value] of [
    ['--rpc', flag('rpc')],
    ['--storage', flag('storage')],
    ['--orchestrator', flag('orchestrator')],
  ] as const) {
    if (value !== undefined && !url.safeParse(value).success)
      throw new CliError(`${name} must be an http(s) URL.`, { code: 'CLI_USAGE' })
  }
  if (!isAddress(contract, { strict: false }))
    throw new CliError('--contract must be an address.', { code: 'CLI_USAGE' })
  const client = createPublicClient({ transport: http(rpcUrl, { timeout: 15_000, retryCount: 1 }) })
  let chainId: number
  try {
    chainId = await client.getChainId()
  } catch (cause) {
    throw new CliError('The RPC node did not answer.', {
      code: 'CLI_INPUT_UNREADABLE',
      details: 'eth_chainId failed',
      cause,
    })
  }
  for (const [what, expected] of [
    ['the deployment file', deployment?.chainId],
    ['the config file', config?.chain.id],
    [`preset ${preset?.name}`, preset?.chain.id],
  ] as const) {
    if (expected !== undefined && expected !== chainId)
      throw new CliError(`The RPC node serves another chain than ${what} names.`, {
        code: 'CLI_CHAIN_MISMATCH',
        details: `RPC chain ${chainId}, expected ${expected}`,
      })
  }
  const fromBlock =
    deployment?.blockNumber ??
    (flag('contract') ? 0 : (config?.dataPolicy.deploymentBlock ?? preset?.dataPolicy?.deploymentBlock ?? 0))
  return {
    rpcUrl,
    chainId,
    contract: getAddress(contract),
    fromBlock: BigInt(fromBlock),
    storage: readStorage(flag('storage'), config?.storage, preset),
    preset,
    orchestratorUrl: (flag('orchestrator') ?? config?.orchestratorUrl)?.replace(/\/+$/, ''),
    releasePublicKey: config?.releasePublicKey?.toLowerCase() as Hex | undefined,
    client: client as PublicClient,
  }
}

const trimUrl = (value: string) => value.replace(/\/+$/, '')

/** `--storage` (a LICEN storage node) wins over the config's storage, which wins over the preset's. */
function readStorage(
  flag: string | undefined,
  config: z.infer<typeof configSchema>['storage'],
  preset: LicenNetwork | undefined,
): NetworkStorage | undefined {
  if (flag !== undefined) return { backend: 'local', url: trimUrl(flag) }
  const storage =
    config?.backend === 'zerog'
      ? { backend: 'zerog' as const, indexerUrl: config.url, flowAddress: config.flowAddress }
      : (config ?? preset?.storage)
  if (storage?.backend === 'local') return { backend: 'local', url: trimUrl(storage.url) }
  if (storage?.backend === 'zerog')
    return {
      backend: 'zerog',
      indexerUrl: trimUrl(storage.indexerUrl),
      flowAddress: getAddress(storage.flowAddress),
    }
  return undefined
}

/**
 * The network's storage: the LICEN storage node, or 0G Storage through the pinned Flow (uploads paid by `account`;
 * reads need none). A usage error when no storage is named.
 */
export function createNetworkStorage(
  network: Network,
  options: { account?: PrivateKeyAccount | undefined; workers?: number | undefined } = {},
): StorageAdapter {
  const { storage } = network
  const workers = options.workers === undefined ? {} : { workers: options.workers }
  if (!storage)
    throw new CliError('Say where storage is: --storage <url>, --config or --network.', { code: 'CLI_USAGE' })
  if (storage.backend === 'local') return createLocalStorage({ url: storage.url, ...workers })
  return createZerogStorage({
    indexerUrl: storage.indexerUrl,
    flowAddress: storage.flowAddress,
    publicClient: network.client,
    ...(options.account
      ? { wallet: createWalletClient({ account: options.account, transport: http(network.rpcUrl) }) }
      : {}),
    ...workers,
  })
}
