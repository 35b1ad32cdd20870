import type { MeasuredValues, ReleaseKeyVerdict } from '@licen/attestation-policy'
import { describe, expect, test } from 'vitest'
import { devTeeWarning } from '../audit/auditVerdict.js'
import { releaseKeyCheckLines, releaseKeyRows, releaseKeySentence } from './releaseKeyText.js'

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
