import type { JobReleaseKeyAudit, MeasuredValues, ReleaseKeyVerdict } from '@licen/attestation-policy'
import { describe, expect, test } from 'vitest'
import { devTeeWarning } from '../audit/auditVerdict.js'
import {
  releaseKeyAuditGroup,
  releaseKeyCheckLines,
  releaseKeyRows,
  releaseKeySentence,
  sealedKeyText,
} from './releaseKeyText.js'

const verdict = (trustAnchor: 'intel' | 'dev-mock'): ReleaseKeyVerdict => ({
  verified: true,
  keyId: 2,
  publicKey: `0x02${'ab'.repeat(32)}`,
  evidenceRef: `0x${'cd'.repeat(32)}`,
  policyHash: `0x${'ee'.repeat(32)}`,
  status: 'Active',
  policy: { name: 'licen-orchestrator', version: 1, trustAnchor },
  measured: { measurementName: 'orchestrator-v1', composeHash: 'aa'.repeat(32) } as MeasuredValues,
  checks: [
    { id: 'key', status: 'pass', code: undefined, reason: 'Active' },
    { id: 'quote.measurements', status: 'pass', code: undefined, reason: 'orchestrator-v1' },
  ],
})

describe('releaseKeySentence', () => {
  test('behavior: who can open the key, no warning on Intel', () => {
    expect(releaseKeySentence(verdict('intel'))).toEqual({
      sentence:
        'Only an orchestrator measured as “orchestrator-v1” under policy “licen-orchestrator” v1 can open release key #2; verified in your browser.',
      warning: undefined,
    })
  })

  test('behavior: the dev-TEE warning on the dev-mock anchor', () => {
    expect(releaseKeySentence(verdict('dev-mock')).warning).toBe(devTeeWarning)
  })

  test('behavior: details rows and check lines', () => {
    expect(releaseKeyRows(verdict('intel'))).toEqual([
      ['Key id', '2'],
      ['Status on chain', 'Active'],
      ['Public key', `0x02${'ab'.repeat(32)}`],
      ['Evidence root', `0x${'cd'.repeat(32)}`],
      ['Policy hash', `0x${'ee'.repeat(32)}`],
      ['Trust anchor', 'intel'],
      ['Measurement', 'orchestrator-v1'],
      ['Compose hash', 'aa'.repeat(32)],
    ])
    expect(releaseKeyCheckLines(verdict('intel').checks)).toEqual([
      { status: 'pass', text: 'the key is registered on chain and usable for this dataset: Active' },
      { status: 'pass', text: 'the quote passes “measurements”: orchestrator-v1' },
    ])
  })
})

describe('releaseKeyAuditGroup', () => {
  const jobChecks = [
    { id: 'manifest', status: 'pass', code: undefined, reason: 'manifest 0xaa' },
    { id: 'keyRecorded', status: 'pass', code: undefined, reason: 'key 2' },
    { id: 'keyMatchesChain', status: 'pass', code: undefined, reason: 'equal' },
  ] as JobReleaseKeyAudit['checks']
  const audit = (ok: boolean, key: ReleaseKeyVerdict | undefined): JobReleaseKeyAudit => ({
    ok,
    datasetRoot: `0x${'01'.repeat(32)}`,
    policyVersion: 1,
    manifestHash: `0x${'aa'.repeat(32)}`,
    keyId: 2,
    evidenceRef: `0x${'cd'.repeat(32)}`,
    publicKey: `0x02${'ab'.repeat(32)}`,
    checks: ok
      ? jobChecks
      : [{ ...jobChecks[0]!, status: 'fail', code: 'MANIFEST_MISSING', reason: 'not in storage' }],
    releaseKey: key,
  })

  test('behavior: a verified key is a passing group with the sentence and every check', () => {
    const group = releaseKeyAuditGroup(audit(true, verdict('dev-mock')))
    expect(group.status).toBe('pass')
    expect(group.title).toBe('Release key #2 that opened this dataset verified')
    expect(group.sentence).toBe(releaseKeySentence(verdict('dev-mock')).sentence)
    expect(group.warning).toBe(devTeeWarning)
    expect(group.steps.map((step) => [step.id, step.status])).toEqual([
      ['releaseKey.manifest', 'pass'],
      ['releaseKey.keyRecorded', 'pass'],
      ['releaseKey.keyMatchesChain', 'pass'],
      ['releaseKey.key', 'pass'],
      ['releaseKey.quote.measurements', 'pass'],
    ])
  })

  test('error: a missing manifest fails the group with the check in plain words and its code', () => {
    const group = releaseKeyAuditGroup(audit(false, undefined))
    expect(group).toEqual({
      status: 'fail',
      title: 'Release key #2 that opened this dataset did not verify',
      sentence:
        'Failed check: the manifest the job used is on storage, hashes to the chain’s manifest root and describes this dataset — not in storage (MANIFEST_MISSING).',
      warning: undefined,
      steps: [
        {
          id: 'releaseKey.manifest',
          title:
            'The manifest the job used is on storage, hashes to the chain’s manifest root and describes this dataset',
          status: 'fail',
          detail: 'not in storage (MANIFEST_MISSING)',
        },
      ],
    })
  })
})

describe('sealedKeyText', () => {
  test('behavior: a verified key, a failed one, one still checking and a manifest without a key id', () => {
    expect(sealedKeyText(2, verdict('intel'))).toEqual({
      ok: true,
      text: 'Sealed to release key #2 (Active): attestation verified in your browser.',
    })
    const revoked: ReleaseKeyVerdict = {
      ...verdict('intel'),
      verified: false,
      status: 'Revoked',
      checks: [{ id: 'key', status: 'fail', code: 'RELEASE_KEY_REVOKED', reason: 'key 2 is Revoked' }],
    }
    expect(sealedKeyText(2, revoked)).toEqual({
      ok: false,
      text: 'Sealed to release key #2 (Revoked): NOT verified. Failed check: the key is registered on chain and usable for this dataset — key 2 is Revoked (RELEASE_KEY_REVOKED).',
    })
    expect(sealedKeyText(2, undefined)).toEqual({
      ok: false,
      text: 'Sealed to release key #2; verifying in your browser…',
    })
    expect(sealedKeyText(undefined, undefined).text).toBe(
      'Sealed to a release key the manifest does not name on chain (published before attested keys): not verified; the owner can re-seal it to the current key.',
    )
  })
})
