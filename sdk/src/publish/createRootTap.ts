import {
  type CreateZgRootHasherParameters,
  createZgRootHasher,
  type ZgRootDigest,
} from '../zgRoot/createZgRootHasher.js'

/** A pass-through byte stream and the 0G root of everything that went through it. */
export type RootTap = {
  readonly stream: TransformStream<Uint8Array, Uint8Array>
  /** Resolves once the stream is flushed; rejects if it errors or is cancelled. */
  readonly result: Promise<ZgRootDigest>
}

/** Creates a TransformStream that forwards bytes unchanged while computing their 0G root in the same pass. */
export function createRootTap(parameters: CreateZgRootHasherParameters = {}): RootTap {
  let resolve!: (result: ZgRootDigest) => void
  let reject!: (error: unknown) => void
  const result = new Promise<ZgRootDigest>((ok, fail) => {
    resolve = ok
    reject = fail
  })
  // A rejection nobody awaits yet must not surface as unhandled; callers still see it through `result`.
  result.catch(() => {})
  let hasher: Awaited<ReturnType<typeof createZgRootHasher>> | undefined
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    async start() {
      try {
        hasher = await createZgRootHasher(parameters)
      } catch (error) {
        reject(error)
        throw error
      }
    },
    async transform(chunk, controller) {
      try {
        // Hash first: update() copies the bytes, so the consumer may own the chunk afterwards.
        await hasher!.update(chunk)
      } catch (error) {
        reject(error)
        throw error
      }
      controller.enqueue(chunk)
    },
    async flush() {
      try {
        resolve(await hasher!.digest())
      } catch (error) {
        reject(error)
        throw error
      }
    },
  })
  return { stream, result }
}
