import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils'
import { bytesEqual } from '../bytes.js'
import { readQeIdentity } from '../collateral/collateralDocuments.js'
import type { Collateral } from '../collateral/collateralSchema.js'
import { parseCertificate, pemCertificates } from '../der/x509.js'
import { describeError } from '../errors.js'
import { verifyP256 } from '../p256.js'
import type { QeReportFields } from '../quote/parseQuote.js'

export type QeIdentityResult = {
  ok: boolean
  code: 'QE_IDENTITY_INVALID' | 'QE_IDENTITY_MISMATCH' | 'QE_TCB_UNKNOWN' | undefined
  reason: string
  /** TCB status of the quoting enclave from Intel's QE identity, when it could be evaluated. */
  tcbStatus: string | undefined
  advisoryIds: string[]
}

const masked = (value: Uint8Array, mask: Uint8Array) => value.map((byte, i) => byte & mask[i]!)
const u32be = (value: number) =>
  Uint8Array.of(value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255)

/**
 * Checks the quoting enclave against Intel's signed QE identity: the identity is signed by the same TCB signing
 * certificate dcap-qvl verified for the TCB info (so it chains to the trust anchor), and the QE report's MRSIGNER,
 * ISVPRODID, MISCSELECT and ATTRIBUTES match it under the masks; the QE's ISVSVN selects its TCB status.
 * dcap-qvl-web 0.3.3 does not check the QE identity at all, so this is ours.
 */
export function verifyQeIdentity(
  collateral: Collateral,
  qeReport: QeReportFields,
  teeType: 'tdx' | 'sgx',
): QeIdentityResult {
  const fail = (code: NonNullable<QeIdentityResult['code']>, reason: string): QeIdentityResult => ({
    ok: false,
    code,
    reason,
    tcbStatus: undefined,
    advisoryIds: [],
  })
  try {
    const [qeSigner] = pemCertificates(collateral.qe_identity_issuer_chain)
    const [tcbSigner] = pemCertificates(collateral.tcb_info_issuer_chain)
    if (!qeSigner || !tcbSigner || !bytesEqual(qeSigner, tcbSigner)) {
      return fail(
        'QE_IDENTITY_INVALID',
        'the QE identity is not signed by the TCB signing certificate of this collateral',
      )
    }
    const signer = parseCertificate(qeSigner)
    if (
      !verifyP256(
        hexToBytes(collateral.qe_identity_signature),
        utf8ToBytes(collateral.qe_identity),
        signer.publicKey,
        'compact',
      )
    ) {
      return fail(
        'QE_IDENTITY_INVALID',
        'the QE identity signature does not verify: the collateral was altered',
      )
    }
    const identity = readQeIdentity(collateral)
    const expectedId = teeType === 'tdx' ? 'TD_QE' : 'QE'
    if (identity.id !== expectedId || identity.version !== 2) {
      return fail(
        'QE_IDENTITY_INVALID',
        `QE identity is ${identity.id} v${identity.version}, expected ${expectedId} v2`,
      )
    }
    if (identity.mrsigner.toLowerCase() !== qeReport.mrSigner) {
      return fail(
        'QE_IDENTITY_MISMATCH',
        `QE MRSIGNER ${qeReport.mrSigner} is not Intel's ${identity.mrsigner.toLowerCase()}`,
      )
    }
    if (identity.isvprodid !== qeReport.isvProdId) {
      return fail('QE_IDENTITY_MISMATCH', `QE ISVPRODID ${qeReport.isvProdId} is not ${identity.isvprodid}`)
    }
    const miscMask = hexToBytes(identity.miscselectMask)
    if (
      !bytesEqual(
        masked(u32be(qeReport.miscSelect), miscMask),
        masked(hexToBytes(identity.miscselect), miscMask),
      )
    ) {
      return fail('QE_IDENTITY_MISMATCH', 'QE MISCSELECT does not match the QE identity')
    }
    const attributesMask = hexToBytes(identity.attributesMask)
    const attributes = masked(hexToBytes(qeReport.attributes), attributesMask)
    if (!bytesEqual(attributes, masked(hexToBytes(identity.attributes), attributesMask))) {
      return fail('QE_IDENTITY_MISMATCH', 'QE ATTRIBUTES do not match the QE identity')
    }
    const level = identity.tcbLevels.find((candidate) => qeReport.isvSvn >= candidate.tcb.isvsvn)
    if (!level) {
      return fail('QE_TCB_UNKNOWN', `QE ISVSVN ${qeReport.isvSvn} is below every TCB level Intel lists`)
    }
    return {
      ok: true,
      code: undefined,
      reason: `QE identity matches (ISVSVN ${qeReport.isvSvn}: ${level.tcbStatus})`,
      tcbStatus: level.tcbStatus,
      advisoryIds: level.advisoryIDs ?? [],
    }
  } catch (error) {
    return fail('QE_IDENTITY_INVALID', describeError(error))
  }
}
