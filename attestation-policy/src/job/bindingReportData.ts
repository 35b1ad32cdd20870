import { reportData } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import type { EvidenceBundle } from './evidenceBundle.js'

/**
 * The report_data a quote must carry for a stored evidence bundle: @licen/sdk `reportData` over the bundle's
 * binding inputs (decimal strings and hex as the bundle stores them, validated by `parseEvidenceBundle`).
 */
export function bindingReportData(binding: EvidenceBundle['binding']): Uint8Array {
  return reportData({
    chainId: BigInt(binding.chainId),
    dataPolicy: binding.dataPolicy as Address,
    jobId: BigInt(binding.jobId),
    nonce: binding.nonce as Hex,
    encPubKey: binding.encPubKey as Hex,
    signer: binding.signer as Address,
  })
}
