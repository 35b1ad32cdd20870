import type { AdapterFile, SignedEpochReceipt } from '@licen/sdk'
import { type Address, type Hex, keccak256 } from 'viem'
import type { AppConfig } from '../config/appConfig.js'
import { verifyReceipts } from '../jobs/verifyReceipts.js'

/** One check of the downloaded adapter, with its reason. */
export type AdapterCheck = { name: string; ok: boolean; detail: string }

/**
 * Checks the decrypted adapter against what the enclave signed and the chain settled: the receipts form a chain
 * signed by the job's enclave key whose head is the on-chain `receiptsHead`, and the last receipt's `adapterHash`
 * is keccak256 of `adapter_model.safetensors`.
 */
export async function checkAdapter(parameters: {
  config: AppConfig
  jobId: bigint
  enclaveSigner: Address
  receiptsHead: Hex
  receipts: readonly SignedEpochReceipt[]
  files: readonly AdapterFile[]
}): Promise<AdapterCheck[]> {
  const checks: AdapterCheck[] = []
  const chain = await verifyReceipts(
    parameters.config,
    parameters.jobId,
    parameters.enclaveSigner,
    parameters.receipts,
  )
  checks.push(
    chain.ok
      ? {
          name: 'Receipts signed by the enclave key',
          ok: true,
          detail: `${parameters.receipts.length} receipts chain`,
        }
      : { name: 'Receipts signed by the enclave key', ok: false, detail: chain.message },
  )
  const headOk = chain.ok && chain.head.toLowerCase() === parameters.receiptsHead.toLowerCase()
  checks.push({
    name: 'Receipt chain ends at the settled head',
    ok: headOk,
    detail: chain.ok
      ? `${chain.head} ${headOk ? '=' : '≠'} on-chain ${parameters.receiptsHead}`
      : 'no verified chain',
  })
  const model = parameters.files.find((file) => file.name === 'adapter_model.safetensors')
  const last = parameters.receipts.at(-1)?.receipt.adapterHash
  const actual = model ? keccak256(model.bytes) : undefined
  const hashOk = !!model && !!last && headOk && actual === last.toLowerCase()
  checks.push({
    name: 'Adapter hash matches the last signed receipt',
    ok: hashOk,
    detail: !model
      ? 'adapter_model.safetensors is missing'
      : !last
        ? 'no receipt names an adapter hash'
        : `keccak256 ${actual} ${actual === last.toLowerCase() ? '=' : '≠'} ${last}`,
  })
  return checks
}
