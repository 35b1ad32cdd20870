import { createDcapWasmSource } from '@licen/attestation-policy'
import glueUrl from '@phala/dcap-qvl-web/dcap-qvl-web.js?url'
// The verifier's WASM (1 MiB) and glue are emitted as files and fetched only when a quote is verified.
import wasmUrl from '@phala/dcap-qvl-web/dcap-qvl-web_bg.wasm?url'

/** The dcap-qvl verifier for this page, loaded from the files the build emits (the audit route only). */
export const dcapWasm = createDcapWasmSource({ wasm: wasmUrl, glue: glueUrl })
