import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parsePolicyJson } from '@licen/attestation-policy'
import { composeHashOf, DEV_ORCHESTRATOR_APP_COMPOSE } from '@licen/attestation-policy/dev-tee'
import { startIndexer } from '@licen/indexer'
import { DevnetError } from '../errors.js'
import { answers, endWithParent, startChild } from './childProcess.js'
import type { DevnetContext } from './context.js'
import { resolvePackageBin } from './packageBin.js'
import type { Part } from './supervisor.js'

/**
 * The local content-addressed storage node (a child process), objects in `<dataDir>/storage`. It binds loopback, so
 * uploads need no token; a non-loopback `--host` would need `LICEN_STORAGE_UPLOAD_TOKEN` in `env` (the node refuses
 * to start without one) and the same token in every uploader's `createLocalStorage({ uploadToken })`.
 */
export function storagePart(ctx: DevnetContext): Part {
  return {
    name: 'storage',
    start: (log) =>
      startChild({
        ...resolvePackageBin('@licen/storage-node', 'licen-storage-node'),
        args: [
          '--data-dir',
          join(ctx.dataDir, 'storage'),
          '--port',
          String(ctx.ports.storage),
          '--host',
          '127.0.0.1',
        ],
        env: {},
        log,
        healthy: () => answers(`${ctx.urls.storage}/health`),
      }),
  }
}

/** The development TEE: a dstack guest agent stand-in that also serves PCCS collateral (a child process). */
export function devTeePart(ctx: DevnetContext): Part {
  return {
    name: 'dev-tee',
    start: (log) =>
      startChild({
        ...resolvePackageBin('@licen/attestation-policy', 'licen-dev-tee'),
        args: [
          '--port',
          String(ctx.ports.tee),
          '--state-dir',
          join(ctx.dataDir, 'dev-tee'),
          // With --containers the provider's quotes measure its image's app-compose (see deriveImagePolicies).
          ...(ctx.containers?.policies ? ['--compose-file', ctx.containers.policies.appCompose] : []),
        ],
        env: {},
        log,
        healthy: () => answers(`${ctx.urls.tee}/Version`, 'POST'),
      }),
  }
}

/**
 * The orchestrator's own development TEE (a second dev agent, a child process): its app-compose is the
 * orchestrator's dev compose, so it has its own compose hash, app id and derived keys (its release keys), not the
 * provider's. The compose hash must be one the orchestrator policy (local-orchestrator.json) allows.
 */
export function orchestratorTeePart(ctx: DevnetContext): Part {
  return {
    name: 'orchestrator-tee',
    async start(log) {
      const stateDir = join(ctx.dataDir, 'orchestrator-tee')
      mkdirSync(stateDir, { recursive: true })
      const composeFile = join(stateDir, 'app-compose.json')
      writeFileSync(composeFile, DEV_ORCHESTRATOR_APP_COMPOSE)
      const composeHash = composeHashOf(DEV_ORCHESTRATOR_APP_COMPOSE)
      const policy = parsePolicyJson(readFileSync(ctx.orchestratorPolicy.file, 'utf8'))
      if (!policy.composeHashes.includes(composeHash)) {
        throw new DevnetError(
          `the orchestrator policy ${ctx.orchestratorPolicy.file} does not allow the orchestrator dev compose ${composeHash}`,
          { code: 'DEVNET_PART_FAILED' },
        )
      }
      log(`orchestrator app compose hash ${composeHash} (policy "${policy.name}")`)
      return startChild({
        ...resolvePackageBin('@licen/attestation-policy', 'licen-dev-tee'),
        args: [
          '--port',
          String(ctx.ports.orchestratorTee),
          '--state-dir',
          stateDir,
          '--compose-file',
          composeFile,
        ],
        env: {},
        log,
        healthy: () => answers(`${ctx.urls.orchestratorTee}/Version`, 'POST'),
      })
    },
  }
}

/** The indexer (Ponder on PGlite in `<dataDir>/indexer`), resolved once its backfill is done. */
export function indexerPart(ctx: DevnetContext): Part {
  return {
    name: 'indexer',
    async start(log) {
      const started = Date.now()
      const dataDir = join(ctx.dataDir, 'indexer')
      const restart = existsSync(dataDir)
      // On PGlite a restart may wait for the previous run's schema lock to expire (up to ~25 s): say so.
      const progress = setInterval(() => {
        const seconds = Math.round((Date.now() - started) / 1000)
        log(
          restart
            ? `still starting after ${seconds} s (Ponder may wait up to 25 s for the previous run's schema lock on PGlite)`
            : `still starting after ${seconds} s`,
        )
      }, 5_000)
      try {
        const indexer = await startIndexer({
          deploymentFile: ctx.deploymentFile,
          rpcUrl: ctx.rpcUrl,
          dataDir,
          port: ctx.ports.indexer,
          pollingIntervalMs: ctx.timing === 'test' ? 100 : 200,
          readyTimeoutMs: 180_000,
          // Every indexed block and anvil's quiet periods (no transaction, no block) are noise here.
          onLog: (line) => {
            if (!/Indexed block|No new block received/.test(line)) log(line)
          },
        })
        endWithParent(indexer.process)
        log(`GraphQL at ${indexer.graphqlUrl} (POST), schema ${indexer.schema}`)
        return {
          stop: indexer.stop,
          exited: indexer.exited,
          kill: (signal: NodeJS.Signals) => indexer.process.kill(signal),
        }
      } finally {
        clearInterval(progress)
      }
    },
  }
}
