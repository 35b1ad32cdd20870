// `pnpm bench:publish [--json] [--sizes 64,512] [--sdk-max-mib 64] [--no-chromium]`
// Our encrypt+root, our root alone, raw AES-GCM and the 0G SDK root on the same bytes, in Node and in headless
// Chromium, from one run. With --json the last line is {"node":{…},"chromium":{…}} for the largest size.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { benchUsage, chromiumLaunchOptions } from '@licen/testing'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { type Measurement, measure } from './measure.js'

function parseArgs(argv: readonly string[]) {
  const options = { json: false, sizes: [64, 512], sdkMaxMiB: 64, chromium: true }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') continue
    if (arg === '--json') options.json = true
    else if (arg === '--no-chromium') options.chromium = false
    else if (arg === '--sizes') options.sizes = String(argv[++i]).split(',').map(Number)
    else if (arg === '--sdk-max-mib') options.sdkMaxMiB = Number(argv[++i])
    else throw new Error(`unknown argument ${arg}`)
  }
  if (!options.sizes.every((n) => Number.isInteger(n) && n > 0 && n <= 2048) || options.sizes.length === 0)
    throw new Error('--sizes takes comma-separated MiB counts in 1..2048')
  if (!Number.isInteger(options.sdkMaxMiB) || options.sdkMaxMiB < 1)
    throw new Error('--sdk-max-mib must be ≥ 1')
  options.sizes.sort((a, b) => a - b)
  return options
}

async function inChromium(sizes: number[], sdkMaxMiB: number): Promise<Measurement[]> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./browserEntry.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
    // The 0G SDK imports these lazily for its file helpers only.
    external: ['fs', 'path', 'os', 'crypto', 'node:*'],
  })
  const script = bundle.outputFiles[0]!.contents
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' })
      return res.end(script)
    }
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><script type="module" src="/bench.js"></script>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const page = await browser.newPage()
    page.setDefaultTimeout(0)
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
    await page.waitForFunction(() => typeof window.licenBench === 'function')
    const cores = await page.evaluate(() => navigator.hardwareConcurrency)
    console.log(`chromium ${browser.version()} (${cores} cores visible)`)
    const results: Measurement[] = []
    for (const size of sizes) {
      const result = await page.evaluate(([s, m]) => window.licenBench(s!, m!), [size, sdkMaxMiB])
      report('chromium', result)
      results.push(result)
    }
    return results
  } finally {
    await browser.close()
    server.close()
  }
}

const f = (n: number) => n.toFixed(1).padStart(7)

function report(env: string, m: Measurement): void {
  console.log(
    `${env.padEnd(8)} ${String(m.sizeMiB).padStart(4)} MiB | encrypt+root ${f(m.encryptRootMiBs)} MiB/s | root ${f(m.rootMiBs)} MiB/s | ` +
      `AES-GCM ${f(m.aesGcmMiBs)} MiB/s | 0G SDK root ${f(m.zgSdkRootMiBs)} MiB/s (on ${m.zgSdkMiB} MiB, roots ${m.rootsAgree ? 'agree' : 'DIFFER'})`,
  )
  console.log(
    `${''.padEnd(8)}          ratios: encrypt+root/SDK root ${(m.encryptRootMiBs / m.zgSdkRootMiBs).toFixed(1)}x, ` +
      `root/SDK root ${(m.rootMiBs / m.zgSdkRootMiBs).toFixed(1)}x, encrypt+root/AES-GCM ${(m.encryptRootMiBs / m.aesGcmMiBs).toFixed(2)}`,
  )
  if (m.cpuMsPerMiB) {
    const { encryptRoot, root, aesGcm } = m.cpuMsPerMiB
    console.log(
      `${''.padEnd(8)}          CPU ms/MiB (all threads): encrypt+root ${encryptRoot.toFixed(2)}, root ${root.toFixed(2)}, ` +
        `AES-GCM ${aesGcm.toFixed(2)} → bound on 2 idle cores: encrypt+root ≤ ${(2000 / encryptRoot).toFixed(0)} MiB/s`,
    )
  }
}

const pick = ({ encryptRootMiBs, rootMiBs, aesGcmMiBs, zgSdkRootMiBs }: Measurement) => {
  const round = (n: number) => Math.round(n * 10) / 10
  return {
    encryptRootMiBs: round(encryptRootMiBs),
    rootMiBs: round(rootMiBs),
    aesGcmMiBs: round(aesGcmMiBs),
    zgSdkRootMiBs: round(zgSdkRootMiBs),
  }
}

benchUsage(
  process.argv.slice(2),
  'Usage: pnpm bench:publish [--json] [--sizes 64,512] [--sdk-max-mib 64] [--no-chromium]',
  ['--json', '--sizes', '--sdk-max-mib', '--no-chromium'],
)
const options = parseArgs(process.argv.slice(2))
const { availableParallelism, loadavg } = await import('node:os')
console.log(
  `bench:publish sizes ${options.sizes.join(', ')} MiB; ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)}; ` +
    `0G SDK root on at most ${options.sdkMaxMiB} MiB of each input (it runs ~10 MiB/s)`,
)
const node: Measurement[] = []
for (const size of options.sizes) {
  const result = await measure(size, options.sdkMaxMiB)
  report('node', result)
  node.push(result)
}
const browser = options.chromium ? await inChromium(options.sizes, options.sdkMaxMiB) : []
const mismatch = [...node, ...browser].some((m) => !m.rootsAgree)
if (options.json) {
  console.log(
    JSON.stringify({
      node: pick(node.at(-1)!),
      ...(browser.length ? { chromium: pick(browser.at(-1)!) } : {}),
    }),
  )
}
if (mismatch) {
  console.error('roots differ from the 0G SDK')
  process.exit(1)
}
