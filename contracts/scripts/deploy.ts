// `pnpm --filter @licen/contracts deploy:chain [--network <devnet|galileo|mainnet>] [--rpc <url>]`: deploys DataPolicy
// with script/Deploy.s.sol (broadcast with --slow, then record() writes deployments/<chainId>.json).
// With --network the chain id and RPC come from the preset (@licen/contracts/networks; --rpc or RPC_URL override the
// RPC only, e.g. an anvil started with the preset's chain id), and the RPC's eth_chainId must equal the preset's
// before forge runs: otherwise DEPLOY_CHAIN_MISMATCH and no transaction. Without --network, RPC_URL names the chain
// (as before, unchecked). Configuration as Deploy.s.sol reads it: DEPLOYER_PRIVATE_KEY, OWNER, ORCHESTRATOR, optional
// ATTESTATION_POLICY_HASH + ATTESTATION_POLICY_URI, DEPLOYMENTS_DIR. Forge's output goes to stderr; stdout carries
// one JSON line: {"network","chainId","address","blockNumber","transactionHash","deploymentFile"}.
// Exit codes: 0 deployed, 1 failed, 2 usage.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { checkNetworkChain, readChainId } from '../ts/checkNetworkChain.js'
import { deploymentPath } from '../ts/deployment.js'
import { ContractsError } from '../ts/errors.js'
import { isLicenNetworkName, licenNetworkNames, licenNetworks } from '../ts/networks.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const USAGE = `usage: deploy:chain [--network <${licenNetworkNames.join('|')}>] [--rpc <url>]`

/** Runs a step with its output on stderr (stdout is for the result line). */
function step(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { cwd: root, env: process.env, maxBuffer: 64 * 1024 * 1024 },
      (error) =>
        error
          ? reject(
              new ContractsError('A deployment step failed.', {
                code: 'DEPLOY_FAILED',
                details: `${relative(root, file) || file} ${args.slice(0, 2).join(' ')}: exit ${error.code ?? 'error'}`,
              }),
            )
          : resolve(),
    )
    child.stdout?.pipe(process.stderr)
    child.stderr?.pipe(process.stderr)
  })
}

async function main(argv: string[]): Promise<Record<string, unknown>> {
  let values: { network?: string | undefined; rpc?: string | undefined }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { network: { type: 'string' }, rpc: { type: 'string' } },
      strict: true,
    }))
  } catch (cause) {
    throw new ContractsError((cause as Error).message, { code: 'DEPLOY_USAGE', details: USAGE })
  }
  const name = values.network
  if (name !== undefined && !isLicenNetworkName(name))
    throw new ContractsError(`Unknown network "${name}".`, { code: 'DEPLOY_USAGE', details: USAGE })
  const preset = name === undefined ? undefined : licenNetworks[name]
  const rpcUrl = values.rpc ?? process.env.RPC_URL ?? preset?.chain.rpcUrl
  if (!rpcUrl)
    throw new ContractsError('Say which chain: --network <name>, or RPC_URL.', {
      code: 'DEPLOY_USAGE',
      details: USAGE,
    })
  if (!/^https?:\/\/\S{1,500}$/.test(rpcUrl))
    throw new ContractsError('The RPC must be an http(s) URL.', { code: 'DEPLOY_USAGE' })
  // Before anything that could send a transaction (forge builds first, but broadcasts only after this).
  const chainId = preset ? await checkNetworkChain({ network: preset, rpcUrl }) : await readChainId(rpcUrl)
  const forge = join(root, 'bin/forge')
  await step(forge, ['build'])
  await step(join(root, 'node_modules/.bin/tsx'), ['scripts/gen.ts', '--check'])
  await step(forge, ['script', 'script/Deploy.s.sol', '--rpc-url', rpcUrl, '--broadcast', '--slow'])
  await step(forge, ['script', 'script/Deploy.s.sol', '--rpc-url', rpcUrl, '--sig', 'record()'])
  const file = deploymentPath(join(root, process.env.DEPLOYMENTS_DIR ?? 'deployments'), chainId)
  const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  return {
    network: name ?? null,
    chainId: record.chainId,
    address: record.address,
    blockNumber: record.blockNumber,
    transactionHash: record.transactionHash,
    deploymentFile: relative(root, file),
  }
}

try {
  process.stdout.write(`${JSON.stringify(await main(process.argv.slice(2)))}\n`)
} catch (error) {
  const { code, shortMessage, details } =
    error instanceof ContractsError
      ? error
      : { code: 'DEPLOY_FAILED', shortMessage: String(error), details: undefined }
  process.stderr.write(`deploy: ${code}: ${shortMessage}${details ? ` (${details})` : ''}\n`)
  process.exitCode = code === 'DEPLOY_USAGE' ? 2 : 1
}
