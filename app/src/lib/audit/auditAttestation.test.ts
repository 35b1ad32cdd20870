import { readFileSync } from 'node:fs'
import { createDcapWasmSource } from '@licen/attestation-policy'
import { zgRoot } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { type AuditAttestationParameters, auditAttestation } from './auditAttestation.js'
import type { AuditReport } from './auditTypes.js'
import { fetchPolicyFile } from './fetchPolicyFile.js'
import { devEvidence, LOCAL_POLICY_HASH } from './testing/devEvidence.js'

const policyDir = new URL('../../../../attestation-policy/policies/', import.meta.url)
const localPolicy = readFileSync(new URL('local.json', policyDir), 'utf8')
const productionPolicy = readFileSync(new URL('production.template.json', policyDir), 'utf8')
const dataPolicy: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const signer: Address = '0x1111111111111111111111111111111111111111'
const verifiedAt = 1_767_225_600 // 2026-01-01T00:00:00Z

/** Serves policy files by name from memory through a fetch the way a static host does. */
function policyServer(files: Record<string, string>): typeof globalThis.fetch {
  return (async (input: RequestInfo | URL) => {
    const name = String(input).split('/').pop()!
    return name in files ? new Response(files[name]) : new Response('not found', { status: 404 })
  }) as typeof globalThis.fetch
}

async function audit(overrides: {
  evidence?: Uint8Array
  attestationRef?: Hex
  policies?: Record<string, string>
  started?: Partial<AuditAttestationParameters['started']>
  dcapWasm?: AuditAttestationParameters['dcapWasm']
}): Promise<AuditReport> {
  const evidence =
    overrides.evidence ?? devEvidence({ chainId: 31337, dataPolicy, jobId: 1n, signer, verifiedAt }).bytes
  const attestationRef = overrides.attestationRef ?? (await zgRoot(evidence, { workers: 0 })).root
  const fetch = policyServer(overrides.policies ?? { [`${LOCAL_POLICY_HASH}.json`]: localPolicy })
  return auditAttestation({
    jobId: 1n,
    chainId: 31337,
    dataPolicy,
    started: { enclaveSigner: signer, attestationRef, policyHash: LOCAL_POLICY_HASH, ...overrides.started },
    readPolicy: (hash) => fetchPolicyFile('https://policies.example', hash, { fetch }),
    readEvidence: async (ref) => {
      if (ref !== attestationRef) throw new Error('unexpected root')
      return evidence
    },
    dcapWasm: overrides.dcapWasm,
  })
}

const statuses = (report: AuditReport) => report.steps.map((s) => `${s.id}:${s.status}`)
const detail = (report: AuditReport, id: string) => report.steps.find((s) => s.id === id)?.detail

