// The DataPolicy client against a real contract on anvil: a full job lifecycle and the revert-code table.
import { anvilPrivateKeys } from '@licen/contracts'
import { dataPolicyAbi } from '@licen/contracts/abi'
import { startDataPolicyChain } from '@licen/testing'
import {
  createPublicClient,
  type Hex,
  http,
  keccak256,
  parseGwei,
  publicActions,
  stringToHex,
  toHex,
  zeroHash,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { estimateContractGas, writeContract } from 'viem/actions'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  nextEpochReceipt,
  type SignedEpochReceipt,
  signEpochReceipt,
  verifyReceiptChain,
} from '../eip712/epochReceipt.js'
import { encodeFailureReason, signFailureReport } from '../eip712/failureReport.js'
import { signResultManifest } from '../eip712/resultManifest.js'
import { dataPolicyDomain, type EpochReceipt } from '../eip712/types.js'
import { deriveResultKey } from '../resultKey/deriveResultKey.js'
import { eip1193ResultKeySigner } from '../resultKey/eip1193ResultKeySigner.js'
import { resultKeyTag } from '../resultKey/resultKeyTag.js'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'
import { policyRoleValue } from './policyRole.js'
import { readAccessGranted } from './readAccessGranted.js'
import { readDataset } from './readDataset.js'
import { readJob } from './readJob.js'
import { readProvider } from './readProvider.js'
import { requestAccess } from './requestAccess.js'
import { waitForJobState } from './waitForJobState.js'
import { gasWithHeadroom, writeDataPolicy } from './writeDataPolicy.js'

// One chain for the file, started as it loads: anvil accounts 0 to 4 play the admin and the four roles.
const chain = await startDataPolicyChain()
afterAll(() => chain.stop())
const address = chain.dataPolicy
const domain = dataPolicyDomain({ chainId: chain.chainId, verifyingContract: address })
const admin = chain.wallet(0)
const owner = chain.wallet(1)
const researcher = chain.wallet(2)
const operator = chain.wallet(3)
const orchestrator = chain.wallet(4)
const enclave = privateKeyToAccount(anvilPrivateKeys[5])
const impostor = privateKeyToAccount(anvilPrivateKeys[6])
const fast = { pollingIntervalMs: 20, timeoutMs: 10_000 }

const datasetRoot = keccak256(stringToHex('dataset'))
const manifestHash = keccak256(stringToHex('manifest'))
const policyHash = keccak256(stringToHex('attestation policy'))
const policy = {
  royaltyPerEpoch: parseGwei('3'),
  maxEpochsPerJob: 5,
  maxActiveJobsPerRequester: 3,
  sessionTtl: 3600,
  expiry: 0,
  allowedPurposes: 0b1,
  attestationPolicy: policyHash,
}
const price = parseGwei('2')

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: { code: string; errorName?: string }) => `${e.code}${e.errorName ? ` (${e.errorName})` : ''}`,
  )

beforeAll(async () => {
  await writeDataPolicy(admin, {
    address,
    functionName: 'setOrchestrator',
    args: [orchestrator.account.address, true],
    ...fast,
  })
  await writeDataPolicy(admin, {
    address,
    functionName: 'setAttestationPolicy',
    args: [policyHash, true, 'ipfs://policy', policyRoleValue.provider],
    ...fast,
  })
  await writeDataPolicy(operator, {
    address,
    functionName: 'registerProvider',
    args: ['http://127.0.0.1:1', price],
    ...fast,
  })
  await writeDataPolicy(owner, {
    address,
    functionName: 'registerDataset',
    args: [datasetRoot, manifestHash, policy],
    ...fast,
  })
})

async function openJob(): Promise<{ jobId: bigint; resultPubKey: Hex }> {
  const { publicKey } = await deriveResultKey(privateKeyToAccount(anvilPrivateKeys[2]))
  const { jobId } = await requestAccess(researcher, {
    address,
    datasetRoot,
    purposeId: 0,
    epochs: 3,
    providerId: 1,
    resultPubKey: publicKey,
    ...fast,
  })
  return { jobId, resultPubKey: publicKey }
}

