/// <reference lib="webworker" />
// The publish worker: the plaintext file is read, analysed and encrypted here, inside this tab. What leaves the
// worker is the ciphertext, the public manifest and the dataset key sealed to the attested release key and to the
// owner's own key, nothing else.
import {
  analyzeJsonl,
  assertTrainable,
  BaseError,
  buildDatasetManifest,
  describeExamples,
  encryptAndRoot,
  type JsonlAnalysis,
  ManifestError,
  serializeManifest,
} from '@licen/sdk'
import { MAX_LISTED_BAD_LINES } from './badLines.js'
import type { ManifestDetails, PublishEvent, PublishRequest, SealTo } from './publishProtocol.js'

declare const self: DedicatedWorkerGlobalScope

let file: File | undefined
let analysis: JsonlAnalysis | undefined
/** The one sentence on what the analysed file holds for training (`describeExamples`). */
let trainability: string | undefined
const post = (event: PublishEvent) => self.postMessage(event)

self.onmessage = async (message: MessageEvent<PublishRequest>) => {
  try {
    if (message.data.type === 'analyze') {
      file = message.data.file
      analysis = undefined
      trainability = undefined
      const result = await analyze(file)
      // Only a file whose every line is a row may be encrypted, and only when the trainer can use one of them: the
      // page lists the bad lines to fix first and says how many rows are trainable.
      if (result.report.invalidLines === 0 && result.analysis.rowCount > 0) {
        analysis = result.analysis
        trainability = describeExamples(result.inspection)
      }
      post({ type: 'analyzed', ...result })
    } else {
      if (!file) throw new Error('publish before analyze')
      if (!analysis)
        throw new ManifestError('The file is not valid JSONL.', {
          code: 'MANIFEST_JSONL_INVALID',
          details: 'fix the bad lines (or add rows) and choose the file again',
        })
      // A file the trainer cannot use is refused here too (DATASET_NOT_TRAINABLE), before anything is encrypted.
      assertTrainable(analysis.examples, trainability)
      post(await encrypt(file, analysis, message.data.details, message.data.seal))
    }
  } catch (error) {
    const e = error instanceof BaseError ? error : undefined
    post({
      type: 'error',
      code: e?.code ?? 'PUBLISH_FAILED',
      message: e?.shortMessage ?? 'Publishing failed.',
      // Plain errors (not from our libraries) carry only their message, cut short; never a key or plaintext.
      details: e ? e.details : error instanceof Error ? error.message.slice(0, 200) : undefined,
    })
  }
}

function analyze(source: File) {
  // Every bad line is counted by reason and listed by number (never by content), not just the first.
  return analyzeJsonl(source.stream(), {
    invalidLines: 'skip',
    maxReportedLines: MAX_LISTED_BAD_LINES,
    onProgress: (bytes) => post({ type: 'progress', stage: 'analyze', bytes, totalBytes: source.size }),
  })
}

async function encrypt(
  source: File,
  data: JsonlAnalysis,
  details: ManifestDetails,
  seal: SealTo,
): Promise<PublishEvent> {
  const key = crypto.getRandomValues(new Uint8Array(32))
  try {
    // Encrypt and root in one pass; the ciphertext is kept as a Blob (browsers cannot stream request bodies
    // over HTTP/1.1) and handed to the page, which uploads it with the configured storage backend.
    const parts: Uint8Array[] = []
    const sink = new WritableStream<Uint8Array>({ write: (chunk) => void parts.push(chunk) })
    const encrypted = await encryptAndRoot({
      source,
      sink,
      key,
      totalBytes: source.size,
      onProgress: ({ bytes }) => post({ type: 'progress', stage: 'encrypt', bytes, totalBytes: source.size }),
    })
    const ciphertext = new Blob(parts as BlobPart[])
    parts.length = 0
    // The envelope names the connected account as the owner: only that account's registration gets a key release.
    const manifest = buildDatasetManifest({
      details: {
        name: details.name,
        description: details.description,
        version: details.version,
        publisher: { address: details.publisherAddress, name: details.publisherName },
        licence: { spdx: details.licenceSpdx, name: details.licenceName, text: details.licenceText },
      },
      data,
      encrypted,
      key,
      releasePublicKey: seal.releasePublicKey,
      releaseKey: seal.releaseKey,
      ownerPublicKey: seal.ownerPublicKey,
    })
    return {
      type: 'encrypted',
      datasetRoot: encrypted.root,
      ciphertext,
      manifest: serializeManifest(manifest),
    }
  } finally {
    key.fill(0)
  }
}
