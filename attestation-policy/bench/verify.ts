/**
 * Verification cost, measured side by side in one run (the machine is noisy): the Rust dcap-qvl as WASM (what the
 * verdict uses) against the JS dcap-qvl on the real Intel sample, then a whole verifyEvidence under the local
 * policy, and the dev TEE's quote and collateral generation. Run: pnpm --filter @licen/attestation-policy bench
 */
import { readFileSync } from 'node:fs'
import { benchUsage } from '@licen/testing'
import { verify as verifyJs } from '@phala/dcap-qvl'
import { parseCollateral } from '../src/collateral/collateralSchema.js'
import { loadDcapVerifier } from '../src/dcap/dcapVerifier.js'
import { createDevTee } from '../src/devTee/devTee.js'
import { mockCollateral } from '../src/devTee/mockCollateral.js'
import { createMockPki, DEV_MOCK_PKI_SEED, devMockRootCa } from '../src/devTee/mockPki.js'
import { parsePolicyJson } from '../src/policy/parsePolicy.js'
import { verifyEvidence } from '../src/verify/verifyEvidence.js'

benchUsage(process.argv.slice(2), 'Usage: pnpm bench:attest   (env: BENCH_ROUNDS=40)', [])
const rounds = Number(process.env.BENCH_ROUNDS ?? 40)
const fixture = (path: string) => readFileSync(new URL(`../test/fixtures/${path}`, import.meta.url))
const quote = new Uint8Array(fixture('tdx/sample_tdx_quote'))
const collateral = parseCollateral(JSON.parse(fixture('tdx/sample_tdx_quote_collateral.json').toString()))
const now = 1_750_332_747

async function time(label: string, run: () => unknown | Promise<unknown>): Promise<number> {
  await run()
  const start = performance.now()
  for (let i = 0; i < rounds; i++) await run()
  const perOp = (performance.now() - start) / rounds
  console.log(`${label.padEnd(52)} ${perOp.toFixed(2).padStart(8)} ms/op`)
  return perOp
}

let started = performance.now()
const pki = createMockPki(new Uint8Array(32).fill(1))
console.log(
  `${'mock PKI derivation (cold, one seed)'.padEnd(52)} ${(performance.now() - started).toFixed(2).padStart(8)} ms`,
)
started = performance.now()
const wasm = await loadDcapVerifier()
console.log(
  `${'dcap-qvl WASM load + instantiate (cold)'.padEnd(52)} ${(performance.now() - started).toFixed(2).padStart(8)} ms`,
)

/** Times two operations in alternation so both see the same machine load. */
function pair(labels: [string, string], runs: [() => unknown, () => unknown]): [number, number] {
  const totals = [0, 0]
  for (const run of runs) run()
  for (let i = 0; i < rounds; i++) {
    for (const k of [0, 1] as const) {
      const start = performance.now()
      runs[k]()
      totals[k]! += performance.now() - start
    }
  }
  const perOp = totals.map((total) => total / rounds) as [number, number]
  for (const [k, label] of labels.entries())
    console.log(`${label.padEnd(52)} ${perOp[k]!.toFixed(2).padStart(8)} ms/op`)
  return perOp
}

console.log(`\n${rounds} rounds, alternating:`)
const [w, j] = pair(
  ['dcap-qvl-web (Rust→WASM) verify, Intel sample', '@phala/dcap-qvl (JS) verify, Intel sample'],
  [() => wasm.verify(quote, collateral, now), () => verifyJs(quote, collateral, now)],
)
console.log(`${'ratio JS / WASM'.padEnd(52)} ${(j / w).toFixed(2).padStart(8)} ×\n`)

const tee = createDevTee({
  state: { pkiSeed: DEV_MOCK_PKI_SEED, instanceId: new Uint8Array(20) },
  now: () => 1_767_225_600,
})
const local = parsePolicyJson(readFileSync(new URL('../policies/local.json', import.meta.url), 'utf8'))
const devRoot = devMockRootCa()
const reportData = new Uint8Array(64).fill(5)
const evidence = tee.quote(reportData)
const devCollateral = tee.collateral()
await time('verifyEvidence, dev TEE evidence, local policy', async () => {
  const verdict = await verifyEvidence(evidence, local, {
    collateral: devCollateral,
    now: 1_767_225_600,
    expectedReportData: reportData,
    devMockRootCa: devRoot,
  })
  if (!verdict.ok) throw new Error('dev evidence did not verify')
})
await time('verifyEvidence, Intel sample, no policy', async () => {
  const verdict = await verifyEvidence({ quote }, undefined, { collateral, now })
  if (!verdict.ok) throw new Error('sample did not verify')
})
await time('dev TEE quote (TDX v4, two P-256 signatures)', () => tee.quote(reportData))
await time('dev TEE collateral (TCB info, QE identity, 2 CRLs)', () =>
  mockCollateral(pki, { issuedAt: 1_767_225_600 }),
)
