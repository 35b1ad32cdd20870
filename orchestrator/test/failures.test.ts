// Every way a job must fail ends Failed on chain with a full refund and the stable reason, whether the
// orchestrator refuses it (markJobFailed) or the provider's enclave signed the failure (reportJobFailure). All
// chain situations are arranged first, then one orchestrator works them all concurrently.

import { createLogger } from '@licen/sdk'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex, keccak256, parseGwei, stringToHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Orchestrator, startOrchestrator } from '../src/startOrchestrator.js'
import { terminalEvents } from './chainEvents.js'
import { type Environment, startEnvironment } from './environment.js'
import { type FakeProvider, startFakeProvider } from './fakeProvider.js'
import { type PublishedDataset, publishDataset } from './publishDataset.js'
import { waitForDone } from './waitFor.js'

const resultPubKey = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))
const price = parseGwei('2')
const royalty = parseGwei('3')
const epochs = 2
const escrow = (royalty + price) * BigInt(epochs)
const jsonl = '{"text":"a"}\n{"text":"b"}\n'

let env: Environment
let provider: FakeProvider
let providerId: number
let deadProviderId: number
let orchestrator: Orchestrator
/** Scenario → job id, expected reason, whether the enclave signed it. */
const cases = new Map<string, { jobId: bigint; reason: string; byEnclave: boolean }>()
let researcherBefore: bigint
const logs: string[] = []

beforeAll(async () => {
  env = await startEnvironment()
  provider = await startFakeProvider({
    rpcUrl: env.chain.rpcUrl,
    chainId: env.chain.chainId,
    dataPolicy: env.chain.dataPolicy,
    tee: env.agent.tee,
  })
  providerId = await env.chain.registerProvider(provider.url, price)
  deadProviderId = await env.chain.registerProvider('http://127.0.0.1:9', price)
  const publish = (extra: Partial<Parameters<typeof publishDataset>[0]> = {}) =>
    publishDataset({
      chain: env.chain,
      storage: env.storage,
      releasePublicKey: env.releasePublicKey,
      jsonl: `${jsonl}{"n":${cases.size}}\n`,
      ...extra,
    })
  researcherBefore = await env.chain.credits(env.chain.addressOf('researcher'))
  const grant = async (
    name: string,
    dataset: PublishedDataset,
    reason: string,
    byEnclave = false,
    onProvider = providerId,
  ) => {
    const jobId = await env.chain.requestAccess({
      datasetRoot: dataset.datasetRoot,
      epochs,
      providerId: onProvider,
      resultPubKey,
    })
    cases.set(name, { jobId, reason, byEnclave })
    return jobId
  }
  const shared = await publish()

  provider.behaviour.set(
    await grant('attestation fails the policy', shared, 'ATTESTATION_REJECTED'),
    'badQuote',
  )
  await grant('provider unreachable', shared, 'PROVIDER_UNREACHABLE', false, deadProviderId)
  provider.behaviour.set(await grant('provider reports failure', shared, 'TRAINING_FAILED', true), 'fail')
  provider.behaviour.set(await grant('provider refuses the start', shared, 'QUEUE_FULL', true), 'refuseStart')
  provider.behaviour.set(await grant('provider loses the job', shared, 'PROVIDER_LOST'), 'forget')

  const other = await publish()
  await grant(
    'envelope for another dataset',
    await publish({ envelopeRoot: other.datasetRoot }),
    'KEY_ENVELOPE_MISMATCH',
  )
  await grant(
    'envelope sealed to another release key',
    await publish({
      releasePublicKey: bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true)),
    }),
    'KEY_ENVELOPE_INVALID',
  )

  // Dataset squatting: the owner's upload (root + manifest, public in storage) registered first by someone else.
  await grant(
    'squatter registers the copied root and manifest',
    await publish({ registerAs: 'squatter' }),
    'DATASET_OWNER_MISMATCH',
  )
  await grant(
    'squatter registers a copy of the manifest naming itself',
    await publish({ registerAs: 'squatter', manifestPublisher: 'squatter' }),
    'DATASET_OWNER_MISMATCH',
  )

  // The owner committed before the squatter registered its upload and takes the dataset back: the job granted on
  // the squatter's terms is refused before any attestation.
  const takenBack = await publish({
    registerAs: 'squatter',
    beforeRegister: (root) => env.chain.commitDataset(root),
  })
  await grant('owner takes back a squatted dataset', takenBack, 'DATASET_OWNER_REPLACED')
  await env.chain.registerDataset(takenBack.datasetRoot, takenBack.manifestHash)

  const delisted = await publish()
  await grant('dataset delisted after grant', delisted, 'DATASET_DELISTED')
  await env.chain.setDatasetActive(delisted.datasetRoot, false)

  const unknownPolicy = keccak256(stringToHex('a policy this orchestrator has no file for'))
  await env.chain.allowPolicy(unknownPolicy)
  await grant(
    'required policy not configured',
    await publish({ policy: { attestationPolicy: unknownPolicy } }),
    'POLICY_UNAVAILABLE',
  )

  const block = await env.chain.public.getBlock()
  await grant(
    'policy expired',
    await publish({ policy: { expiry: Number(block.timestamp) + 100 } }),
    'POLICY_EXPIRED',
  )
  await env.chain.public.request({ method: 'evm_increaseTime' as never, params: [200] as never })
  await env.chain.public.request({ method: 'evm_mine' as never, params: [] as never })
  // After the time jump, so its deadline is still ahead (but closer than minRunSeconds).
  await grant('deadline too close', await publish({ policy: { sessionTtl: 90 } }), 'DEADLINE_TOO_CLOSE')

  orchestrator = await startOrchestrator(env.config('failures'), {
    log: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
  })
}, 180_000)

