import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { freePort } from '@licen/contracts'
import { defaultPollingIntervalMs } from './config.js'
import { readDeploymentFile } from './deployment.js'
import { ConfigError, IndexerProcessError } from './errors.js'
import { ponderBinPath, ponderRoot } from './paths.js'
import { formatPonderLine } from './ponderLog.js'
import { createRedactor } from './redact.js'
import { defaultSchemaName } from './schemaName.js'
import { verifyDeployment } from './verifyDeployment.js'

export type StartIndexerParameters = {
  /** Path of `deployments/<chainId>.json` (`{chainId, address, blockNumber, transactionHash, abiHash}`). */
  deploymentFile: string
  /** JSON-RPC endpoint of the chain. */
  rpcUrl: string
  /** Directory of the embedded PGlite database; required unless `databaseUrl` is given. */
  dataDir?: string | undefined
  /** Postgres connection string; when set, PGlite is not used. */
  databaseUrl?: string | undefined
  /** HTTP port; a free one is picked when omitted. */
  port?: number | undefined
  /** Interface to listen on (default 127.0.0.1). */
  hostname?: string | undefined
  /** Database schema Ponder writes to; default: derived from the deployment and the indexer's code. */
  schema?: string | undefined
  /** How often Ponder polls the chain head, in ms (default 1000). */
  pollingIntervalMs?: number | undefined
  /** Largest eth_getLogs block range; default: Ponder finds it from the RPC's errors. */
  getLogsBlockRange?: number | undefined
  /** Resolve once historical indexing is done (`/ready` is 200, the default) or once the server listens. */
  waitFor?: 'ready' | 'listening' | undefined
  /** How long to wait for that before giving up (default 120 s). */
  readyTimeoutMs?: number | undefined
  /** Receives Ponder's log lines, formatted, with the RPC and database URLs redacted. */
  onLog?: ((line: string) => void) | undefined
}

export type Indexer = {
  /** Base URL of the HTTP server (`/graphql`, `/ready`, `/status`, `/health`). */
  url: string
  /** GraphQL endpoint (POST). */
  graphqlUrl: string
  port: number
  /** Database schema in use. */
  schema: string
  process: ChildProcess
  /** Resolves with a description (`exit code 1`, `signal SIGTERM`) when the process exits, for any reason. */
  exited: Promise<string>
  /** Stops Ponder (SIGTERM, SIGKILL after 10 s) and resolves once it exited. */
  stop: () => Promise<void>
}

const defaultReadyTimeoutMs = 120_000
const stopGraceMs = 10_000

/**
 * Starts the indexer (`ponder start` as a child process) for a DataPolicy deployment and resolves once its
 * historical backfill is done and `/ready` answers 200 (or, with `waitFor: 'listening'`, once its HTTP server
 * is up). Checks the deployment against the chain first.
 */
