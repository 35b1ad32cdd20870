import { createLocalStorage, createZerogStorage, type StorageAdapter } from '@licen/sdk'
import {
  type ChainTargetDefaults,
  ChainTargetError,
  type ChainTargetErrorCode,
  chainTargetOptions,
  readJsonFile,
  readNetworkPreset,
  resolveChainTarget,
} from '@licen/sdk/chain-target'
import { type LicenNetwork, licenNetworkNames } from '@licen/sdk/networks'
import {
  type Address,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  isAddress,
  type PublicClient,
} from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { z } from 'zod'
import { CliError, type CliErrorCode } from './CliError.js'

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

/** The options of the sdk's `chainTargetOptions` and `--config`: the chain and the contract (no services). */
export const chainOptions = {
  network: chainTargetOptions.network,
  config: { type: 'string' },
  deployment: chainTargetOptions.deployment,
  rpc: chainTargetOptions.rpc,
  contract: chainTargetOptions.contract,
} as const

/** Options every chain command takes: {@link chainOptions} and the services. */
export const networkOptions = {
  ...chainOptions,
  storage: { type: 'string' },
  orchestrator: { type: 'string' },
} as const

/** Usage text of {@link chainOptions}. */
export const CHAIN_USAGE = `[--network <${licenNetworkNames.join('|')}>] [--config <config.json>] [--rpc <url>] [--contract <address> | --deployment <file>]`

/** Usage text of {@link networkOptions}. */
export const NETWORK_USAGE = `${CHAIN_USAGE} [--storage <url>] [--orchestrator <url>]`

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

/** The cli's code for each of the sdk's chain target failures (message and details stay the sdk's). */
const cliCodes = {
  CHAIN_TARGET_USAGE: 'CLI_USAGE',
  CHAIN_TARGET_NO_DEPLOYMENT: 'CLI_NO_DEPLOYMENT',
  CHAIN_TARGET_FILE_UNREADABLE: 'CLI_INPUT_UNREADABLE',
  CHAIN_TARGET_RPC_UNAVAILABLE: 'CLI_INPUT_UNREADABLE',
  CHAIN_TARGET_CHAIN_MISMATCH: 'CLI_CHAIN_MISMATCH',
} as const satisfies Record<ChainTargetErrorCode, CliErrorCode>

/** A `ChainTargetError` as the `CliError` with the cli's code (message, details and cause kept); others unchanged. */
function cliErrorOf(error: unknown): unknown {
  if (!(error instanceof ChainTargetError)) return error
  return new CliError(error.shortMessage, {
    code: cliCodes[error.code],
    details: error.details,
    cause: error.cause,
  })
}

/** The preset `--network` names, or undefined without the flag; a usage error for an unknown name. */
export function readPreset(values: Record<string, string | boolean | undefined>): LicenNetwork | undefined {
  try {
    return readNetworkPreset(values)
  } catch (error) {
    throw cliErrorOf(error)
  }
}

/**
 * Resolves the network from `--network` (a preset), `--config` (an app config.json), `--deployment` and the flags
 * (flags win, then the files, then the preset) through the sdk's `resolveChainTarget`, which checks the RPC serves
 * the chain the preset and files name; the services come from the flags, then the config, then the preset.
 */
export async function readNetwork(
  cwd: string,
  values: Record<string, string | boolean | undefined>,
): Promise<Network> {
  const flag = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const config = flag('config')
    ? await readJsonFile(cwd, flag('config')!, configSchema, 'config file').catch((error) => {
        throw cliErrorOf(error)
      })
    : undefined
  for (const [name, value] of [
    ['--storage', flag('storage')],
    ['--orchestrator', flag('orchestrator')],
  ] as const) {
    if (value !== undefined && !url.safeParse(value).success)
      throw new CliError(`${name} must be an http(s) URL.`, { code: 'CLI_USAGE' })
  }
  const defaults: ChainTargetDefaults = {
    option: '--config',
    file: 'config.json',
    label: 'the config file',
    values: config && {
      rpcUrl: config.chain.rpcUrl,
      chainId: config.chain.id,
      contract: config.dataPolicy.address,
      deploymentBlock: config.dataPolicy.deploymentBlock,
    },
  }
  const target = await resolveChainTarget({ cwd, values, defaults }).catch((error) => {
    throw cliErrorOf(error)
  })
  return {
    ...target,
    storage: readStorage(flag('storage'), config?.storage, target.preset),
    orchestratorUrl: (flag('orchestrator') ?? config?.orchestratorUrl)?.replace(/\/+$/, ''),
    releasePublicKey: config?.releasePublicKey?.toLowerCase() as Hex | undefined,
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
