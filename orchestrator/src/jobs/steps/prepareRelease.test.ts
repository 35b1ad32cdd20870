import { type Manifest, resultKeyTag, sealDatasetKey } from '@licen/sdk'
import { secp256k1 } from '@noble/curves/secp256k1'
import { type Address, bytesToHex, type Hex, zeroHash } from 'viem'
import { describe, expect, test } from 'vitest'
import type { JobRow } from '../../db/jobRow.js'
import { OrchestratorError } from '../../errors.js'
import type { ReleaseKey } from '../../release/loadReleaseKey.js'
import { classifyError } from '../classifyError.js'
import type { JobContext } from '../JobContext.js'
import { prepareRelease } from './prepareRelease.js'

const owner = `0x${'11'.repeat(20)}` as Address
const squatter = `0x${'22'.repeat(20)}` as Address
const datasetRoot = `0x${'ab'.repeat(32)}` as Hex
const otherRoot = `0x${'cd'.repeat(32)}` as Hex
const policyHash = `0x${'ef'.repeat(32)}` as Hex
const releasePrivateKey = secp256k1.utils.randomSecretKey()
const releasePublicKey = bytesToHex(secp256k1.getPublicKey(releasePrivateKey, true))
const resultPubKey = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))
const releaseKey = {
  publicKey: releasePublicKey,
  withPrivateKey: (use: (key: Uint8Array) => unknown) => use(releasePrivateKey),
} as unknown as ReleaseKey
const row = { jobId: 5n, stage: 'discovered', resultPubKey, grantedBlock: null } as unknown as JobRow

/** A Granted job whose dataset is registered by `registrant`, with a manifest naming it and an envelope as given. */
function context(envelope: { root?: Hex; owner?: Address }, registrant: Address = owner) {
  const calls: string[] = []
  const manifest = {
    datasetRoot,
    publisher: { address: registrant },
    keyEnvelope: {
      releasePublicKey,
      envelope: bytesToHex(
        sealDatasetKey({
          releasePublicKey,
          datasetRoot: envelope.root ?? datasetRoot,
          owner: envelope.owner ?? owner,
          key: new Uint8Array(32).fill(7),
        }),
      ),
    },
  } as unknown as Manifest
  const job = {
    jobId: row.jobId,
    stateName: 'Granted',
    datasetRoot,
    policyVersion: 1,
    providerId: 3,
    deadline: 100_000,
    resultKeyTag: resultKeyTag(resultPubKey),
  }
  const read = <value>(name: string, value: value) => {
    calls.push(name)
    return Promise.resolve(value)
  }
  const ctx = {
    chainId: 31337,
    dataPolicy: `0x${'33'.repeat(20)}`,
    defaultPolicyHash: policyHash,
    timing: { minRunSeconds: 60 },
    log: { info: () => {}, debug: () => {}, warn: () => {} },
    onStep: undefined,
    now: () => 1_000,
    verifier: { has: () => true },
    chain: {
      readJob: () => read('readJob', job),
      readDataset: () => read('readDataset', { owner: registrant, active: true }),
      readPolicy: () => read('readPolicy', { expiry: 0, attestationPolicy: zeroHash }),
      chainTime: () => read('chainTime', 1_000),
      providerEndpoint: () => read('providerEndpoint', 'http://provider'),
      grantedUnderCurrentOwner: () => read('grantedUnderCurrentOwner', true),
      isPolicyAllowed: () => read('isPolicyAllowed', true),
      readManifestAt: () => read('readManifestAt', zeroHash),
    },
    manifests: { read: () => read('manifests.read', manifest) },
    releaseKeys: { keyFor: () => read('keyFor', releaseKey) },
    store: {
      transition: (current: JobRow, stage: string) => read(`record ${stage}`, { ...current, stage }),
    },
    providers: {
      attest: () => {
        calls.push('attest')
        // Unreachable, so the step ends right after the call (retried later, as a real outage would be).
        return Promise.reject(new OrchestratorError('x', { code: 'PROVIDER_UNREACHABLE' }))
      },
    },
  } as unknown as JobContext
  return { ctx, calls }
}

/** The failure code the job would be recorded with, and every call made, for a job prepared in `ctx`. */
async function prepare({ ctx, calls }: ReturnType<typeof context>) {
  const error = await prepareRelease(ctx, row).then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  return { handled: classifyError(error, 'attest'), calls }
}

const checks = [
  'readJob',
  'readDataset',
  'readPolicy',
  'chainTime',
  'providerEndpoint',
  'grantedUnderCurrentOwner',
  'isPolicyAllowed',
  'readManifestAt',
  'manifests.read',
  'keyFor',
]

describe('prepareRelease', () => {
  test('default: the envelope opens, then a nonce is burnt and the provider is asked to attest', async () => {
    expect(await prepare(context({}))).toEqual({
      handled: { kind: 'retry', code: 'PROVIDER_UNREACHABLE', graceCode: 'PROVIDER_UNREACHABLE' },
      calls: [...checks, 'record attesting', 'attest'],
    })
  })

  test('error: an envelope naming another owner fails the job before the provider is asked', async () => {
    // A squatter's manifest names the squatter (who registered the copy); only the owner could seal the envelope.
    expect(await prepare(context({ owner }, squatter))).toEqual({
      handled: { kind: 'fail', code: 'DATASET_OWNER_MISMATCH', detail: 'ENVELOPE_OWNER_MISMATCH' },
      calls: checks,
    })
  })

  test('error: an envelope bound to another dataset fails the job before the provider is asked', async () => {
    expect(await prepare(context({ root: otherRoot }))).toEqual({
      handled: { kind: 'fail', code: 'KEY_ENVELOPE_MISMATCH', detail: 'ENVELOPE_CONTEXT_MISMATCH' },
      calls: checks,
    })
  })
})
