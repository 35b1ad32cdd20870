import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { rejection } from '@licen/errors/testing'
import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { DEV_NOW, devTee, testBinding } from '../../test/devEvidence.js'
import { intelSample, packageText } from '../../test/fixtures.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { BaseError } from '../errors.js'
import { parsePolicyJson } from '../policy/parsePolicy.js'
import type { Verdict } from '../verify/verdict.js'
import { verifyEvidence } from '../verify/verifyEvidence.js'
import { createDcapWasmSource } from './createDcapWasmSource.js'
import { importDcapGlue, readDcapWasm } from './wasmSource.js'

const packageDir = dirname(createRequire(import.meta.url).resolve('@phala/dcap-qvl-web/package.json'))
const glueUrl = pathToFileURL(`${packageDir}/dcap-qvl-web.js`).href
const summary = (verdict: Verdict) =>
  verdict.checks.map((c) => `${c.id}:${c.status}${c.code ? `:${c.code}` : ''}`)

/** A fetch that serves `body` with `init`, counting calls. */
function fakeFetch(body: Uint8Array | null, init: ResponseInit = {}) {
  const calls: string[] = []
  const fetch = async (input: RequestInfo | URL) => {
    calls.push(String(input))
    return new Response(body as BodyInit | null, init)
  }
  return { fetch: fetch as typeof globalThis.fetch, calls }
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await rejection(promise, BaseError)
  return `${error.code}: ${error.shortMessage}${error.details ? ` (${error.details})` : ''}`
}

