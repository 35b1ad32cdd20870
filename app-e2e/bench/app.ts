// `pnpm --filter @licen/app-e2e bench`: gzip sizes of what the first page, the publish and the audit routes load,
// and time to interactive on the local devnet (production build from a sub-path, Debian Chromium, the whole devnet
// of startDevnet).
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { serveStatic } from '@licen/devnet'
import { benchUsage } from '@licen/testing'
import type { Page } from 'playwright-core'
import { launchChromium } from '../e2e/browser.js'
import { startStack } from '../e2e/stack.js'

benchUsage(
  process.argv.slice(2),
  'Usage: pnpm bench:app [--json] [--verbose]   (builds the app first; env: BENCH_RUNS=5)',
  ['--json', '--verbose'],
)
const buildDir = join(import.meta.dirname, '..', 'build')
// The production build the bench measures (after --help, which must do nothing else), through the app's own bin.
execFileSync('pnpm', ['exec', 'licen-app-build', buildDir], {
  cwd: join(import.meta.dirname, '..'),
  stdio: ['ignore', 'ignore', 'inherit'],
})
const runs = Number(process.env.BENCH_RUNS ?? 5)
const json = process.argv.includes('--json')
const prefix = '/ipfs/bafybenchapp/'

const stack = await startStack()
// The devnet's own config.json for the app: the marketplace reads the indexer, as users get it.
const site = await serveStatic({
  root: buildDir,
  prefix,
  port: 0,
  files: { 'config.json': { body: JSON.stringify(stack.appConfig) } },
})
const browser = await launchChromium()

/** Files under the build folder a cold load of `hash` requests, with raw and gzip sizes. */
async function loadedFiles(hash: string, ready: (page: Page) => Promise<unknown>) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const files = new Set<string>()
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname
    if (path.startsWith(prefix) && !path.endsWith('config.json'))
      files.add(path.slice(prefix.length) || 'index.html')
  })
  await page.goto(`${site.url}${hash}`)
  await ready(page)
  await context.close()
  let raw = 0
  let gzip = 0
  const sizes: [string, number][] = []
  for (const file of files) {
    const bytes = readFileSync(join(buildDir, file))
    const zipped = gzipSync(bytes, { level: 9 }).length
    raw += bytes.length
    gzip += zipped
    sizes.push([file, zipped])
  }
  const largest = sizes.sort((a, b) => b[1] - a[1]).slice(0, 4)
  return { files: files.size, rawKiB: raw / 1024, gzipKiB: gzip / 1024, largest }
}

const marketplaceReady = (page: Page) => page.getByText('No dataset is published yet.').waitFor()
const first = await loadedFiles('#/', marketplaceReady)
const publish = await loadedFiles('#/publish', (page) => page.getByText('Drop a .jsonl file here').waitFor())
// The audit route on a job that never started: its chunks, the lazily imported audit code included. The verifier's
// WASM and glue are fetched only when a quote is verified, so they are measured from the build folder.
const audit = await loadedFiles('#/jobs/1/audit', (page) => page.getByTestId('audit-summary').waitFor())
const verifierFiles = readdirSync(join(buildDir, '_app/immutable/assets')).filter((name) =>
  name.startsWith('dcap-qvl-web'),
)
if (verifierFiles.length !== 2) throw new Error(`expected the dcap-qvl WASM and glue, found ${verifierFiles}`)
const verifier = verifierFiles.reduce(
  (sum, name) => {
    const bytes = readFileSync(join(buildDir, '_app/immutable/assets', name))
    return {
      rawKiB: sum.rawKiB + bytes.length / 1024,
      gzipKiB: sum.gzipKiB + gzipSync(bytes, { level: 9 }).length / 1024,
    }
  },
  { rawKiB: 0, gzipKiB: 0 },
)
const workerFile = readFileSync(
  join(buildDir, '_app/immutable/workers', readdirSync(join(buildDir, '_app/immutable/workers'))[0]!),
)
const worker = { rawKiB: workerFile.length / 1024, gzipKiB: gzipSync(workerFile, { level: 9 }).length / 1024 }

/** Time to interactive: navigation start → marketplace rendered from chain data and the wallet button answering. */
const tti: number[] = []
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${site.url}#/`)
  await marketplaceReady(page)
  await page.getByRole('button', { name: 'Connect wallet' }).click()
  await page.getByRole('dialog', { name: 'Choose a wallet' }).waitFor()
  tti.push(await page.evaluate(() => performance.now()))
  await context.close()
}
tti.sort((a, b) => a - b)
const median = tti[Math.floor(tti.length / 2)]!

await browser.close()
await site.close()
await stack.stop()

const round = (n: number) => Math.round(n * 10) / 10
console.log(
  `first page (#/)      ${first.files} files, ${round(first.rawKiB)} KiB raw, ${round(first.gzipKiB)} KiB gzip`,
)
console.log(
  `publish route        ${publish.files} files, ${round(publish.rawKiB)} KiB raw, ${round(publish.gzipKiB)} KiB gzip`,
)
console.log(
  `audit route          ${audit.files} files, ${round(audit.rawKiB)} KiB raw, ${round(audit.gzipKiB)} KiB gzip`,
)
console.log(
  `+ quote verifier     ${round(verifier.rawKiB)} KiB raw, ${round(verifier.gzipKiB)} KiB gzip (dcap-qvl WASM + glue, fetched when a quote is verified)`,
)
if (process.argv.includes('--verbose'))
  for (const [name, m] of [
    ['first page', first],
    ['publish', publish],
    ['audit', audit],
  ] as const)
    console.log(`${name} largest: ${m.largest.map(([f, z]) => `${f} ${round(z / 1024)} KiB`).join(', ')}`)
console.log(
  `publish worker       ${round(worker.rawKiB)} KiB raw, ${round(worker.gzipKiB)} KiB gzip (loaded when a file is chosen)`,
)
console.log(
  `time to interactive  median ${Math.round(median)} ms over ${runs} cold loads (min ${Math.round(tti[0]!)}, max ${Math.round(tti.at(-1)!)})`,
)
if (json)
  console.log(
    JSON.stringify({
      firstPageGzipKiB: round(first.gzipKiB),
      publishRouteGzipKiB: round(publish.gzipKiB),
      auditRouteGzipKiB: round(audit.gzipKiB),
      auditVerifierGzipKiB: round(verifier.gzipKiB),
      publishWorkerGzipKiB: round(worker.gzipKiB),
      ttiMedianMs: Math.round(median),
    }),
  )
