// `pnpm dev`: the whole LICEN system on this machine, supervised, with one summary at the end.
import { parseDevConfig } from '../dev/config.js'
import { formatSummary } from '../dev/summary.js'
import { DevnetError } from '../errors.js'
import { startDevnet } from '../startDevnet.js'

async function main() {
  const cwd = process.env.INIT_CWD ?? process.cwd()
  const config = parseDevConfig(process.argv.slice(2), process.env, cwd)
  if (config.fresh) console.log(`--fresh: removing ${config.dataDir}`)
  let stopping = false
  let devnet: Awaited<ReturnType<typeof startDevnet>> | undefined
  const shutdown = async (code: number) => {
    if (stopping) return
    stopping = true
    console.log('\nstopping devnet…')
    await devnet?.stop()
    console.log(`stopped; data kept in ${config.dataDir} (pnpm dev --fresh resets it)`)
    process.exit(code)
  }
  // Ctrl-C during start-up: the supervisor stops what already runs once the current part settles.
  process.on('SIGINT', () => void shutdown(0))
  process.on('SIGTERM', () => void shutdown(0))
  devnet = await startDevnet({
    dataDir: config.dataDir,
    fresh: config.fresh,
    ports: config.ports,
    app: config.app ? (config.rebuildApp ? 'rebuild' : true) : false,
  })
  if (stopping) return void (await devnet.stop())
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
  process.exit(1)
})