export async function startIndexer(parameters: StartIndexerParameters): Promise<Indexer> {
  if ((parameters.dataDir === undefined) === (parameters.databaseUrl === undefined)) {
    throw new ConfigError('Give exactly one of dataDir (PGlite) and databaseUrl (Postgres)', {
      code: 'INVALID_CONFIG',
    })
  }
  const bin = ponderBinPath()
  if (!existsSync(bin)) {
    throw new IndexerProcessError('Ponder is not installed', { code: 'PONDER_NOT_INSTALLED', details: bin })
  }
  const deploymentFile = resolve(parameters.deploymentFile)
  const deployment = readDeploymentFile(deploymentFile)
  const { blockHash } = await verifyDeployment({ rpcUrl: parameters.rpcUrl, deployment })
  const schema = parameters.schema ?? defaultSchemaName({ deployment, blockHash })
  const hostname = parameters.hostname ?? '127.0.0.1'
  const requestedPort = parameters.port ?? (await freePort())

  const redact = createRedactor([parameters.rpcUrl, parameters.databaseUrl])

  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PONDER_TELEMETRY_DISABLED: 'true',
    LICEN_DEPLOYMENT_FILE: deploymentFile,
    LICEN_RPC_URL: parameters.rpcUrl,
    LICEN_INDEXER_POLLING_MS: String(parameters.pollingIntervalMs ?? defaultPollingIntervalMs),
  }
  if (parameters.databaseUrl !== undefined) env.DATABASE_URL = parameters.databaseUrl
  else env.LICEN_INDEXER_DATA_DIR = absolute(parameters.dataDir!)
  if (parameters.getLogsBlockRange !== undefined) {
    env.LICEN_INDEXER_GETLOGS_RANGE = String(parameters.getLogsBlockRange)
  }

  const args = [bin, 'start', '--root', ponderRoot, '--schema', schema, '--port', String(requestedPort)]
  args.push('--hostname', hostname, '--log-format', 'json', '--log-level', 'info')
  const child = spawn(process.execPath, args, { cwd: ponderRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })

  const recent: string[] = []
  let listeningPort: number | undefined
  const onLine = (raw: string) => {
    if (!raw.trim()) return
    const { line, port } = formatPonderLine(raw)
    if (port !== undefined) listeningPort = port
    const safe = redact(line)
    recent.push(safe)
    if (recent.length > 30) recent.shift()
    parameters.onLog?.(safe)
  }
  pipeLines(child, onLine)

  const exited = new Promise<string>((resolveExit) =>
    child.once('exit', (code, signal) =>
      resolveExit(signal !== null ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`),
    ),
  )
  let isExited = false
  void exited.then(() => {
    isExited = true
  })
  // A test or program that dies must not leave Ponder (and its database lock) behind.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)

  const stop = async () => {
    process.removeListener('exit', killOnExit)
    if (isExited) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs)
    await exited
    clearTimeout(timer)
  }

  const deadline = Date.now() + (parameters.readyTimeoutMs ?? defaultReadyTimeoutMs)
  while (Date.now() < deadline) {
    if (isExited) {
      process.removeListener('exit', killOnExit)
      throw new IndexerProcessError('Indexer exited while starting', {
        code: 'INDEXER_EXITED',
        details: `${await exited}; last log lines:\n${recent.slice(-10).join('\n')}`,
      })
    }
    if (
      listeningPort !== undefined &&
      (parameters.waitFor === 'listening' || (await isReady(hostname, listeningPort)))
    ) {
      const url = `http://${urlHost(hostname)}:${listeningPort}`
      return { url, graphqlUrl: `${url}/graphql`, port: listeningPort, schema, process: child, exited, stop }
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new IndexerProcessError('Indexer did not become ready in time', {
    code: 'INDEXER_START_TIMEOUT',
    details: `waited ${parameters.readyTimeoutMs ?? defaultReadyTimeoutMs} ms; last log lines:\n${recent.slice(-10).join('\n')}`,
  })
}

/** Calls `onLine` for every line the child writes to stdout or stderr. */
function pipeLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = ''
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => {
      buffered += chunk
      let newline = buffered.indexOf('\n')
      while (newline !== -1) {
        onLine(buffered.slice(0, newline))
        buffered = buffered.slice(newline + 1)
        newline = buffered.indexOf('\n')
      }
      // A line longer than 64 KiB is flushed as is rather than buffered without bound.
      if (buffered.length > 64 * 1024) {
        onLine(buffered)
        buffered = ''
      }
    })
    stream?.on('end', () => buffered && onLine(buffered))
  }
}

/** Whether Ponder answers 200 on /ready (historical backfill complete). */
async function isReady(hostname: string, port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${urlHost(hostname)}:${port}/ready`, {
      signal: AbortSignal.timeout(2_000),
    })
    await response.body?.cancel()
    return response.status === 200
  } catch {
    return false
  }
}

/** Host part of a URL for a listening address (loopback for the wildcard ones). */
function urlHost(hostname: string): string {
  if (hostname === '0.0.0.0' || hostname === '::') return '127.0.0.1'
  return hostname.includes(':') ? `[${hostname}]` : hostname
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(path)
}