afterAll(async () => {
  if (process.env.LICEN_TEST_LOGS) console.log(logs.join('\n'))
  await orchestrator?.stop()
  await provider?.close()
  await env?.stop()
})

describe('failure paths', () => {
  test('default: every case ends Failed once, with its reason and a full refund', async () => {
    const views = new Map<string, Awaited<ReturnType<typeof waitForDone>>>()
    for (const [name, { jobId }] of cases) views.set(name, await waitForDone(orchestrator.url, jobId, 90_000))
    const terminals = await terminalEvents(env.chain.public, env.chain.dataPolicy)
    const found = Object.fromEntries(
      [...cases].map(([name, { jobId }]) => [
        name,
        { outcome: views.get(name)!.outcome, events: terminals.get(jobId) },
      ]),
    )
    const expected = Object.fromEntries(
      [...cases].map(([name, { reason, byEnclave }]) => [
        name,
        { outcome: 'Failed', events: [{ name: 'JobFailed', reason, byEnclave, refund: escrow }] },
      ]),
    )
    expect(found).toEqual(expected)
    expect((await env.chain.credits(env.chain.addressOf('researcher'))) - researcherBefore).toBe(
      escrow * BigInt(cases.size),
    )
    // The squatter's registrations earned nothing.
    expect(await env.chain.credits(env.chain.addressOf('squatter'))).toBe(0n)
  }, 120_000)

  test('behavior: refusals never reach a provider; a failed release never hands over a key', async () => {
    const attested = new Set(provider.attests.map((a) => a.jobId))
    const started = new Set(provider.starts.map((s) => s.jobId))
    const id = (name: string) => cases.get(name)!.jobId
    const reached = Object.fromEntries(
      [
        'dataset delisted after grant',
        'deadline too close',
        'required policy not configured',
        'policy expired',
        'envelope sealed to another release key',
        'attestation fails the policy',
        'envelope for another dataset',
        'squatter registers the copied root and manifest',
        'squatter registers a copy of the manifest naming itself',
        'owner takes back a squatted dataset',
      ].map((name) => [name, { attested: attested.has(id(name)), started: started.has(id(name)) }]),
    )
    expect(reached).toEqual({
      'dataset delisted after grant': { attested: false, started: false },
      'deadline too close': { attested: false, started: false },
      'required policy not configured': { attested: false, started: false },
      'policy expired': { attested: false, started: false },
      // The manifest names another release key: refused before the provider is asked.
      'envelope sealed to another release key': { attested: false, started: false },
      'attestation fails the policy': { attested: true, started: false },
      // The envelope is opened before the provider is asked (issue #20 item 4): refused without an attestation.
      'envelope for another dataset': { attested: false, started: false },
      // The manifest names the real owner, not the registrant: refused before the provider is asked.
      'squatter registers the copied root and manifest': { attested: false, started: false },
      // Only the real owner could seal an envelope naming the registrant: the envelope names the real owner, so
      // the job fails before the provider is asked (it would otherwise hold one of its pending slots).
      'squatter registers a copy of the manifest naming itself': { attested: false, started: false },
      // Granted under the squatter, whose registration the owner displaced: refused before the provider is asked.
      'owner takes back a squatted dataset': { attested: false, started: false },
    })
  })

  test('behavior: the step log names the failure and where it was decided', async () => {
    const response = await fetch(
      `${orchestrator.url}/v1/jobs/${cases.get('attestation fails the policy')!.jobId}`,
    )
    const view = (await response.json()) as {
      failureCode: string
      events: { step: string; phase: string; detail: Record<string, unknown> }[]
    }
    expect(view.failureCode).toBe('ATTESTATION_REJECTED')
    expect(view.events.map((e) => `${e.step}:${e.phase}`)).toEqual(['attest:begin', 'fail:begin', 'fail:end'])
    expect(view.events[1]!.detail).toMatchObject({
      code: 'ATTESTATION_REJECTED',
      detail: 'REPORT_DATA_MISMATCH',
      from: 'attesting',
    })
  })
})

export type { Hex }
