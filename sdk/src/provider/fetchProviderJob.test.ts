import { describe, expect, test } from 'vitest'
import { fetchProviderJob } from './fetchProviderJob.js'
import { PROVIDER_JOB_MAX_BYTES } from './providerSchemas.js'

const hash = `0x${'ab'.repeat(32)}` as const
const zero = `0x${'00'.repeat(32)}` as const
const signature = `0x${'cd'.repeat(65)}` as const
// A receipt as the provider node serves it: integers but `epoch` as strings, and its own digest of the receipt.
const wireReceipt = {
  receipt: {
    jobId: '7',
    epoch: 1,
    samples: '40',
    lossMicro: '2100000',
    adapterHash: hash,
    prevReceipt: zero,
  },
  digest: `0x${'ee'.repeat(32)}`,
  signature,
}
const receipt = {
  receipt: { jobId: 7n, epoch: 1, samples: 40n, lossMicro: 2_100_000n, adapterHash: hash, prevReceipt: zero },
  signature,
}
const serve = (body: unknown, status = 200) =>
  (async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })) as typeof fetch
const answer = (status: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  jobId: '7',
  status,
  receipts: [],
  ...extra,
})

describe('fetchProviderJob', () => {
  test('default', async () => {
    let url = ''
    const job = await fetchProviderJob({
      endpoint: 'http://provider.test//',
      jobId: 7n,
      fetch: (async (input: string) => {
        url = input
        return new Response(
          JSON.stringify(
            answer(
              { state: 'Training', epoch: 2, step: 5, totalSteps: 30, loss: 2.1 },
              { receipts: [wireReceipt] },
            ),
          ),
        )
      }) as typeof fetch,
    })
    expect(url).toBe('http://provider.test/v1/jobs/7')
    expect(job).toEqual({
      jobId: 7n,
      status: { state: 'Training', epoch: 2, step: 5, totalSteps: 30, loss: 2.1 },
      receipts: [receipt],
      failure: undefined,
    })
    // The provider's digest is never passed on: verifiers recompute it.
    expect(Object.keys(job.receipts[0]!)).toEqual(['receipt', 'signature'])
  })

  test('behavior: `loss: null` before the first step reads as no loss yet', async () => {
    const job = await fetchProviderJob({
      endpoint: 'http://p',
      jobId: 7n,
      fetch: serve(answer({ state: 'Training', epoch: 1, step: 0, totalSteps: 0, loss: null })),
    })
    expect(job.status).toEqual({ state: 'Training', epoch: 1, step: 0, totalSteps: 0 })
    expect(job.status.loss).toBe(undefined)
  })

  test('behavior: a signed failure', async () => {
    const failure = { code: 'DATASET_ROOT_MISMATCH', reason: hash, signature }
    const job = await fetchProviderJob({
      endpoint: 'http://p',
      jobId: 7n,
      fetch: serve(answer({ state: 'Failed', code: 'DATASET_ROOT_MISMATCH' }, { failure })),
    })
    expect(job).toEqual({
      jobId: 7n,
      status: { state: 'Failed', code: 'DATASET_ROOT_MISMATCH' },
      receipts: [],
      failure,
    })
  })

  test.each([
    [
      'an unknown state',
      answer({ state: 'Sleeping' }),
      'status.state: Invalid option: expected one of "Init"|"SettingUp"|"Training"|"Delivering"|"Delivered"|"Finished"|"Failed"',
    ],
    [
      'a receipt with an unknown field',
      answer({ state: 'Init' }, { receipts: [{ ...wireReceipt, note: 'x' }] }),
      'receipts.0: Unrecognized key: "note"',
    ],
    [
      'a receipt body with an unknown field',
      answer(
        { state: 'Init' },
        { receipts: [{ ...wireReceipt, receipt: { ...wireReceipt.receipt, extra: 1 } }] },
      ),
      'receipts.0.receipt: Unrecognized key: "extra"',
    ],
    [
      'a malformed digest',
      answer({ state: 'Init' }, { receipts: [{ ...wireReceipt, digest: '0x12' }] }),
      'receipts.0.digest: Invalid string: must match pattern /^0x[0-9a-fA-F]{64}$/',
    ],
    [
      'a failure code longer than bytes32',
      answer({ state: 'Failed', code: 'X'.repeat(33) }),
      'status.code: Too big: expected string to have <=32 characters',
    ],
    ['an answer for another job', { ...answer({ state: 'Init' }), jobId: '8' }, 'answer is for job 8'],
  ])('error: %s', async (_, body, details) => {
    await expect(
      fetchProviderJob({ endpoint: 'http://p', jobId: 7n, fetch: serve(body) }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      shortMessage: 'The provider node answered out of the API shape.',
      details,
    })
  })

  test('error: invalid JSON', async () => {
    await expect(
      fetchProviderJob({ endpoint: 'http://p', jobId: 7n, fetch: serve('{"jobId":') }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      shortMessage: 'The provider node answered with invalid JSON.',
    })
  })

  test('error: too large', async () => {
    const big = answer({ state: 'Init' }, { pad: 'x'.repeat(PROVIDER_JOB_MAX_BYTES) })
    await expect(
      fetchProviderJob({ endpoint: 'http://p', jobId: 7n, fetch: serve(big) }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      shortMessage: 'The provider node answer is too large.',
      details: `more than ${PROVIDER_JOB_MAX_BYTES} bytes`,
    })
  })

  test('error: HTTP status', async () => {
    await expect(
      fetchProviderJob({ endpoint: 'http://p', jobId: 7n, fetch: serve({}, 503) }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      shortMessage: 'The provider node refused the status request.',
      details: 'HTTP 503',
    })
    await expect(
      fetchProviderJob({ endpoint: 'http://p', jobId: 7n, fetch: serve({}, 404) }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_JOB_NOT_FOUND',
      details: 'job 7',
    })
  })

  test('error: unreachable', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed')
    }) as typeof fetch
    await expect(fetchProviderJob({ endpoint: 'http://p', jobId: 7n, fetch: down })).rejects.toMatchObject({
      code: 'PROVIDER_UNREACHABLE',
      details: 'job 7',
    })
  })

  test('error: the caller cancels', async () => {
    const controller = new AbortController()
    const hang = ((_: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason))
        controller.abort(new DOMException('left the page', 'AbortError'))
      })) as typeof fetch
    const error = await fetchProviderJob({
      endpoint: 'http://p',
      jobId: 7n,
      fetch: hang,
      signal: controller.signal,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DOMException)
    expect((error as DOMException).message).toBe('left the page')
  })
})
