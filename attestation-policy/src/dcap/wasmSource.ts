import { BaseError } from '../errors.js'

/** The two exports of @phala/dcap-qvl-web's wasm-bindgen glue this package calls. */
export type DcapWasmGlue = {
  initSync: (options: { module: Uint8Array }) => unknown
  js_verify: (quote: Uint8Array, collateral: unknown, now: bigint) => unknown
}

/**
 * Where the dcap-qvl-web verifier comes from: the WASM binary and its wasm-bindgen glue. The glue keeps its WASM
 * instance in module state, so `importGlue` must return a distinct module instance per `instanceKey` (one per
 * trust anchor). `nodeDcapWasmSource` reads both from node_modules; `createDcapWasmSource` takes bytes or URLs
 * (browsers, bundlers).
 */
export type DcapWasmSource = {
  /** The WASM binary; callers never mutate it. */
  readWasm: () => Promise<Uint8Array>
  /** A glue module instance of its own for `instanceKey`. */
  importGlue: (instanceKey: string) => Promise<DcapWasmGlue>
}

// Specifiers in variables keep browser bundlers from resolving Node built-ins this Node-only path never needs there.
const NODE_MODULE = 'node:module'
const NODE_PATH = 'node:path'
const NODE_FS = 'node:fs/promises'
const NODE_URL = 'node:url'

let packageDir: Promise<string> | undefined

async function dcapWebDir(): Promise<string> {
  packageDir ??= (async () => {
    const { createRequire } = (await import(/* @vite-ignore */ NODE_MODULE)) as typeof import('node:module')
    const { dirname } = (await import(/* @vite-ignore */ NODE_PATH)) as typeof import('node:path')
    return dirname(createRequire(import.meta.url).resolve('@phala/dcap-qvl-web/package.json'))
  })()
  packageDir.catch(() => {
    packageDir = undefined
  })
  return packageDir
}

/** Reads the dcap-qvl-web WASM binary from node_modules (Node only). */
export async function readDcapWasm(): Promise<Uint8Array> {
  try {
    const { readFile } = (await import(/* @vite-ignore */ NODE_FS)) as typeof import('node:fs/promises')
    return new Uint8Array(await readFile(`${await dcapWebDir()}/dcap-qvl-web_bg.wasm`))
  } catch (error) {
    throw new BaseError('The dcap-qvl WASM verifier could not be loaded.', {
      code: 'VERIFIER_UNAVAILABLE',
      details: 'outside Node, pass a source from createDcapWasmSource (the WASM and glue URLs)',
      cause: error,
    })
  }
}

/**
 * Imports a fresh instance of the wasm-bindgen glue module from node_modules (Node only): a distinct query string
 * gives each trust anchor its own module instance (Node ESM, vitest, tsx).
 */
export async function importDcapGlue(instanceKey: string): Promise<DcapWasmGlue> {
  try {
    const { pathToFileURL } = (await import(/* @vite-ignore */ NODE_URL)) as typeof import('node:url')
    const url = `${pathToFileURL(`${await dcapWebDir()}/dcap-qvl-web.js`).href}?anchor=${instanceKey}`
    return (await import(/* @vite-ignore */ url)) as DcapWasmGlue
  } catch (error) {
    throw new BaseError('The dcap-qvl WASM glue could not be imported.', {
      code: 'VERIFIER_UNAVAILABLE',
      details: 'outside Node, pass a source from createDcapWasmSource (the WASM and glue URLs)',
      cause: error,
    })
  }
}

/** The verifier from node_modules, the default of `verifyEvidence` and `verifyJob` (Node only). */
export const nodeDcapWasmSource: DcapWasmSource = { readWasm: readDcapWasm, importGlue: importDcapGlue }
