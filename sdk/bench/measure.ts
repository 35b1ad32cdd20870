// Measurements shared by the Node and Chromium halves of `pnpm bench:publish` (runs unchanged in both).
import { MemData } from '@0gfoundation/0g-ts-sdk'
import { encryptAndRoot } from '../src/publish/encryptAndRoot.js'
import { zgRoot } from '../src/zgRoot/zgRoot.js'

/** MiB/s of each contender on one input, plus how much of it the 0G SDK hashed. */
export type Measurement = {
  sizeMiB: number
  encryptRootMiBs: number
  rootMiBs: number
  aesGcmMiBs: number
  zgSdkRootMiBs: number
  zgSdkMiB: number
  /** Our root equals the SDK's on the bytes the SDK hashed. */
  rootsAgree: boolean
  /** Node only: CPU milliseconds per MiB over all threads (workers, crypto pool), which load on the machine skews less than wall time. */
  cpuMsPerMiB?: { encryptRoot: number; root: number; aesGcm: number }
}

const MiB = 1024 * 1024

/** Deterministic filler (xorshift32), fast enough for half a gigabyte. */
export function benchBytes(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(Math.ceil(length / 4))
  let x = seed >>> 0 || 1
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    words[i] = x >>> 0
  }
  return new Uint8Array(words.buffer, 0, length)
}

type CpuClock = () => number
const cpuClock: CpuClock | undefined = (() => {
  const process = (globalThis as { process?: { cpuUsage(): { user: number; system: number } } }).process
  if (!process?.cpuUsage) return undefined
  return () => {
    const usage = process.cpuUsage()
    return (usage.user + usage.system) / 1000
  }
})()

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; cpuMs: number; value: T }> {
  const cpu = cpuClock?.() ?? 0
  const start = performance.now()
  const value = await run()
  return { seconds: (performance.now() - start) / 1000, cpuMs: (cpuClock?.() ?? 0) - cpu, value }
}

/** Raw WebCrypto AES-256-GCM over 1 MiB chunks, two in flight (what LCN1 does, minus the format). */
async function aesGcm(bytes: Uint8Array<ArrayBuffer>, key: CryptoKey): Promise<void> {
  const iv = new Uint8Array(12)
  const inflight: Promise<ArrayBuffer>[] = []
  for (let offset = 0; offset < bytes.length; offset += MiB) {
    inflight.push(crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, bytes.subarray(offset, offset + MiB)))
    if (inflight.length >= 2) await inflight.shift()
  }
  await Promise.all(inflight)
}

async function sdkRoot(bytes: Uint8Array): Promise<string> {
  const [tree, error] = await new MemData(bytes).merkleTree()
  if (error || !tree?.rootHash()) throw error ?? new Error('0G SDK returned no root')
  return tree.rootHash()!
}

/** Runs every contender once on `sizeMiB` of the same bytes; the SDK hashes at most `sdkMaxMiB` of them. */
export async function measure(sizeMiB: number, sdkMaxMiB: number): Promise<Measurement> {
  const plaintext = benchBytes(sizeMiB * MiB, sizeMiB)
  const rawKey = benchBytes(32, 7)
  const key = await crypto.subtle.importKey('raw', rawKey, 'AES-GCM', false, ['encrypt'])
  const rate = (seconds: number, bytes = plaintext.length) => bytes / MiB / seconds

  const aes = await timed(() => aesGcm(plaintext, key))
  const root = await timed(() => zgRoot(plaintext, { workers: 'auto' }))
  const both = await timed(() => encryptAndRoot({ source: plaintext, key: rawKey, workers: 'auto' }))
  const sdkBytes = plaintext.subarray(0, Math.min(plaintext.length, sdkMaxMiB * MiB))
  const sdk = await timed(() => sdkRoot(sdkBytes))
  const ours = await zgRoot(sdkBytes, { workers: 'auto' })
  return {
    sizeMiB,
    encryptRootMiBs: rate(both.seconds),
    rootMiBs: rate(root.seconds),
    aesGcmMiBs: rate(aes.seconds),
    zgSdkRootMiBs: rate(sdk.seconds, sdkBytes.length),
    zgSdkMiB: sdkBytes.length / MiB,
    rootsAgree: ours.root === sdk.value,
    ...(cpuClock
      ? {
          cpuMsPerMiB: {
            encryptRoot: both.cpuMs / sizeMiB,
            root: root.cpuMs / sizeMiB,
            aesGcm: aes.cpuMs / sizeMiB,
          },
        }
      : {}),
  }
}
