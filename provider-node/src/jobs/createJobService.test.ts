import {
  dataPolicyDomain,
  encryptLcn1,
  hashEpochReceipt,
  readResultObject,
  recoverFailureReportSigner,
  recoverResultManifestSigner,
  reportData,
  sealJobKey,
  verifyReceiptChain,
  verifyResultFiles,
} from '@licen/sdk'
import { secp256k1 } from '@noble/curves/secp256k1'
import { type Address, bytesToHex, type Hex, keccak256, slice, stringToHex, zeroAddress } from 'viem'
import { describe, expect, test, vi } from 'vitest'
import {
  CHAIN_ID,
  DATA_POLICY,
  echoTee,
  type FakeTrainerControl,
  fakeChain,
  fakeEnvironment,
  fakeTrainer,
  memoryStorage,
} from '../../test/fakes.js'
import { type CreateJobServiceParameters, createJobService, type JobService } from './createJobService.js'
import type { JobEnvironment } from './JobEnvironment.js'
import type { JobView } from './jobView.js'

const domain = dataPolicyDomain({ chainId: CHAIN_ID, verifyingContract: DATA_POLICY })
const researcherKey = secp256k1.utils.randomSecretKey()
const resultPubKey = bytesToHex(secp256k1.getPublicKey(researcherKey, true))
const nonce = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex
const jsonl = Array.from({ length: 12 }, (_, i) =>
  JSON.stringify({ prompt: `q${i}`, completion: `a${i}` }),
).join('\n')
const limits = {
  maxConcurrentJobs: 1,
  maxQueuedJobs: 4,
  maxPendingJobs: 4,
  maxPendingPerRequester: 4,
  maxPendingPerDataset: 4,
  pendingTtlSeconds: 60,
  maxRetainedJobs: 16,
}

async function setup(
  options: { env?: Partial<JobEnvironment>; limits?: Partial<typeof limits>; plaintext?: string } = {},
) {
  const chain = fakeChain()
  const tee = echoTee()
  const storage = memoryStorage()
  const env = fakeEnvironment({ storage, ...options.env })
  const datasetKey = crypto.getRandomValues(new Uint8Array(32))
  const ciphertext = await encryptLcn1(new TextEncoder().encode(options.plaintext ?? jsonl), {
    key: datasetKey,
  })
  const { root: datasetRoot } = await storage.upload(ciphertext)
  const parameters: CreateJobServiceParameters = {
    env,
    chain,
    tee,
    providerId: 1,
    limits: { ...limits, ...options.limits },
  }
  const service = createJobService(parameters)
  /** Plays the chain side of a grant. */
  const grant = (jobId: bigint, epochs = 2, root: Hex = datasetRoot, requester: Address = zeroAddress) => {
    chain.jobs.set(jobId, {
      jobId,
      datasetRoot: root,
      requester,
      deadline: Math.floor(Date.now() / 1000) + 3600,
      providerId: 1,
      epochs,
      state: 'Granted',
      enclaveSigner: zeroAddress,
      resultKeyTag: slice(keccak256(resultPubKey), 0, 12),
      attestationRef: `0x${'00'.repeat(32)}`,
    })
  }
  /** Plays the orchestrator: attest, startJob on chain, seal the key, call start. */
  const release = async (
    jobId: bigint,
    tweak: {
      key?: Uint8Array
      sealFor?: { jobId?: bigint; datasetRoot?: Hex }
      spec?: Partial<{ epochs: number; datasetRoot: Hex; resultPubKey: Hex }>
    } = {},
  ) => {
    const answer = await service.attest({
      jobId,
      nonce: nonce(Number(jobId)),
      chainId: CHAIN_ID,
      dataPolicy: DATA_POLICY,
    })
    const job = chain.jobs.get(jobId)!
    chain.jobs.set(jobId, {
      ...job,
      state: 'Running',
      enclaveSigner: answer.signer,
      attestationRef: keccak256(answer.quote),
    })
    const sealedKey = bytesToHex(
      sealJobKey({
        chainId: CHAIN_ID,
        contract: DATA_POLICY,
        jobId: tweak.sealFor?.jobId ?? jobId,
        datasetRoot: tweak.sealFor?.datasetRoot ?? job.datasetRoot,
        providerPublicKey: answer.encPubKey,
        key: tweak.key ?? datasetKey,
      }),
    )
    const view = await service.start({
      jobId,
      sealedKey,
      spec: { datasetRoot: job.datasetRoot, epochs: job.epochs, resultPubKey, ...tweak.spec },
    })
    return { answer, view }
  }
  return { chain, tee, storage, env, service, datasetRoot, datasetKey, grant, release }
}

