import { type ResultManifest, type ResultReceiptJson, resultReceiptToJson } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import type {
  DatasetSummary,
  JobRecord,
  JobStatus,
  SignedFailure,
  SignedManifest,
  SignedReceipt,
} from './JobRecord.js'

/** A receipt as JSON: integers as decimal strings (the same form the result's `licen_receipts.json` holds). */
export type ReceiptView = ResultReceiptJson

/** `GET /v1/jobs/:jobId`. */
export type JobView = {
  jobId: string
  signer: Address
  encPubKey: Hex
  status: JobStatus
  receipts: ReceiptView[]
  failure?: SignedFailure | undefined
  dataset?: DatasetSummary | undefined
}

/** `GET /v1/jobs/:jobId/result`: the ResultManifest fields (integers as strings) and the enclave signature. */
export type ResultView = {
  manifest: Omit<ResultManifest, 'jobId'> & { jobId: string }
  signature: Hex
  signer: Address
}

/** Converts a signed receipt to its JSON form. */
export function receiptView(signed: SignedReceipt): ReceiptView {
  return resultReceiptToJson(signed)
}

/** Converts a job record to the public status view (no key material: only public keys and signatures). */
export function jobView(record: JobRecord): JobView {
  return {
    jobId: record.jobId.toString(),
    signer: record.keys.signer,
    encPubKey: record.keys.encPubKey,
    status: record.status,
    receipts: record.receipts.map(receiptView),
    ...(record.failure ? { failure: record.failure } : {}),
    ...(record.dataset ? { dataset: record.dataset } : {}),
  }
}

/** Converts a signed manifest to its JSON form. */
export function resultView(result: SignedManifest, signer: Address): ResultView {
  const { manifest } = result
  return {
    manifest: { ...manifest, jobId: manifest.jobId.toString() },
    signature: result.signature,
    signer,
  }
}
