import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Address, Hex } from 'viem'
import { z } from 'zod'
import { DEV_ROLES, type DevRole, devAccount, ROLE_DESCRIPTIONS } from './accounts.js'
import type { DevnetContext } from './context.js'

/** What a running devnet publishes about itself in `<dataDir>/devnet.json` (no private keys). */
export type DevnetInfo = {
  pid: number
  startedAt: string
  dataDir: string
  chainId: number
  rpcUrl: string
  dataPolicy: Address
  deploymentBlock: number
  deploymentFile: string
  providerId: number
  releasePublicKey: Hex
  /** On-chain id of the current release key (registered by the devnet admin once the orchestrator published it). */
  releaseKeyId: number | null
  policy: { hash: Hex; file: string; uri: string; name: string }
  /** The orchestrator-role policy the release key is registered under. */
  orchestratorPolicy: { hash: Hex; file: string; uri: string; name: string }
  urls: DevnetContext['urls']
  accounts: { role: DevRole; index: number; address: Address; description: string }[]
  /** Whether the orchestrator was started. */
  orchestrator: boolean
}

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/)
const devnetInfoSchema = z.object({
  pid: z.number().int().positive(),
  startedAt: z.string(),
  dataDir: z.string(),
  chainId: z.number().int().positive(),
  rpcUrl: z.string().url(),
  dataPolicy: hex,
  deploymentBlock: z.number().int().min(0),
  deploymentFile: z.string(),
  providerId: z.number().int().positive(),
  releasePublicKey: hex,
  releaseKeyId: z.number().int().positive().nullable(),
  policy: z.object({ hash: hex, file: z.string(), uri: z.string(), name: z.string() }),
  orchestratorPolicy: z.object({ hash: hex, file: z.string(), uri: z.string(), name: z.string() }),
  urls: z.object({
    storage: z.string(),
    tee: z.string(),
    orchestratorTee: z.string(),
    indexer: z.string(),
    graphql: z.string(),
    provider: z.string(),
    orchestrator: z.string(),
    app: z.string(),
  }),
  accounts: z.array(
    z.object({ role: z.string(), index: z.number().int(), address: hex, description: z.string() }),
  ),
  orchestrator: z.boolean(),
})

/** Builds the devnet's info from a started context. */
export function devnetInfo(ctx: DevnetContext, orchestrator: boolean): DevnetInfo {
  return {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    dataDir: ctx.dataDir,
    chainId: ctx.chainId,
    rpcUrl: ctx.rpcUrl,
    dataPolicy: ctx.deployment!.address,
    deploymentBlock: Number(ctx.deployment!.blockNumber),
    deploymentFile: ctx.deploymentFile,
    providerId: ctx.providerId!,
    releasePublicKey: ctx.releasePublicKey,
    releaseKeyId: ctx.releaseKeyId ?? null,
    policy: { hash: ctx.policy.hash, file: ctx.policy.file, uri: ctx.policy.uri, name: ctx.policy.name },
    orchestratorPolicy: { ...ctx.orchestratorPolicy },
    urls: ctx.urls,
    accounts: (Object.keys(DEV_ROLES) as DevRole[]).map((role) => ({
      role,
      index: DEV_ROLES[role],
      address: devAccount(role).address,
      description: ROLE_DESCRIPTIONS[role],
    })),
    orchestrator,
  }
}

/** Path of the info file of a devnet data folder. */
export const devnetInfoPath = (dataDir: string) => join(dataDir, 'devnet.json')

/** Writes `<dataDir>/devnet.json` atomically. */
export function writeDevnetInfo(info: DevnetInfo): void {
  const path = devnetInfoPath(info.dataDir)
  writeFileSync(`${path}.tmp`, `${JSON.stringify(info, null, 2)}\n`)
  renameSync(`${path}.tmp`, path)
}

/** Reads `<dataDir>/devnet.json`; undefined when missing or not an info file. */
export function readDevnetInfo(dataDir: string): DevnetInfo | undefined {
  try {
    const parsed = devnetInfoSchema.safeParse(JSON.parse(readFileSync(devnetInfoPath(dataDir), 'utf8')))
    return parsed.success ? (parsed.data as DevnetInfo) : undefined
  } catch {
    return undefined
  }
}
