// readJobEvents against a real contract on anvil: one completed, one failed and one reclaimed job.
import { anvilPrivateKeys } from '@licen/contracts'
import { advanceChainTime, type DataPolicyChain, startDataPolicyChain } from '@licen/testing'
import { type Hex, keccak256, parseGwei, stringToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encodeFailureReason } from '../eip712/failureReport.js'
import { signResultManifest } from '../eip712/resultManifest.js'
import { dataPolicyDomain } from '../eip712/types.js'
import { deriveResultKey } from '../resultKey/deriveResultKey.js'
import { policyRoleValue } from './policyRole.js'
import { readJobEvents } from './readJobEvents.js'
import { requestAccess } from './requestAccess.js'
import { writeDataPolicy } from './writeDataPolicy.js'

const fast = { pollingIntervalMs: 20, timeoutMs: 10_000 }
const enclave = privateKeyToAccount(anvilPrivateKeys[5])
const datasetRoot = keccak256(stringToHex('dataset'))
const policyHash = keccak256(stringToHex('attestation policy'))
const royalty = parseGwei('3')
const price = parseGwei('2')

let chain: DataPolicyChain
let address: Hex
let fromBlock: bigint

beforeAll(async () => {
  chain = await startDataPolicyChain()
  address = chain.dataPolicy
  fromBlock = chain.deployment.blockNumber
  const [admin, owner, , operator] = [0, 1, 2, 3].map(chain.wallet)
  await writeDataPolicy(admin!, {
    address,
    functionName: 'setOrchestrator',
    args: [chain.wallet(4).account.address, true],
    ...fast,
  })
  await writeDataPolicy(admin!, {
    address,
    functionName: 'setAttestationPolicy',
    args: [policyHash, true, 'ipfs://p', policyRoleValue.provider],
    ...fast,
  })
  await writeDataPolicy(operator!, {
    address,
    functionName: 'registerProvider',
    args: ['http://127.0.0.1:1', price],
    ...fast,
  })
  await writeDataPolicy(owner!, {
    address,
    functionName: 'registerDataset',
    args: [
      datasetRoot,
      keccak256(stringToHex('manifest')),
      {
        royaltyPerEpoch: royalty,
        maxEpochsPerJob: 5,
        maxActiveJobsPerRequester: 5,
        sessionTtl: 3600,
        expiry: 0,
        allowedPurposes: 1,
        attestationPolicy: policyHash,
      },
    ],
    ...fast,
  })
})

afterAll(async () => {
  await chain?.stop()
})

describe('readJobEvents', () => {
  test('default: granted, started and settled events of each job, and nothing of others', async () => {
    const researcher = chain.wallet(2)
    const orchestrator = chain.wallet(4)
    const { publicKey } = await deriveResultKey(researcher.account)
    const request = () =>
      requestAccess(researcher, {
        address,
        datasetRoot,
        purposeId: 0,
        epochs: 3,
        providerId: 1,
        resultPubKey: publicKey,
        ...fast,
      })
    const completedJob = await request()
    const failedJob = await request()
    const reclaimedJob = await request()
    const attestationRef = keccak256(stringToHex('evidence'))
    await writeDataPolicy(orchestrator, {
      address,
      functionName: 'startJob',
      args: [completedJob.jobId, enclave.address, attestationRef, policyHash],
      ...fast,
    })
    const manifest = {
      jobId: completedJob.jobId,
      datasetRoot,
      resultRoot: keccak256(stringToHex('result')),
      codeHash: keccak256(stringToHex('code')),
      attestationRef,
      actualEpochs: 2,
      receiptsHead: keccak256(stringToHex('head')),
    }
    const signature = await signResultManifest({
      signer: enclave,
      domain: dataPolicyDomain({ chainId: 31337, verifyingContract: address }),
      manifest,
    })
    const { hash: settled } = await writeDataPolicy(researcher, {
      address,
      functionName: 'confirmTrainingComplete',
      args: [completedJob.jobId, 2, manifest.resultRoot, manifest.receiptsHead, manifest.codeHash, signature],
      ...fast,
    })
    await writeDataPolicy(orchestrator, {
      address,
      functionName: 'markJobFailed',
      args: [failedJob.jobId, encodeFailureReason('PROVIDER_UNREACHABLE')],
      ...fast,
    })
    await advanceChainTime(chain.rpcUrl, 3601)
    await writeDataPolicy(researcher, {
      address,
      functionName: 'reclaim',
      args: [reclaimedJob.jobId],
      ...fast,
    })

    const completed = await readJobEvents(researcher, { address, jobId: completedJob.jobId, fromBlock })
    expect(completed.granted).toMatchObject({
      datasetRoot,
      requester: researcher.account.address,
      providerId: 1,
      epochs: 3,
      purposeId: 0,
      royaltyPerEpoch: royalty,
      pricePerEpoch: price,
      deadline: completedJob.deadline,
      resultPubKey: publicKey,
      transactionHash: completedJob.hash,
    })
    expect(completed.started).toMatchObject({ enclaveSigner: enclave.address, attestationRef, policyHash })
    expect(completed.completed).toMatchObject({
      actualEpochs: 2,
      resultRoot: manifest.resultRoot,
      receiptsHead: manifest.receiptsHead,
      codeHash: manifest.codeHash,
      ownerAmount: 2n * royalty,
      providerAmount: 2n * price,
      feeAmount: 0n,
      refund: royalty + price,
      transactionHash: settled,
    })
    expect([completed.failed, completed.reclaimed]).toEqual([undefined, undefined])

    const failed = await readJobEvents(researcher, { address, jobId: failedJob.jobId, fromBlock })
    expect([failed.started, failed.completed, failed.reclaimed]).toEqual([undefined, undefined, undefined])
    expect(failed.failed).toMatchObject({
      reason: encodeFailureReason('PROVIDER_UNREACHABLE'),
      code: 'PROVIDER_UNREACHABLE',
      byEnclave: false,
      refund: 3n * (royalty + price),
    })

    const reclaimed = await readJobEvents(researcher, { address, jobId: reclaimedJob.jobId, fromBlock })
    expect(reclaimed.reclaimed).toMatchObject({
      caller: researcher.account.address,
      refund: 3n * (royalty + price),
    })

    const unknown = await readJobEvents(researcher, { address, jobId: 99n, fromBlock })
    expect(unknown).toEqual({
      granted: undefined,
      started: undefined,
      completed: undefined,
      failed: undefined,
      reclaimed: undefined,
    })
  })
})
