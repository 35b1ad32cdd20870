import {
  isLicenNetworkName,
  type LicenNetwork,
  licenNetwork,
  licenNetworkNames,
} from '@licen/contracts/networks'
import { type Address, createPublicClient, getAddress, http, isAddress, type PublicClient } from 'viem'
import { z } from '../validation/index.js'
import { ChainTargetError } from './ChainTargetError.js'
import { readJsonFile } from './readJsonFile.js'

/** The chain and DataPolicy contract a command talks to, checked against the RPC node. */
export type ChainTarget = {
  rpcUrl: string
  /** The chain id the RPC node reported (equal to every chain id the preset and files name). */
  chainId: number
  contract: Address
  /** First block to search for events (the deployment block). */
  fromBlock: bigint
  /** The preset `--network` named, if any. */
  preset: LicenNetwork | undefined
  client: PublicClient
}

/**
 * A file of defaults its caller reads itself (the cli's app `config.json`): named in messages, and consulted after
 * the flags and the deployment file and before the preset.
 */
export type ChainTargetDefaults = {
  /** Its option, e.g. `--config`. */
  option: string
  /** What the option takes, e.g. `config.json`. */
  file: string
  /** What messages call it, e.g. `the config file`. */
  label: string
  /** Its values, when the option was given. */
  values?: { rpcUrl: string; chainId: number; contract: string; deploymentBlock: number } | undefined
}

/** Parameters of {@link resolveChainTarget}. */
export type ResolveChainTargetParameters = {
  /** Where relative file paths start. */
  cwd: string
  /** Parsed options; those of `chainTargetOptions` are read. */
  values: Record<string, string | boolean | undefined>
  defaults?: ChainTargetDefaults | undefined
  /** Retries of each RPC request of the returned client (default 1). */
  rpcRetryCount?: number | undefined
}

const httpUrl = z.string().check(z.maxLength(512), z.regex(/^https?:\/\/\S+$/))
// A deployment record (`contracts/deployments/<chainId>.json`, the devnet's deployment.json); other keys are ignored.
const deploymentSchema = z.object({
  chainId: z.int().check(z.positive()),
  address: z.string().check(z.refine((value) => isAddress(value, { strict: false }), 'must be an address')),
  blockNumber: z.int().check(z.minimum(0)),
})

/** The preset `--network` names, or undefined without the flag; `CHAIN_TARGET_USAGE` for an unknown name. */
export function readNetworkPreset(
  values: Record<string, string | boolean | undefined>,
): LicenNetwork | undefined {
  const name = values.network
  if (name === undefined) return undefined
  if (!isLicenNetworkName(name))
    throw new ChainTargetError(`--network must be one of ${licenNetworkNames.join(', ')}.`, {
      code: 'CHAIN_TARGET_USAGE',
    })
  return licenNetwork(name)
}

/**
 * Resolves the chain and contract from `--network` (a preset of `@licen/sdk/networks`), `--deployment` (a deployment
 * record), the caller's defaults file and `--rpc`/`--contract` (flags win, then the files, then the preset), and
 * checks that the RPC node serves the chain the preset and files name. The one home of "which chain and contract
 * does this command talk to" for the Node programs (`licen`, `licen-attest job`).
 */
export async function resolveChainTarget(parameters: ResolveChainTargetParameters): Promise<ChainTarget> {
  const { values, defaults } = parameters
  const flag = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const deployment = flag('deployment')
    ? await readJsonFile(parameters.cwd, flag('deployment')!, deploymentSchema, 'deployment file')
    : undefined
  const preset = readNetworkPreset(values)
  const rpcUrl = flag('rpc') ?? defaults?.values?.rpcUrl ?? preset?.chain.rpcUrl
  const contract =
    flag('contract') ?? deployment?.address ?? defaults?.values?.contract ?? preset?.dataPolicy?.address
  if (preset && !contract)
    throw new ChainTargetError(`No LICEN deployment is recorded for ${preset.name}.`, {
      code: 'CHAIN_TARGET_NO_DEPLOYMENT',
      details: `pass --contract <address> or --deployment <file>${defaults ? ` (or ${defaults.option})` : ''}`,
    })
  if (!rpcUrl || !contract) {
    const ways = defaults
      ? `--network <name>, ${defaults.option} <${defaults.file}>, or`
      : '--network <name> or'
    throw new ChainTargetError(`Say which chain: ${ways} --rpc and --contract/--deployment.`, {
      code: 'CHAIN_TARGET_USAGE',
    })
  }
  if (flag('rpc') !== undefined && !httpUrl.safeParse(flag('rpc')).success)
    throw new ChainTargetError('--rpc must be an http(s) URL.', { code: 'CHAIN_TARGET_USAGE' })
  if (!isAddress(contract, { strict: false }))
    throw new ChainTargetError('--contract must be an address.', { code: 'CHAIN_TARGET_USAGE' })
  const client = createPublicClient({
    transport: http(rpcUrl, { timeout: 15_000, retryCount: parameters.rpcRetryCount ?? 1 }),
  })
  let chainId: number
  try {
    chainId = await client.getChainId()
  } catch (cause) {
    throw new ChainTargetError('The RPC node did not answer.', {
      code: 'CHAIN_TARGET_RPC_UNAVAILABLE',
      details: 'eth_chainId failed',
      cause,
    })
  }
  for (const [what, expected] of [
    ['the deployment file', deployment?.chainId],
    [defaults?.label, defaults?.values?.chainId],
    [`preset ${preset?.name}`, preset?.chain.id],
  ] as const) {
    if (expected !== undefined && expected !== chainId)
      throw new ChainTargetError(`The RPC node serves another chain than ${what} names.`, {
        code: 'CHAIN_TARGET_CHAIN_MISMATCH',
        details: `RPC chain ${chainId}, expected ${expected}`,
      })
  }
  const fromBlock =
    deployment?.blockNumber ??
    (flag('contract') ? 0 : (defaults?.values?.deploymentBlock ?? preset?.dataPolicy?.deploymentBlock ?? 0))
  return {
    rpcUrl,
    chainId,
    contract: getAddress(contract),
    fromBlock: BigInt(fromBlock),
    preset,
    client: client as PublicClient,
  }
}
