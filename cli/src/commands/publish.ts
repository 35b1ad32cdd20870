import { openAsBlob } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { assertTrainable, describeExamples, publishDataset } from '@licen/sdk'
import { createWalletClient, type Hex, http, parseEther, zeroHash } from 'viem'
import { ACCOUNT_USAGE, accountOptions, readAccount } from '../account.js'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { resolvePath } from '../files.js'
import { createNetworkStorage, NETWORK_USAGE, networkOptions, readNetwork } from '../network.js'
import { createProgress } from '../progress.js'
import { parsePurposes } from '../purposes.js'
import { networkReleaseKeyAttestor, readServedReleaseKey } from '../releaseKey.js'
import { inspectFile } from './inspect.js'

const DEFAULT_LICENCE_TEXT =
  'Licensed for training inside attested LICEN providers only, for the purposes and epochs paid for on chain.'

function integer(values: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const text = values[name]
  if (text === undefined) return fallback
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text) || Number(text) > max)
    throw new CliError(`--${name} must be an integer in 0..${max}.`, { code: 'CLI_USAGE' })
  return Number(text)
}

/** `licen publish`: encrypt a JSONL file, upload it and its manifest, and register the dataset on chain. */
export const publishCommand: Command = {
  name: 'publish',
  summary: 'Encrypt, upload and register a JSONL dataset (key sealed to the attested release key)',
  usage: `licen publish <file.jsonl> --name <name> ${ACCOUNT_USAGE} ${NETWORK_USAGE} [--description <text>] [--dataset-version <v>] [--publisher-name <n>] [--licence-name <n>] [--licence-spdx <id>] [--licence-file <path>] [--royalty <ETH per epoch>] [--max-epochs <n>] [--max-jobs <n>] [--ttl <seconds>] [--expiry <unix>] [--purposes research,…] [--attestation-policy <hash>] [--release-key <hex>] [--policy-dir <dir>] [--json]`,
  options: {
    ...networkOptions,
    ...accountOptions,
    name: { type: 'string' },
    description: { type: 'string' },
    'dataset-version': { type: 'string' },
    'publisher-name': { type: 'string' },
    'licence-name': { type: 'string' },
    'licence-spdx': { type: 'string' },
    'licence-file': { type: 'string' },
    royalty: { type: 'string' },
    'max-epochs': { type: 'string' },
    'max-jobs': { type: 'string' },
    ttl: { type: 'string' },
    expiry: { type: 'string' },
    purposes: { type: 'string' },
    'attestation-policy': { type: 'string' },
    'release-key': { type: 'string' },
    'policy-dir': { type: 'string' },
  },
  async run({ io, values, positionals, json }) {
    if (positionals.length !== 1)
      throw new CliError('publish takes exactly one JSONL file.', { code: 'CLI_USAGE' })
    if (typeof values.name !== 'string')
      throw new CliError('publish needs --name <name>.', { code: 'CLI_USAGE' })
    const royaltyText = (values.royalty as string | undefined) ?? '0'
    if (!/^\d{1,12}(\.\d{1,18})?$/.test(royaltyText))
      throw new CliError('--royalty is ETH per epoch, e.g. 0.001.', { code: 'CLI_USAGE' })
    const attestationPolicy = (values['attestation-policy'] as string | undefined) ?? zeroHash
    if (!/^0x[0-9a-fA-F]{64}$/.test(attestationPolicy))
      throw new CliError('--attestation-policy must be a 32-byte hex hash.', { code: 'CLI_USAGE' })
    const policy = {
      royaltyPerEpoch: parseEther(royaltyText),
      maxEpochsPerJob: integer(values, 'max-epochs', 10, 0xffff),
      maxActiveJobsPerRequester: integer(values, 'max-jobs', 3, 0xffff),
      sessionTtl: integer(values, 'ttl', 3600, 0xffff_ffff),
      expiry: integer(values, 'expiry', 0, 2 ** 40 - 1),
      allowedPurposes: parsePurposes((values.purposes as string | undefined) ?? 'research'),
      attestationPolicy: attestationPolicy.toLowerCase() as Hex,
    }
    const path = resolvePath(io.cwd, positionals[0]!)
    let size: number
    try {
      const info = await stat(path)
      if (!info.isFile()) throw new Error('not a regular file')
      size = info.size
    } catch (cause) {
      throw new CliError('Cannot read the input file.', {
        code: 'CLI_INPUT_UNREADABLE',
        details: `${path}: ${(cause as Error).message}`,
      })
    }
    let licenceText = DEFAULT_LICENCE_TEXT
    if (typeof values['licence-file'] === 'string') {
      const file = resolvePath(io.cwd, values['licence-file'])
      licenceText = await readFile(file, 'utf8').catch((cause: Error) => {
        throw new CliError('Cannot read the licence file.', {
          code: 'CLI_INPUT_UNREADABLE',
          details: `${file}: ${cause.message}`,
        })
      })
    }
    // The trainer's verdict first: a file without a trainable row is refused before any chain, key or upload.
    const inspection = await inspectFile({ io, values, positionals, json }, positionals[0]!)
    assertTrainable(inspection)
    const network = await readNetwork(io.cwd, values)
    const account = await readAccount(io.cwd, values, network.chainId)
    // Sealed only to the chain's current release key once its attestation verifies (publishDataset runs this
    // before reading the file); a key the orchestrator, the config or --release-key names must be that key.
    const releasePublicKey = await readServedReleaseKey(network, values['release-key'] as string | undefined)
    const attestReleaseKey = networkReleaseKeyAttestor(network, {
      policyDir: values['policy-dir'] as string | undefined,
      cwd: io.cwd,
    })
    const storage = createNetworkStorage(network, { account })
    const analyzing = createProgress(io, 'analyze', size, !json)
    let encrypting: ReturnType<typeof createProgress> | undefined
    const wallet = createWalletClient({ account, transport: http(network.rpcUrl) })
    // Root, commit, upload, wait a block, register: a copy registered first by another account is displaced.
    const published = await publishDataset({
      register: {
        client: wallet,
        address: network.contract,
        policy,
        pollingIntervalMs: 250,
        onStep: ({ message }) => {
          if (!json) io.stderr.write(`${message}\n`)
        },
      },
      source: await openAsBlob(path),
      storage,
      releasePublicKey,
      attestReleaseKey,
      // The owner envelope: the dataset key sealed to this wallet's dataset owner key too (`licen reseal`).
      ownerKeySigner: account,
      details: {
        name: values.name,
        description: (values.description as string | undefined) ?? '',
        version: (values['dataset-version'] as string | undefined) ?? '1.0.0',
        publisher: { address: account.address, name: values['publisher-name'] as string | undefined },
        licence: {
          spdx: values['licence-spdx'] as string | undefined,
          name: (values['licence-name'] as string | undefined) ?? 'LICEN training licence',
          text: licenceText,
        },
      },
      onProgress: ({ stage, bytes }) => {
        if (stage === 'analyze') return analyzing.update(bytes)
        if (stage === 'encrypt-upload') {
          if (!encrypting) {
            analyzing.done()
            encrypting = createProgress(io, 'encrypt+upload', size, !json)
          }
          encrypting.update(bytes)
        }
      },
    })
    encrypting?.done()
    const registration = published.registration!
    return {
      datasetRoot: published.datasetRoot,
      manifestHash: published.manifestHash,
      owner: account.address,
      rowCount: published.manifest.data.rowCount,
      trainable: inspection.trainable,
      untrainable: inspection.rows - inspection.trainable,
      trainableSummary: describeExamples(inspection),
      plaintextSize: published.manifest.data.byteSize,
      ciphertextSize: published.ciphertextSize,
      royaltyPerEpoch: policy.royaltyPerEpoch.toString(),
      releaseKeyId: published.manifest.keyEnvelope.keyId,
      releaseEvidenceRef: published.manifest.keyEnvelope.evidenceRef,
      transactionHash: registration.hash,
      registration: registration.outcome,
      message: registration.message,
    }
  },
  format: (r) =>
    `published ${r.rowCount} rows (${r.plaintextSize} bytes → ${r.ciphertextSize} encrypted)\n  ${r.trainableSummary}\n  dataset root  ${r.datasetRoot}\n  manifest      ${r.manifestHash}\n  sealed to     release key ${r.releaseKeyId} (attested; evidence ${r.releaseEvidenceRef})\n  registered in ${r.transactionHash} by ${r.owner}\n  ${r.message}`,
}
