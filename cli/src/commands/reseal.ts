import { resealDataset } from '@licen/sdk'
import { createWalletClient, type Hex, http } from 'viem'
import { ACCOUNT_USAGE, accountOptions, readAccount } from '../account.js'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { createNetworkStorage, NETWORK_USAGE, networkOptions, readNetwork } from '../network.js'
import { networkReleaseKeyAttestor } from '../releaseKey.js'

/**
 * `licen reseal <datasetRoot>`: re-seals a dataset's key to the chain's current release key after a rotation, from
 * the owner envelope the owner's wallet opens (sdk `resealDataset`); the data is not touched.
 */
export const resealCommand: Command = {
  name: 'reseal',
  summary: "Re-seal a dataset's key to the current attested release key (owner only; no data re-upload)",
  usage: `licen reseal <datasetRoot> ${ACCOUNT_USAGE} ${NETWORK_USAGE} [--policy-dir <dir>] [--json]`,
  options: { ...networkOptions, ...accountOptions, 'policy-dir': { type: 'string' } },
  async run({ io, values, positionals }) {
    const [datasetRoot, ...rest] = positionals
    if (datasetRoot === undefined || rest.length > 0 || !/^0x[0-9a-fA-F]{64}$/.test(datasetRoot))
      throw new CliError('reseal takes one dataset root (0x + 64 hex digits).', { code: 'CLI_USAGE' })
    const network = await readNetwork(io.cwd, values)
    const account = await readAccount(io.cwd, values, network.chainId)
    const result = await resealDataset({
      client: createWalletClient({ account, transport: http(network.rpcUrl) }),
      address: network.contract,
      datasetRoot: datasetRoot as Hex,
      storage: createNetworkStorage(network, { account }),
      // The same wallet derives the dataset owner key that opens the manifest's owner envelope.
      ownerKeySigner: account,
      attestReleaseKey: networkReleaseKeyAttestor(network, {
        policyDir: values['policy-dir'] as string | undefined,
        cwd: io.cwd,
      }),
      pollingIntervalMs: 250,
    })
    return {
      datasetRoot: result.datasetRoot,
      owner: account.address,
      previousKeyId: result.previous.keyId ?? null,
      previousReleasePublicKey: result.previous.releasePublicKey,
      previousManifestHash: result.previous.manifestHash,
      keyId: result.current.keyId,
      releasePublicKey: result.current.releasePublicKey,
      evidenceRef: result.current.evidenceRef,
      manifestHash: result.current.manifestHash,
      policyVersion: result.policyVersion,
      transactionHash: result.hash,
    }
  },
  format: (r) =>
    [
      `re-sealed ${r.datasetRoot}`,
      `  from release key ${r.previousKeyId ?? '(unrecorded)'} ${r.previousReleasePublicKey}`,
      `  to   release key ${r.keyId} ${r.releasePublicKey} (attested; evidence ${r.evidenceRef})`,
      `  manifest ${r.previousManifestHash} → ${r.manifestHash} (policy version ${r.policyVersion})`,
      `  updateManifest in ${r.transactionHash} by ${r.owner}`,
    ].join('\n'),
}
