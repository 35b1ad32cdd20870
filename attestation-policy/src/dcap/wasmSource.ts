import * as platform from '#platform'
import { BaseError } from '../errors.js'
import type { DcapWasmGlue } from '../platform/types.js'

export type { DcapWasmGlue } from '../platform/types.js'

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

/** Reads the dcap-qvl-web WASM binary from node_modules (Node only). */
export async function readDcapWasm(): Promise<Uint8Array> {
  try {
    return await platform.readDcapWasm()
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
    return await platform.importDcapGlue(instanceKey)
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
