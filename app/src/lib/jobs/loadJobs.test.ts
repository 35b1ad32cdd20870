import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { AppError } from '../errors/AppError.js'
import type { JobFilter } from './fetchJobs.js'
import type { JobSummary } from './jobSummary.js'
import { type JobSources, loadJobSummary, loadJobs } from './loadJobs.js'

const job = (jobId: bigint, state: JobSummary['state']): JobSummary => ({
  jobId,
  datasetRoot: `0x${'01'.repeat(32)}` as Hex,
  requester: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  providerId: 1,
  epochs: 2,
  purposeId: 0,
  royaltyPerEpoch: 1n,
  pricePerEpoch: 2n,
  policyVersion: 1,
  feeBps: 0,
  deadline: 100,
  resultPubKey: `0x02${'11'.repeat(32)}` as Hex,
  grantedBlock: 5n,
  escrow: 6n,
  state,
})

/** Sources answering from fixed lists (or failing), recording each call as `<source> <filter>`. */
function sources(indexer: JobSummary[] | Error, chain: JobSummary[] | Error, calls: string[]): JobSources {
  const answer = (name: string, list: JobSummary[] | Error) => async (filter: JobFilter) => {
    calls.push(`${name} ${JSON.stringify(filter, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`)
    if (list instanceof Error) throw list
    return list
  }
  return { indexer: answer('indexer', indexer), chain: answer('chain', chain) }
}

const down = new AppError('The indexer did not answer.', { code: 'INDEXER_UNREACHABLE' })

describe('loadJobs', () => {
  test('default: from the indexer', async () => {
    const calls: string[] = []
    const list = await loadJobs(sources([job(2n, 'Running')], [job(1n, 'Granted')], calls), {
      requester: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    })
    expect(list).toEqual({ jobs: [job(2n, 'Running')], source: 'indexer' })
    expect(calls).toEqual(['indexer {"requester":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"}'])
  })

  test('behavior: rebuilt from chain logs when the indexer fails', async () => {
    const calls: string[] = []
    const list = await loadJobs(sources(down, [job(1n, 'Granted')], calls), {
      datasetRoot: `0x${'01'.repeat(32)}`,
    })
    expect(list).toEqual({ jobs: [job(1n, 'Granted')], source: 'chain' })
    expect(calls.map((call) => call.split(' ')[0])).toEqual(['indexer', 'chain'])
  })

  test('error: both fail: the chain error', async () => {
    const chainDown = new AppError('No chain client is configured.', { code: 'RPC_UNREACHABLE' })
    await expect(loadJobs(sources(down, chainDown, []), {})).rejects.toBe(chainDown)
  })
})

describe('loadJobSummary', () => {
  test('default: the indexer row when it shows the chain state', async () => {
    const calls: string[] = []
    expect(await loadJobSummary(sources([job(3n, 'Running')], [], calls), 3n, 'Running')).toEqual({
      summary: job(3n, 'Running'),
      source: 'indexer',
    })
    expect(calls).toEqual(['indexer {"jobId":"3n"}'])
  })

  test('behavior: the job logs when the indexer lags behind the chain', async () => {
    const calls: string[] = []
    const lagging = sources([job(3n, 'Running')], [job(3n, 'Completed')], calls)
    expect(await loadJobSummary(lagging, 3n, 'Completed')).toEqual({
      summary: job(3n, 'Completed'),
      source: 'chain',
    })
    expect(calls).toEqual(['indexer {"jobId":"3n"}', 'chain {"jobId":"3n"}'])
  })

  test('behavior: the job logs when the indexer fails or has not seen the job', async () => {
    expect(await loadJobSummary(sources(down, [job(3n, 'Granted')], []), 3n, 'Granted')).toEqual({
      summary: job(3n, 'Granted'),
      source: 'chain',
    })
    expect(await loadJobSummary(sources([], [job(3n, 'Granted')], []), 3n, 'Granted')).toEqual({
      summary: job(3n, 'Granted'),
      source: 'chain',
    })
  })

  test('behavior: undefined when neither knows the job', async () => {
    expect(await loadJobSummary(sources([job(4n, 'Granted')], [], []), 3n, 'Granted')).toEqual({
      summary: undefined,
      source: 'chain',
    })
  })
})
