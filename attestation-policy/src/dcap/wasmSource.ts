import { BaseError } from '../errors.js'

/** The two exports of @phala/dcap-qvl-web's wasm-bindgen glue this package calls. */
export type DcapWasmGlue = {
  initSync: (options: { module: Uint8Array }) => unknown
  js_verify: (quote: Uint8Array, collateral: unknown, now: bigint) => unknown
}

let packageDir: Promise<string> | undefined

async function dcapWebDir(): Promise<string> {
  packageDir ??= (async () => {
    const { createRequire } = await import('node:module')
    const { dirname } = await import('node:path')
    return dirname(createRequire(import.meta.url).resolve('@phala/dcap-qvl-web/package.json'))
  })()
  return packageDir
}

/** Reads the dcap-qvl-web WASM binary from node_modules (Node only). */
export async function readDcapWasm(): Promise<Uint8Array> {
  try {
    const { readFile } = await import('node:fs/promises')
    return new Uint8Array(await readFile(`${await dcapWebDir()}/dcap-qvl-web_bg.wasm`))
  } catch (error) {
    throw new BaseError('VERIFIER_UNAVAILABLE', 'The dcap-qvl WASM verifier could not be loaded.', {
      cause: error,
    })
  }
}

/**
 * Imports a fresh instance of the wasm-bindgen glue module. The glue keeps its WASM instance in module state,
 * so each trust anchor needs its own module instance: a distinct query string gives one (Node ESM, vitest, tsx).
 */
export async function importDcapGlue(instanceKey: string): Promise<DcapWasmGlue> {
  try {
    const { pathToFileURL } = await import('node:url')
    const url = `${pathToFileURL(`${await dcapWebDir()}/dcap-qvl-web.js`).href}?anchor=${instanceKey}`
    return (await import(/* @vite-ignore */ url)) as DcapWasmGlue
  } catch (error) {
    throw new BaseError('VERIFIER_UNAVAILABLE', 'The dcap-qvl WASM glue could not be imported.', {
      cause: error,
    })
  }
}
