import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import type { Collateral } from '../collateral/collateralSchema.js'
import { BaseError } from '../errors.js'
import type { TdReportFields } from '../quote/parseQuote.js'
import { INTEL_ROOT_CA_SHA256, intelRootCa } from './intelRootCa.js'
import { type DcapWasmSource, nodeDcapWasmSource } from './wasmSource.js'

/** What dcap-qvl-web reports for a quote whose signature chain, CRLs, TCB level and attributes passed. */
export type DcapVerified = {
  ok: true
  status: string
  advisoryIds: string[]
  /** The verified TD report (TDX) or undefined (SGX). */
  td: TdReportFields | undefined
}

/** dcap-qvl-web's refusal, with its message. */
export type DcapRefused = { ok: false; message: string }

/** The Rust DCAP verifier (as WASM) bound to one trust anchor. */
export type DcapVerifier = {
  /** sha256 of the root CA DER this verifier trusts. */
  rootCaSha256: string
  verify: (quote: Uint8Array, collateral: Collateral, now: number) => DcapVerified | DcapRefused
}

// Per source, per root CA sha256: one WASM instance each, reused across verifications.
const verifiers = new WeakMap<DcapWasmSource, Map<string, Promise<DcapVerifier>>>()

/**
 * Returns a copy of the dcap-qvl-web WASM with its compiled-in Intel root CA replaced by `rootCa` (same length).
 * The verifier code is unchanged; only the trust anchor differs (how development quotes run the production path).
 */
export function replaceTrustAnchor(wasm: Uint8Array, rootCa: Uint8Array): Uint8Array {
  const intel = intelRootCa()
  if (rootCa.length !== intel.length) {
    throw new BaseError('The replacement root CA has the wrong size.', {
      code: 'TRUST_ANCHOR_INVALID',
      details: `${rootCa.length} bytes; it must be exactly ${intel.length} bytes, the size of the Intel root it replaces`,
    })
  }
  const positions: number[] = []
  for (let at = indexOf(wasm, intel, 0); at !== -1; at = indexOf(wasm, intel, at + 1)) positions.push(at)
  if (positions.length !== 1) {
    throw new BaseError('The dcap-qvl WASM does not embed the Intel root CA exactly once.', {
      code: 'VERIFIER_UNAVAILABLE',
      details: `found ${positions.length} copies`,
    })
  }
  const patched = wasm.slice()
  patched.set(rootCa, positions[0]!)
  return patched
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]
  outer: for (let at = haystack.indexOf(first!, from); at !== -1; at = haystack.indexOf(first!, at + 1)) {
    if (at + needle.length > haystack.length) return -1
    for (let i = 1; i < needle.length; i++) if (haystack[at + i] !== needle[i]) continue outer
    return at
  }
  return -1
}

type WasmTdReport = Record<string, string>

function tdFields(report: WasmTdReport): TdReportFields {
  return {
    teeTcbSvn: report.tee_tcb_svn!,
    mrSeam: report.mr_seam!,
    mrSignerSeam: report.mr_signer_seam!,
    seamAttributes: report.seam_attributes!,
    tdAttributes: report.td_attributes!,
    xfam: report.xfam!,
    mrtd: report.mr_td!,
    mrConfigId: report.mr_config_id!,
    mrOwner: report.mr_owner!,
    mrOwnerConfig: report.mr_owner_config!,
    rtmr0: report.rt_mr0!,
    rtmr1: report.rt_mr1!,
    rtmr2: report.rt_mr2!,
    rtmr3: report.rt_mr3!,
    reportData: report.report_data!,
  }
}

/**
 * Loads @phala/dcap-qvl-web (the Rust verifier compiled to WASM) from `source` (default: node_modules, Node only)
 * trusting `rootCa` (DER), or Intel's root when omitted. Instances are cached per source and root.
 */
export function loadDcapVerifier(
  rootCa?: Uint8Array,
  source: DcapWasmSource = nodeDcapWasmSource,
): Promise<DcapVerifier> {
  const rootCaSha256 = rootCa ? bytesToHex(sha256(rootCa)) : INTEL_ROOT_CA_SHA256
  let cache = verifiers.get(source)
  if (!cache) {
    cache = new Map()
    verifiers.set(source, cache)
  }
  const byRoot = cache
  let verifier = byRoot.get(rootCaSha256)
  if (!verifier) {
    verifier = (async () => {
      const wasm = await source.readWasm()
      const module = rootCaSha256 === INTEL_ROOT_CA_SHA256 ? wasm : replaceTrustAnchor(wasm, rootCa!)
      const glue = await source.importGlue(rootCaSha256)
      try {
        glue.initSync({ module })
      } catch (cause) {
        throw new BaseError('The dcap-qvl WASM verifier could not be instantiated.', {
          code: 'VERIFIER_UNAVAILABLE',
          details: cause instanceof Error ? cause.message : String(cause),
          cause,
        })
      }
      return {
        rootCaSha256,
        verify(quote, collateral, now) {
          let result: { status: string; advisory_ids: string[]; report: Record<string, unknown> }
          try {
            result = glue.js_verify(quote, collateral, BigInt(now)) as typeof result
          } catch (error) {
            return { ok: false, message: error instanceof Error ? error.message : String(error) }
          }
          const td = (result.report.TD10 ?? (result.report.TD15 as { base?: unknown } | undefined)?.base) as
            | WasmTdReport
            | undefined
          return {
            ok: true,
            status: result.status,
            advisoryIds: result.advisory_ids,
            td: td ? tdFields(td) : undefined,
          }
        },
      }
    })()
    verifier.catch(() => byRoot.delete(rootCaSha256))
    byRoot.set(rootCaSha256, verifier)
  }
  return verifier
}
