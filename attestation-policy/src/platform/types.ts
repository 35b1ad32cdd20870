/** The two exports of @phala/dcap-qvl-web's wasm-bindgen glue this package calls. */
export type DcapWasmGlue = {
  initSync: (options: { module: Uint8Array }) => unknown
  js_verify: (quote: Uint8Array, collateral: unknown, now: bigint) => unknown
}

/** Reads the dcap-qvl-web WASM binary from node_modules (Node); rejects where there is no file system. */
export type ReadDcapWasm = () => Promise<Uint8Array>

/**
 * Imports a fresh instance of the dcap-qvl-web glue module from node_modules, one per `instanceKey` (Node);
 * rejects where there is no file system.
 */
export type ImportDcapGlue = (instanceKey: string) => Promise<DcapWasmGlue>

/** The names of the `.json` files in a folder, sorted (Node); rejects where there is no file system. */
export type ListJsonFiles = (dir: string) => Promise<string[]>

/** A file of a folder as UTF-8 text (Node); rejects where there is no file system. */
export type ReadTextFile = (dir: string, name: string) => Promise<string>
