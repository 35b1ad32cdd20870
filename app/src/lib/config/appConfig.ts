import { formatIssues } from '@licen/sdk'
import { z } from '@licen/sdk/validation'
import { type Address, getAddress, type Hex, isAddress } from 'viem'
import { AppError } from '../errors/AppError.js'

/** Largest `config.json` the app accepts, in bytes. */
export const maxConfigBytes = 16 * 1024

/** Chain id of the local devnet (anvil): the only chain where the dev wallet may be offered. */
export const devnetChainId = 31337

const httpUrl = z.pipe(
  z.string().check(
    z.maxLength(512),
    z.refine((value) => /^https?:\/\/[^\s]+$/.test(value), 'must be an http(s) URL'),
  ),
  z.transform((value) => value.replace(/\/+$/, '')),
)

const address = z.pipe(
  z.string().check(z.refine((value) => isAddress(value, { strict: false }), 'must be a 20-byte hex address')),
  z.transform((value) => getAddress(value) as Address),
)

const compressedPublicKey = z.pipe(
  z.string().check(z.regex(/^0x0[23][0-9a-fA-F]{64}$/, 'must be a 33-byte compressed secp256k1 public key')),
  z.transform((value) => value.toLowerCase() as Hex),
)

const name = (max: number) => z.string().check(z.minLength(1), z.maxLength(max))
const maxSafe = z.maximum(2 ** 53 - 1)

const storageSchema = z.discriminatedUnion('backend', [
  z.strictObject({ backend: z.literal('local'), url: httpUrl }),
  z.strictObject({
    backend: z.literal('zerog'),
    /** 0G storage indexer RPC. */
    url: httpUrl,
    /** Flow contract address, pinned here (never trusted from a storage node). */
    flowAddress: address,
  }),
])

/** Schema of `config.json`: everything that differs between local devnet, testnet and mainnet. */
export const appConfigSchema = z
  .strictObject({
    chain: z.strictObject({
      id: z.int().check(z.positive(), maxSafe),
      name: name(64),
      rpcUrl: httpUrl,
      nativeCurrency: z._default(
        z.strictObject({
          name: name(32),
          symbol: name(12),
          decimals: z.int().check(z.minimum(0), z.maximum(36)),
        }),
        { name: 'Ether', symbol: 'ETH', decimals: 18 },
      ),
      /** Block explorer base URL; without one, tx and block links open the app's own block page. */
      explorerUrl: z.optional(httpUrl),
    }),
    dataPolicy: z.strictObject({ address, deploymentBlock: z.int().check(z.minimum(0), maxSafe) }),
    indexerUrl: httpUrl,
    storage: storageSchema,
    /** Key the owner's browser seals dataset keys to; when absent it is read from the orchestrator. */
    releasePublicKey: z.optional(compressedPublicKey),
    orchestratorUrl: httpUrl,
    /** Base URL where attestation policy files live, named `<policyHash>.json`. */
    attestationPoliciesUrl: httpUrl,
    /** Offer the funded dev wallet (anvil keys). Only allowed on the local devnet chain. */
    devWallet: z._default(z.boolean(), false),
  })
  .check(
    z.refine((config) => !config.devWallet || config.chain.id === devnetChainId, {
      message: `devWallet is only allowed on the local devnet (chain id ${devnetChainId})`,
      path: ['devWallet'],
    }),
  )

/** Parsed, validated network configuration. */
export type AppConfig = z.output<typeof appConfigSchema>

/** Validates a parsed `config.json` value; throws `AppError` CONFIG_INVALID naming the first bad fields. */
export function parseAppConfig(value: unknown): AppConfig {
  const parsed = appConfigSchema.safeParse(value)
  if (!parsed.success) {
    const details = formatIssues(parsed.error, 5)
    throw new AppError('The network configuration (config.json) is invalid.', {
      code: 'CONFIG_INVALID',
      details,
    })
  }
  return parsed.data
}
