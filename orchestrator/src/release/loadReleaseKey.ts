import { secp256k1 } from '@noble/curves/secp256k1'
import { DstackClient } from '@phala/dstack-sdk'
import { type Address, bytesToHex, type Hex, hexToBytes, isHex } from 'viem'
import { OrchestratorError } from '../errors.js'
import { releaseKeyReportData } from './releaseKeyBinding.js'

/** The release key in memory, and what `GET /v1/release-key` publishes about it (never the private key). */
export type ReleaseKey = {
  /** Compressed secp256k1 public key datasets seal their key envelopes to. */
  publicKey: Hex
  /** Opens a dataset key envelope; the private key never leaves this closure. */
  withPrivateKey: <result>(use: (privateKey: Uint8Array) => result) => result
  /** What is published: the key, where it comes from and, from dstack, its signature chain and a quote. */
  published: {
    publicKey: Hex
    source: 'env' | 'dstack'
    chainId: number
    dataPolicy: Address
    /** dstack KMS signature chain over the derived key. */
    signatureChain?: Hex[] | undefined
    /** A TDX quote whose report_data is `releaseKeyReportData(chainId, dataPolicy, publicKey)`. */
    attestation?: { quote: Hex; eventLog: string; reportData: Hex } | undefined
  }
  /** Zeroes the private key (on stop). */
  wipe: () => void
}

/** Where one release key comes from: a configured private key (unit tests), or one dstack key path. */
export type ReleaseKeySource =
  | { source: 'env'; privateKey: Hex }
  | { source: 'dstack'; endpoint: string; path: string; purpose: string }

/** Loads the release key from config (`env`) or derives it in the CVM with `DstackClient.getKey` (`dstack`). */
export async function loadReleaseKey(
  source: ReleaseKeySource,
  binding: { chainId: number; dataPolicy: Address },
): Promise<ReleaseKey> {
  if (source.source === 'env') return fromPrivateKey(hexToBytes(source.privateKey), 'env', binding)
  let client: DstackClient
  try {
    client = new DstackClient(source.endpoint)
    const derived = await client.getKey(source.path, source.purpose)
    const key = derived.key.slice(0, 32)
    const released = fromPrivateKey(key, 'dstack', binding)
    const reportData = releaseKeyReportData({ ...binding, publicKey: released.publicKey })
    const quote = await client.getQuote(reportData)
    released.published.signatureChain = derived.signature_chain.map((part) => bytesToHex(part))
    released.published.attestation = {
      quote: (isHex(quote.quote) ? quote.quote : `0x${quote.quote}`) as Hex,
      eventLog: quote.event_log,
      reportData: bytesToHex(reportData),
    }
    return released
  } catch (error) {
    if (error instanceof OrchestratorError) throw error
    throw new OrchestratorError('The release key could not be derived from dstack.', {
      code: 'RELEASE_KEY_UNAVAILABLE',
      details: error instanceof Error ? error.message.slice(0, 200) : undefined,
    })
  }
}

function fromPrivateKey(
  key: Uint8Array,
  source: 'env' | 'dstack',
  binding: { chainId: number; dataPolicy: Address },
): ReleaseKey {
  if (key.length !== 32 || !secp256k1.utils.isValidSecretKey(key)) {
    throw new OrchestratorError('The release key is not a valid secp256k1 private key.', {
      code: 'RELEASE_KEY_UNAVAILABLE',
    })
  }
  const privateKey = Uint8Array.from(key)
  key.fill(0)
  const publicKey = bytesToHex(secp256k1.getPublicKey(privateKey, true))
  return {
    publicKey,
    withPrivateKey: (use) => use(privateKey),
    published: { publicKey, source, chainId: binding.chainId, dataPolicy: binding.dataPolicy },
    wipe: () => privateKey.fill(0),
  }
}
