import { readBounded } from '@licen/sdk/http'
import { BaseError, describeError } from '../errors.js'
import type { DcapWasmGlue, DcapWasmSource } from './wasmSource.js'

/** Largest dcap-qvl WASM binary accepted by default (0.3.3 is 1.03 MiB). */
export const MAX_DCAP_WASM_BYTES = 8 * 1024 * 1024

const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] // "\0asm", version 1

/** Returns a glue module instance of its own for `instanceKey`. */
export type GlueImporter = (instanceKey: string) => Promise<DcapWasmGlue>

export type CreateDcapWasmSourceParameters = {
  /**
   * The dcap-qvl-web WASM binary (`dcap-qvl-web_bg.wasm`): its bytes, or a URL to fetch it from, e.g. what a bundler
   * emits for `import wasmUrl from '@phala/dcap-qvl-web/dcap-qvl-web_bg.wasm?url'` (Vite).
   */
  wasm: Uint8Array | string | URL
  /**
   * The wasm-bindgen glue (`dcap-qvl-web.js`): a URL the runtime imports, once per trust anchor with a distinct
   * `anchor` query parameter so each anchor gets its own module instance (static hosts ignore the query), e.g.
   * `import glueUrl from '@phala/dcap-qvl-web/dcap-qvl-web.js?url'`; or a function returning a fresh instance per key.
   */
  glue: string | URL | GlueImporter
  /** Fetch used for a WASM URL (default globalThis.fetch). */
  fetch?: typeof globalThis.fetch | undefined
  /** Timeout of the WASM download in milliseconds (default 30 s). */
  timeoutMs?: number | undefined
  /** Largest WASM accepted in bytes (default MAX_DCAP_WASM_BYTES). */
  maxWasmBytes?: number | undefined
}

/**
 * A dcap-qvl-web source from bytes or URLs, with no Node built-ins: how browsers run `verifyEvidence` and
 * `verifyJob`. The WASM is downloaded once (bounded, checked to be a WebAssembly binary); the dev-mock anchor
 * patches a copy of those bytes exactly as in Node.
 */
export function createDcapWasmSource(parameters: CreateDcapWasmSourceParameters): DcapWasmSource {
  const maxBytes = parameters.maxWasmBytes ?? MAX_DCAP_WASM_BYTES
  const timeoutMs = parameters.timeoutMs ?? 30_000
  let wasm: Promise<Uint8Array> | undefined
  const { glue } = parameters
  return {
    readWasm() {
      wasm ??= loadWasm(parameters.wasm, parameters.fetch, timeoutMs, maxBytes)
      wasm.catch(() => {
        wasm = undefined
      })
      return wasm
    },
    async importGlue(instanceKey) {
      const url = typeof glue === 'function' ? undefined : withAnchor(glue, instanceKey)
      let module: unknown
      try {
        module =
          url === undefined ? await (glue as GlueImporter)(instanceKey) : await import(/* @vite-ignore */ url)
      } catch (cause) {
        throw unavailable('The dcap-qvl WASM glue could not be imported.', describeError(cause), cause)
      }
      const exports = module as Partial<DcapWasmGlue> | undefined
      if (typeof exports?.initSync !== 'function' || typeof exports.js_verify !== 'function') {
        throw unavailable(
          'The dcap-qvl WASM glue could not be imported.',
          'the module does not export initSync and js_verify',
        )
      }
      return exports as DcapWasmGlue
    },
  }
}

async function loadWasm(
  source: Uint8Array | string | URL,
  fetchFn: typeof globalThis.fetch | undefined,
  timeoutMs: number,
  maxBytes: number,
): Promise<Uint8Array> {
  const bytes = source instanceof Uint8Array ? source : await download(source, fetchFn, timeoutMs, maxBytes)
  if (bytes.length > maxBytes)
    throw unavailable('The dcap-qvl WASM verifier is too large.', `${bytes.length} bytes > ${maxBytes}`)
  if (bytes.length < WASM_HEADER.length || WASM_HEADER.some((byte, i) => bytes[i] !== byte))
    throw unavailable(
      'The dcap-qvl WASM verifier could not be loaded.',
      'the bytes are not a WebAssembly binary',
    )
  return bytes
}

async function download(
  source: string | URL,
  fetchFn: typeof globalThis.fetch | undefined,
  timeoutMs: number,
  maxBytes: number,
): Promise<Uint8Array> {
  const url = absolute(source)
  const doFetch = fetchFn ?? globalThis.fetch.bind(globalThis)
  const failed = (details: string, cause?: unknown) =>
    unavailable('The dcap-qvl WASM verifier could not be downloaded.', details, cause)
  let response: Response
  try {
    response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) })
  } catch (cause) {
    throw failed(describeError(cause), cause)
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {})
    throw failed(`HTTP ${response.status}`)
  }
  let bytes: Uint8Array
  try {
    bytes = await readBounded(response, {
      maxBytes,
      tooLarge: ({ declaredBytes }) =>
        unavailable(
          'The dcap-qvl WASM verifier is too large.',
          declaredBytes === undefined
            ? `more than ${maxBytes} bytes`
            : `${declaredBytes} bytes > ${maxBytes}`,
        ),
    })
  } catch (cause) {
    if (cause instanceof BaseError) throw cause
    throw failed(describeError(cause), cause)
  }
  if (!response.body) throw failed('empty response')
  return bytes
}

/** Resolves a URL against the document (browsers), so fetch and import() agree on what a relative URL means. */
function absolute(url: string | URL): string {
  const base = (globalThis as { document?: { baseURI?: string } }).document?.baseURI
  try {
    return new URL(url, base).href
  } catch (cause) {
    throw unavailable('The dcap-qvl WASM verifier URL is invalid.', String(url), cause)
  }
}

function withAnchor(url: string | URL, instanceKey: string): string {
  const resolved = new URL(absolute(url))
  if (resolved.protocol === 'data:' || resolved.protocol === 'blob:')
    throw unavailable(
      'The dcap-qvl WASM glue could not be imported.',
      `a ${resolved.protocol} URL cannot give one module instance per trust anchor; serve the file or pass an importer`,
    )
  resolved.searchParams.set('anchor', instanceKey)
  return resolved.href
}

function unavailable(shortMessage: string, details: string, cause?: unknown): BaseError {
  return new BaseError(shortMessage, { code: 'VERIFIER_UNAVAILABLE', details, cause })
}