async function startJob(jobId: bigint) {
  await writeDataPolicy(orchestrator, {
    address,
    functionName: 'startJob',
    args: [jobId, enclave.address, keccak256(stringToHex(`quote ${jobId}`)), policyHash],
    ...fast,
  })
}

describe('DataPolicy client', () => {
  test('default: request, start, chained receipts, signed manifest, settle', async () => {
    // The result key from anvil's own eth_signTypedData_v4 (an EIP-1193 wallet) equals the local account's.
    const viaRpc = await deriveResultKey(
      eip1193ResultKeySigner(chain.publicClient, researcher.account.address),
    )
    const { jobId, resultPubKey } = await openJob()
    expect(viaRpc.publicKey).toBe(resultPubKey)
    expect(jobId).toBe(1n)

    const granted = await readJob(researcher, { address, jobId })
    expect(granted).toMatchObject({
      jobId,
      stateName: 'Granted',
      datasetRoot,
      requester: researcher.account.address,
      providerId: 1,
      epochs: 3,
      royaltyPerEpoch: policy.royaltyPerEpoch,
      pricePerEpoch: price,
      resultKeyTag: resultKeyTag(resultPubKey),
    })
    expect((await readAccessGranted(researcher, { address, jobId })).resultPubKey).toBe(resultPubKey)

    await startJob(jobId)
    const running = await waitForJobState(researcher, { address, jobId, states: ['Running'], ...fast })
    expect(running.enclaveSigner).toBe(enclave.address)

    const receipts: SignedEpochReceipt[] = []
    let previous: EpochReceipt | undefined
    for (let epoch = 1; epoch <= 2; epoch++) {
      const receipt = nextEpochReceipt({
        domain,
        previous,
        jobId,
        samples: 100n,
        lossMicro: 1_000_000n / BigInt(epoch),
        adapterHash: toHex(epoch, { size: 32 }),
      })
      receipts.push({ receipt, signature: await signEpochReceipt({ signer: enclave, domain, receipt }) })
      previous = receipt
    }
    const receiptsHead = await verifyReceiptChain({ domain, jobId, signer: enclave.address, receipts })
    const manifest = {
      jobId,
      datasetRoot,
      resultRoot: keccak256(stringToHex('result')),
      codeHash: keccak256(stringToHex('code')),
      attestationRef: running.attestationRef,
      actualEpochs: 2,
      receiptsHead,
    }
    const forged = await signResultManifest({ signer: impostor, domain, manifest })
    const args = [jobId, 2, manifest.resultRoot, receiptsHead, manifest.codeHash] as const
    expect(
      await codeOf(
        writeDataPolicy(owner, {
          address,
          functionName: 'confirmTrainingComplete',
          args: [...args, forged],
          ...fast,
        }),
      ),
    ).toBe('DATA_POLICY_INVALID_SIGNATURE (DataPolicy__InvalidSignature)')

    const signature = await signResultManifest({ signer: enclave, domain, manifest })
    await writeDataPolicy(owner, {
      address,
      functionName: 'confirmTrainingComplete',
      args: [...args, signature],
      ...fast,
    })
    const completed = await readJob(owner, { address, jobId })
    expect(completed).toMatchObject({ stateName: 'Completed', actualEpochs: 2 })
  })

  test('behavior: a signed failure report settles with a full refund', async () => {
    const { jobId } = await openJob()
    await startJob(jobId)
    const reason = encodeFailureReason('TRAINING_FAILED')
    const signature = await signFailureReport({ signer: enclave, domain, report: { jobId, reason } })
    await writeDataPolicy(researcher, {
      address,
      functionName: 'reportJobFailure',
      args: [jobId, reason, signature],
      ...fast,
    })
    expect((await readJob(researcher, { address, jobId })).stateName).toBe('Failed')
  })

  test('args: readDataset and readProvider', async () => {
    const dataset = await readDataset(researcher, { address, datasetRoot })
    expect(dataset).toMatchObject({
      owner: owner.account.address,
      active: true,
      policyVersion: 1,
      manifestHash,
    })
    expect(dataset.policy).toEqual(policy)
    const provider = await readProvider(researcher, { address, providerId: 1 })
    expect(provider).toMatchObject({ operator: operator.account.address, active: true, pricePerEpoch: price })
  })

  test('behavior: the gas limit survives a settlement mined just before the call', async () => {
    // The researcher's one open job on a fresh dataset settles in the same block, ahead of (higher tip) a new
    // request estimated while that job was open: the request's active-jobs slot is then written from zero
    // (17,100 gas dearer than the estimate). An exact estimate runs out of gas; the headroom covers it.
    const root = keccak256(stringToHex('gas headroom'))
    await writeDataPolicy(owner, {
      address,
      functionName: 'registerDataset',
      args: [root, manifestHash, { ...policy, attestationPolicy: zeroHash }],
      ...fast,
    })
    const { publicKey } = await deriveResultKey(privateKeyToAccount(anvilPrivateKeys[2]))
    const request = {
      address,
      datasetRoot: root,
      purposeId: 0,
      epochs: 1,
      providerId: 1,
      resultPubKey: publicKey,
    }
    const { jobId: first } = await requestAccess(researcher, { ...request, ...fast })
    await startJob(first)
    const reason = encodeFailureReason('TRAINING_FAILED')
    const signature = await signFailureReport({ signer: enclave, domain, report: { jobId: first, reason } })
    const rpc = chain.publicClient
    const pending = () =>
      rpc.getTransactionCount({ address: researcher.account.address, blockTag: 'pending' })
    const estimate = await estimateContractGas(researcher, {
      address,
      abi: dataPolicyAbi,
      functionName: 'requestAccess',
      args: [root, 0, 1, 1, publicKey],
      value: policy.royaltyPerEpoch + price,
    })
    const before = await pending()
    await rpc.request({ method: 'evm_setAutomine' as never, params: [false] as never })
    try {
      const second = requestAccess(researcher, { ...request, ...fast })
      while ((await pending()) === before) await new Promise((r) => setTimeout(r, 10))
      await writeContract(owner, {
        address,
        abi: dataPolicyAbi,
        functionName: 'reportJobFailure',
        args: [first, reason, signature],
        chain: null,
        gas: 200_000n,
        maxFeePerGas: parseGwei('100'),
        maxPriorityFeePerGas: parseGwei('50'),
      })
      await rpc.request({ method: 'evm_mine' as never })
      const { jobId, hash } = await second
      expect(jobId).toBe(first + 1n)
      const [sent, receipt] = await Promise.all([
        rpc.getTransaction({ hash }),
        rpc.getTransactionReceipt({ hash }),
      ])
      // An exact limit (the estimate taken while the first job was open) would have run out of gas.
      expect(receipt.status).toBe('success')
      expect(receipt.gasUsed - estimate).toBeGreaterThan(17_000n)
      expect(sent.gas).toBe(gasWithHeadroom(estimate))
    } finally {
      await rpc.request({ method: 'evm_setAutomine' as never, params: [true] as never })
    }
    expect((await readJob(researcher, { address, jobId: first })).stateName).toBe('Failed')
    expect((await readJob(researcher, { address, jobId: first + 1n })).stateName).toBe('Granted')
  })

  test('args: gasWithHeadroom adds 20 % and 20,000', () => {
    expect(gasWithHeadroom(0n)).toBe(20_000n)
    expect(gasWithHeadroom(131_919n)).toBe(178_302n)
  })

  test('behavior: unknown job reads as state None', async () => {
    expect((await readJob(researcher, { address, jobId: 999n })).stateName).toBe('None')
  })

  test('error: reverts map to stable codes with their arguments', async () => {
    const { publicKey } = await deriveResultKey(privateKeyToAccount(anvilPrivateKeys[2]))
    const request = (change: Partial<Parameters<typeof requestAccess>[1]>) =>
      requestAccess(researcher, {
        address,
        datasetRoot,
        purposeId: 0,
        epochs: 1,
        providerId: 1,
        resultPubKey: publicKey,
        ...fast,
        ...change,
      })
    expect(await codeOf(request({ purposeId: 1 }))).toBe(
      'DATA_POLICY_PURPOSE_NOT_ALLOWED (DataPolicy__PurposeNotAllowed)',
    )
    expect(await codeOf(request({ epochs: 6 }))).toBe(
      'DATA_POLICY_INVALID_EPOCHS (DataPolicy__InvalidEpochs)',
    )
    expect(await codeOf(request({ value: 1n }))).toBe('DATA_POLICY_WRONG_PAYMENT (DataPolicy__WrongPayment)')
    expect(await codeOf(request({ resultPubKey: `0x04${'11'.repeat(32)}` }))).toBe(
      'DATA_POLICY_INVALID_RESULT_KEY (DataPolicy__InvalidResultKey)',
    )
    expect(await codeOf(request({ providerId: 9 }))).toBe(
      'DATA_POLICY_UNKNOWN_PROVIDER (DataPolicy__UnknownProvider)',
    )
    expect(await codeOf(request({ epochs: 0 }))).toBe('CHAIN_INVALID_ARGUMENT')

    const wrongPayment = await request({ value: 1n }).catch((e: unknown) => e)
    expect(wrongPayment).toMatchObject({
      args: [(policy.royaltyPerEpoch + price) * 1n, 1n],
      details: `${policy.royaltyPerEpoch + price}, 1`,
    })
    expect(
      await codeOf(
        writeDataPolicy(owner, {
          address,
          functionName: 'registerDataset',
          args: [datasetRoot, manifestHash, policy],
          ...fast,
        }),
      ),
    ).toBe('DATA_POLICY_DATASET_EXISTS (DataPolicy__DatasetExists)')
    expect(
      await codeOf(
        writeDataPolicy(owner, {
          address,
          functionName: 'startJob',
          args: [1n, enclave.address, zeroHash, policyHash],
          ...fast,
        }),
      ),
    ).toBe('DATA_POLICY_NOT_ORCHESTRATOR (DataPolicy__NotOrchestrator)')
    expect(
      await codeOf(
        writeDataPolicy(owner, {
          address,
          functionName: 'setOrchestrator',
          args: [owner.account.address, true],
          ...fast,
        }),
      ),
    ).toBe('DATA_POLICY_NOT_ADMIN (OwnableUnauthorizedAccount)')
    // Renouncing would leave the contract without an admin forever: refused even for the admin.
    const renounce = await admin
      .extend(publicActions)
      .readContract({ address, abi: dataPolicyAbi, functionName: 'renounceOwnership' })
      .catch((e: unknown) => e)
    expect(decodeDataPolicyError(renounce)).toMatchObject({
      code: 'DATA_POLICY_RENOUNCE_OWNERSHIP_DISABLED',
      errorName: 'DataPolicy__RenounceOwnershipDisabled',
      args: [],
    })
    expect(
      await admin.extend(publicActions).readContract({ address, abi: dataPolicyAbi, functionName: 'owner' }),
    ).toBe(admin.account.address)
    expect(await codeOf(readDataset(researcher, { address, datasetRoot: zeroHash }))).toBe(
      'DATA_POLICY_UNKNOWN_DATASET (DataPolicy__UnknownDataset)',
    )
  })

  test('error: waitForJobState times out and aborts', async () => {
    const { jobId } = await openJob()
    expect(
      await codeOf(
        waitForJobState(researcher, {
          address,
          jobId,
          states: ['Completed'],
          timeoutMs: 100,
          pollingIntervalMs: 20,
        }),
      ),
    ).toBe('CHAIN_TIMEOUT')
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    expect(
      await codeOf(
        waitForJobState(researcher, {
          address,
          jobId,
          states: ['Completed'],
          signal: controller.signal,
          pollingIntervalMs: 20,
        }),
      ),
    ).toBe('CHAIN_ABORTED')
  })

  test('error: unreachable RPC never leaks its URL', async () => {
    const dead = createPublicClient({
      transport: http('http://127.0.0.1:9/secret-path?key=abc', { retryCount: 0 }),
    })
    const error = await readJob(dead, { address, jobId: 1n }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CHAIN_RPC_FAILED', shortMessage: 'The chain request failed.' })
    expect(String((error as Error).message)).not.toContain('secret-path')
    expect(decodeDataPolicyError('0x12345678')).toMatchObject({
      code: 'CHAIN_REVERTED',
      details: 'selector 0x12345678',
    })
  })
})
