// The job, audit and My jobs pages for someone who is not a protocol engineer, in Debian Chromium against the whole
// local devnet (its own, like app.e2e.test.ts): a dataset is published and job #1 requested through the sdk (the
// app's publish and request flows are covered by app.e2e.test.ts); the page follows job #1 while it trains and
// settles (timeline, provider steps, progress, receipts, chart); job #2 fails because its provider is down and its
// audit reads "failed safely". The suite also takes the README's screenshots of every main page
// (LICEN_UPDATE_SCREENSHOTS=1 writes them into app/docs/screenshots, otherwise into test-results).
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createChainReleaseKeySources, releaseKeyAttestor } from '@licen/attestation-policy'
import { devMockRootCa } from '@licen/attestation-policy/dev-tee/anchor'
import { anvilPrivateKeys } from '@licen/contracts'
import { type StaticServer, serveStatic } from '@licen/devnet'
import {
  createLocalStorage,
  dataPolicyAbi,
  deriveResultKey,
  fetchProviderJob,
  publishDataset,
} from '@licen/sdk'
import type { Browser, Page } from 'playwright-core'
import { createPublicClient, createWalletClient, type Hex, http, zeroHash } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { connectInjected, openApp, walletContext } from './appSite.js'
import { launchChromium } from './browser.js'
import { anvilAddress, writeAs } from './seed.js'
import { type E2eStack, startStack } from './stack.js'

const prefix = '/ipfs/bafybeie2ejobpagestestpath/'
const milli = 10n ** 15n
/** Escrow of a 2-epoch job: (0.001 royalty + 0.001 devnet provider price) × 2. */
const escrow = 4n * milli
const desktop = { width: 1366, height: 900 }
const phone = { width: 390, height: 844 }
const readmeShots = process.env.LICEN_UPDATE_SCREENSHOTS
  ? join(import.meta.dirname, '..', '..', 'app', 'docs', 'screenshots')
  : join(import.meta.dirname, '..', 'test-results', 'readme')
let stack: E2eStack
let site: StaticServer
let browser: Browser
let datasetRoot: Hex

beforeAll(async () => {
  if (!process.env.LICEN_UPDATE_SCREENSHOTS) rmSync(readmeShots, { recursive: true, force: true })
  mkdirSync(readmeShots, { recursive: true })
  stack = await startStack()
  site = await serveStatic({
    root: join(import.meta.dirname, '..', 'build'),
    prefix,
    port: 0,
    files: { 'config.json': { body: JSON.stringify(stack.appConfig) } },
  })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await site?.close()
  if (stack?.unexpected() || process.env.LICEN_E2E_LOGS) console.log(stack.logTail(200))
  await stack?.stop()
})

const client = () => createPublicClient({ transport: http(stack.rpcUrl) })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim()

/** A README screenshot: the viewport, or the whole page for the long ones. */
async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: join(readmeShots, `${name}.png`), fullPage })
}

/** The block time (ISO) of each event of job `jobId`, in the order the timeline lists them. */
async function eventTimes(
  jobId: bigint,
  names: ('AccessGranted' | 'JobStarted' | 'JobCompleted' | 'JobFailed')[],
) {
  const out: string[] = []
  for (const eventName of names) {
    const [log] = await client().getContractEvents({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      eventName,
      args: { jobId },
      fromBlock: 0n,
      strict: true,
    })
    const block = await client().getBlock({ blockNumber: log!.blockNumber })
    out.push(new Date(Number(block.timestamp) * 1000).toISOString())
  }
  return out
}

async function requestJob(): Promise<void> {
  const resultKey = await deriveResultKey(privateKeyToAccount(anvilPrivateKeys[2]!))
  await writeAs(stack, 2, {
    functionName: 'requestAccess',
    args: [datasetRoot, 0, 2, 1, resultKey.publicKey],
    value: escrow,
  })
}

