import { readBounded } from '../../http/readBounded.js'
import { StorageError } from '../StorageError.js'

/** A JSON-RPC error object a 0G node or indexer answered (`-32602` invalid params, `-32000` failures, …). */
export class ZerogRpcError extends StorageError {
  override name = 'ZerogRpcError'
  readonly rpcCode: number
  readonly rpcMessage: string
  readonly rpcData: string | undefined

  constructor(method: string, error: { code: number; message: string; data?: unknown }) {
    const data = typeof error.data === 'string' ? error.data.slice(0, 256) : undefined
    super(`0G ${method} failed.`, {
      code: 'STORAGE_ZEROG_FAILED',
      details: `${error.code} ${error.message.slice(0, 256)}${data === undefined ? '' : `: ${data}`}`,
    })
    this.rpcCode = error.code
    this.rpcMessage = error.message.slice(0, 256)
    this.rpcData = data
  }

  /** The node's text of the failure (`data` of invalid-params errors, else `message`). */
  get reason(): string {
    return this.rpcData ?? this.rpcMessage
  }
}

/** Options of one {@link zerogRpc} call. */
export type ZerogRpcOptions = {
  /** Deadline of the call in milliseconds (default 30 s). */
  timeoutMs?: number | undefined
  /** Largest answer read (default 4 MiB: a segment with its proof, base64, is about 350 KiB). */
  maxBytes?: number | undefined
  signal?: AbortSignal | undefined
}

let nextId = 1

/**
 * One JSON-RPC 2.0 call over HTTP POST with a deadline and a bounded read. Transport failures are
 * STORAGE_UNAVAILABLE / STORAGE_TIMEOUT / STORAGE_ABORTED (never the URL), an error object is a ZerogRpcError,
 * a malformed answer STORAGE_BAD_RESPONSE.
 */
export async function zerogRpc<T>(
  url: string,
  method: string,
  params: unknown[],
  options: ZerogRpcOptions = {},
): Promise<T> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  const id = nextId++
  let body: Uint8Array
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
      signal,
    })
    body = await readBounded(response, {
      maxBytes: options.maxBytes ?? 4 * 1024 * 1024,
      signal,
      tooLarge: () => new StorageError(`0G ${method} answered too much.`, { code: 'STORAGE_BAD_RESPONSE' }),
    })
    if (!response.ok && body.length === 0)
      throw new StorageError(`0G ${method} failed.`, {
        code: 'STORAGE_UNAVAILABLE',
        details: `HTTP ${response.status}`,
      })
  } catch (cause) {
    if (cause instanceof StorageError) throw cause
    if (options.signal?.aborted)
      throw new StorageError('The 0G request was aborted.', {
        code: 'STORAGE_ABORTED',
        cause: options.signal.reason,
      })
    if (timeout.aborted)
      throw new StorageError(`0G ${method} did not answer in time.`, { code: 'STORAGE_TIMEOUT' })
    throw new StorageError(`0G ${method} could not be reached.`, { code: 'STORAGE_UNAVAILABLE', cause })
  }
  let answer: { id?: unknown; result?: T; error?: { code?: unknown; message?: unknown; data?: unknown } }
  try {
    answer = JSON.parse(new TextDecoder().decode(body))
  } catch {
    throw new StorageError(`0G ${method} answered with something other than JSON.`, {
      code: 'STORAGE_BAD_RESPONSE',
    })
  }
  if (answer === null || typeof answer !== 'object' || answer.id !== id)
    throw new StorageError(`0G ${method} answered another request.`, { code: 'STORAGE_BAD_RESPONSE' })
  if (answer.error) {
    const { code, message, data } = answer.error
    if (typeof code !== 'number' || typeof message !== 'string')
      throw new StorageError(`0G ${method} answered a malformed error.`, { code: 'STORAGE_BAD_RESPONSE' })
    throw new ZerogRpcError(method, { code, message, data })
  }
  if (!('result' in answer))
    throw new StorageError(`0G ${method} answered without a result.`, { code: 'STORAGE_BAD_RESPONSE' })
  return answer.result as T
}
