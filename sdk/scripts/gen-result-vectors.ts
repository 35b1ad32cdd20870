// Writes src/result/fixtures/vectors.json: a result's receipts file and a whole result object holding it.
// The receipts are hashed and signed by ethers (TypedDataEncoder, Wallet: no code shared with src/eip712) and the
// receipts file and LCNA container are laid out here by hand from docs/ENGINEERING.md; only the LCNR encryption
// (fresh random result key, ECIES envelope) uses src/result, so each run writes another, equally valid, object.
// Run: pnpm --filter @licen/sdk exec tsx scripts/gen-result-vectors.ts
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dataPolicyDomainName, dataPolicyDomainVersion, dataPolicyTypes } from '@licen/contracts/abi'
import { secp256k1 } from '@noble/curves/secp256k1'
import { keccak256, TypedDataEncoder, Wallet } from 'ethers'
import { createResultObjectStream } from '../src/result/createResultObjectStream.js'

const chainId = 31337
const contract = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const jobId = 7n
const enclaveKey = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6'
const resultPrivateKey = '8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f'
const config = Buffer.from('{"r":8}')
const model = Buffer.from(Array.from({ length: 20 }, (_, i) => i))

const domain = {
  name: dataPolicyDomainName,
  version: dataPolicyDomainVersion,
  chainId,
  verifyingContract: contract,
}
// The type table is the contract's (checked there against its TYPEHASH); the hashing and signing here are ethers'.
const types = { EpochReceipt: [...dataPolicyTypes.EpochReceipt] }
const enclave = new Wallet(enclaveKey)

async function receiptsFile(): Promise<{ json: string; head: string; adapterHash: string }> {
  let previous = `0x${'00'.repeat(32)}`
  const entries: string[] = []
  const adapterHashes = [keccak256(new Uint8Array([1])), keccak256(model)]
  for (const [i, adapterHash] of adapterHashes.entries()) {
    const receipt = {
      jobId,
      epoch: i + 1,
      samples: 40n,
      lossMicro: 2_000_000n - BigInt(i),
      adapterHash,
      prevReceipt: previous,
    }
    const digest = TypedDataEncoder.hash(domain, types, receipt)
    const signature = await enclave.signTypedData(domain, types, receipt)
    entries.push(
      `{"receipt":{"jobId":"${jobId}","epoch":${receipt.epoch},"samples":"${receipt.samples}","lossMicro":"${receipt.lossMicro}","adapterHash":"${adapterHash}","prevReceipt":"${previous}"},"digest":"${digest}","signature":"${signature}"}`,
    )
    previous = digest
  }
  return { json: `[${entries.join(',')}]`, head: previous, adapterHash: adapterHashes[1]! }
}

function container(files: [string, Buffer][]): Buffer {
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
  const header = JSON.stringify({
    files: files.map(([name, bytes]) => ({ name, size: bytes.length, sha256: sha(bytes) })),
  })
  const length = Buffer.alloc(4)
  length.writeUInt32BE(Buffer.byteLength(header))
  return Buffer.concat([
    Buffer.from('LCNA'),
    Buffer.from([1]),
    length,
    Buffer.from(header),
    ...files.map(([, b]) => b),
  ])
}

const receipts = await receiptsFile()
const plaintext = container([
  ['adapter_config.json', config],
  ['adapter_model.safetensors', model],
  ['licen_receipts.json', Buffer.from(receipts.json)],
])
const object = await createResultObjectStream({
  chainId,
  contract,
  jobId,
  resultPublicKey: secp256k1.getPublicKey(resultPrivateKey, true),
  chunkSizeLog2: 10,
  plaintext: new Blob([new Uint8Array(plaintext)]).stream(),
})
const bytes = Buffer.from(await new Response(object).arrayBuffer())

const out = fileURLToPath(new URL('../src/result/fixtures/vectors.json', import.meta.url))
writeFileSync(
  out,
  `${JSON.stringify(
    {
      source:
        'sdk/scripts/gen-result-vectors.ts (ethers TypedDataEncoder + Wallet, container laid out by hand)',
      chainId,
      contract,
      jobId: jobId.toString(),
      enclaveSigner: enclave.address,
      resultPrivateKey: `0x${resultPrivateKey}`,
      adapterConfig: config.toString(),
      adapterModel: `0x${model.toString('hex')}`,
      adapterHash: receipts.adapterHash,
      receiptsHead: receipts.head,
      actualEpochs: 2,
      receiptsFile: receipts.json,
      resultObject: `0x${bytes.toString('hex')}`,
    },
    null,
    2,
  )}\n`,
)
console.log(`wrote ${out} (result object ${bytes.length} bytes)`)
