import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { dataPolicyAbiHash, deployDataPolicy, startAnvil, writeDeployment } from '@licen/contracts'
import { dataPolicyAbi, policyRoleValue, writeDataPolicy } from '@licen/sdk'
import type { Hex } from 'viem'
import { getContractEvents, readContract } from 'viem/actions'
import { z } from 'zod'
import { devAccount } from './accounts.js'
import { endWithParent } from './childProcess.js'
import type { DevnetContext } from './context.js'
import type { Part } from './supervisor.js'
import { LOCAL_POLLING, publicClientFor, walletFor } from './wallets.js'

/** Seconds between the devnet chain's interval blocks (transactions are mined at once besides). */
export const DEVNET_BLOCK_TIME_SECONDS = 1

/**
 * The local chain: anvil with deterministic accounts, a block every second plus one per transaction, its state
 * persisted in `<dataDir>/anvil-state.json`.
 */
export function anvilPart(ctx: DevnetContext): Part {
  return {
    name: 'anvil',
    async start(log) {
      mkdirSync(ctx.dataDir, { recursive: true })
      const anvil = await startAnvil({
        port: ctx.ports.anvil,
        chainId: ctx.chainId,
        // Like a real chain: a block every second even when nobody transacts (a deadline passes on chain without
        // a transaction, so a simulated reclaim sees it), and each transaction mined at once.
        blockTime: DEVNET_BLOCK_TIME_SECONDS,
        mixedMining: true,
        ...(ctx.persistChain ? { stateFile: join(ctx.dataDir, 'anvil-state.json'), stateInterval: 2 } : {}),
        onLog: (line) => {
          // anvil prints every RPC call; keep transactions and problems.
          if (/Transaction:|Contract created:|error|warn/i.test(line)) log(line.trim())
        },
      })
      endWithParent(anvil.process)
      log(
        `listening on ${anvil.rpcUrl} (chain id ${ctx.chainId}, a block every ${DEVNET_BLOCK_TIME_SECONDS} s)${ctx.persistChain ? ', state in anvil-state.json' : ''}`,
      )
      const exited = new Promise<string>((resolve) =>
        anvil.process.once('exit', (code, signal) =>
          resolve(signal ? `killed by ${signal}` : `exit code ${code}`),
        ),
      )
      return { stop: anvil.stop, exited, kill: (signal) => anvil.process.kill(signal) }
    },
  }
}

const savedDeployment = z.object({
  chainId: z.number().int(),
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  blockNumber: z.number().int().min(0),
  transactionHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  abiHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
})

/**
 * Deploys DataPolicy once per data folder (again when the chain lost it or the ABI changed), records it in
 * `<dataDir>/deployments/31337.json`, and does the admin setup: the local provider and orchestrator attestation
 * policies allowed with their URIs and roles, and the orchestrator role for the orchestrator wallet.
 */
export function contractsPart(ctx: DevnetContext): Part {
  return {
    name: 'contracts',
    async start(log) {
      const client = publicClientFor(ctx.rpcUrl)
      const admin = devAccount('admin')
      if (existsSync(ctx.deploymentFile)) {
        const saved = savedDeployment.safeParse(JSON.parse(readFileSync(ctx.deploymentFile, 'utf8')))
        const code = saved.success ? await client.getCode({ address: saved.data.address as Hex }) : undefined
        if (saved.success && saved.data.abiHash !== dataPolicyAbiHash) {
          log('the recorded deployment was built from another ABI: deploying the current contract')
        } else if (saved.success && code && code !== '0x') {
          ctx.deployment = {
            ...saved.data,
            address: saved.data.address as Hex,
            transactionHash: saved.data.transactionHash as Hex,
            abiHash: saved.data.abiHash as Hex,
            blockNumber: BigInt(saved.data.blockNumber),
          }
          log(`DataPolicy already deployed at ${saved.data.address} (block ${saved.data.blockNumber})`)
        } else if (!saved.success)
          log('the recorded deployment file is not one this devnet writes: deploying again')
        else log('the recorded deployment is not on this chain: deploying again')
      }
      if (!ctx.deployment) {
        const deployment = await deployDataPolicy({ rpcUrl: ctx.rpcUrl, privateKey: admin.privateKey })
        mkdirSync(dirname(ctx.deploymentFile), { recursive: true })
        writeDeployment(dirname(ctx.deploymentFile), {
          chainId: deployment.chainId,
          address: deployment.address,
          blockNumber: Number(deployment.blockNumber),
          transactionHash: deployment.transactionHash,
          abiHash: deployment.abiHash,
        })
        ctx.deployment = deployment
        log(`DataPolicy deployed at ${deployment.address} (block ${deployment.blockNumber})`)
      }
      const address = ctx.deployment.address
      const wallet = walletFor(ctx.rpcUrl, 'admin')
      const read = <T>(functionName: string, args: readonly unknown[]) =>
        readContract(client, { address, abi: dataPolicyAbi, functionName, args } as never) as Promise<T>

      // The policy URI is event-only: set it again when it changed (another app port). The provider policy and the
      // orchestrator's (which its release keys are registered under) carry their role on chain.
      for (const [policy, role] of [
        [ctx.policy, policyRoleValue.provider],
        [ctx.orchestratorPolicy, policyRoleValue.orchestrator],
      ] as const) {
        const policyEvents = await getContractEvents(client, {
          address,
          abi: dataPolicyAbi,
          eventName: 'AttestationPolicySet',
          args: { policyHash: policy.hash },
          fromBlock: ctx.deployment.blockNumber,
          strict: true,
        })
        const last = policyEvents.at(-1)?.args
        if (!last?.allowed || last.uri !== policy.uri) {
          await writeDataPolicy(wallet, {
            address,
            functionName: 'setAttestationPolicy',
            args: [policy.hash, true, policy.uri, role],
            ...LOCAL_POLLING,
          })
          log(`attestation policy "${policy.name}" ${policy.hash} allowed (${policy.uri})`)
        }
      }
      const orchestrator = devAccount('orchestrator').address
      ctx.orchestratorAddress = orchestrator
      if (!(await read<boolean>('isOrchestrator', [orchestrator]))) {
        await writeDataPolicy(wallet, {
          address,
          functionName: 'setOrchestrator',
          args: [orchestrator, true],
          ...LOCAL_POLLING,
        })
        log(`orchestrator role granted to ${orchestrator}`)
      }
      return { stop: async () => {}, exited: new Promise<string>(() => {}) }
    },
  }
}