describe('job pages on the devnet', () => {
  // Training on a loaded 2-core machine can take minutes: this case has its own limit.
  test('default: the job page follows a job live: timeline, provider steps, progress, receipts and chart', {
    timeout: 300_000,
  }, async () => {
    // 2,000 rows of about 70 byte tokens (about 140,000 tokens an epoch, two epochs): the embedded trainer needs
    // several seconds an epoch even on an idle machine, so the page (polling every 2 s) sees training; 400 short
    // rows once finished before the page looked. Still well inside the job's time budget on a loaded machine.
    const rows = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({
        instruction: `Add ${i} and ${i + 1}, then say whether the sum is even or odd.`,
        output: `${i} + ${i + 1} = ${2 * i + 1}, which is odd.`,
      }),
    )
    const owner = privateKeyToAccount(anvilPrivateKeys[1]!)
    const published = await publishDataset({
      source: new Blob([`${rows.join('\n')}\n`]),
      storage: createLocalStorage({ url: stack.urls.storage }),
      releasePublicKey: stack.release.publicKey,
      // Sealed to the chain's attested key (keyId + evidenceRef recorded), as the app and the demo publish (#13).
      attestReleaseKey: releaseKeyAttestor(
        createChainReleaseKeySources({
          client: client(),
          chainId: stack.chainId,
          dataPolicy: stack.dataPolicy,
          fromBlock: BigInt(stack.deploymentBlock),
          storage: createLocalStorage({ url: stack.urls.storage }),
        }),
        { devMockRootCa: devMockRootCa() },
      ),
      details: {
        name: 'Arithmetic drills',
        description: 'Two thousand addition questions.',
        version: '1.0.0',
        publisher: { address: owner.address },
        licence: {
          spdx: 'CC-BY-4.0',
          name: 'CC BY 4.0',
          text: 'Creative Commons Attribution 4.0 International',
        },
      },
      register: {
        client: createWalletClient({ account: owner, transport: http(stack.rpcUrl) }),
        address: stack.dataPolicy,
        policy: {
          royaltyPerEpoch: milli,
          maxEpochsPerJob: 5,
          maxActiveJobsPerRequester: 2,
          sessionTtl: 360,
          expiry: 0,
          allowedPurposes: 0b101,
          attestationPolicy: zeroHash,
        },
        pollingIntervalMs: 50,
      },
    })
    datasetRoot = published.datasetRoot
    await requestJob()

    const context = await walletContext(browser, stack, 2, { context: { viewport: desktop } })
    const page = await openApp(context, site.url, '#/jobs/1')
    await connectInjected(page)
    // While it trains: the provider's steps with Training current, and a bar with steps and time.
    let training: { stages: string[]; progress: string } | undefined
    const until = Date.now() + 240_000
    for (;;) {
      const state = await page
        .getByTestId('job-state')
        .textContent({ timeout: 1_000 })
        .catch(() => null)
      if (!training && (await page.getByTestId('live-status').filter({ hasText: 'Training' }).count())) {
        const progress = await text(page, 'training-progress').catch(() => '')
        if (/step \d+ of \d+/.test(progress)) {
          const stages = await page
            .getByTestId('provider-stages')
            .locator('li')
            .evaluateAll((items) => items.map((item) => item.getAttribute('data-status') ?? ''))
          training = { stages, progress }
          await shot(page, 'job-training', true)
        }
      }
      if (state === 'Completed') break
      if (state === 'Failed' || Date.now() > until)
        throw new Error(`job #1 did not complete (page shows ${state})\n${stack.logTail(60)}`)
      await sleep(100)
    }
    expect(training?.stages).toEqual(['done', 'current', 'pending', 'pending', 'pending'])
    expect(training?.progress).toMatch(
      /^\d+ % · step \d+ of \d+ · running for \d+ (s|min)[^·]*· (estimating time left…|about .+ of training left)$/,
    )

    await page
      .getByTestId('live-status')
      .filter({ hasText: /Provider reports\s*Finished/ })
      .waitFor({ timeout: 15_000 })
    // Every state change with the time of the block it was mined in.
    const timeline = page.getByTestId('job-timeline').locator('li')
    await page.waitForFunction(
      () =>
        ![...document.querySelectorAll('[data-testid="job-timeline"] time')].some(
          (t) => !t.getAttribute('datetime'),
        ),
    )
    expect(
      await timeline.evaluateAll((items) =>
        items.map((item) => [
          item.getAttribute('data-state'),
          item.querySelector('time')?.getAttribute('datetime'),
        ]),
      ),
    ).toEqual(
      (await eventTimes(1n, ['AccessGranted', 'JobStarted', 'JobCompleted'])).map((time, i) => [
        ['Granted', 'Running', 'Completed'][i],
        time,
      ]),
    )
    expect(await page.getByTestId('provider-stages').locator('li[data-status="done"]').count()).toBe(5)
    expect(await text(page, 'training-progress')).toMatch(/^100 % · ran for \d+ (s|min)/)

    // The receipt list: one row per epoch, each signature verified in the browser, as the provider serves them.
    const live = await fetchProviderJob({ endpoint: stack.urls.provider, jobId: 1n })
    const receiptRows = page.getByTestId('receipts').locator('tbody tr')
    expect(
      await receiptRows.evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-verdict'),
          ...[...tr.querySelectorAll('td')].map((td, i) =>
            i === 3 ? td.getAttribute('title') : td.textContent,
          ),
        ]),
      ),
    ).toEqual(
      live.receipts.map(({ receipt }) => [
        'verified',
        String(receipt.epoch),
        receipt.samples.toLocaleString('en-US'),
        (Number(receipt.lossMicro) / 1e6).toFixed(4),
        receipt.adapterHash,
        '✓ signed by the job’s enclave key',
      ]),
    )
    // The chart has axis titles with units and says what the live loss is.
    const chartTexts = await page.locator('figure svg text').allTextContents()
    expect(chartTexts).toContain('Epoch')
    expect(chartTexts).toContain('Loss (nats per token)')
    expect((await page.locator('figure figcaption').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Mean training loss of each finished epoch (cross-entropy per predicted token, natural log), from receipts signed by the job’s enclave key and verified in this browser. The provider’s live loss above is the last training step’s (one batch), so it moves around this line and rarely equals its last point.',
    )
    await shot(page, 'job', true)
    await context.close()

    // On a phone the chart is drawn at its own size: no label under 11 px, nothing wider than the screen.
    const small = await browser.newContext({ viewport: phone, isMobile: true })
    const mobile = await openApp(small, site.url, '#/jobs/1')
    await mobile.locator('figure svg').waitFor()
    const sizes = await mobile.locator('figure svg').evaluate((svg) => {
      const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width
      return [...svg.querySelectorAll('text')].map(
        (t) => Number.parseFloat(getComputedStyle(t).fontSize) * scale,
      )
    })
    expect(sizes.length > 6).toBe(true)
    expect(Math.min(...sizes) >= 11).toBe(true)
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0)
    await shot(mobile, 'job-phone')
    await small.close()
  })

  test('behavior: the audit of a settled dev-TEE job opens on a warning, with the checks grouped and collapsed', async () => {
    const context = await browser.newContext({ viewport: desktop })
    const page = await openApp(context, site.url, '#/jobs/1/audit')
    const verdict = page.getByTestId('audit-verdict')
    await verdict.waitFor({ timeout: 60_000 })
    expect(await verdict.getAttribute('data-tone')).toBe('warn')
    expect(await verdict.locator('h2').textContent()).toBe('Checks passed, but on a development TEE')
    expect(await verdict.locator('p').allTextContents()).toEqual([
      'Development TEE: not real hardware. The quote verified against the dev-mock trust anchor, a test certificate authority anyone can reproduce, so it proves nothing about the machine; use it only on a local devnet.',
      'The payout follows the enclave’s signed receipts, and the amounts add up to the escrow.',
    ])
    expect(await page.getByTestId('audit-summary').textContent()).toBe('Every check passed.')
    // The release key that opened the dataset verifies too, as its own group under the verdict (#13).
    const releaseKey = page.getByTestId('audit-release-key')
    expect(await releaseKey.getAttribute('data-status')).toBe('pass')
    expect((await releaseKey.locator('summary').textContent())?.replace(/\s+/g, ' ').trim()).toMatch(
      /^✓ Release key #1 that opened this dataset verified: (\d+) of \1 checks passed$/,
    )
    expect(
      await page
        .locator('details[data-group]')
        .evaluateAll((groups) =>
          groups.map((g) => [
            g.getAttribute('data-group'),
            g.getAttribute('data-status'),
            (g as HTMLDetailsElement).open,
          ]),
        ),
    ).toEqual([
      ['chain', 'pass', false],
      ['hardware', 'pass', false],
      ['payout', 'pass', false],
    ])
    await shot(page, 'audit')
    await context.close()
  })

  test('behavior: a job number never used says so, with no state badge', async () => {
    const context = await browser.newContext({ viewport: desktop })
    const page = await openApp(context, site.url, '#/jobs/999')
    await page.getByTestId('no-job').waitFor()
    expect((await page.locator('main h1').textContent())?.trim()).toBe('No job #999')
    expect(await text(page, 'no-job')).toMatch(/^No job #999 exists on this network/)
    expect(await page.getByTestId('job-state').count()).toBe(0)
    await context.close()
  })

  test('behavior: a job whose provider is down fails, and its audit reads "failed safely: full refund"', async () => {
    await stack.devnet.supervisor.stopPart('provider')
    await requestJob()
    const context = await walletContext(browser, stack, 2, { context: { viewport: desktop } })
    const page = await openApp(context, site.url, '#/jobs/2')
    await connectInjected(page)
    await page.getByTestId('failure').waitFor({ timeout: 60_000 })
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="job-timeline"] time[datetime]').length === 2,
    )
    expect(
      await page
        .getByTestId('job-timeline')
        .locator('li')
        .evaluateAll((items) =>
          items.map((item) => [
            item.getAttribute('data-state'),
            item.querySelector('time')?.getAttribute('datetime'),
          ]),
        ),
    ).toEqual(
      (await eventTimes(2n, ['AccessGranted', 'JobFailed'])).map((time, i) => [
        ['Granted', 'Failed'][i],
        time,
      ]),
    )

    await page.getByRole('link', { name: 'Audit this job' }).click()
    const verdict = page.getByTestId('audit-verdict')
    await verdict.waitFor({ timeout: 60_000 })
    expect(await verdict.getAttribute('data-tone')).toBe('ok')
    expect(await verdict.locator('h2').textContent()).toBe('Failed safely: full refund')
    expect(await verdict.locator('p').allTextContents()).toEqual([
      'The job failed (PROVIDER_UNREACHABLE, reported by the orchestrator); 0.004 ETH of the 0.004 ETH escrow was credited back to the requester, and nobody was paid.',
    ])
    expect(await page.getByTestId('audit-summary').textContent()).toBe('1 passed, 1 skipped.')
    await shot(page, 'audit-failed-safely')
    await context.close()
  })

  test('behavior: My jobs shows when finished jobs finished; withdraw says how much was sent', async () => {
    const context = await walletContext(browser, stack, 2, { context: { viewport: desktop } })
    const page = await openApp(context, site.url, '#/jobs')
    await connectInjected(page)
    const times = page.getByTestId('job-time')
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="job-time"]')].filter((td) => {
          const shown = (td.textContent ?? '').trim()
          return shown.startsWith('finished ') && !shown.startsWith('finished in block')
        }).length === 2,
      undefined,
      { timeout: 30_000 },
    )
    const closedAt = await Promise.all(
      (['JobFailed', 'JobCompleted'] as const).map(async (eventName, i) => {
        const [log] = await client().getContractEvents({
          abi: dataPolicyAbi,
          address: stack.dataPolicy,
          eventName,
          args: { jobId: BigInt(2 - i) },
          fromBlock: 0n,
          strict: true,
        })
        return Number((await client().getBlock({ blockNumber: log!.blockNumber })).timestamp)
      }),
    )
    const expected = await page.evaluate(
      (seconds) => seconds.map((s) => `finished ${new Date(s * 1000).toLocaleString()}`),
      closedAt,
    )
    expect((await times.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(expected)
    await page.getByTestId('credits').filter({ hasText: '0.004 ETH' }).waitFor()
    await shot(page, 'my-jobs')

    await page.getByRole('button', { name: 'Withdraw' }).click()
    await page.getByTestId('withdrawn').waitFor()
    const [withdrawn] = await client().getContractEvents({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      eventName: 'Withdrawn',
      args: { account: anvilAddress(2) },
      fromBlock: 0n,
      strict: true,
    })
    expect(withdrawn?.args.amount).toBe(escrow)
    expect(await text(page, 'withdrawn')).toBe(`Sent 0.004 ETH to ${anvilAddress(2)}.`)
    await context.close()
  })

  test('behavior: screenshots of the other main pages for the README', async () => {
    const visitor = await browser.newContext({ viewport: desktop })
    const landing = await openApp(visitor, site.url, '#/')
    await landing.getByText('Arithmetic drills').first().waitFor()
    await shot(landing, 'landing')
    await landing.goto(`${site.url}#/datasets/${datasetRoot}`)
    await landing.getByTestId('dataset-policy').waitFor()
    await shot(landing, 'dataset')
    await visitor.close()

    const researcher = await walletContext(browser, stack, 2, { context: { viewport: desktop } })
    const request = await openApp(researcher, site.url, `#/datasets/${datasetRoot}/request`)
    await connectInjected(request)
    await request.getByTestId('escrow').waitFor()
    await shot(request, 'request')
    await researcher.close()

    const owner = await walletContext(browser, stack, 1, { context: { viewport: desktop } })
    const publish = await openApp(owner, site.url, '#/publish')
    await connectInjected(publish)
    await publish.locator('#file').waitFor()
    await shot(publish, 'publish')
    await publish.goto(`${site.url}#/owner`)
    await publish.getByTestId('owner-dataset').first().waitFor()
    await shot(publish, 'owner')
    await owner.close()

    const operator = await walletContext(browser, stack, 3, { context: { viewport: desktop } })
    const provider = await openApp(operator, site.url, '#/provider')
    await connectInjected(provider)
    await provider.getByTestId('my-provider').waitFor()
    await shot(provider, 'provider')
    await operator.close()
    expect(stack.unexpected()).toBeUndefined()
  })
})
