/**
 * `JSON.parse` of `input` (text, or bytes decoded as strict UTF-8, a leading byte order mark skipped), or the error
 * `refusal` builds from what the decoder or the parser threw: one way every package turns untrusted JSON into a
 * value, each with its own error and code.
 */
export function parseJsonOrThrow(input: string | Uint8Array, refusal: (cause: Error) => Error): unknown {
  try {
    return JSON.parse(
      typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input),
    )
  } catch (cause) {
    throw refusal(cause as Error)
  }
}
