import {
  type Address,
  type Hex,
  hashTypedData,
  hexToString,
  recoverTypedDataAddress,
  stringToHex,
} from 'viem'
import { Eip712Error } from './Eip712Error.js'
import { type DataPolicyDomain, dataPolicyTypes, type FailureReport, type TypedDataSigner } from './types.js'
import { assertFailureReport } from './validate.js'

const REASON = /^[A-Z][A-Z0-9_]{0,31}$/

/** Encodes a failure code (upper-snake ASCII, ≤ 32 chars) as the right-padded bytes32 the contract stores. */
export function encodeFailureReason(code: string): Hex {
  if (!REASON.test(code)) {
    throw new Eip712Error('Failure reason must be upper-snake ASCII, 1-32 chars.', {
      code: 'EIP712_INVALID_FAILURE_REASON',
      details: JSON.stringify(code.slice(0, 40)),
    })
  }
  return stringToHex(code, { size: 32 })
}

/** Decodes a bytes32 failure reason back to its code; throws if it is not a valid padded code. */
export function decodeFailureReason(reason: Hex): string {
  let code: string
  try {
    code = hexToString(reason, { size: 32 })
  } catch (cause) {
    throw new Eip712Error('Failure reason is not bytes32.', { code: 'EIP712_INVALID_FAILURE_REASON', cause })
  }
  if (!REASON.test(code) || encodeFailureReason(code) !== reason.toLowerCase()) {
    throw new Eip712Error('Failure reason is not a padded upper-snake code.', {
      code: 'EIP712_INVALID_FAILURE_REASON',
    })
  }
  return code
}

const typed = (domain: DataPolicyDomain, report: FailureReport) => {
  assertFailureReport(report)
  return { domain, types: dataPolicyTypes, primaryType: 'FailureReport' as const, message: report }
}

/** EIP-712 digest of a failure report, equal to `DataPolicy.hashFailureReport`. */
export function hashFailureReport(domain: DataPolicyDomain, report: FailureReport): Hex {
  return hashTypedData(typed(domain, report))
}

/** Signs a failure report with the job's enclave key. */
export function signFailureReport(parameters: {
  signer: TypedDataSigner
  domain: DataPolicyDomain
  report: FailureReport
}): Promise<Hex> {
  return parameters.signer.signTypedData(typed(parameters.domain, parameters.report))
}

/** Recovers the address that signed a failure report. */
export function recoverFailureReportSigner(parameters: {
  domain: DataPolicyDomain
  report: FailureReport
  signature: Hex
}): Promise<Address> {
  return recoverTypedDataAddress({
    ...typed(parameters.domain, parameters.report),
    signature: parameters.signature,
  })
}