describe('createDcapWasmSource', () => {
  test('default: WASM bytes and a glue URL give the same verdicts as the node_modules loader', async () => {
    const dcapWasm = createDcapWasmSource({ wasm: await readDcapWasm(), glue: glueUrl })
    const options = { collateral: intelSample.collateral(), now: intelSample.now }
    const viaSource = await verifyEvidence({ quote: intelSample.quote() }, undefined, {
      ...options,
      dcapWasm,
    })
    const viaNode = await verifyEvidence({ quote: intelSample.quote() }, undefined, options)
    expect(viaSource.ok).toBe(true)
    expect(viaSource).toEqual(viaNode)

    const tee = devTee()
    const reportData = testBinding('source-nonce')
    const { quote, eventLog } = tee.quote(reportData)
    const local = parsePolicyJson(packageText('policies/local.json'))
    const dev = await verifyEvidence({ quote, eventLog }, local, {
      collateral: tee.collateral(),
      now: DEV_NOW,
      expectedReportData: reportData,
      devMockRootCa: devMockRootCa(),
      dcapWasm,
    })
    expect(dev.ok).toBe(true)
    expect(dev.trustAnchor.kind).toBe('dev-mock')
  })

  test('args: a WASM URL is fetched once (bounded) and the glue comes from an importer per anchor', async () => {
    const wasm = await readDcapWasm()
    const served = fakeFetch(wasm, { headers: { 'content-length': String(wasm.length) } })
    const keys: string[] = []
    const source = createDcapWasmSource({
      wasm: 'https://app.example/_app/immutable/assets/dcap-qvl-web_bg.wasm',
      glue: (key) => {
        keys.push(key)
        return importDcapGlue(`source-test-${key}`)
      },
      fetch: served.fetch,
    })
    const digest = (bytes: Uint8Array) => bytesToHex(sha256(bytes))
    expect(digest(await source.readWasm())).toBe(digest(wasm))
    expect(await source.readWasm()).toBe(await source.readWasm())
    expect(served.calls).toEqual(['https://app.example/_app/immutable/assets/dcap-qvl-web_bg.wasm'])
    const verdict = await verifyEvidence({ quote: intelSample.quote() }, undefined, {
      collateral: intelSample.collateral(),
      now: intelSample.now,
      dcapWasm: source,
    })
    expect(summary(verdict)).toContain('signature:pass')
    expect(keys).toEqual(['44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3'])
  })

  test('error: download failures, oversize and non-WASM bytes are refused; a failed download is retried', async () => {
    const wasmAt = 'https://app.example/dcap.wasm'
    const notFound = fakeFetch(new Uint8Array(), { status: 404 })
    const missing = createDcapWasmSource({ wasm: wasmAt, glue: glueUrl, fetch: notFound.fetch })
    expect(await failure(missing.readWasm())).toBe(
      'VERIFIER_UNAVAILABLE: The dcap-qvl WASM verifier could not be downloaded. (HTTP 404)',
    )
    expect(await failure(missing.readWasm())).toBe(
      'VERIFIER_UNAVAILABLE: The dcap-qvl WASM verifier could not be downloaded. (HTTP 404)',
    )
    expect(notFound.calls.length).toBe(2)

    const declared = fakeFetch(new Uint8Array(16), { headers: { 'content-length': '9000000' } })
    expect(
      await failure(createDcapWasmSource({ wasm: wasmAt, glue: glueUrl, fetch: declared.fetch }).readWasm()),
    ).toBe('VERIFIER_UNAVAILABLE: The dcap-qvl WASM verifier is too large. (9000000 bytes > 8388608)')

    const streamed = fakeFetch(new Uint8Array(2048))
    expect(
      await failure(
        createDcapWasmSource({
          wasm: wasmAt,
          glue: glueUrl,
          fetch: streamed.fetch,
          maxWasmBytes: 1024,
        }).readWasm(),
      ),
    ).toBe('VERIFIER_UNAVAILABLE: The dcap-qvl WASM verifier is too large. (more than 1024 bytes)')

    const html = new TextEncoder().encode('<!doctype html><title>404</title>')
    expect(await failure(createDcapWasmSource({ wasm: html, glue: glueUrl }).readWasm())).toBe(
      'VERIFIER_UNAVAILABLE: The dcap-qvl WASM verifier could not be loaded. (the bytes are not a WebAssembly binary)',
    )
    expect(await failure(createDcapWasmSource({ wasm: 'not a url', glue: glueUrl }).readWasm())).toBe(
      'VERIFIER_UNAVAILABLE: The dcap-qvl WASM verifier URL is invalid. (not a url)',
    )
  })

  test('error: a glue that is not dcap-qvl-web, or a data: URL, is refused', async () => {
    const wasm = await readDcapWasm()
    const notGlue = createDcapWasmSource({ wasm, glue: async () => ({}) as never })
    expect(await failure(notGlue.importGlue('k'))).toBe(
      'VERIFIER_UNAVAILABLE: The dcap-qvl WASM glue could not be imported. (the module does not export initSync and js_verify)',
    )
    const inline = createDcapWasmSource({ wasm, glue: 'data:text/javascript,export%20const%20a%3D1' })
    expect(await failure(inline.importGlue('k'))).toBe(
      'VERIFIER_UNAVAILABLE: The dcap-qvl WASM glue could not be imported. (a data: URL cannot give one module instance per trust anchor; serve the file or pass an importer)',
    )
    const missing = createDcapWasmSource({ wasm, glue: pathToFileURL(`${packageDir}/missing.js`).href })
    expect(await failure(missing.importGlue('k'))).toMatch(
      /^VERIFIER_UNAVAILABLE: The dcap-qvl WASM glue could not be imported\. \(.*missing\.js/,
    )
  })

  test('error: a WASM that does not compile fails the trust anchor check, never the process', async () => {
    const broken = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff])
    const verdict = await verifyEvidence({ quote: intelSample.quote() }, undefined, {
      collateral: intelSample.collateral(),
      now: intelSample.now,
      dcapWasm: createDcapWasmSource({
        wasm: broken,
        glue: (key) => importDcapGlue(`broken-wasm-${key}`),
      }),
    })
    expect(verdict.ok).toBe(false)
    expect(summary(verdict)).toEqual([
      'quote:pass',
      'collateral:pass',
      'trustAnchor:fail:VERIFIER_UNAVAILABLE',
      'signature:skipped',
      'qeIdentity:skipped',
      'tdxModule:skipped',
      'tcbStatus:skipped',
      'freshness:skipped',
      'debug:pass',
    ])
    expect(verdict.checks[2]?.reason).toMatch(
      /^The dcap-qvl WASM verifier could not be instantiated\. WebAssembly\.Module\(\): /,
    )
  })
})