async function ended(service: JobService, jobId: bigint): Promise<JobView> {
  for (let i = 0; i < 500; i++) {
    const view = service.get(jobId)
    if (view.status.state === 'Finished' || view.status.state === 'Failed') return view
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('job did not end')
}

async function expectSignedFailure(view: JobView, code: string) {
  expect(view.status).toEqual({ state: 'Failed', code })
  expect(view.failure?.code).toBe(code)
  expect(view.failure?.reason).toBe(stringToHex(code, { size: 32 }))
  const signer = await recoverFailureReportSigner({
    domain,
    report: { jobId: BigInt(view.jobId), reason: view.failure!.reason },
    signature: view.failure!.signature,
  })
  expect(signer).toBe(view.signer)
}

describe('createJobService', () => {
  test('default', async () => {
    const { service, grant, release, storage, datasetRoot } = await setup()
    grant(1n, 3)
    const { answer, view } = await release(1n)
    expect(view.status.state).toBe('SettingUp')
    const done = await ended(service, 1n)
    expect(done.status).toEqual({ state: 'Finished' })
    expect(done.dataset).toEqual({
      bytes: jsonl.length,
      validExamples: 12,
      invalidLines: 0,
      invalidByReason: {},
    })
    // Receipts: three, chained, signed by the attested signer, loss falling.
    expect(done.receipts.map((r) => [r.receipt.epoch, r.receipt.samples, r.receipt.lossMicro])).toEqual([
      [1, '12', '3000000'],
      [2, '12', '1500000'],
      [3, '12', '1000000'],
    ])
    const receipts = done.receipts.map(({ receipt, signature }) => ({
      receipt: {
        ...receipt,
        jobId: BigInt(receipt.jobId),
        samples: BigInt(receipt.samples),
        lossMicro: BigInt(receipt.lossMicro),
      },
      signature,
    }))
    const head = await verifyReceiptChain({ domain, jobId: 1n, signer: answer.signer, receipts })
    expect(head).toBe(hashEpochReceipt(domain, receipts[2]!.receipt))
    // Manifest: signed, pointing at the uploaded result, which the researcher decrypts to the receipted adapter.
    const result = service.result(1n)
    expect(result.manifest).toMatchObject({
      jobId: '1',
      datasetRoot,
      codeHash: `0x${'cd'.repeat(32)}`,
      actualEpochs: 3,
      receiptsHead: head,
    })
    const manifest = { ...result.manifest, jobId: 1n }
    expect(await recoverResultManifestSigner({ domain, manifest, signature: result.signature })).toBe(
      answer.signer,
    )
    const files = await readResultObject({
      chainId: CHAIN_ID,
      contract: DATA_POLICY,
      jobId: 1n,
      resultPrivateKey: researcherKey,
      source: storage.objects.get(result.manifest.resultRoot)!,
    })
    expect(files.map((f) => f.name)).toEqual([
      'adapter_config.json',
      'adapter_model.safetensors',
      'licen_receipts.json',
    ])
    expect(keccak256(files[1]!.bytes)).toBe(receipts[2]!.receipt.adapterHash)
    // The result carries the receipts exactly as GET /v1/jobs/:jobId serves them, and verifies from them alone.
    expect(new TextDecoder().decode(files[2]!.bytes)).toBe(JSON.stringify(done.receipts))
    const verified = await verifyResultFiles({
      chainId: CHAIN_ID,
      contract: DATA_POLICY,
      jobId: 1n,
      enclaveSigner: answer.signer,
      receiptsHead: result.manifest.receiptsHead,
      actualEpochs: result.manifest.actualEpochs,
      files,
    })
    expect(verified.adapterHash).toBe(receipts[2]!.receipt.adapterHash)
  })

  test('behavior: the quote binds nonce, job, encryption key and signer', async () => {
    const { service, grant, tee } = await setup()
    grant(5n)
    const answer = await service.attest({
      jobId: 5n,
      nonce: nonce(9),
      chainId: CHAIN_ID,
      dataPolicy: DATA_POLICY,
    })
    const expected = bytesToHex(
      reportData({
        chainId: CHAIN_ID,
        dataPolicy: DATA_POLICY,
        jobId: 5n,
        nonce: nonce(9),
        encPubKey: answer.encPubKey,
        signer: answer.signer,
      }),
    )
    expect(answer.reportData).toBe(expected)
    expect(tee.quoted).toEqual([expected])
  })

  test('behavior: a second attest with a fresh nonce quotes the same keys', async () => {
    const { service, grant } = await setup()
    grant(2n)
    const a = await service.attest({ jobId: 2n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
    const b = await service.attest({ jobId: 2n, nonce: nonce(2), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
    expect([b.signer, b.encPubKey]).toEqual([a.signer, a.encPubKey])
    expect(b.reportData).not.toBe(a.reportData)
  })

  test('behavior: jobs beyond the concurrency wait in the queue, then run', async () => {
    const gate = { open: () => {} }
    const control: FakeTrainerControl = {
      seen: [],
      beforeEpoch: () => new Promise<void>((resolve) => (gate.open = resolve)),
    }
    const { service, grant, release } = await setup({ env: { trainer: fakeTrainer(control) } })
    grant(1n)
    grant(2n)
    await release(1n)
    const second = await release(2n)
    expect(second.view.status).toEqual({ state: 'SettingUp', queued: true })
    for (let i = 0; i < 100 && service.get(1n).status.state !== 'Training'; i++)
      await new Promise((r) => setTimeout(r, 5))
    expect(service.counts()).toMatchObject({ running: 1, queued: 1 })
    gate.open()
    for (let i = 0; i < 100 && service.get(2n).status.state !== 'Training'; i++)
      await new Promise((r) => setTimeout(r, 5))
    gate.open()
    expect((await ended(service, 1n)).status.state).toBe('Finished')
    expect((await ended(service, 2n)).status.state).toBe('Finished')
  })

  test('behavior: a time budget that ends after one epoch delivers that epoch', async () => {
    const { service, grant, release } = await setup({
      env: { trainer: fakeTrainer({ seen: [], budgetEpochs: 1 }) },
    })
    grant(1n, 3)
    await release(1n)
    expect((await ended(service, 1n)).status.state).toBe('Finished')
    expect(service.result(1n).manifest.actualEpochs).toBe(1)
  })

  test('behavior: invalid lines are counted and skipped', async () => {
    const plaintext = `${jsonl}\nnot json\n{"x":1}\n`
    const { service, grant, release } = await setup({ plaintext })
    grant(1n)
    await release(1n)
    const view = await ended(service, 1n)
    expect(view.status.state).toBe('Finished')
    expect(view.dataset).toEqual({
      bytes: plaintext.length,
      validExamples: 12,
      invalidLines: 2,
      invalidByReason: { INVALID_JSON: 1, UNKNOWN_SHAPE: 1 },
    })
  })

  describe('attest', () => {
    test('error: another chain or contract', async () => {
      const { service, grant } = await setup()
      grant(1n)
      await expect(
        service.attest({ jobId: 1n, nonce: nonce(1), chainId: 1, dataPolicy: DATA_POLICY }),
      ).rejects.toMatchObject({
        code: 'CHAIN_MISMATCH',
      })
      await expect(
        service.attest({ jobId: 1n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: zeroAddress }),
      ).rejects.toMatchObject({ code: 'CHAIN_MISMATCH' })
    })

    test('error: job not Granted, or for another provider', async () => {
      const { service, grant, chain } = await setup()
      await expect(
        service.attest({ jobId: 9n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: DATA_POLICY }),
      ).rejects.toMatchObject({
        code: 'JOB_NOT_GRANTED',
      })
      grant(1n)
      chain.jobs.set(1n, { ...chain.jobs.get(1n)!, providerId: 2 })
      await expect(
        service.attest({ jobId: 1n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: DATA_POLICY }),
      ).rejects.toMatchObject({
        code: 'JOB_NOT_FOR_PROVIDER',
      })
    })

    test('error: nonce reused', async () => {
      const { service, grant } = await setup()
      grant(1n)
      await service.attest({ jobId: 1n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
      await expect(
        service.attest({
          jobId: 1n,
          nonce: nonce(1).toUpperCase().replace('0X', '0x') as Hex,
          chainId: CHAIN_ID,
          dataPolicy: DATA_POLICY,
        }),
      ).rejects.toMatchObject({ code: 'NONCE_REUSED' })
    })

    test('error: too many pending jobs', async () => {
      const { service, grant } = await setup({ limits: { maxPendingJobs: 1 } })
      grant(1n)
      grant(2n)
      await service.attest({ jobId: 1n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
      await expect(
        service.attest({ jobId: 2n, nonce: nonce(2), chainId: CHAIN_ID, dataPolicy: DATA_POLICY }),
      ).rejects.toMatchObject({
        code: 'TOO_MANY_PENDING',
      })
    })

    test('behavior: a pending job past its TTL is dropped', async () => {
      let now = 1_000_000
      const { service, grant } = await setup({
        env: { now: () => now },
        limits: { maxPendingJobs: 1, pendingTtlSeconds: 10 },
      })
      grant(1n)
      grant(2n)
      await service.attest({ jobId: 1n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
      now += 11_000
      await service.attest({ jobId: 2n, nonce: nonce(2), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
      expect(() => service.get(1n)).toThrowError(expect.objectContaining({ code: 'JOB_NOT_FOUND' }))
    })

    test('behavior: pending jobs are swept without further attests', async () => {
      vi.useFakeTimers({ toFake: ['setInterval'] })
      try {
        let now = 1_000_000
        const { service, grant } = await setup({ env: { now: () => now }, limits: { pendingTtlSeconds: 10 } })
        grant(1n)
        await service.attest({ jobId: 1n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
        now += 11_000
        vi.advanceTimersByTime(10_000)
        expect(() => service.get(1n)).toThrowError(expect.objectContaining({ code: 'JOB_NOT_FOUND' }))
      } finally {
        vi.useRealTimers()
      }
    })
  })

  describe('attest: pending slots', () => {
    const alice = `0x${'a1'.repeat(20)}` as Address
    const bob = `0x${'b0'.repeat(20)}` as Address
    const otherRoot = `0x${'0d'.repeat(32)}` as Hex
    const attest = (service: JobService, jobId: bigint, n = Number(jobId)) =>
      service.attest({ jobId, nonce: nonce(n), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
    /** Whether the node still holds `jobId` (an attested job it dropped answers JOB_NOT_FOUND). */
    const holds = (service: JobService, jobId: bigint) => {
      try {
        service.get(jobId)
        return true
      } catch {
        return false
      }
    }

    test('error: a third pending job of one requester with a per-requester cap of 2', async () => {
      const { service, grant } = await setup({ limits: { maxPendingPerRequester: 2 } })
      for (const jobId of [1n, 2n, 3n]) grant(jobId, 1, undefined, alice)
      grant(4n, 1, undefined, bob)
      await attest(service, 1n)
      await attest(service, 2n)
      await expect(attest(service, 3n)).rejects.toMatchObject({
        code: 'TOO_MANY_PENDING_FOR_REQUESTER',
        shortMessage: "Too many of the requester's jobs wait for their start; try later.",
      })
      // Another requester still gets a slot, and a repeated attest of a held job needs none.
      await attest(service, 4n)
      await attest(service, 1n, 11)
      expect([1n, 2n, 3n, 4n].map((jobId) => holds(service, jobId))).toEqual([true, true, false, true])
    })

    test('error: a third pending job on one dataset with a per-dataset cap of 2', async () => {
      const { service, grant } = await setup({ limits: { maxPendingPerDataset: 2 } })
      grant(1n, 1, undefined, alice)
      grant(2n, 1, undefined, bob)
      grant(3n, 1, undefined, `0x${'c3'.repeat(20)}`)
      grant(4n, 1, otherRoot, alice)
      await attest(service, 1n)
      await attest(service, 2n)
      await expect(attest(service, 3n)).rejects.toMatchObject({ code: 'TOO_MANY_PENDING_FOR_DATASET' })
      await attest(service, 4n)
    })

    test.each(['Failed', 'Reclaimed', 'Completed'] as const)(
      'behavior: a pending job whose chain state became %s is dropped by the sweep, freeing its slot',
      async (state) => {
        vi.useFakeTimers({ toFake: ['setInterval'] })
        try {
          let now = 1_000_000
          const { service, grant, chain } = await setup({
            env: { now: () => now },
            limits: { maxPendingJobs: 1, pendingTtlSeconds: 3600 },
          })
          grant(1n)
          grant(2n)
          await attest(service, 1n)
          chain.jobs.set(1n, { ...chain.jobs.get(1n)!, state })
          now += 15_000
          vi.advanceTimersByTime(15_000)
          await vi.waitFor(() => expect(holds(service, 1n)).toBe(false))
          expect((await attest(service, 2n)).signer).toBe(service.get(2n).signer)
        } finally {
          vi.useRealTimers()
        }
      },
    )

    test('behavior: the sweep keeps Granted jobs and jobs Running under their signer, drops one Running under another', async () => {
      vi.useFakeTimers({ toFake: ['setInterval'] })
      try {
        let now = 1_000_000
        const { service, grant, chain } = await setup({ env: { now: () => now } })
        for (const jobId of [1n, 2n, 3n]) grant(jobId)
        const signers = [
          (await attest(service, 1n)).signer,
          (await attest(service, 2n)).signer,
          (await attest(service, 3n)).signer,
        ]
        chain.jobs.set(2n, { ...chain.jobs.get(2n)!, state: 'Running', enclaveSigner: signers[1]! })
        chain.jobs.set(3n, { ...chain.jobs.get(3n)!, state: 'Running', enclaveSigner: signers[0]! })
        const reads: bigint[] = []
        const getJob = chain.getJob
        chain.getJob = (jobId) => {
          reads.push(jobId)
          return getJob(jobId)
        }
        now += 15_000
        vi.advanceTimersByTime(15_000)
        await vi.waitFor(() => expect(holds(service, 3n)).toBe(false))
        expect([reads.sort(), holds(service, 1n), holds(service, 2n)]).toEqual([[1n, 2n, 3n], true, true])
      } finally {
        vi.useRealTimers()
      }
    })

    test('behavior: a full table first drops the jobs the chain moved on from, then admits', async () => {
      let now = 1_000_000
      const { service, grant, chain } = await setup({
        env: { now: () => now },
        limits: { maxPendingJobs: 2, pendingTtlSeconds: 3600 },
      })
      for (const jobId of [1n, 2n, 3n, 4n]) grant(jobId)
      await attest(service, 1n)
      await attest(service, 2n)
      chain.jobs.set(1n, { ...chain.jobs.get(1n)!, state: 'Failed' })
      // Checked by the chain less than 5 s ago: not read again, the table stays full.
      now += 4_000
      await expect(attest(service, 3n)).rejects.toMatchObject({ code: 'TOO_MANY_PENDING' })
      now += 1_000
      await attest(service, 3n)
      expect([1n, 2n, 3n].map((jobId) => holds(service, jobId))).toEqual([false, true, true])
      // A chain that does not answer drops nothing.
      chain.jobs.set(2n, { ...chain.jobs.get(2n)!, state: 'Failed' })
      chain.down = true
      now += 5_000
      await expect(attest(service, 4n)).rejects.toMatchObject({ code: 'CHAIN_UNAVAILABLE' })
      chain.down = false
      const getJob = chain.getJob
      chain.getJob = (jobId) => (jobId === 4n ? getJob(jobId) : Promise.reject(new Error('down')))
      await expect(attest(service, 4n)).rejects.toMatchObject({ code: 'TOO_MANY_PENDING' })
      expect(holds(service, 2n)).toBe(true)
    })

    test('behavior: reads unanswered by the deadline are abandoned and keep their job', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout'] })
      try {
        let now = 1_000_000
        const { service, grant, chain } = await setup({
          env: { now: () => now },
          limits: { maxPendingJobs: 1 },
        })
        grant(1n)
        grant(2n)
        await attest(service, 1n)
        const getJob = chain.getJob
        chain.getJob = (jobId) => (jobId === 1n ? new Promise(() => {}) : getJob(jobId))
        now += 5_000
        const refused = expect(attest(service, 2n)).rejects.toMatchObject({ code: 'TOO_MANY_PENDING' })
        await vi.advanceTimersByTimeAsync(5_000)
        await refused
        expect(holds(service, 1n)).toBe(true)
      } finally {
        vi.useRealTimers()
      }
    })
  })

  describe('start', () => {
    test('error: start without attest', async () => {
      const { service } = await setup()
      await expect(
        service.start({
          jobId: 1n,
          sealedKey: '0x00',
          spec: { datasetRoot: `0x${'00'.repeat(32)}`, epochs: 1, resultPubKey },
        }),
      ).rejects.toMatchObject({ code: 'JOB_NOT_ATTESTED' })
    })

    test('error: double start', async () => {
      const { service, grant, release } = await setup()
      grant(1n)
      const { view } = await release(1n)
      await expect(
        service.start({
          jobId: 1n,
          sealedKey: '0x00',
          spec: { datasetRoot: `0x${'00'.repeat(32)}`, epochs: 2, resultPubKey },
        }),
      ).rejects.toMatchObject({ code: 'JOB_ALREADY_STARTED' })
      expect((await ended(service, 1n)).status.state).toBe('Finished')
      expect(view.signer).toBe(service.get(1n).signer)
    })

    test('error: attest after start', async () => {
      const { service, grant, release } = await setup()
      grant(1n)
      await release(1n)
      await expect(
        service.attest({ jobId: 1n, nonce: nonce(7), chainId: CHAIN_ID, dataPolicy: DATA_POLICY }),
      ).rejects.toMatchObject({
        code: 'JOB_ALREADY_STARTED',
      })
    })

    test('error: wrong sealed key (sealed to another key) ends as a signed failure', async () => {
      const { service, grant, chain } = await setup()
      grant(1n)
      const answer = await service.attest({
        jobId: 1n,
        nonce: nonce(1),
        chainId: CHAIN_ID,
        dataPolicy: DATA_POLICY,
      })
      const job = chain.jobs.get(1n)!
      chain.jobs.set(1n, { ...job, state: 'Running', enclaveSigner: answer.signer })
      const other = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))
      const sealedKey = bytesToHex(
        sealJobKey({
          chainId: CHAIN_ID,
          contract: DATA_POLICY,
          jobId: 1n,
          datasetRoot: job.datasetRoot,
          providerPublicKey: other,
          key: new Uint8Array(32),
        }),
      )
      const view = await service.start({
        jobId: 1n,
        sealedKey,
        spec: { datasetRoot: job.datasetRoot, epochs: 2, resultPubKey },
      })
      await expectSignedFailure(view, 'ENVELOPE_DECRYPT_FAILED')
    })

    test('error: key sealed for another job', async () => {
      const { grant, release } = await setup()
      grant(1n)
      const { view } = await release(1n, { sealFor: { jobId: 2n } })
      await expectSignedFailure(view, 'ENVELOPE_CONTEXT_MISMATCH')
    })

    test.each([
      ['SPEC_MISMATCH', { spec: { epochs: 3 } }],
      ['SPEC_MISMATCH', { spec: { datasetRoot: `0x${'11'.repeat(32)}` as Hex } }],
      [
        'RESULT_KEY_MISMATCH',
        {
          spec: { resultPubKey: bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true)) },
        },
      ],
    ])('error: %s', async (code, tweak) => {
      const { grant, release } = await setup()
      grant(1n)
      const { view } = await release(1n, tweak)
      await expectSignedFailure(view, code)
    })

    test('error: job not Running or with another signer on chain', async () => {
      const { service, grant, chain } = await setup()
      grant(1n)
      await service.attest({ jobId: 1n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
      const job = chain.jobs.get(1n)!
      const spec = { datasetRoot: job.datasetRoot, epochs: 2, resultPubKey }
      await expectSignedFailure(
        await service.start({ jobId: 1n, sealedKey: '0x00', spec }),
        'JOB_NOT_RUNNING',
      )
      grant(2n)
      await service.attest({ jobId: 2n, nonce: nonce(2), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
      chain.jobs.set(2n, { ...chain.jobs.get(2n)!, state: 'Running', enclaveSigner: DATA_POLICY })
      await expectSignedFailure(
        await service.start({ jobId: 2n, sealedKey: '0x00', spec }),
        'SIGNER_MISMATCH',
      )
    })

    test('behavior: a chain outage at start releases the claim', async () => {
      const { service, grant, chain, datasetRoot } = await setup()
      grant(1n)
      await service.attest({ jobId: 1n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
      chain.down = true
      await expect(
        service.start({ jobId: 1n, sealedKey: '0x00', spec: { datasetRoot, epochs: 2, resultPubKey } }),
      ).rejects.toMatchObject({ code: 'CHAIN_UNAVAILABLE' })
      expect(service.get(1n).status).toEqual({ state: 'Init' })
    })
  })

  describe('pipeline failures', () => {
    test('error: tampered ciphertext (stored under its own root)', async () => {
      const { service, grant, release, storage, datasetKey } = await setup()
      // 1 KiB chunks so that the modified chunk is a middle one (a lone chunk reads as a wrong key).
      const ciphertext = await encryptLcn1(new TextEncoder().encode(`${jsonl}\n`.repeat(8)), {
        key: datasetKey,
        chunkSizeLog2: 10,
      })
      ciphertext[16 + 1040 + 5]! ^= 1
      const { root } = await storage.upload(ciphertext)
      grant(1n, 2, root)
      await release(1n)
      await expectSignedFailure(await ended(service, 1n), 'LCN1_CHUNK_AUTH_FAILED')
    })

    test('error: dataset key of another dataset', async () => {
      const { service, grant, release } = await setup()
      grant(1n)
      await release(1n, { key: crypto.getRandomValues(new Uint8Array(32)) })
      await expectSignedFailure(await ended(service, 1n), 'LCN1_WRONG_KEY')
    })

    test('error: storage serves bytes of another object (wrong root)', async () => {
      const { service, grant, release, storage, datasetRoot, datasetKey } = await setup()
      storage.serve.set(datasetRoot, await encryptLcn1(new TextEncoder().encode(jsonl), { key: datasetKey }))
      grant(1n)
      await release(1n)
      await expectSignedFailure(await ended(service, 1n), 'DATASET_ROOT_MISMATCH')
    })

    test('error: root not in storage', async () => {
      const { service, grant, release } = await setup()
      grant(1n, 2, `0x${'77'.repeat(32)}`)
      await release(1n)
      await expectSignedFailure(await ended(service, 1n), 'DATASET_NOT_FOUND')
    })

    test('error: malformed JSONL with no valid example', async () => {
      const { service, grant, release } = await setup({ plaintext: 'nope\n{"a":1}\n[]\n' })
      grant(1n)
      await release(1n)
      const view = await ended(service, 1n)
      await expectSignedFailure(view, 'DATASET_NOT_TRAINABLE')
      expect(view.dataset).toMatchObject({ validExamples: 0, invalidLines: 3 })
    })

    test('error: dataset above the size limit', async () => {
      const { service, grant, release } = await setup({
        env: { limits: { maxDatasetBytes: 100, maxTrainingSeconds: 60, deliveryMarginSeconds: 10 } },
      })
      grant(1n)
      await release(1n)
      await expectSignedFailure(await ended(service, 1n), 'DATASET_TOO_LARGE')
    })

    test('error: no epoch within the time budget', async () => {
      const { service, grant, release } = await setup({
        env: { trainer: fakeTrainer({ seen: [], budgetEpochs: 0 }) },
      })
      grant(1n)
      await release(1n)
      await expectSignedFailure(await ended(service, 1n), 'TRAINING_TIMEOUT')
    })

    test('error: deadline too close', async () => {
      const { service, grant, release, chain } = await setup()
      grant(1n)
      chain.jobs.set(1n, { ...chain.jobs.get(1n)!, deadline: Math.floor(Date.now() / 1000) + 5 })
      await release(1n)
      await expectSignedFailure(await ended(service, 1n), 'DEADLINE_TOO_CLOSE')
    })

    test('error: abort mid-run (shutdown) ends as a signed failure with the receipts so far', async () => {
      let reached: () => void = () => {}
      const atEpoch2 = new Promise<void>((resolve) => (reached = resolve))
      const control: FakeTrainerControl = { seen: [], beforeEpoch: async () => reached() }
      const { service, grant, release } = await setup({ env: { trainer: fakeTrainer(control) } })
      grant(1n, 3)
      grant(2n, 3)
      await release(1n)
      await release(2n)
      await atEpoch2
      await service.shutdown()
      const first = await ended(service, 1n)
      await expectSignedFailure(first, 'PROVIDER_SHUTDOWN')
      expect(first.receipts.map((r) => r.receipt.epoch)).toEqual([1])
      await expectSignedFailure(await ended(service, 2n), 'PROVIDER_SHUTDOWN')
      await expect(
        service.attest({ jobId: 3n, nonce: nonce(3), chainId: CHAIN_ID, dataPolicy: DATA_POLICY }),
      ).rejects.toMatchObject({
        code: 'SHUTTING_DOWN',
      })
    })

    test('error: queue full', async () => {
      let release1: (() => void) | undefined
      const control: FakeTrainerControl = {
        seen: [],
        beforeEpoch: () => new Promise<void>((resolve) => (release1 = resolve)),
      }
      const { service, grant, release } = await setup({
        env: { trainer: fakeTrainer(control) },
        limits: { maxConcurrentJobs: 1, maxQueuedJobs: 0 },
      })
      grant(1n)
      grant(2n)
      await release(1n)
      await expectSignedFailure((await release(2n)).view, 'QUEUE_FULL')
      for (let i = 0; i < 200 && !release1; i++) await new Promise((r) => setTimeout(r, 5))
      release1!()
      expect((await ended(service, 1n)).status.state).toBe('Finished')
    })
  })

  test('error: result before the job finished', async () => {
    const { service, grant } = await setup()
    grant(1n)
    await service.attest({ jobId: 1n, nonce: nonce(1), chainId: CHAIN_ID, dataPolicy: DATA_POLICY })
    expect(() => service.result(1n)).toThrowError(expect.objectContaining({ code: 'RESULT_NOT_READY' }))
    expect(() => service.get(2n)).toThrowError(expect.objectContaining({ code: 'JOB_NOT_FOUND' }))
  })
})
