import { join } from 'node:path'
import { parseEther } from 'viem'
import { DevnetError } from '../errors.js'
import { devAccount } from './accounts.js'
import { answers, startChild } from './childProcess.js'
import type { DevnetContext } from './context.js'
import { ensureProvider } from './ensureProvider.js'
import { resolvePackageBin } from './packageBin.js'
import { providerAnswers, providerEnvironment, startProviderProcess } from './providerProcess.js'
import { registerReleaseKeys } from './releaseKey.js'
import { startContainer } from './startContainer.js'
import type { Part, RunningPart } from './supervisor.js'

/** Price per epoch of the devnet provider. */
export const DEVNET_PROVIDER_PRICE = parseEther('0.001')

/** Orchestrator timers per profile (see orchestrator/src/config/orchestratorConfig.ts for their meaning). */
const ORCHESTRATOR_TIMING = {
  dev: {
    LICEN_DISCOVERY_INTERVAL_MS: '200',
    LICEN_WORK_INTERVAL_MS: '100',
    LICEN_TRACK_INTERVAL_MS: '500',
    LICEN_RETRY_DELAY_MS: '500',
    LICEN_RECEIPT_POLLING_MS: '100',
    // How long a provider may stay unreachable before the orchestrator fails its job (PROVIDER_UNREACHABLE).
    LICEN_PROVIDER_GRACE_SECONDS: '90',
    LICEN_MIN_RUN_SECONDS: '30',
  },
  test: {
    LICEN_DISCOVERY_INTERVAL_MS: '100',
    LICEN_WORK_INTERVAL_MS: '50',
    LICEN_TRACK_INTERVAL_MS: '200',
    LICEN_RETRY_DELAY_MS: '200',
    LICEN_RECEIPT_POLLING_MS: '50',
    LICEN_PROVIDER_GRACE_SECONDS: '4',
    LICEN_MIN_RUN_SECONDS: '30',
    LICEN_LEASE_SECONDS: '10',
    LICEN_REQUEST_TIMEOUT_MS: '5000',
  },
} as const

/**
 * The devnet provider: registered on chain by the operator account, then its node started (a child process, or its
 * image under podman with `containers`).
 */
export function providerPart(ctx: DevnetContext): Part {
  return {
    name: 'provider',
    async start(log) {
      if (!ctx.deployment) throw new DevnetError('no deployment', { code: 'DEVNET_PART_FAILED' })
      const { providerId, change } = await ensureProvider({
        rpcUrl: ctx.rpcUrl,
        dataPolicy: ctx.deployment.address,
        fromBlock: ctx.deployment.blockNumber,
        role: 'operator',
        endpoint: ctx.urls.provider,
        pricePerEpoch: DEVNET_PROVIDER_PRICE,
      })
      ctx.providerId = providerId
      if (change !== 'unchanged')
        log(
          `provider ${providerId} ${change} on chain by ${devAccount('operator').address} (${ctx.urls.provider})`,
        )
      const provider = {
        rpcUrl: ctx.rpcUrl,
        chainId: ctx.chainId,
        dataPolicy: ctx.deployment.address,
        providerId,
        port: ctx.ports.provider,
        teeUrl: ctx.urls.tee,
        storageUrl: ctx.urls.storage,
        env: ctx.extraEnv.provider,
      }
      if (!ctx.containers) return startProviderProcess({ ...provider, log })
      return startContainer({
        program: 'provider-node',
        podman: ctx.containers.podman,
        imageId: loadedImage(ctx, 'provider-node'),
        env: providerEnvironment(provider),
        log,
        healthy: providerAnswers(ctx.ports.provider),
        timeoutMs: 120_000,
      })
    },
  }
}

/**
 * The orchestrator (a child process, or its image under podman with `containers`; PGlite in `<dataDir>/orchestrator/<contract>`): its release keys derived in its
 * own dev TEE (`ctx.releaseKeyVersions`), their evidence in storage. Once it answers, the admin registers the keys
 * it published that are not on chain yet, and the part is up when the orchestrator reports its key Active.
 */
export function orchestratorPart(ctx: DevnetContext): Part {
  return {
    name: 'orchestrator',
    async start(log) {
      if (!ctx.deployment) throw new DevnetError('no deployment', { code: 'DEVNET_PART_FAILED' })
      const env = {
        LICEN_RPC_URL: ctx.rpcUrl,
        LICEN_DEPLOYMENT_FILE: ctx.deploymentFile,
        LICEN_ORCHESTRATOR_KEY: devAccount('orchestrator').privateKey,
        LICEN_RELEASE_KEY_SOURCE: 'dstack',
        LICEN_DSTACK_ENDPOINT: ctx.urls.orchestratorTee,
        LICEN_RELEASE_KEY_VERSIONS: ctx.releaseKeyVersions.join(','),
        LICEN_RELEASE_KEY_REGISTRATION_SECONDS: '120',
        LICEN_INDEXER_URL: ctx.urls.graphql,
        LICEN_STORAGE_URL: ctx.urls.storage,
        LICEN_PCCS_URL: ctx.urls.tee,
        LICEN_POLICY_FILES: ctx.policy.file,
        // One database per contract: a redeployed contract starts with job ids from 1 again.
        LICEN_ORCHESTRATOR_DATA_DIR: join(ctx.dataDir, 'orchestrator', ctx.deployment.address.toLowerCase()),
        LICEN_ORCHESTRATOR_HOST: '127.0.0.1',
        LICEN_ORCHESTRATOR_PORT: String(ctx.ports.orchestrator),
        LICEN_ORCHESTRATOR_INSTANCE: 'devnet',
        LICEN_LOG_LEVEL: 'info',
        ...ORCHESTRATOR_TIMING[ctx.timing],
        ...ctx.extraEnv.orchestrator,
      }
      const healthy = () => answers(`${ctx.urls.orchestrator}/health`)
      const child: RunningPart = ctx.containers
        ? await startContainer({
            program: 'orchestrator',
            podman: ctx.containers.podman,
            imageId: loadedImage(ctx, 'orchestrator'),
            env,
            log,
            healthy,
            timeoutMs: 120_000,
          })
        : await startChild({
            ...resolvePackageBin('@licen/orchestrator', 'licen-orchestrator'),
            env,
            log,
            healthy,
            timeoutMs: 120_000,
          })
      try {
        await registerReleaseKeys(ctx, log)
      } catch (error) {
        await child.stop()
        throw error
      }
      return child
    },
  }
}

/** The image id the `images` part loaded for `program`. */
function loadedImage(ctx: DevnetContext, program: 'provider-node' | 'orchestrator'): string {
  const image = ctx.containers?.images[program]
  if (!image)
    throw new DevnetError(`no ${program} image loaded (the images part runs first)`, {
      code: 'DEVNET_PART_FAILED',
    })
  return image.imageId
}
