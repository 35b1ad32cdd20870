import type { Hex } from 'viem'

/** What an adapter can upload: bytes, a Blob/File or a web stream of bytes. */
export type UploadSource = Uint8Array | Blob | ReadableStream<Uint8Array>

/** Progress of an upload or download, in bytes. */
export type StorageProgress = { bytes: number; totalBytes: number | undefined }

/** Options of {@link StorageAdapter.upload}. */
export type UploadOptions = {
  onProgress?: (progress: StorageProgress) => void
  signal?: AbortSignal
}

/** Options of {@link StorageAdapter.download}. */
export type DownloadOptions = {
  /** The size the caller knows (manifests, evidence); an adapter that learns the stored size checks it first. */
  size?: number
  onProgress?: (progress: StorageProgress) => void
  signal?: AbortSignal
}

/** A stored object's 0G root and size. */
export type UploadResult = { root: Hex; size: number }

/**
 * Content-addressed storage keyed by 0G roots. Downloads are verified by this code: the stream errors with
 * STORAGE_ROOT_MISMATCH (or SIZE_MISMATCH) instead of closing when the bytes do not hash to the root, and its
 * last chunk is held back until they do, so a consumer never sees the complete object unverified.
 */
export type StorageAdapter = {
  /** Stores the source and returns its root (computed here and checked against the store's answer). */
  upload(source: UploadSource, options?: UploadOptions): Promise<UploadResult>
  /** Streams the object with this root, verified against it. */
  download(root: Hex, options?: DownloadOptions): Promise<ReadableStream<Uint8Array>>
  /** Whether the store holds an object with this root. */
  has(root: Hex, options?: { signal?: AbortSignal }): Promise<boolean>
}
