import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { providerPath } from '@licen/sdk/provider-api'
import { answers } from '../dev/childProcess.js'
import { type DevnetInfo, readDevnetInfo } from '../dev/devnetInfo.js'
import { startDevnet } from '../startDevnet.js'

/** A devnet to run against: a running one, or one started for this run (removed by `close`). */
export type ConnectedDevnet = {
  info: DevnetInfo
  /** True when this run started the devnet itself. */
  started: boolean
  /** Where the started devnet's logs go. */
  logFile: string | undefined
  /** Stops a devnet this run started; its folder is removed unless `keepLogs` (then only the log file stays). */
  close: (keepLogs?: boolean) => Promise<void>
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The devnet `pnpm dev` runs in `dataDir`, when its process is alive and its services answer. */
export async function findRunningDevnet(dataDir: string): Promise<DevnetInfo | undefined> {
  const info = readDevnetInfo(dataDir)
  if (!info || !alive(info.pid) || !info.orchestrator) return undefined
  const checks = await Promise.all([
    answers(`${info.urls.storage}/health`),
    answers(`${info.urls.provider}${providerPath('info')}`),
    answers(`${info.urls.orchestrator}/health`),
    answers(`${info.urls.indexer}/ready`),
  ])
  return checks.every(Boolean) ? info : undefined
}

/**
 * Uses the devnet running in `dataDir`, or starts a throwaway one (temporary folder, free ports, no app build)
 * whose logs go to a file. `withoutOrchestrator` always starts a throwaway one without the orchestrator.
 */
export async function connectDevnet(parameters: {
  dataDir: string
  withoutOrchestrator?: boolean | undefined
  onStart?: ((logFile: string) => void) | undefined
}): Promise<ConnectedDevnet> {
  const running = parameters.withoutOrchestrator ? undefined : await findRunningDevnet(parameters.dataDir)
  if (running) return { info: running, started: false, logFile: undefined, close: async () => {} }
  const dir = await mkdtemp(join(tmpdir(), 'licen-demo-'))
  const logFile = join(dir, 'devnet.log')
  parameters.onStart?.(logFile)
  const log = createWriteStream(logFile)
  try {
    const devnet = await startDevnet({
      dataDir: join(dir, 'devnet'),
      ports: 'free',
      app: false,
      orchestrator: !parameters.withoutOrchestrator,
      persistChain: false,
      sink: (line) => log.write(`${line}\n`),
      color: false,
    })
    return {
      info: devnet.info,
      started: true,
      logFile,
      close: async (keepLogs = false) => {
        await devnet.stop()
        await new Promise((resolve) => log.end(resolve))
        await rm(keepLogs ? join(dir, 'devnet') : dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await new Promise((resolve) => log.end(resolve))
    throw error
  }
}
