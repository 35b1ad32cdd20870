import { writeFile } from 'node:fs/promises'
import { parseAppConfig } from '@licen/app/config'
import { licenNetworkNames } from '@licen/sdk/networks'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { resolvePath } from '../files.js'
import { readPreset } from '../network.js'

const USAGE = `licen app-config --network <${licenNetworkNames.join('|')}> --indexer <graphql url> --orchestrator <url> --policies <url> [--data-policy <address> --deployment-block <n>] [--rpc <url>] [--storage <url>] [--release-key <hex>] [--dev-wallet] [--out <config.json> [--force]] [--json]`

const text = (values: Record<string, string | boolean | undefined>, name: string) =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined

/**
 * `licen app-config`: the app's `config.json` for a preset (chain, explorer, storage from the preset; the services
 * and, while the preset records none, the deployment from flags), validated by the app's own `parseAppConfig`.
 */
export const appConfigCommand: Command = {
  name: 'app-config',
  summary: "Write the app's config.json for a network preset (--network <name>)",
  usage: USAGE,
  options: {
    network: { type: 'string' },
    rpc: { type: 'string' },
    'data-policy': { type: 'string' },
    'deployment-block': { type: 'string' },
    indexer: { type: 'string' },
    storage: { type: 'string' },
    orchestrator: { type: 'string' },
    policies: { type: 'string' },
    'release-key': { type: 'string' },
    'dev-wallet': { type: 'boolean' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run({ io, values, positionals }) {
    if (positionals.length > 0)
      throw new CliError('app-config takes no positional arguments.', { code: 'CLI_USAGE', details: USAGE })
    const preset = readPreset(values)
    if (!preset)
      throw new CliError('Say which network: --network <name>.', { code: 'CLI_USAGE', details: USAGE })
    for (const name of ['indexer', 'orchestrator', 'policies'])
      if (text(values, name) === undefined)
        throw new CliError(`--${name} is required.`, { code: 'CLI_USAGE', details: USAGE })
    const address = text(values, 'data-policy') ?? preset.dataPolicy?.address
    const block = text(values, 'deployment-block')
    if (!address)
      throw new CliError(`No LICEN deployment is recorded for ${preset.name}.`, {
        code: 'CLI_NO_DEPLOYMENT',
        details: 'pass --data-policy <address> --deployment-block <n>',
      })
    if ((text(values, 'data-policy') === undefined) !== (block === undefined))
      throw new CliError('Give --data-policy and --deployment-block together.', { code: 'CLI_USAGE' })
    if (block !== undefined && !/^\d{1,15}$/.test(block))
      throw new CliError('--deployment-block must be a block number.', { code: 'CLI_USAGE' })
    const storageUrl = text(values, 'storage')
    const releaseKey = text(values, 'release-key')
    const config = parseAppConfig({
      chain: {
        id: preset.chain.id,
        name: preset.chain.name,
        rpcUrl: text(values, 'rpc') ?? preset.chain.rpcUrl,
        nativeCurrency: preset.chain.nativeCurrency,
        ...(preset.chain.explorerUrl ? { explorerUrl: preset.chain.explorerUrl } : {}),
      },
      dataPolicy: {
        address,
        deploymentBlock: block !== undefined ? Number(block) : preset.dataPolicy?.deploymentBlock,
      },
      indexerUrl: text(values, 'indexer'),
      storage:
        preset.storage.backend === 'local'
          ? { backend: 'local', url: storageUrl ?? preset.storage.url }
          : {
              backend: 'zerog',
              url: storageUrl ?? preset.storage.indexerUrl,
              flowAddress: preset.storage.flowAddress,
            },
      ...(releaseKey ? { releasePublicKey: releaseKey } : {}),
      orchestratorUrl: text(values, 'orchestrator'),
      attestationPoliciesUrl: text(values, 'policies'),
      devWallet: values['dev-wallet'] === true,
    })
    const out = text(values, 'out')
    if (out !== undefined) {
      const file = resolvePath(io.cwd, out)
      try {
        await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { flag: values.force ? 'w' : 'wx' })
      } catch (cause) {
        throw new CliError('Cannot write the config file.', {
          code: 'CLI_OUTPUT_UNWRITABLE',
          details: `${file}: ${(cause as NodeJS.ErrnoException).code ?? 'write failed'}${values.force ? '' : ' (--force overwrites)'}`,
        })
      }
    }
    return { network: preset.name, ...(out !== undefined ? { out } : {}), config }
  },
  format: (result) =>
    result.out === undefined
      ? JSON.stringify(result.config, null, 2)
      : `Wrote ${String(result.out)}: the app's config for ${String(result.network)} (chain ${(result.config as { chain: { id: number } }).chain.id}).`,
}
