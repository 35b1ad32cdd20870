import {
  dataPolicyDomain,
  hashEpochReceipt,
  nextEpochReceipt,
  type SignedEpochReceipt,
  signEpochReceipt,
} from '@licen/sdk'
import { keccak256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { parseAppConfig } from '../config/appConfig.js'
import { checkAdapter } from './checkAdapter.js'

const config = parseAppConfig({
  chain: { id: 31337, name: 'devnet', rpcUrl: 'http://127.0.0.1:8545' },
  dataPolicy: { address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', deploymentBlock: 0 },
  indexerUrl: 'http://127.0.0.1:42069/graphql',
  storage: { backend: 'local', url: 'http://127.0.0.1:8790' },
  orchestratorUrl: 'http://127.0.0.1:8788',
  attestationPoliciesUrl: 'http://127.0.0.1:8790/policies',
})
const domain = dataPolicyDomain({ chainId: 31337, verifyingContract: config.dataPolicy.address })
const enclave = privateKeyToAccount(`0x${'42'.repeat(32)}`)
const model = new TextEncoder().encode('weights')
const file = (bytes: Uint8Array) => ({
  name: 'adapter_model.safetensors',
  size: bytes.length,
  sha256: '',
  bytes: bytes as Uint8Array<ArrayBuffer>,
})

async function chain(lastHash: `0x${string}`): Promise<SignedEpochReceipt[]> {
  const first = nextEpochReceipt({
    domain,
    previous: undefined,
    jobId: 1n,
    samples: 10n,
    lossMicro: 2_000_000n,
    adapterHash: keccak256(toHex('e1')),
  })
  const second = nextEpochReceipt({
    domain,
    previous: first,
    jobId: 1n,
    samples: 10n,
    lossMicro: 1_000_000n,
    adapterHash: lastHash,
  })
  return Promise.all(
    [first, second].map(async (receipt) => ({
      receipt,
      signature: await signEpochReceipt({ signer: enclave, domain, receipt }),
    })),
  )
}

describe('checkAdapter', () => {
  test('default', async () => {
    const receipts = await chain(keccak256(model))
    const checks = await checkAdapter({
      config,
      jobId: 1n,
      enclaveSigner: enclave.address,
      receiptsHead: hashEpochReceipt(domain, receipts[1]!.receipt),
      receipts,
      files: [file(model)],
    })
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['Receipts signed by the enclave key', true],
      ['Receipt chain ends at the settled head', true],
      ['Adapter hash matches the last signed receipt', true],
    ])
  })

  test('error: adapter bytes differ from the signed hash', async () => {
    const receipts = await chain(keccak256(model))
    const checks = await checkAdapter({
      config,
      jobId: 1n,
      enclaveSigner: enclave.address,
      receiptsHead: hashEpochReceipt(domain, receipts[1]!.receipt),
      receipts,
      files: [file(new TextEncoder().encode('other weights'))],
    })
    expect(checks.map((c) => c.ok)).toEqual([true, true, false])
    expect(checks[2]!.detail).toBe(
      `keccak256 ${keccak256(new TextEncoder().encode('other weights'))} ≠ ${keccak256(model)}`,
    )
  })

  test('error: receipts end elsewhere than the settled head', async () => {
    const receipts = await chain(keccak256(model))
    const checks = await checkAdapter({
      config,
      jobId: 1n,
      enclaveSigner: enclave.address,
      receiptsHead: hashEpochReceipt(domain, receipts[0]!.receipt),
      receipts,
      files: [file(model)],
    })
    expect(checks.map((c) => c.ok)).toEqual([true, false, false])
  })

  test('error: model file missing', async () => {
    const receipts = await chain(keccak256(model))
    const checks = await checkAdapter({
      config,
      jobId: 1n,
      enclaveSigner: enclave.address,
      receiptsHead: hashEpochReceipt(domain, receipts[1]!.receipt),
      receipts,
      files: [],
    })
    expect(checks[2]).toEqual({
      name: 'Adapter hash matches the last signed receipt',
      ok: false,
      detail: 'adapter_model.safetensors is missing',
    })
  })
})
