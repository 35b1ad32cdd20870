import type { ExampleInspection, JsonlAnalysis, JsonlLineReport } from '@licen/sdk'
import type { Hex } from 'viem'
import { AppError } from '../errors/AppError.js'
import type {
  ManifestDetails,
  PublishEvent,
  PublishRequest,
  PublishStage,
  SealTo,
} from './publishProtocol.js'

/** Progress callback of the publish worker. */
export type OnPublishProgress = (stage: PublishStage, bytes: number, totalBytes: number) => void

/**
 * Drives the publish worker: one file per client. `cancel()` terminates the worker at once (nothing partial is
 * registered: registration happens only after both uploads finished).
 */
export class PublishClient {
  #worker = new Worker(new URL('./publish.worker.ts', import.meta.url), { type: 'module' })
  #pending: { resolve: (event: PublishEvent) => void; reject: (error: unknown) => void } | undefined
  #onProgress: OnPublishProgress = () => {}

  constructor() {
    this.#worker.onmessage = (message: MessageEvent<PublishEvent>) => {
      const event = message.data
      if (event.type === 'progress') return this.#onProgress(event.stage, event.bytes, event.totalBytes)
      const pending = this.#pending
      this.#pending = undefined
      if (event.type === 'error')
        pending?.reject(new AppError(event.message, { code: event.code, details: event.details }))
      else pending?.resolve(event)
    }
    this.#worker.onerror = (event) => {
      event.preventDefault()
      this.#pending?.reject(new AppError('The publish worker stopped.', { code: 'PUBLISH_FAILED' }))
      this.#pending = undefined
    }
  }

  /**
   * Reads and checks the JSONL file in the worker; resolves with the sample-free statistics of its rows and the
   * report of its lines (bad ones by reason and number) and what the trainer can use of them (trainable rows per
   * format, untrainable ones by reason). Only a file without bad lines and with a trainable row can be encrypted.
   */
  async analyze(
    file: File,
    onProgress: OnPublishProgress,
  ): Promise<{ analysis: JsonlAnalysis; report: JsonlLineReport; inspection: ExampleInspection }> {
    const event = await this.#call({ type: 'analyze', file }, onProgress)
    if (event.type !== 'analyzed') throw new AppError('Unexpected worker answer.', { code: 'PUBLISH_FAILED' })
    return { analysis: event.analysis, report: event.report, inspection: event.inspection }
  }

  /**
   * Encrypts and roots the analysed file and builds its manifest (the key sealed to the attested release key and to
   * the owner's key).
   */
  async encrypt(
    details: ManifestDetails,
    seal: SealTo,
    onProgress: OnPublishProgress,
  ): Promise<{ datasetRoot: Hex; ciphertext: Blob; manifest: Uint8Array }> {
    const event = await this.#call({ type: 'encrypt', details, seal }, onProgress)
    if (event.type !== 'encrypted')
      throw new AppError('Unexpected worker answer.', { code: 'PUBLISH_FAILED' })
    return event
  }

  /** Stops the worker now; a running step fails with CANCELLED. */
  cancel(): void {
    this.#worker.terminate()
    this.#pending?.reject(new AppError('Cancelled.', { code: 'CANCELLED' }))
    this.#pending = undefined
  }

  #call(request: PublishRequest, onProgress: OnPublishProgress): Promise<PublishEvent> {
    if (this.#pending) return Promise.reject(new AppError('The worker is busy.', { code: 'PUBLISH_FAILED' }))
    this.#onProgress = onProgress
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject }
      this.#worker.postMessage(request)
    })
  }
}
