/** Reads a byte stream to its end and concatenates it; rejects if the stream errors. */
export async function collectStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = []
  let length = 0
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parts.push(value)
      length += value.length
    }
  } catch (error) {
    // What arrived before the failure may be plaintext; do not leave it lying in memory.
    for (const part of parts) part.fill(0)
    throw error
  }
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
