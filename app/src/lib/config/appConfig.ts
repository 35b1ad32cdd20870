import { formatIssues } from '@licen/sdk'
import { type Address, getAddress, type Hex, isAddress } from 'viem'
import { z } from 'zod'
import { AppError } from '../errors/AppError.js'

/** Largest `config.json` the app accepts, in bytes. */
export const maxConfigBytes = 16 * 1024

/** Chain id of the local devnet (anvil): the only chain where the dev wallet may be offered. */
export const devnetChainId = 31337

const httpUrl = z
  .string()
  .max(512)
  .refine((value) => /^https?:\/\/[^\s]+$/.test(value), 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''))

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), 'must be a 20-byte hex address')
  .transform((value) => getAddress(value) as Address)

const compressedPublicKey = z
  .string()
  .regex(/^0x0[23][0-9a-fA-F]{64}$/, 'must be a 33-byte compressed secp256k1 public key')
  .transform((value) => value.toLowerCase() as Hex)

const storageSchema = z.discriminatedUnion('backend', [
  z.object({ backend: z.literal('local'), url: httpUrl }).strict(),
  z
    .object({
      backend: z.literal('zerog'),
      /** 0G storage indexer RPC. */
      url: httpUrl,
      /** Flow contract address, pinned here (never trusted from a storage node). */
      flowAddress: address,
    })
    .strict(),
])

/** Schema of `config.json`: everything that differs between local devnet, testnet and mainnet. */
export const appConfigSchema = z
  .object({
    chain: z
      .object({
        id: z
          .number()
          .int()
          .positive()
          .max(2 ** 53 - 1),
        name: z.string().min(1).max(64),
        rpcUrl: httpUrl,
        nativeCurrency: z
          .object({
            name: z.string().min(1).max(32),
            symbol: z.string().min(1).max(12),
            decimals: z.number().int().min(0).max(36),
          })
          .strict()
          .default({ name: 'Ether', symbol: 'ETH', decimals: 18 }),
        /** Block explorer base URL; without one, tx and block links open the app's own block page. */
        explorerUrl: httpUrl.optional(),
      })
      .strict(),
    dataPolicy: z
      .object({
        address,
        deploymentBlock: z
          .number()
          .int()
          .min(0)
          .max(2 ** 53 - 1),
      })
      .strict(),
    indexerUrl: httpUrl,
    storage: storageSchema,
    /** Key the owner's browser seals dataset keys to; when absent it is read from the orchestrator. */
    releasePublicKey: compressedPublicKey.optional(),
    orchestratorUrl: httpUrl,
    /** Base URL where attestation policy files live, named `<policyHash>.json`. */
    attestationPoliciesUrl: httpUrl,
    /** Offer the funded dev wallet (anvil keys). Only allowed on the local devnet chain. */
    devWallet: z.boolean().default(false),
  })
  .strict()
  .refine((config) => !config.devWallet || config.chain.id === devnetChainId, {
    message: `devWallet is only allowed on the local devnet (chain id ${devnetChainId})`,
    path: ['devWallet'],
  })

/** Parsed, validated network configuration. */
export type AppConfig = z.infer<typeof appConfigSchema>

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
