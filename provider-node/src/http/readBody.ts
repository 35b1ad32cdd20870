import { HttpError } from './HttpError.js'

/** Reads a request body into memory, refusing more than `maxBytes` (checked on the declared length and as it streams). */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > maxBytes) {
    throw new HttpError('BODY_TOO_LARGE', `Request bodies are limited to ${maxBytes} bytes.`)
  }
  if (!request.body) return new Uint8Array(0)
  const parts: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      throw new HttpError('BODY_TOO_LARGE', `Request bodies are limited to ${maxBytes} bytes.`)
    }
    parts.push(value)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
