import { relative } from 'node:path'
import { anvilPrivateKeys } from '@licen/contracts'
import type { DevnetInfo } from './devnetInfo.js'
import { repoPath } from './paths.js'

/** The summary `pnpm dev` prints once everything is up. */
export function formatSummary(info: DevnetInfo, options: { app: boolean; cwd: string }): string {
  const row = (label: string, value: string) => `  ${label.padEnd(14)} ${value}`
  const configPath = `${info.dataDir}/config.json`
  const shortPath = relative(options.cwd, configPath)
  const config = shortPath && !shortPath.startsWith('..') ? shortPath : configPath
  return [
    '',
    `LICEN devnet is up  (data in ${info.dataDir}; pnpm dev --fresh resets it)`,
    '',
    options.app ? row('app', `${info.urls.app}/`) : row('app', 'not served (--no-app)'),
    row('chain', `${info.rpcUrl}  (chain id ${info.chainId})`),
    row('DataPolicy', `${info.dataPolicy}  (deployed in block ${info.deploymentBlock})`),
    row('indexer', `${info.urls.graphql}  (GraphQL, POST)`),
    row('storage', info.urls.storage),
    row('orchestrator', info.orchestrator ? info.urls.orchestrator : 'not started'),
    row(`provider #${info.providerId}`, `${info.urls.provider}  (dev TEE, embedded trainer)`),
    row('dev TEE/PCCS', info.urls.tee),
    row(
      'orch. dev TEE',
      `${info.urls.orchestratorTee}  (the orchestrator's own app; it derives the release key)`,
    ),
    row(
      'release key',
      `${info.releasePublicKey}  (key id ${info.releaseKeyId ?? 'not registered'}; from a dev TEE with a public seed: never for real data)`,
    ),
    row(
      'attestation',
      `"${info.policy.name}" ${info.policy.hash}  ${relative(repoPath(), info.policy.file)} (dev-mock anchor)`,
    ),
    row(
      '',
      `"${info.orchestratorPolicy.name}" ${info.orchestratorPolicy.hash}  ${relative(repoPath(), info.orchestratorPolicy.file)} (orchestrator role)`,
    ),
    '',
    '  dev accounts (10,000 ETH each on this chain only; anvil’s public test keys):',
    ...info.accounts.map(
      (account) =>
        `    #${account.index} ${account.description.padEnd(42)} ${account.address}  ${anvilPrivateKeys[account.index]}`,
    ),
    '',
    `  try: pnpm demo      |  pnpm licen status 1 --config ${config}`,
    'Ctrl-C stops everything.',
  ].join('\n')
}
