import { unlinkSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort } from '@licen/contracts'
import { orchestratorPart, providerPart } from './dev/agents.js'
import { appPart } from './dev/appPart.js'
import { anvilPart, contractsPart } from './dev/chain.js'
import { DEFAULT_PORTS, type DevnetPorts, type PortName } from './dev/config.js'
import { createContext, type DevnetContext, type TimingProfile } from './dev/context.js'
import { removeDataDir } from './dev/dataDir.js'
import { type DevnetInfo, devnetInfo, devnetInfoPath, writeDevnetInfo } from './dev/devnetInfo.js'
import { imagesPart } from './dev/imagesPart.js'
import { preparePodman } from './dev/podman.js'
import { assertPortFree } from './dev/ports.js'
import { devTeePart, indexerPart, orchestratorTeePart, storagePart } from './dev/services.js'
import { type LogSink, type Part, type Supervisor, startParts } from './dev/supervisor.js'

/** Parameters of {@link startDevnet}. */
export type StartDevnetParameters = {
  /** Where everything persists. */
  dataDir: string
  /** Delete `dataDir` first. */
  fresh?: boolean | undefined
  /** Ports by part (defaults: DEFAULT_PORTS), or `free` to let the OS pick each (tests, throwaway devnets). */
  ports?: Partial<DevnetPorts> | 'free' | undefined
  /** Build and serve the app (`rebuild`: even when current); false serves only config.json and the policy file. */
  app?: boolean | 'rebuild' | undefined
  /** Start the orchestrator (default true); tests start it later with `supervisor.startPart('orchestrator')`. */
  orchestrator?: boolean | undefined
  /** Keep anvil's state in `dataDir` (default true). */
  persistChain?: boolean | undefined
  /** Timer preset of the orchestrator and indexer (default `dev`). */
  timing?: TimingProfile | undefined
  /** Aborting stops the start after the part that is starting, and stops the parts already running. */
  signal?: AbortSignal | undefined
  /**
   * Run the provider node and the orchestrator from their images under podman (`pnpm dev --containers`); the
   * images are built first when this checkout's archives are missing (`rebuild`: always). `runtime`: the OCI
   * runtime (default runc on PATH or /usr/sbin).
   */
  containers?: boolean | { rebuild?: boolean | undefined; runtime?: string | undefined } | undefined
  /** Where prefixed log lines go (default stdout) and whether they are coloured. */
  sink?: LogSink | undefined
  color?: boolean | undefined
}

/** A running devnet. */
export type Devnet = {
  info: DevnetInfo
  /** The shared context (ports, URLs, extra environment for the next start of the provider/orchestrator). */
  context: DevnetContext
  supervisor: Supervisor
  /** Resolves with a reason when a part dies unexpectedly. */
  failed: Promise<string>
  /** Stops every part (reverse order) and removes `devnet.json`. */
  stop: () => Promise<void>
}

/** Part names in start order. */
export const PART_NAMES = [
  'images',
  'anvil',
  'contracts',
  'storage',
  'dev-tee',
  'orchestrator-tee',
  'indexer',
  'provider',
  'orchestrator',
  'app',
] as const

/**
 * Starts the whole system, each part after the previous is healthy: (with `containers`, the two images first) anvil, DataPolicy (deploy + admin setup),
 * the storage node, the dev TEE, the orchestrator's own dev TEE, the indexer, a registered provider node, the orchestrator and the app. Ports
 * are checked first (DEVNET_PORT_BUSY names the busy one). Writes `<dataDir>/devnet.json` once everything runs.
 */
export async function startDevnet(parameters: StartDevnetParameters): Promise<Devnet> {
  const dataDir = resolve(parameters.dataDir)
  if (parameters.fresh) removeDataDir(dataDir)
  const ports = await resolvePorts(parameters.ports)
  const withOrchestrator = parameters.orchestrator !== false
  const app = parameters.app ?? true
  const containers = parameters.containers === true ? {} : parameters.containers || undefined
  const ctx = createContext({
    dataDir,
    ports,
    timing: parameters.timing ?? 'dev',
    persistChain: parameters.persistChain ?? true,
    app: app === 'rebuild' ? 'rebuild' : app ? 'build' : false,
    containers: containers && {
      podman: preparePodman({
        confDir: join(dataDir, 'containers'),
        path: process.env.PATH ?? '/usr/bin:/bin',
        home: process.env.HOME ?? homedir(),
        runtime: containers.runtime,
      }),
      rebuild: containers.rebuild === true,
      images: {},
    },
  })
  const parts: Part[] = [
    ...(ctx.containers ? [imagesPart(ctx)] : []),
    anvilPart(ctx),
    contractsPart(ctx),
    storagePart(ctx),
    devTeePart(ctx),
    orchestratorTeePart(ctx),
    indexerPart(ctx),
    providerPart(ctx),
    orchestratorPart(ctx),
    appPart(ctx),
  ]
  const supervisor = await startParts(parts, {
    sink: parameters.sink,
    color: parameters.color,
    deferred: withOrchestrator ? [] : ['orchestrator'],
    signal: parameters.signal,
  })
  const info = devnetInfo(ctx, withOrchestrator)
  writeDevnetInfo(info)
  return {
    info,
    context: ctx,
    supervisor,
    failed: supervisor.failed,
    stop: async () => {
      await supervisor.stop()
      try {
        unlinkSync(devnetInfoPath(dataDir))
      } catch {
        // already gone
      }
    },
  }
}

async function resolvePorts(ports: StartDevnetParameters['ports']): Promise<DevnetPorts> {
  const names = Object.keys(DEFAULT_PORTS) as PortName[]
  if (ports === 'free') {
    const picked = {} as DevnetPorts
    const used = new Set<number>()
    for (const name of names) {
      let port = await freePort()
      while (used.has(port)) port = await freePort()
      used.add(port)
      picked[name] = port
    }
    return picked
  }
  const chosen = { ...DEFAULT_PORTS, ...ports }
  for (const name of names) {
    await assertPortFree(chosen[name], name, `pass --${name}-port <port>`)
  }
  return chosen
}
