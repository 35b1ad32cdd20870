import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  getAddress,
  type Hex,
  hashTypedData,
  http,
  keccak256,
  type PublicClient,
  parseEther,
  stringToHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Anvil, anvilPrivateKeys, startAnvil } from './anvil.js'
import { deployDataPolicy } from './deploy.js'
import { dataPolicyDomainName, dataPolicyDomainVersion, dataPolicyTypes } from './eip712Types.js'
import { dataPolicyAbi } from './generated/dataPolicyAbi.js'

// The frozen vectors (computed with viem, also checked from forge in test/DataPolicy.eip712.t.sol).
const vectors = JSON.parse(
  readFileSync(join(import.meta.dirname, '../test/fixtures/eip712-vectors.json'), 'utf8'),
)

const types = dataPolicyTypes

const manifest = {
  jobId: BigInt(vectors.resultManifest.jobId),
  datasetRoot: vectors.resultManifest.datasetRoot as Hex,
  resultRoot: vectors.resultManifest.resultRoot as Hex,
  codeHash: vectors.resultManifest.codeHash as Hex,
  attestationRef: vectors.resultManifest.attestationRef as Hex,
  actualEpochs: vectors.resultManifest.actualEpochs as number,
  receiptsHead: vectors.resultManifest.receiptsHead as Hex,
}
const receipt = {
  jobId: BigInt(vectors.epochReceipt.jobId),
  epoch: vectors.epochReceipt.epoch as number,
  samples: BigInt(vectors.epochReceipt.samples),
  lossMicro: BigInt(vectors.epochReceipt.lossMicro),
  adapterHash: vectors.epochReceipt.adapterHash as Hex,
  prevReceipt: vectors.epochReceipt.prevReceipt as Hex,
}
const failure = { jobId: BigInt(vectors.failureReport.jobId), reason: vectors.failureReport.reason as Hex }

let anvil: Anvil
let client: PublicClient
let address: Address
let domain: { name: string; version: string; chainId: number; verifyingContract: Address }

beforeAll(async () => {
  anvil = await startAnvil()
  client = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) })
  // The first transaction of anvil's first account lands at the vectors' verifying contract.
  ;({ address } = await deployDataPolicy({ rpcUrl: anvil.rpcUrl, privateKey: anvilPrivateKeys[0] }))
  domain = {
    name: dataPolicyDomainName,
    version: dataPolicyDomainVersion,
    chainId: foundry.id,
    verifyingContract: address,
  }
})

afterAll(async () => {
  await anvil?.stop()
})

describe('frozen vectors', () => {
  test('default: deployment matches the vectors domain', () => {
    expect(getAddress(address)).toBe(vectors.domain.verifyingContract)
    expect(domain.chainId).toBe(vectors.domain.chainId)
  })

  test('default: the type table encodes to the contract type hashes', async () => {
    // encodeType of a struct without struct members: `Name(type1 name1,type2 name2,…)`.
    const typeHash = (name: keyof typeof types) =>
      keccak256(stringToHex(`${name}(${types[name].map((f) => `${f.type} ${f.name}`).join(',')})`))
    const onChain = (
      functionName: 'RESULT_MANIFEST_TYPEHASH' | 'EPOCH_RECEIPT_TYPEHASH' | 'FAILURE_REPORT_TYPEHASH',
    ) => client.readContract({ address, abi: dataPolicyAbi, functionName })
    await expect(onChain('RESULT_MANIFEST_TYPEHASH')).resolves.toBe(typeHash('ResultManifest'))
    await expect(onChain('EPOCH_RECEIPT_TYPEHASH')).resolves.toBe(typeHash('EpochReceipt'))
    await expect(onChain('FAILURE_REPORT_TYPEHASH')).resolves.toBe(typeHash('FailureReport'))
    expect(Object.keys(types)).toEqual(['ResultManifest', 'EpochReceipt', 'FailureReport'])
  })

  test('behavior: viem recomputes every frozen digest', () => {
    expect(hashTypedData({ domain, types, primaryType: 'ResultManifest', message: manifest })).toBe(
      vectors.resultManifest.digest,
    )
    expect(hashTypedData({ domain, types, primaryType: 'EpochReceipt', message: receipt })).toBe(
      vectors.epochReceipt.digest,
    )
    expect(hashTypedData({ domain, types, primaryType: 'FailureReport', message: failure })).toBe(
      vectors.failureReport.digest,
    )
  })

  test('behavior: the contract returns every frozen digest', async () => {
    const read = (
      functionName: 'hashResultManifest' | 'hashEpochReceipt' | 'hashFailureReport',
      args: unknown[],
    ) => client.readContract({ address, abi: dataPolicyAbi, functionName, args } as never)
    await expect(
      read('hashResultManifest', [
        manifest.jobId,
        manifest.datasetRoot,
        manifest.resultRoot,
        manifest.codeHash,
        manifest.attestationRef,
        manifest.actualEpochs,
        manifest.receiptsHead,
      ]),
    ).resolves.toBe(vectors.resultManifest.digest)
    await expect(
      read('hashEpochReceipt', [
        receipt.jobId,
        receipt.epoch,
        receipt.samples,
        receipt.lossMicro,
        receipt.adapterHash,
        receipt.prevReceipt,
      ]),
    ).resolves.toBe(vectors.epochReceipt.digest)
    await expect(read('hashFailureReport', [failure.jobId, failure.reason])).resolves.toBe(
      vectors.failureReport.digest,
    )
  })
})

