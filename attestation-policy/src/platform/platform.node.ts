// The Node variant of `#platform` (package.json `imports`, condition `node`): node_modules and folders on disk.
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { DcapWasmGlue, ImportDcapGlue, ListJsonFiles, ReadDcapWasm, ReadTextFile } from './types.js'

let packageDir: string | undefined

function dcapWebDir(): string {
  packageDir ??= dirname(createRequire(import.meta.url).resolve('@phala/dcap-qvl-web/package.json'))
  return packageDir
}

/** Reads `dcap-qvl-web_bg.wasm` from the installed @phala/dcap-qvl-web. */
export const readDcapWasm: ReadDcapWasm = async () =>
  new Uint8Array(await readFile(join(dcapWebDir(), 'dcap-qvl-web_bg.wasm')))

/** A distinct query string gives each trust anchor its own module instance (Node ESM, vitest, tsx). */
export const importDcapGlue: ImportDcapGlue = async (instanceKey) => {
  const url = `${pathToFileURL(join(dcapWebDir(), 'dcap-qvl-web.js')).href}?anchor=${instanceKey}`
  return (await import(/* @vite-ignore */ url)) as DcapWasmGlue
}

/** `readdir`, keeping `.json` names, sorted. */
export const listJsonFiles: ListJsonFiles = async (dir) =>
  (await readdir(dir)).filter((name) => name.endsWith('.json')).sort()

/** `readFile(join(dir, name), 'utf8')`. */
export const readTextFile: ReadTextFile = (dir, name) => readFile(join(dir, name), 'utf8')
