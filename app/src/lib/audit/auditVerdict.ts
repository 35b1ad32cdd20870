import type { AuditReport, AuditStep } from './auditTypes.js'

/** The plain-language verdict at the top of an audit: its tone, a headline and the sentences that explain it. */
export type AuditVerdict = {
  tone: 'ok' | 'warn' | 'bad' | 'pending'
  headline: string
  sentences: string[]
}

/** Formats an amount for the verdict (the page passes its own formatter, so units follow the chain). */
export type FormatAmount = (wei: bigint) => string

/** The dev-TEE warning (dev-mock trust anchor), shared by the audit verdict and the release-key sentence. */
export const devTeeWarning =
  'Development TEE: not real hardware. The quote verified against the dev-mock trust anchor, a test certificate ' +
  'authority anyone can reproduce, so it proves nothing about the machine; use it only on a local devnet.'

/**
 * What an audit means for someone who is not a protocol engineer: for a settled job, whether it ran on genuine
 * Intel TDX hardware (or only a development TEE) and whether the payout follows the enclave's signed receipts;
 * for a failed or reclaimed job, whether the escrow came back in full; any failed check first, the release-key
 * group's included.
 */
export function auditVerdict(report: AuditReport, amount: FormatAmount): AuditVerdict {
  const { job, measured } = report
  if (!job) return { tone: 'bad', headline: 'No such job on this network', sentences: [] }
  // A failing release-key check (the key the dataset was sealed to, or its evidence) fails the audit like any
  // other: the group is shown red below, and the headline must not read as if everything held.
  const failed = [...report.steps, ...(report.releaseKey?.steps ?? [])].filter(
    (step) => step.status === 'fail',
  )
  const hardware =
    measured?.verified && measured.trustAnchor === 'intel'
      ? `It ran on genuine Intel TDX hardware measured as “${measured.measurementName ?? 'an allowed image'}”.`
      : undefined
  const devTee = measured?.trustAnchor === 'dev-mock' ? devTeeWarning : undefined
  if (failed.length > 0)
    return {
      tone: 'bad',
      headline: `Do not trust this job: ${failed.length === 1 ? '1 check' : `${failed.length} checks`} failed`,
      sentences: [
        `Failed: ${failed.map((step) => step.title).join('; ')}.`,
        'Open the technical checks below for the reasons.',
        ...(devTee ? [devTee] : []),
      ],
    }
  const refunded = job.refund !== undefined && job.refund === job.escrow
  if (job.state === 'Failed' || job.state === 'Reclaimed') {
    const why =
      job.state === 'Reclaimed'
        ? 'The deadline passed without a settlement and the escrow was reclaimed'
        : `The job failed (${job.failure?.code ?? 'no reason given'}, ${job.failure?.byEnclave ? 'signed by the enclave' : 'reported by the orchestrator'})`
    return {
      tone: refunded ? 'ok' : 'bad',
      headline: refunded
        ? `${job.state === 'Failed' ? 'Failed' : 'Reclaimed'} safely: full refund`
        : `${job.state}, but the refund is not the full escrow`,
      sentences: [
        `${why}; ${amount(job.refund ?? 0n)} of the ${amount(job.escrow)} escrow was credited back to the requester${refunded ? ', and nobody was paid' : ''}.`,
        ...(devTee ? [devTee] : hardware ? [hardware] : []),
      ],
    }
  }
  if (job.state !== 'Completed')
    return {
      tone: 'pending',
      headline: 'Not settled yet',
      sentences: ['The job has not finished; audit it again once it is settled.'],
    }
  const unavailable = report.steps.filter(
    (step) => step.status === 'unavailable' || step.status === 'skipped',
  )
  const payout = 'The payout follows the enclave’s signed receipts, and the amounts add up to the escrow.'
  if (devTee)
    return { tone: 'warn', headline: 'Checks passed, but on a development TEE', sentences: [devTee, payout] }
  if (!hardware || unavailable.length > 0)
    return {
      tone: 'warn',
      headline: 'Not every check could be made here',
      sentences: [
        `Not checked: ${unavailable.map((step) => step.title).join('; ') || 'the hardware quote'}.`,
        payout,
      ],
    }
  return {
    tone: 'ok',
    headline: `Ran on genuine Intel TDX hardware measured as “${measured?.measurementName ?? 'an allowed image'}”; the payout follows the enclave’s signed receipts.`,
    sentences: ['The settled amounts add up to the escrow, and every technical check below passed.'],
  }
}

/** A group of technical checks, collapsed under one line. */
export type AuditGroup = {
  id: 'chain' | 'hardware' | 'payout'
  title: string
  steps: AuditStep[]
  /** The worst status in the group. */
  status: AuditStep['status']
}

const groupTitles: Record<AuditGroup['id'], string> = {
  chain: 'The job on chain',
  hardware: 'Hardware and code (attestation)',
  payout: 'Training receipts and payout',
}

function groupOf(step: AuditStep): AuditGroup['id'] {
  if (step.id === 'policy' || step.id === 'evidence' || step.id.startsWith('quote')) return 'hardware'
  if (step.id === 'receipts' || step.id === 'manifest' || step.id === 'settlement') return 'payout'
  return 'chain'
}

const severity: AuditStep['status'][] = ['pass', 'skipped', 'unavailable', 'fail']

/** The technical checks in three groups (chain, hardware, payout), in report order; empty groups are left out. */
export function groupAuditSteps(steps: readonly AuditStep[]): AuditGroup[] {
  return (['chain', 'hardware', 'payout'] as const).flatMap((id) => {
    const members = steps.filter((step) => groupOf(step) === id)
    if (members.length === 0) return []
    const worst = Math.max(...members.map((step) => severity.indexOf(step.status)))
    return [{ id, title: groupTitles[id], steps: members, status: severity[worst]! }]
  })
}

/** One line over the technical checks: "Every check passed." or the counts that did not pass. */
export function auditSummary(steps: readonly AuditStep[]): string {
  if (steps.every((step) => step.status === 'pass')) return 'Every check passed.'
  const count = (status: AuditStep['status']) => steps.filter((step) => step.status === status).length
  const parts = [`${count('pass')} passed`]
  if (count('fail')) parts.push(`${count('fail')} failed`)
  if (count('skipped')) parts.push(`${count('skipped')} skipped`)
  if (count('unavailable')) parts.push(`${count('unavailable')} not checkable here`)
  return `${parts.join(', ')}.`
}