describe('auditAttestation', () => {
  test('default: policy file, stored evidence and every quote check pass, with the measured values', async () => {
    const report = await audit({})
    expect(statuses(report)).toEqual([
      'policy:pass',
      'evidence:pass',
      'quote:quote:pass',
      'quote:collateral:pass',
      'quote:trustAnchor:pass',
      'quote:signature:pass',
      'quote:qeIdentity:pass',
      'quote:tdxModule:pass',
      'quote:tcbStatus:pass',
      'quote:freshness:pass',
      'quote:debug:pass',
      'quote:measurements:pass',
      'quote:bootEvents:pass',
      'quote:rtmr3:pass',
      'quote:composeHash:pass',
      'quote:keyProvider:pass',
      'quote:reportData:pass',
    ])
    expect(detail(report, 'policy')).toBe(`local: keccak256(JCS) ${LOCAL_POLICY_HASH} = ${LOCAL_POLICY_HASH}`)
    expect(detail(report, 'evidence')).toMatch(
      /^0G root 0x[0-9a-f]{64} = attestationRef; job 1, signer 0x1111111111111111111111111111111111111111, chain 31337, contract 0x5fbdb2315678afecb367f032d93f642f64180aa3, policy 0xb74eacf8.*, verified at 2026-01-01T00:00:00Z$/,
    )
    expect(report.measured?.verified).toBe(true)
    expect(report.measured?.trustAnchor).toBe('dev-mock')
    expect(report.measured?.measurementName).toBe('licen-dev-image-v1')
    const values = Object.fromEntries(report.measured!.values.map((v) => [v.label, v.value]))
    expect(values['Trust anchor']).toBe(
      'dev-mock (root sha256 f317a799675a2f4518747ee7dcf8443f78b5793363025124f326bb0e4764461d)',
    )
    expect(values['Judged at']).toBe('2026-01-01T00:00:00Z')
    expect(values['TCB status']).toBe('UpToDate (QE UpToDate, TDX module UpToDate)')
    expect(values['Measurement set']).toBe('licen-dev-image-v1')
    expect(Object.keys(values)).toEqual([
      'Trust anchor',
      'Quote hash',
      'Judged at',
      'TCB status',
      'FMSPC',
      'MRTD',
      'RTMR0',
      'RTMR1',
      'RTMR2',
      'RTMR3',
      'Report data',
      'TD attributes',
      'Compose hash',
      'App id',
      'Instance id',
      'Key provider',
      'Measurement set',
      'Collateral',
    ])
    expect(values['Instance id']).toBe('07'.repeat(20))
    expect(values.RTMR3).toMatch(/^[0-9a-f]{96}$/)
  })

  test('error: a policy file that does not hash to the chain’s policy hash: the quote is not verified against it', async () => {
    const report = await audit({ policies: { [`${LOCAL_POLICY_HASH}.json`]: productionPolicy } })
    expect(statuses(report)).toEqual(['policy:fail', 'evidence:pass', 'quote:skipped'])
    expect(detail(report, 'policy')).toBe(
      `production-template: keccak256(JCS) 0x236fefc37a63b8e743d3351097fa1093c3dcf638e18fbd1687d01c8310a76e52 ≠ ${LOCAL_POLICY_HASH}`,
    )
    expect(detail(report, 'quote')).toBe('Not verified: no policy file matches the hash on chain.')
    expect(report.measured).toBeUndefined()
  })

  test('error: no policy file, or not a policy', async () => {
    const missing = await audit({ policies: {} })
    expect(statuses(missing)).toEqual(['policy:fail', 'evidence:pass', 'quote:skipped'])
    expect(detail(missing, 'policy')).toBe('The policy file could not be fetched. (HTTP 404)')
    const garbage = await audit({ policies: { [`${LOCAL_POLICY_HASH}.json`]: '{"schema":"nope"}' } })
    expect(detail(garbage, 'policy')).toMatch(/^The policy file is not a valid attestation policy\. \(/)
    const big = await audit({ policies: { [`${LOCAL_POLICY_HASH}.json`]: ' '.repeat(256 * 1024 + 1) } })
    expect(detail(big, 'policy')).toBe('The policy file is too large. (more than 262144 bytes)')
  })

  test('error: evidence that is not the object on chain, or bound to another job, signer, chain or policy', async () => {
    const other = await audit({ attestationRef: `0x${'ee'.repeat(32)}` })
    expect(statuses(other)).toEqual(['policy:pass', 'evidence:fail', 'quote:skipped'])
    expect(detail(other, 'evidence')).toMatch(/^0G root 0x[0-9a-f]{64} ≠ attestationRef 0xeeee/)
    expect(detail(other, 'quote')).toBe('Not verified: the stored evidence does not check out.')

    const evidence = devEvidence({
      chainId: 1,
      dataPolicy: signer,
      jobId: 2n,
      signer: dataPolicy,
      verifiedAt,
      policyHash: `0x${'ab'.repeat(32)}`,
    }).bytes
    const misbound = await audit({ evidence })
    expect(detail(misbound, 'evidence')).toBe(
      [
        'bound to job 2',
        'bound to chain 1',
        'bound to contract 0x1111111111111111111111111111111111111111',
        'binds signer 0x5fbdb2315678afecb367f032d93f642f64180aa3, the chain records 0x1111111111111111111111111111111111111111',
        `verified against policy 0x${'ab'.repeat(32)}, the chain records ${LOCAL_POLICY_HASH}`,
      ].join('; '),
    )

    const notJson = await audit({ evidence: new Uint8Array([0xff, 0xfe]) })
    expect(detail(notJson, 'evidence')).toBe('The stored evidence is not UTF-8 JSON.')
  })

  test('error: a quote altered after signing fails its checks, each with its code', async () => {
    const evidence = devEvidence({
      chainId: 31337,
      dataPolicy,
      jobId: 1n,
      signer,
      verifiedAt,
      tamper: (quote) => {
        quote[48 + 520 + 10]! ^= 1 // one byte of report_data
      },
    }).bytes
    const report = await audit({ evidence })
    expect(statuses(report)).toContain('quote:signature:fail')
    expect(statuses(report)).toContain('quote:reportData:fail')
    expect(detail(report, 'quote:signature')).toBe(
      'QUOTE_SIGNATURE_INVALID: a quote signature does not verify: the quote was altered (dcap-qvl: Isv enclave report signature is invalid)',
    )
    expect(report.measured?.verified).toBe(false)
  })

  test('error: stored evidence carrying a forged firmware event fails the boot event check, never shown as verified', async () => {
    const { bundle } = devEvidence({ chainId: 31337, dataPolicy, jobId: 1n, signer, verifiedAt })
    const forged = {
      imr: 0,
      event_type: 1,
      digest: 'ee'.repeat(48),
      event: '',
      event_payload: '666f72676564', // "forged"
    }
    const eventLog = JSON.stringify([forged, ...(JSON.parse(bundle.eventLog) as unknown[])])
    const evidence = new TextEncoder().encode(JSON.stringify({ ...bundle, eventLog }))
    const report = await audit({ evidence })
    expect(statuses(report)).toContain('quote:bootEvents:fail')
    expect(statuses(report).filter((s) => !s.endsWith(':pass'))).toEqual(['quote:bootEvents:fail'])
    expect(detail(report, 'quote:bootEvents')).toMatch(
      /^BOOT_EVENTS_MISMATCH: the 3 IMR 0 events replay to [0-9a-f]{16}… but the quote has RTMR0 [0-9a-f]{16}…: the boot events were edited or belong to another boot$/,
    )
  })

  test('behavior: a verifier that cannot load is shown as not checkable here, never as a pass', async () => {
    const report = await audit({
      dcapWasm: createDcapWasmSource({ wasm: new Uint8Array(8), glue: async () => ({}) as never }),
    })
    expect(statuses(report).slice(0, 6)).toEqual([
      'policy:pass',
      'evidence:pass',
      'quote:quote:pass',
      'quote:collateral:pass',
      'quote:trustAnchor:unavailable',
      'quote:signature:skipped',
    ])
    expect(detail(report, 'quote:trustAnchor')).toBe(
      'VERIFIER_UNAVAILABLE: The dcap-qvl WASM verifier could not be loaded. the bytes are not a WebAssembly binary',
    )
  })
})
