import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'
import { isoSeconds as iso } from '../bytes.js'
import type { Collateral } from '../collateral/collateralSchema.js'
import { certificatePem } from '../der/x509.js'
import { mockCrl, signP256Raw } from './mockCertificate.js'
import { MOCK_PLATFORM, type MockPki } from './mockPki.js'

/** TDX module SVNs (tee_tcb_svn) that reach each mock TCB level. */
export const MOCK_TCB_LEVELS = [
  { tdx: [6, 1, 3], status: 'UpToDate', advisoryIds: [] as string[] },
  { tdx: [4, 1, 3], status: 'OutOfDate', advisoryIds: ['INTEL-SA-DEV-0001'] },
] as const

export type MockCollateralParameters = {
  /** Issue time (unix seconds) of TCB info, QE identity and CRLs. */
  issuedAt: number
  /** Seconds until their next update (default 30 days, like Intel's). */
  validitySeconds?: number
  /** Serial numbers (DER INTEGER content) the PCK CRL lists as revoked. */
  revokedPckSerials?: Uint8Array[]
}

const levelTcb = (tdx: readonly number[]) => ({
  sgxtcbcomponents: MOCK_PLATFORM.cpuSvn.map((svn) => ({ svn })),
  pcesvn: MOCK_PLATFORM.pceSvn,
  tdxtcbcomponents: Array.from({ length: 16 }, (_, i) => ({ svn: tdx[i] ?? 0 })),
})

/**
 * Collateral for mock quotes, shaped and signed like Intel's: TCB info (TDX v3) and QE identity (TD_QE v2) signed
 * by the mock TCB signing key, a root CA CRL and a PCK CRL, with the PEM issuer chains.
 */
export function mockCollateral(pki: MockPki, parameters: MockCollateralParameters): Collateral {
  const { issuedAt, validitySeconds = 30 * 86_400 } = parameters
  const nextUpdate = issuedAt + validitySeconds
  const tcbInfo = JSON.stringify({
    id: 'TDX',
    version: 3,
    issueDate: iso(issuedAt),
    nextUpdate: iso(nextUpdate),
    fmspc: MOCK_PLATFORM.fmspc,
    pceId: MOCK_PLATFORM.pceId,
    tcbType: 0,
    tcbEvaluationDataNumber: 17,
    tdxModule: {
      mrsigner: '00'.repeat(48),
      attributes: '0000000000000000',
      attributesMask: 'FFFFFFFFFFFFFFFF',
    },
    tdxModuleIdentities: [
      {
        id: 'TDX_01',
        mrsigner: '00'.repeat(48),
        attributes: '0000000000000000',
        attributesMask: 'FFFFFFFFFFFFFFFF',
        tcbLevels: [
          { tcb: { isvsvn: 4 }, tcbDate: '2024-03-13T00:00:00Z', tcbStatus: 'UpToDate' },
          { tcb: { isvsvn: 2 }, tcbDate: '2023-08-09T00:00:00Z', tcbStatus: 'OutOfDate' },
        ],
      },
    ],
    tcbLevels: MOCK_TCB_LEVELS.map((level) => ({
      tcb: levelTcb(level.tdx),
      tcbDate: '2024-03-13T00:00:00Z',
      tcbStatus: level.status,
      ...(level.advisoryIds.length ? { advisoryIDs: level.advisoryIds } : {}),
    })),
  })
  const qeIdentity = JSON.stringify({
    id: 'TD_QE',
    version: 2,
    issueDate: iso(issuedAt),
    nextUpdate: iso(nextUpdate),
    tcbEvaluationDataNumber: 17,
    miscselect: '00000000',
    miscselectMask: 'FFFFFFFF',
    attributes: '11000000000000000000000000000000',
    attributesMask: 'FBFFFFFFFFFFFFFF0000000000000000',
    mrsigner: MOCK_PLATFORM.qeMrSigner.toUpperCase(),
    isvprodid: MOCK_PLATFORM.qeIsvProdId,
    tcbLevels: [
      { tcb: { isvsvn: MOCK_PLATFORM.qeIsvSvn }, tcbDate: '2024-03-13T00:00:00Z', tcbStatus: 'UpToDate' },
    ],
  })
  const window = { thisUpdate: new Date(issuedAt * 1000), nextUpdate: new Date(nextUpdate * 1000) }
  const rootCrl = mockCrl({
    issuer: pki.names.root,
    issuerPublicKey: pki.publicKeys.root,
    issuerKey: pki.keys.root,
    ...window,
    revokedSerials: [],
  })
  const pckCrl = mockCrl({
    issuer: pki.names.pckCa,
    issuerPublicKey: pki.publicKeys.pckCa,
    issuerKey: pki.keys.pckCa,
    ...window,
    revokedSerials: parameters.revokedPckSerials ?? [],
  })
  const signerChain = certificatePem(pki.tcbSigner) + certificatePem(pki.rootCa)
  return {
    pck_crl_issuer_chain: certificatePem(pki.pckCa) + certificatePem(pki.rootCa),
    root_ca_crl: bytesToHex(rootCrl),
    pck_crl: bytesToHex(pckCrl),
    tcb_info_issuer_chain: signerChain,
    tcb_info: tcbInfo,
    tcb_info_signature: bytesToHex(signP256Raw(pki.keys.tcbSigner, utf8ToBytes(tcbInfo))),
    qe_identity_issuer_chain: signerChain,
    qe_identity: qeIdentity,
    qe_identity_signature: bytesToHex(signP256Raw(pki.keys.tcbSigner, utf8ToBytes(qeIdentity))),
  }
}
