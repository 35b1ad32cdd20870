// Writes src/lcn1/fixtures/vectors.json: LCN1 test vectors produced by an implementation that shares no code
// with src/lcn1 (node:crypto AES-256-GCM, header and nonces laid out here by hand from DESIGN.md).
// Run: pnpm --filter @licen/sdk exec tsx scripts/gen-lcn1-vectors.ts
import { createCipheriv } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex')
const noncePrefix = Buffer.from('a0a1a2a3a4a5a6', 'hex')
const chunkSizeLog2 = 10
const chunkSize = 1 << chunkSizeLog2

function plaintextOf(length: number): Buffer {
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) out[i] = (i * 7 + 3) % 251
  return out
}

function encrypt(plaintext: Buffer): Buffer {
  const header = Buffer.concat([
    Buffer.from('LCN1', 'ascii'),
    Buffer.from([1, chunkSizeLog2, 0, 0]),
    noncePrefix,
    Buffer.from([0]),
  ])
  const chunks = Math.max(1, Math.ceil(plaintext.length / chunkSize))
  const out = [header]
  for (let i = 0; i < chunks; i++) {
    const nonce = Buffer.alloc(12)
    noncePrefix.copy(nonce, 0)
    nonce.writeUInt32BE(i, 7)
    nonce[11] = i === chunks - 1 ? 1 : 0
    const cipher = createCipheriv('aes-256-gcm', key, nonce)
    cipher.setAAD(header)
    out.push(cipher.update(plaintext.subarray(i * chunkSize, (i + 1) * chunkSize)), cipher.final())
    out.push(cipher.getAuthTag())
  }
  return Buffer.concat(out)
}

const vectors = [0, 1, 1023, 1024, 1025, 2500].map((length) => {
  const plaintext = plaintextOf(length)
  return {
    plaintextLength: length,
    plaintext: plaintext.toString('hex'),
    ciphertext: encrypt(plaintext).toString('hex'),
  }
})

const document = {
  source:
    'sdk/scripts/gen-lcn1-vectors.ts: node:crypto AES-256-GCM with the LCN1 layout of DESIGN.md written out independently of src/lcn1; plaintext byte i = (7i + 3) mod 251',
  key: key.toString('hex'),
  noncePrefix: noncePrefix.toString('hex'),
  chunkSizeLog2,
  vectors,
}
const target = fileURLToPath(new URL('../src/lcn1/fixtures/vectors.json', import.meta.url))
writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`)
console.log(`wrote ${vectors.length} vectors to ${target}`)
