// `pnpm dev`: the whole LICEN system on this machine, supervised, with one summary at the end.
import { rmSync } from 'node:fs'
import { anvilPrivateKeys } from '@licen/contracts'
import { privateKeyToAccount } from 'viem/accounts'
import { anvilPart, type ChainState, deployPart } from '../dev/chain.js'
import { parseDevConfig } from '../dev/config.js'
import { assertPortFree } from '../dev/ports.js'
import { startParts } from '../dev/supervisor.js'

async function main() {
  const config = parseDevConfig(process.argv.slice(2), process.env, process.env.INIT_CWD ?? process.cwd())
  if (config.fresh) {
    rmSync(config.dataDir, { recursive: true, force: true })
    console.log(`--fresh: removed ${config.dataDir}`)
  }
  await assertPortFree(config.ports.anvil, 'anvil JSON-RPC', 'pass --anvil-port <port>')

  const chain: ChainState = { rpcUrl: '', deployment: undefined }
  const supervisor = await startParts([
    anvilPart(config.dataDir, config.ports.anvil, chain),
    deployPart(config.dataDir, chain),
  ])

  let shuttingDown = false
  const shutdown = async (code: number) => {
    if (shuttingDown) return
    shuttingDown = true
    console.log('\nstopping devnet…')
    await supervisor.stop()
    console.log(`stopped; data kept in ${config.dataDir} (pnpm dev --fresh resets it)`)
    process.exit(code)
  }
  process.on('SIGINT', () => void shutdown(0))
  process.on('SIGTERM', () => void shutdown(0))
  supervisor.failed.then((reason) => {
    console.error(`\n✗ ${reason}`)
    void shutdown(1)
  })

  const accounts = anvilPrivateKeys
    .slice(0, 4)
    .map((key) => ({ address: privateKeyToAccount(key).address, key }))
  const roles = ['admin / orchestrator', 'dataset owner', 'researcher', 'provider operator']
  console.log(`
LICEN devnet is up
  chain        ${chain.rpcUrl}  (chain id 31337)
  DataPolicy   ${chain.deployment?.address}
  data         ${config.dataDir}
  dev accounts (10,000 ETH each on this chain only):
${accounts.map((a, i) => `    ${roles[i]!.padEnd(22)} ${a.address}  ${a.key}`).join('\n')}
Ctrl-C stops everything.`)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
