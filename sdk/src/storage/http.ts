import { StorageError } from './StorageError.js'

/** Maps a fetch failure to a StorageError without echoing the URL (it may carry credentials). */
export function fetchFailure(error: unknown, signal: AbortSignal | undefined): StorageError {
  if (error instanceof StorageError) return error
  if (signal?.aborted)
    return new StorageError('The storage request was aborted.', {
      code: 'STORAGE_ABORTED',
      cause: signal.reason,
    })
  const name = (error as { name?: string } | undefined)?.name
  if (name === 'TimeoutError')
    return new StorageError('The storage node did not answer in time.', { code: 'STORAGE_TIMEOUT' })
  return new StorageError('The storage node could not be reached.', {
    code: 'STORAGE_UNAVAILABLE',
    cause: error,
  })
}

/** Reads a bounded JSON error body `{code, message}` from a failed response, for details only. */
export async function errorDetails(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).slice(0, 512)
  try {
    const body = JSON.parse(text) as { code?: unknown }
    if (typeof body.code === 'string' && /^[A-Z_]{1,64}$/.test(body.code))
      return `HTTP ${response.status} ${body.code}`
  } catch {}
  return `HTTP ${response.status}`
}
