import { describe, expect, test } from 'vitest'
import type { AuditMeasured, AuditReport, AuditStep } from './auditTypes.js'
import { auditSummary, auditVerdict, groupAuditSteps } from './auditVerdict.js'

const eth = (wei: bigint) => `${Number(wei) / 1e18} ETH`
const step = (id: string, status: AuditStep['status'] = 'pass'): AuditStep => ({
  id,
  title: `check ${id}`,
  status,
  detail: '',
})
const settledSteps = [
  step('started'),
  step('policy'),
  step('evidence'),
  step('quote:signature'),
  step('receipts'),
  step('manifest'),
  step('settlement'),
]
const measured = (trustAnchor: AuditMeasured['trustAnchor']): AuditMeasured => ({
  verified: true,
  values: [],
  trustAnchor,
  measurementName: trustAnchor === 'intel' ? 'licen-provider-v3' : 'licen-dev-image-v1',
})
const completed = { state: 'Completed', escrow: 4_000_000_000_000_000n, refund: 0n } as const

describe('auditVerdict', () => {
  test('default: a settled job on Intel TDX says so in one sentence', () => {
    const report: AuditReport = { steps: settledSteps, measured: measured('intel'), job: completed }
    expect(auditVerdict(report, eth)).toEqual({
      tone: 'ok',
      headline:
        'Ran on genuine Intel TDX hardware measured as “licen-provider-v3”; the payout follows the enclave’s signed receipts.',
      sentences: ['The settled amounts add up to the escrow, and every technical check below passed.'],
    })
  })

  test('behavior: a development TEE is a warning, not a pass, even with every check green', () => {
    const verdict = auditVerdict({ steps: settledSteps, measured: measured('dev-mock'), job: completed }, eth)
    expect(verdict.tone).toBe('warn')
    expect(verdict.headline).toBe('Checks passed, but on a development TEE')
    expect(verdict.sentences[0]).toBe(
      'Development TEE: not real hardware. The quote verified against the dev-mock trust anchor, a test certificate authority anyone can reproduce, so it proves nothing about the machine; use it only on a local devnet.',
    )
  })

  test('behavior: a failed job refunded in full failed safely', () => {
    const report: AuditReport = {
      steps: [step('started', 'skipped'), step('refund')],
      job: {
        state: 'Failed',
        escrow: 4_000_000_000_000_000n,
        refund: 4_000_000_000_000_000n,
        failure: { code: 'PROVIDER_UNREACHABLE', byEnclave: false },
      },
    }
    expect(auditVerdict(report, eth)).toEqual({
      tone: 'ok',
      headline: 'Failed safely: full refund',
      sentences: [
        'The job failed (PROVIDER_UNREACHABLE, reported by the orchestrator); 0.004 ETH of the 0.004 ETH escrow was credited back to the requester, and nobody was paid.',
      ],
    })
    expect(
      auditVerdict(
        { ...report, job: { state: 'Reclaimed', escrow: 10n, refund: 10n }, measured: measured('dev-mock') },
        eth,
      ).headline,
    ).toBe('Reclaimed safely: full refund')
  })

  test('error: a failed check comes first, by name; a short refund is not safe', () => {
    const report: AuditReport = {
      steps: [...settledSteps.slice(0, 4), step('receipts', 'fail'), step('manifest', 'fail')],
      measured: measured('intel'),
      job: completed,
    }
    expect(auditVerdict(report, eth)).toEqual({
      tone: 'bad',
      headline: 'Do not trust this job: 2 checks failed',
      sentences: [
        'Failed: check receipts; check manifest.',
        'Open the technical checks below for the reasons.',
      ],
    })
    const short = auditVerdict(
      {
        steps: [step('started', 'skipped'), step('refund', 'fail')],
        job: { state: 'Failed', escrow: 10n, refund: 5n },
      },
      eth,
    )
    expect(short.headline).toBe('Do not trust this job: 1 check failed')
  })

  test('error: a failing release-key check fails the headline of an otherwise settled job', () => {
    const releaseKey = {
      status: 'fail',
      title: 'Release key',
      sentence: 'The dataset was sealed to a key whose evidence does not verify.',
      warning: undefined,
      steps: [
        { id: 'releaseKey.registered', title: 'Registered on chain', status: 'pass', detail: '' },
        { id: 'releaseKey.quote', title: 'Quote verifies', status: 'fail', detail: 'QUOTE_INVALID' },
      ],
    } as const
    const report: AuditReport = {
      steps: settledSteps,
      measured: measured('intel'),
      job: completed,
      releaseKey: { ...releaseKey, steps: [...releaseKey.steps] },
    }
    expect(auditVerdict(report, eth)).toEqual({
      tone: 'bad',
      headline: 'Do not trust this job: 1 check failed',
      sentences: ['Failed: Quote verifies.', 'Open the technical checks below for the reasons.'],
    })
    const passing = { ...releaseKey, status: 'pass', steps: [{ ...releaseKey.steps[0] }] } as const
    expect(auditVerdict({ ...report, releaseKey: { ...passing, steps: [...passing.steps] } }, eth).tone).toBe(
      'ok',
    )
  })

  test('behavior: open jobs are pending; no job is bad; an unverifiable quote is a warning', () => {
    expect(auditVerdict({ steps: [step('started')], job: { state: 'Running', escrow: 1n } }, eth).tone).toBe(
      'pending',
    )
    expect(auditVerdict({ steps: [step('started', 'fail')] }, eth)).toEqual({
      tone: 'bad',
      headline: 'No such job on this network',
      sentences: [],
    })
    const unavailable = auditVerdict(
      {
        steps: [...settledSteps, step('quote:collateral', 'unavailable')],
        measured: measured('intel'),
        job: completed,
      },
      eth,
    )
    expect([unavailable.tone, unavailable.headline, unavailable.sentences[0]]).toEqual([
      'warn',
      'Not every check could be made here',
      'Not checked: check quote:collateral.',
    ])
  })
})

describe('groupAuditSteps', () => {
  test('default: chain, hardware and payout groups with their worst status', () => {
    const groups = groupAuditSteps([...settledSteps, step('quote:rtmr3', 'skipped')])
    expect(groups.map((g) => [g.id, g.title, g.steps.map((s) => s.id), g.status])).toEqual([
      ['chain', 'The job on chain', ['started'], 'pass'],
      [
        'hardware',
        'Hardware and code (attestation)',
        ['policy', 'evidence', 'quote:signature', 'quote:rtmr3'],
        'skipped',
      ],
      ['payout', 'Training receipts and payout', ['receipts', 'manifest', 'settlement'], 'pass'],
    ])
    expect(
      groupAuditSteps([step('started', 'skipped'), step('refund')]).map((g) => [g.id, g.status]),
    ).toEqual([['chain', 'skipped']])
  })
})

describe('auditSummary', () => {
  test('default', () => {
    expect(auditSummary(settledSteps)).toBe('Every check passed.')
    expect(auditSummary([step('a'), step('b', 'fail'), step('c', 'skipped'), step('d', 'unavailable')])).toBe(
      '1 passed, 1 failed, 1 skipped, 1 not checkable here.',
    )
    expect(auditSummary([step('started', 'skipped'), step('refund')])).toBe('1 passed, 1 skipped.')
  })
})
