// The browser variant of `#platform` (package.json `imports`, conditions `browser` and `default`): no file system,
// so a browser bundle never sees a Node built-in. Callers wrap these rejections in their own error codes.
import type { ImportDcapGlue, ListJsonFiles, ReadDcapWasm, ReadTextFile } from './types.js'

const noFileSystem = (what: string) =>
  Promise.reject(new TypeError(`${what} needs Node (no file system here)`))

/** Rejects: browsers pass a source from `createDcapWasmSource` (the WASM and glue URLs). */
export const readDcapWasm: ReadDcapWasm = () => noFileSystem('reading the dcap-qvl WASM from node_modules')

/** Rejects: browsers pass a source from `createDcapWasmSource` (the WASM and glue URLs). */
export const importDcapGlue: ImportDcapGlue = () =>
  noFileSystem('importing the dcap-qvl glue from node_modules')

/** Rejects: browsers read policies from a URL. */
export const listJsonFiles: ListJsonFiles = () => noFileSystem('reading a policy folder')

/** Rejects: browsers read policies from a URL. */
export const readTextFile: ReadTextFile = () => noFileSystem('reading a policy file')
