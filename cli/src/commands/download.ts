import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { downloadJobResult, ResultError, readJob, readJobEvents } from '@licen/sdk'
import { ACCOUNT_USAGE, accountOptions, readAccount } from '../account.js'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { resolvePath, writeOutputAtomically } from '../files.js'
import { createNetworkStorage, NETWORK_USAGE, networkOptions, readNetwork } from '../network.js'
import { createProgress } from '../progress.js'

/**
 * `licen download`: the adapter of a completed job, decrypted with the re-derived result key and verified against
 * the chain with the signed receipts the result carries (the provider node is not asked).
 */
export const downloadCommand: Command = {
  name: 'download',
  summary:
    "Download, decrypt and verify a completed job's adapter (PEFT files and signed receipts) into a folder",
  usage: `licen download <jobId> --out <dir> ${ACCOUNT_USAGE} ${NETWORK_USAGE} [--force] [--json]`,
  options: { ...networkOptions, ...accountOptions, out: { type: 'string' }, force: { type: 'boolean' } },
  async run({ io, values, positionals, json }) {
    if (positionals.length !== 1 || !/^\d{1,78}$/.test(positionals[0]!))
      throw new CliError('download takes one numeric job id.', { code: 'CLI_USAGE' })
    if (typeof values.out !== 'string')
      throw new CliError('download needs --out <dir>.', { code: 'CLI_USAGE' })
    const jobId = BigInt(positionals[0]!)
    const network = await readNetwork(io.cwd, values)
    const storage = createNetworkStorage(network)
    const account = await readAccount(io.cwd, values, network.chainId)
    const address = network.contract
    const [job, events] = await Promise.all([
      readJob(network.client, { address, jobId }),
      readJobEvents(network.client, { address, jobId, fromBlock: network.fromBlock }),
    ])
    if (job.stateName !== 'Completed' || !events.completed || !events.granted)
      throw new CliError('Only a completed job has a result.', {
        code: 'CLI_JOB_STATE',
        details: `job ${jobId} is ${job.stateName}`,
      })
    const { granted, completed } = events
    const progress = createProgress(io, 'download', undefined, !json)
    const result = await downloadJobResult({
      storage,
      chainId: network.chainId,
      contract: address,
      jobId,
      completed,
      enclaveSigner: job.enclaveSigner,
      resultPubKey: granted.resultPubKey,
      signer: { address: account.address, signTypedData: (typedData) => account.signTypedData(typedData) },
      onProgress: ({ bytes }) => progress.update(bytes),
    }).catch((error: unknown) => {
      if (error instanceof ResultError && error.code === 'RESULT_NOT_REQUESTER')
        throw new CliError(error.shortMessage, {
          code: 'CLI_NOT_REQUESTER',
          details: `requester ${granted.requester}`,
          cause: error,
        })
      throw error
    })
    progress.done()
    const dir = resolvePath(io.cwd, values.out)
    await mkdir(dir, { recursive: true })
    for (const file of result.files) {
      await writeOutputAtomically(new Blob([file.bytes]).stream(), join(dir, file.name), {
        force: values.force === true,
      })
    }
    const model = result.files.find((file) => file.name === 'adapter_model.safetensors')!
    return {
      jobId: jobId.toString(),
      out: values.out,
      files: result.files.map(({ name, size, sha256 }) => ({ name, size, sha256 })),
      adapterHash: result.adapterHash,
      adapterSha256: model.sha256,
      receiptsHead: result.receiptsHead,
      epochs: result.receipts.length,
    }
  },
  format: (r) =>
    `job ${r.jobId}: adapter verified (${r.epochs} signed receipts chain to the settled head, keccak256 ${r.adapterHash})\n${(
      r.files as { name: string; size: number }[]
    )
      .map((file) => `  ${r.out}/${file.name} (${file.size} bytes)`)
      .join('\n')}`,
}