describe('signatures made with viem settle on chain', () => {
  const [admin, owner, operator, researcher, orchestrator] = anvilPrivateKeys.map((key) =>
    privateKeyToAccount(key),
  )
  const enclave = privateKeyToAccount('0x7f2b0d1c8ea94cfa1d2c1d1e8d5a1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a697887')
  const datasetRoot = stringToHex('licen/ts/dataset-root', { size: 32 })
  const policyHash = stringToHex('licen/ts/attestation-policy', { size: 32 })
  const quoteRef = stringToHex('licen/ts/quote', { size: 32 })

  async function send(account: typeof admin, functionName: string, args: unknown[], value?: bigint) {
    const wallet = createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) })
    const hash = await wallet.writeContract({
      address,
      abi: dataPolicyAbi,
      functionName,
      args,
      value,
    } as never)
    const result = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    expect(result.status).toBe('success')
  }

  async function runningJob(): Promise<bigint> {
    const jobId = (await client.readContract({
      address,
      abi: dataPolicyAbi,
      functionName: 'nextJobId',
    })) as bigint
    await send(
      researcher!,
      'requestAccess',
      [datasetRoot, 0, 2, 1, `0x02${'11'.repeat(32)}`],
      parseEther('2.5'),
    )
    await send(orchestrator!, 'startJob', [jobId, enclave.address, quoteRef, policyHash])
    return jobId
  }

  beforeAll(async () => {
    await send(admin!, 'setOrchestrator', [orchestrator!.address, true])
    // 1 = IDataPolicy.PolicyRole.Provider (the sdk's policyRoleValue; this package cannot import the sdk).
    await send(admin!, 'setAttestationPolicy', [policyHash, true, 'ipfs://policy', 1])
    await send(operator!, 'registerProvider', ['https://provider.example', parseEther('0.25')])
    await send(owner!, 'registerDataset', [
      datasetRoot,
      stringToHex('licen/ts/manifest', { size: 32 }),
      {
        royaltyPerEpoch: parseEther('1'),
        maxEpochsPerJob: 4,
        maxActiveJobsPerRequester: 4,
        sessionTtl: 3600,
        expiry: 0,
        allowedPurposes: 1,
        attestationPolicy: policyHash,
      },
    ])
  })

  test('behavior: a ResultManifest signed with signTypedData completes the job', async () => {
    const jobId = await runningJob()
    const message = {
      jobId,
      datasetRoot,
      resultRoot: stringToHex('result', { size: 32 }),
      codeHash: stringToHex('code', { size: 32 }),
      attestationRef: quoteRef,
      actualEpochs: 1,
      receiptsHead: stringToHex('head', { size: 32 }),
    }
    const signature = await enclave.signTypedData({ domain, types, primaryType: 'ResultManifest', message })
    await send(researcher!, 'confirmTrainingComplete', [
      jobId,
      1,
      message.resultRoot,
      message.receiptsHead,
      message.codeHash,
      signature,
    ])
    const job = (await client.readContract({
      address,
      abi: dataPolicyAbi,
      functionName: 'getJob',
      args: [jobId],
    })) as {
      state: number
      actualEpochs: number
    }
    expect(job.state).toBe(3)
    expect(job.actualEpochs).toBe(1)
    await expect(
      client.readContract({ address, abi: dataPolicyAbi, functionName: 'credits', args: [owner!.address] }),
    ).resolves.toBe(parseEther('1'))
  })

  test('behavior: a FailureReport signed with signTypedData fails the job with a full refund', async () => {
    const jobId = await runningJob()
    const reason = stringToHex('OOM', { size: 32 })
    const signature = await enclave.signTypedData({
      domain,
      types,
      primaryType: 'FailureReport',
      message: { jobId, reason },
    })
    const before = (await client.readContract({
      address,
      abi: dataPolicyAbi,
      functionName: 'credits',
      args: [researcher!.address],
    })) as bigint
    await send(operator!, 'reportJobFailure', [jobId, reason, signature])
    await expect(
      client.readContract({
        address,
        abi: dataPolicyAbi,
        functionName: 'credits',
        args: [researcher!.address],
      }),
    ).resolves.toBe(before + parseEther('2.5'))
  })
})
