import { encodeFailureReason } from '@licen/sdk'
import { describe, expect, test } from 'vitest'
import type { JobSummary } from '../jobs/jobSummary.js'
import { providerStats, providerStatsText } from './providerStats.js'

const job = (providerId: number, state: JobSummary['state'], reason?: string) =>
  ({
    providerId,
    state,
    failed:
      reason === undefined ? undefined : { reason: encodeFailureReason(reason), byEnclave: true, refund: 1n },
  }) as JobSummary

describe('providerStats', () => {
  test('default: the issue case — 1 completed job, then 3 jobs failed on a dataset with no trainable row', () => {
    const jobs = [
      job(1, 'Completed'),
      job(1, 'Failed', 'DATASET_NOT_TRAINABLE'),
      job(1, 'Failed', 'DATASET_NOT_TRAINABLE'),
      job(1, 'Failed', 'DATASET_EMPTY'),
    ]
    const stats = providerStats(jobs, 1)
    expect(stats).toEqual({ total: 4, completed: 1, failed: 0, dataFailed: 3, open: 0, completionRate: 1 })
    expect(providerStatsText(stats)).toBe(
      '100 % of 1 finished job completed (3 failures caused by the dataset not counted)',
    )
  })

  test('behavior: the provider’s own failures and reclaims count against it; other providers are ignored', () => {
    const jobs = [
      job(1, 'Completed'),
      job(1, 'Completed'),
      job(1, 'Failed', 'TRAINING_TIMEOUT'),
      job(1, 'Reclaimed'),
      job(1, 'Failed', 'DATASET_EMPTY'),
      job(1, 'Running'),
      job(2, 'Failed', 'INTERNAL_ERROR'),
    ]
    const stats = providerStats(jobs, 1)
    expect(stats).toEqual({ total: 6, completed: 2, failed: 2, dataFailed: 1, open: 1, completionRate: 0.5 })
    expect(providerStatsText(stats)).toBe(
      '50 % of 4 finished jobs completed (1 failure caused by the dataset not counted)',
    )
    expect(providerStatsText(providerStats(jobs, 2))).toBe('0 % of 1 finished job completed')
  })

  test('behavior: no finished job yet, with or without data-caused failures', () => {
    expect(providerStatsText(providerStats([], 1))).toBe('no finished jobs yet')
    const stats = providerStats([job(1, 'Failed', 'DATASET_NOT_TRAINABLE'), job(1, 'Granted')], 1)
    expect(stats.completionRate).toBe(undefined)
    expect(providerStatsText(stats)).toBe(
      'no finished jobs yet (1 failure caused by the dataset not counted)',
    )
  })
})
