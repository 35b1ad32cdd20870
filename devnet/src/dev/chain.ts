import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { anvilPrivateKeys, type DataPolicyDeployment, deployDataPolicy, startAnvil } from '@licen/contracts'
import { createPublicClient, type Hex, http } from 'viem'
import type { Part } from './supervisor.js'

export type ChainState = { rpcUrl: string; deployment: DataPolicyDeployment | undefined }

/** The local chain: anvil with deterministic accounts, its state persisted in `<dataDir>/anvil-state.json`. */
export function anvilPart(dataDir: string, port: number, state: ChainState): Part {
  return {
    name: 'anvil',
    async start(log) {
      mkdirSync(dataDir, { recursive: true })
      const anvil = await startAnvil({
        port,
        stateFile: join(dataDir, 'anvil-state.json'),
        stateInterval: 2,
        onLog: (line) => {
          // anvil prints every RPC call at info level; keep transactions and errors only.
          if (/Transaction:|Contract created:|error|warn/i.test(line)) log(line.trim())
        },
      })
      state.rpcUrl = anvil.rpcUrl
      log(`listening on ${anvil.rpcUrl} (chain id 31337)`)
      const exited = new Promise<string>((resolve) =>
        anvil.process.once('exit', (code, signal) => resolve(`exit code ${code ?? signal}`)),
      )
      return { stop: anvil.stop, exited }
    },
  }
}

/** Deploys DataPolicy once per data folder and reuses the deployment while its code is on chain. */
export function deployPart(dataDir: string, state: ChainState): Part {
  return {
    name: 'contracts',
    async start(log) {
      const file = join(dataDir, 'deployments', '31337.json')
      const client = createPublicClient({ transport: http(state.rpcUrl) })
      if (existsSync(file)) {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as {
          address: Hex
          blockNumber: string
          chainId: number
          transactionHash: Hex
        }
        const code = await client.getCode({ address: saved.address })
        if (code && code !== '0x') {
          state.deployment = { ...saved, blockNumber: BigInt(saved.blockNumber) }
          log(`DataPolicy already deployed at ${saved.address}`)
          return { stop: async () => {}, exited: new Promise(() => {}) }
        }
        log('saved deployment has no code on this chain: deploying again')
      }
      const deployment = await deployDataPolicy({ rpcUrl: state.rpcUrl, privateKey: anvilPrivateKeys[0] })
      mkdirSync(join(dataDir, 'deployments'), { recursive: true })
      writeFileSync(
        file,
        `${JSON.stringify({ ...deployment, blockNumber: deployment.blockNumber.toString() }, null, 2)}\n`,
      )
      state.deployment = deployment
      log(`DataPolicy deployed at ${deployment.address} (block ${deployment.blockNumber})`)
      return { stop: async () => {}, exited: new Promise(() => {}) }
    },
  }
}
