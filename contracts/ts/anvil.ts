import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { ContractsError } from './errors.js'

/** Private keys of anvil's deterministic dev accounts (mnemonic "test test … junk"), index 0..9. */
export const anvilPrivateKeys = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
] as const

export type StartAnvilParameters = {
  /** TCP port; a free one is picked when omitted. */
  port?: number | undefined
  /** Seconds between blocks; omitted = mine a block per transaction. */
  blockTime?: number | undefined
  /**
   * With `blockTime`: also mine each transaction at once (`--mixed-mining`), so the chain's clock moves on a quiet
   * chain like a real one's (deadlines pass without a transaction) while receipts still come immediately.
   */
  mixedMining?: boolean | undefined
  /** File anvil loads its state from at start and dumps it to on exit (devnet persistence). */
  stateFile?: string | undefined
  /** Seconds between state dumps to `stateFile` (so a hard kill loses at most this much). */
  stateInterval?: number | undefined
  chainId?: number | undefined
  /** Receives anvil's stdout/stderr lines. */
  onLog?: ((line: string) => void) | undefined
}

export type Anvil = {
  rpcUrl: string
  port: number
  process: ChildProcess
  /** Stops anvil (SIGTERM, then SIGKILL after 5 s) and resolves once it exited. */
  stop: () => Promise<void>
}

/** Path of the anvil binary shipped inside the `@foundry-rs/anvil-<platform>` npm package. */
export function anvilBinaryPath(): string {
  const require = createRequire(import.meta.url)
  const arch = process.arch === 'x64' ? 'amd64' : process.arch
  const wrapper = dirname(require.resolve('@foundry-rs/anvil/package.json'))
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${arch}`
  const pkg = createRequire(join(wrapper, 'package.json')).resolve(`${platformPackage}/package.json`)
  return join(dirname(pkg), 'bin', 'anvil')
}

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}

/** Starts a local anvil node and resolves once it answers JSON-RPC. */
export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<Anvil> {
  if (parameters.mixedMining && parameters.blockTime === undefined)
    throw new ContractsError('mixed mining needs a block time', {
      code: 'ANVIL_INVALID_OPTIONS',
      details: 'pass blockTime (seconds between interval blocks) with mixedMining',
    })
  const port = parameters.port ?? (await freePort())
  const args = [
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--chain-id',
    String(parameters.chainId ?? 31337),
  ]
  if (parameters.blockTime !== undefined) args.push('--block-time', String(parameters.blockTime))
  if (parameters.mixedMining) args.push('--mixed-mining')
  if (parameters.stateFile !== undefined) args.push('--state', parameters.stateFile)
  if (parameters.stateInterval !== undefined) args.push('--state-interval', String(parameters.stateInterval))
  const child = spawn(anvilBinaryPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue
      output.push(line)
      if (output.length > 50) output.shift()
      parameters.onLog?.(line)
    }
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const rpcUrl = `http://127.0.0.1:${port}`

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }

  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new ContractsError('anvil exited before answering', {
        code: 'ANVIL_EXITED',
        details: `exit code ${child.exitCode}: ${output.slice(-5).join(' | ')}`,
      })
    }
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        signal: AbortSignal.timeout(1_000),
      })
      if (response.ok) return { rpcUrl, port, process: child, stop }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await stop()
  throw new ContractsError('anvil did not answer within 30 s', {
    code: 'ANVIL_TIMEOUT',
    details: `port ${port}`,
  })
}
