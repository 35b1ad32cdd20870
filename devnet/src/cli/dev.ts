// `pnpm dev`: the whole LICEN system on this machine, supervised, with one summary at the end.
import { DEV_USAGE, parseDevConfig } from '../dev/config.js'
import { formatSummary } from '../dev/summary.js'
import { DevnetError } from '../errors.js'
import { startDevnet } from '../startDevnet.js'

async function main() {
  const cwd = process.env.INIT_CWD ?? process.cwd()
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(DEV_USAGE)
    return
  }
  const config = parseDevConfig(process.argv.slice(2), process.env, cwd)
  if (config.fresh) console.log(`--fresh: removing ${config.dataDir}`)
  let stopping = false
  let devnet: Awaited<ReturnType<typeof startDevnet>> | undefined
  const starting = new AbortController()
  const shutdown = async (code: number) => {
    if (stopping) return
    stopping = true
    console.log('\nstopping devnet…')
    if (!devnet) {
      // Still starting: the supervisor stops what runs once the part that is starting settles.
      starting.abort()
      return
    }
    await devnet.stop()
    console.log(`stopped; data kept in ${config.dataDir} (pnpm dev --fresh resets it)`)
    process.exit(code)
  }
  process.on('SIGINT', () => void shutdown(0))
  process.on('SIGTERM', () => void shutdown(0))
  try {
    devnet = await startDevnet({
      dataDir: config.dataDir,
      fresh: config.fresh,
      ports: config.ports,
      app: config.app ? (config.rebuildApp ? 'rebuild' : true) : false,
      containers: config.containers && { rebuild: config.rebuildImages },
      signal: starting.signal,
    })
  } catch (error) {
    // Ctrl-C also reaches the part that was starting, so its failure then is the stop, not a fault.
    if (stopping || (error instanceof DevnetError && error.code === 'DEVNET_ABORTED')) {
      console.log(`stopped before everything ran; data kept in ${config.dataDir}`)
      process.exit(0)
    }
    throw error
  }
  devnet.failed.then((reason) => {
    console.error(`\n✗ ${reason}\n  stopping the devnet; fix the cause and run pnpm dev again.`)
    void shutdown(1)
  })
  console.log(formatSummary(devnet.info, { app: config.app, cwd }))
}

main().catch((error: unknown) => {
  if (error instanceof DevnetError) {
    console.error(
      `✗ ${error.shortMessage}${error.details ? `\n  ${error.details.replaceAll('\n', '\n  ')}` : ''}`,
    )
  } else console.error(error)
  process.exit(error instanceof DevnetError && error.code === 'DEVNET_USAGE' ? 2 : 1)
})
