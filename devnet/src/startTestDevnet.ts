import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Devnet, type StartDevnetParameters, startDevnet } from './startDevnet.js'

/** Parameters of {@link startTestDevnet}. */
export type StartTestDevnetParameters = {
  /** Prefix of the temporary folder, e.g. `licen-system-`. */
  prefix: string
  /** Log lines kept in memory for {@link TestDevnet.logTail} (a quarter is dropped when it overflows). */
  keepLines: number
  /** Run the provider node and the orchestrator from their images under podman (see startDevnet). */
  containers?: StartDevnetParameters['containers']
}

/** A devnet a test suite started for itself. */
export type TestDevnet = {
  devnet: Devnet
  /** The suite's temporary folder; the devnet's data is in `<workDir>/devnet`. Removed by `stop`. */
  workDir: string
  /** Why a part of the devnet died unexpectedly, if one did. */
  unexpected: () => string | undefined
  /** The devnet's last log lines (prefixed by part). */
  logTail: (lines: number) => string
  /** Stops the devnet and removes the temporary folder. */
  stop: () => Promise<void>
}

/**
 * Starts the whole devnet for a test suite: in a fresh temporary folder, on free ports, with the `test` timers, no
 * app, a fresh chain; its logs kept in memory. The folder is removed again when the start fails.
 */
export async function startTestDevnet(parameters: StartTestDevnetParameters): Promise<TestDevnet> {
  const workDir = await mkdtemp(join(tmpdir(), parameters.prefix))
  const logs: string[] = []
  let unexpected: string | undefined
  let devnet: Devnet
  try {
    devnet = await startDevnet({
      dataDir: join(workDir, 'devnet'),
      ports: 'free',
      app: false,
      persistChain: false,
      timing: 'test',
      containers: parameters.containers,
      color: false,
      sink: (line) => {
        logs.push(line)
        if (logs.length > parameters.keepLines) logs.splice(0, parameters.keepLines / 4)
      },
    })
  } catch (error) {
    await rm(workDir, { recursive: true, force: true })
    throw error
  }
  void devnet.failed.then((reason) => {
    unexpected = reason
  })
  return {
    devnet,
    workDir,
    unexpected: () => unexpected,
    logTail: (lines) => logs.slice(-lines).join('\n'),
    stop: async () => {
      await devnet.stop()
      await rm(workDir, { recursive: true, force: true })
    },
  }
}
