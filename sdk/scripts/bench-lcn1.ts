// LCN1 throughput and memory, side by side in one run (the machine is noisy):
// node:crypto AES-256-GCM over 1 MiB chunks (reference), WebCrypto per chunk, our encrypt and decrypt streams.
// Run: pnpm --filter @licen/sdk bench:lcn1 [MiB] [--json]
import { createCipheriv } from 'node:crypto'
import { bytesSource } from '../src/lcn1/bytesSource.js'
import { createLcn1DecryptStream } from '../src/lcn1/createLcn1DecryptStream.js'
import { createLcn1EncryptStream } from '../src/lcn1/createLcn1EncryptStream.js'

const MiB = 1024 * 1024
const sizeMiB = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 512)
const json = process.argv.includes('--json')
const total = sizeMiB * MiB
const piece = globalThis.crypto.getRandomValues(new Uint8Array(65_536)).slice()
const block = new Uint8Array(MiB)
for (let i = 0; i < MiB; i += piece.length) block.set(piece, i)
const key = globalThis.crypto.getRandomValues(new Uint8Array(32))

function source(): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= total) return controller.close()
      controller.enqueue(block.slice())
      offset += MiB
    },
  })
}

let peakArrayBuffers = 0
const sampler = setInterval(() => {
  peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers)
}, 10)

async function measure(run: () => Promise<void>): Promise<number> {
  const start = performance.now()
  await run()
  return sizeMiB / ((performance.now() - start) / 1000)
}

const nodeCrypto = await measure(async () => {
  for (let i = 0; i < sizeMiB; i++) {
    const cipher = createCipheriv('aes-256-gcm', key, new Uint8Array(12).fill(i & 255))
    cipher.update(block)
    cipher.final()
    cipher.getAuthTag()
  }
})
const cryptoKey = await globalThis.crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt'])
const webCrypto = await measure(async () => {
  for (let i = 0; i < sizeMiB; i++) {
    await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: new Uint8Array(12).fill(i & 255) },
      cryptoKey,
      block,
    )
  }
})
const chunks: Uint8Array[] = []
peakArrayBuffers = 0
const encrypt = await measure(async () => {
  // Keep a sample of the output to decrypt next; the rest is dropped as it streams.
  for await (const chunk of source().pipeThrough(
    createLcn1EncryptStream({ key }),
  ) as unknown as AsyncIterable<Uint8Array>) {
    if (chunks.length < 64) chunks.push(chunk)
  }
})
const encryptPeak = peakArrayBuffers
const ciphertext = await new Response(source().pipeThrough(createLcn1EncryptStream({ key }))).arrayBuffer()
peakArrayBuffers = 0
const decrypt = await measure(async () => {
  const stream = bytesSource(new Uint8Array(ciphertext)).pipeThrough(
    createLcn1DecryptStream({ key, plaintextSize: total }),
  )
  for await (const _ of stream as unknown as AsyncIterable<Uint8Array>);
})
clearInterval(sampler)

const result = {
  sizeMiB,
  nodeCryptoAesGcmMiBs: Math.round(nodeCrypto),
  webCryptoAesGcmMiBs: Math.round(webCrypto),
  lcn1EncryptMiBs: Math.round(encrypt),
  lcn1DecryptMiBs: Math.round(decrypt),
  encryptPeakArrayBuffersMiB: Math.round(encryptPeak / MiB),
}
console.log(`LCN1 over ${sizeMiB} MiB (1 MiB chunks, concurrency 2)`)
console.log(`  node:crypto AES-256-GCM  ${result.nodeCryptoAesGcmMiBs} MiB/s (reference)`)
console.log(`  WebCrypto AES-GCM        ${result.webCryptoAesGcmMiBs} MiB/s`)
console.log(
  `  LCN1 encrypt stream      ${result.lcn1EncryptMiBs} MiB/s (${(encrypt / nodeCrypto).toFixed(2)}× reference)`,
)
console.log(
  `  LCN1 decrypt stream      ${result.lcn1DecryptMiBs} MiB/s (${(decrypt / nodeCrypto).toFixed(2)}× reference)`,
)
console.log(
  `  encrypt peak ArrayBuffer memory ${result.encryptPeakArrayBuffersMiB} MiB for ${sizeMiB} MiB streamed`,
)
if (json) console.log(JSON.stringify(result))
