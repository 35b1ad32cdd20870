// The app's production build, served from a sub-path, in Debian Chromium against the whole local devnet
// (startDevnet: anvil, DataPolicy, storage node, dev TEE, indexer, the provider node with its embedded trainer,
// the orchestrator). Wallets are injected (EIP-6963) and sign in Node with anvil's keys. Tests run in order and
// share one devnet: job #1 is trained for real and settled, job #2 fails because its provider is down, job #3 is
// reclaimed after its deadline because neither the provider nor the orchestrator is there to settle it.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { anvilPrivateKeys } from '@licen/contracts'
import { type StaticServer, serveStatic } from '@licen/devnet'
import { waitForIndexedBlock } from '@licen/indexer'
import {
  createLocalStorage,
  dataPolicyAbi,
  dataPolicyDomain,
  decryptLcn1,
  deriveResultKey,
  fetchProviderJob,
  hashEpochReceipt,
  openDatasetKey,
  parseManifest,
} from '@licen/sdk'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createPublicClient, formatEther, type Hash, type Hex, http, keccak256, stringToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { connectInjected, openApp as openAppAt, walletContext as walletContextOf } from './appSite.js'
import { launchChromium, screenshot, screenshotDir } from './browser.js'
import { anvilAddress, increaseChainTime, writeAs } from './seed.js'
import { type E2eStack, startStack } from './stack.js'

const prefix = '/ipfs/bafybeie2eapptestsubpath/'
const milli = 10n ** 15n
/** Escrow of a 2-epoch job on the published dataset with the devnet provider: (0.001 + 0.001) × 2. */
const escrow = 4n * milli
let stack: E2eStack
let site: StaticServer
/** Every path the browser asked the static host for. */
const requests: string[] = []
let browser: Browser
let publishedRoot: Hex

beforeAll(async () => {
  // Screenshots of this run only.
  rmSync(screenshotDir, { recursive: true, force: true })
  stack = await startStack()
  // The devnet's own config.json for the app (it also serves the policy file the audit fetches).
  site = await serveStatic({
    root: join(import.meta.dirname, '..', 'build'),
    prefix,
    port: 0,
    files: { 'config.json': { body: JSON.stringify(stack.appConfig) } },
    onRequest: (path) => requests.push(path),
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
const eth = (wei: bigint) => `${formatEther(wei)} ETH`

const openApp = (context: BrowserContext, hash = '#/'): Promise<Page> => openAppAt(context, site.url, hash)

/** A browser context whose injected wallet signs with anvil account `index`. */
const walletContext = (index: number, options: { reportedChainId?: number } = {}) =>
  walletContextOf(browser, stack, index, options)

/** Gas a transaction cost its sender, in wei. */
async function gasCost(hash: Hash): Promise<bigint> {
  const receipt = await client().getTransactionReceipt({ hash })
  return receipt.gasUsed * receipt.effectiveGasPrice
}

async function grantOf(jobId: bigint) {
  const [granted] = await client().getContractEvents({
    abi: dataPolicyAbi,
    address: stack.dataPolicy,
    eventName: 'AccessGranted',
    args: { jobId },
    fromBlock: 0n,
    strict: true,
  })
  if (!granted) throw new Error(`no AccessGranted for job ${jobId}`)
  return granted.args
}

describe('app from a sub-path on the devnet', () => {
  test('default: marketplace loads with relative assets and no server fallback', async () => {
    const context = await browser.newContext()
    const page = await openApp(context)
    await page.getByRole('heading', { name: 'Marketplace' }).waitFor()
    await page.getByText('No dataset is published yet.').waitFor()
    expect(requests.filter((path) => !path.startsWith(prefix))).toEqual([])
    await screenshot(page, '01-marketplace-empty')
    await context.close()
  })

  test('behavior: a wallet on another chain is asked to switch', async () => {
    const context = await walletContext(2, { reportedChainId: 1 })
    const page = await openApp(context)
    await connectInjected(page)
    const banner = page.getByTestId('wrong-chain')
    await banner.waitFor()
    expect(await banner.textContent()).toContain('Switch networks to continue.')
    await screenshot(page, '02-wrong-chain')
    await page.getByRole('button', { name: 'Switch to LICEN devnet' }).click()
    await banner.waitFor({ state: 'detached' })
    await context.close()
  })

  test('behavior: the devnet operator sees its provider node; another operator registers one and edits its price', async () => {
    const operator = await walletContext(3)
    const operatorPage = await openApp(operator, '#/provider')
    await connectInjected(operatorPage)
    const devnetProvider = operatorPage.getByTestId('my-provider')
    await devnetProvider.waitFor()
    expect(await devnetProvider.textContent()).toContain(stack.urls.provider)
    expect(await devnetProvider.textContent()).toContain('0.001 ETH')
    await screenshot(operatorPage, '03-provider-devnet')
    await operator.close()

    const context = await walletContext(7)
    const page = await openApp(context, '#/provider')
    await connectInjected(page)
    const endpoint = 'http://127.0.0.1:9/spare-node'
    await page.getByLabel('Node endpoint').fill(endpoint)
    await page.getByLabel(/Price per epoch/).fill('0.001')
    await page.getByRole('button', { name: 'Register provider' }).click()
    const status = page.locator('[data-testid="tx-status"][data-phase="confirmed"]')
    await status.waitFor()
    expect(await status.textContent()).toMatch(/Register provider: confirmed in\s*block \d+/)
    await page.getByTestId('my-provider').waitFor()
    await screenshot(page, '04-provider-registered')
    // Raising the price through the edit form exercises updateProvider.
    await page.getByRole('button', { name: 'Edit' }).click()
    await page.getByLabel(/^Price per epoch \(ETH\) applies/).fill('0.002')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId('my-provider').filter({ hasText: '0.002 ETH' }).waitFor()
    const provider = await client().readContract({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      functionName: 'getProvider',
      args: [2],
    })
    expect(provider).toEqual({ operator: anvilAddress(7), active: true, pricePerEpoch: 2n * milli, endpoint })
    await context.close()
  })

  test('behavior: an owner publishes a JSONL file: encrypted in the tab, uploaded, sealed, registered', async () => {
    const rows = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ instruction: `Add ${i} and ${i + 1}.`, output: String(2 * i + 1) }),
    )
    const plaintext = Buffer.from(`${rows.join('\n')}\n`)
    const context = await walletContext(1)
    const page = await openApp(context, '#/publish')
    await connectInjected(page)
    // A file with bad lines: every one is listed by number and reason, and nothing can be published.
    const bad = [
      rows[0],
      '{"instruction": "cut',
      '',
      '["not", "an", "object"]',
      rows[1],
      '42',
      '{"":1}',
    ].join('\n')
    await page
      .locator('#file')
      .setInputFiles({ name: 'broken.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(bad) })
    const badLines = page.getByTestId('bad-lines')
    await badLines.waitFor()
    expect(await badLines.textContent()).toContain('4 of 7 lines are not rows.')
    expect(await badLines.locator('li').allTextContents()).toEqual([
      'JSON, but not an object ({…}) (2 lines): 4, 6',
      'A field name that is empty or longer than 128 characters (1 line): 7',
      'Not valid JSON (1 line): 2',
    ])
    expect(await page.getByRole('button', { name: 'Encrypt, upload and register' }).count()).toBe(0)
    await screenshot(page, '05-publish-bad-lines')
    await page
      .locator('#file')
      .setInputFiles({ name: 'arithmetic.jsonl', mimeType: 'application/jsonl', buffer: plaintext })
    const analysis = page.getByTestId('analysis')
    await analysis.waitFor()
    expect(await analysis.textContent()).toContain('200 rows')
    await page.getByLabel('Description').fill('Two hundred addition questions.')
    // Six minutes: the provider node keeps 120 s before a deadline for delivery and refuses shorter runs.
    await page.getByLabel(/^Session length/).fill('0.1')
    await page.getByRole('button', { name: 'Encrypt, upload and register' }).click()
    await page.getByTestId('published').waitFor({ timeout: 60_000 })
    await screenshot(page, '06-published')

    const [registered] = await client().getContractEvents({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      eventName: 'DatasetRegistered',
      fromBlock: 0n,
      strict: true,
    })
    expect(registered?.args.owner).toBe(anvilAddress(1))
    expect(registered?.args.policy).toEqual({
      royaltyPerEpoch: milli,
      maxEpochsPerJob: 5,
      maxActiveJobsPerRequester: 2,
      sessionTtl: 360,
      expiry: 0,
      allowedPurposes: 0b101,
      attestationPolicy: `0x${'0'.repeat(64)}`,
    })
    publishedRoot = registered!.args.datasetRoot
    // What the orchestrator does, independently: fetch the manifest by its hash, open the key envelope with the
    // devnet's release key, decrypt the ciphertext fetched by its root; it must be the file, byte for byte.
    const storage = createLocalStorage({ url: stack.urls.storage })
    const manifest = parseManifest(
      await new Response(await storage.download(registered!.args.manifestHash)).bytes(),
    )
    expect(manifest).toMatchObject({
      name: 'arithmetic',
      description: 'Two hundred addition questions.',
      datasetRoot: publishedRoot,
      publisher: { address: anvilAddress(1) },
      data: { format: 'jsonl', rowCount: 200, byteSize: plaintext.length },
      keyEnvelope: { releasePublicKey: stack.release.publicKey },
    })
    const key = openDatasetKey({
      releasePrivateKey: stack.release.privateKey,
      envelope: manifest.keyEnvelope.envelope as Hex,
      datasetRoot: publishedRoot,
      owner: anvilAddress(1),
    })
    const ciphertext = await new Response(await storage.download(publishedRoot)).bytes()
    expect(Buffer.from(await decryptLcn1(ciphertext, { key }))).toEqual(plaintext)
    await context.close()
  })

  test('behavior: the published dataset shows in the marketplace (from the indexer) and on its page', async () => {
    const head = await client().getBlockNumber()
    await waitForIndexedBlock({ url: stack.urls.indexer, blockNumber: head })
    const context = await browser.newContext()
    const page = await openApp(context)
    const card = page.getByTestId('dataset-card')
    await card.waitFor()
    expect(await card.textContent()).toContain('0.001 ETH per epoch')
    await card.getByRole('heading', { name: 'arithmetic' }).waitFor()
    expect(await card.textContent()).toContain('Two hundred addition questions.')
    expect(await page.getByText('rebuilt from chain logs').count()).toBe(0)
    expect(await card.textContent()).toContain('research, evaluation')
    await screenshot(page, '07-marketplace')
    await card.getByRole('link').click()
    const policy = page.getByTestId('dataset-policy')
    await policy.waitFor()
    expect(await policy.textContent()).toContain(anvilAddress(1))
    expect(await policy.textContent()).toContain('any policy the protocol allows')
    await screenshot(page, '08-dataset')
    await context.close()
  })

  test('behavior: a researcher requests access; the job page follows it live until it is trained and settled', async () => {
    const context = await walletContext(2)
    const page = await openApp(context, `#/datasets/${publishedRoot}`)
    await connectInjected(page)
    await page.getByRole('link', { name: 'Request access' }).click()
    await page.getByLabel(/^Epochs/).fill('2')
    expect(await page.getByTestId('escrow').textContent()).toContain('Escrow: 0.004 ETH')
    await page.getByRole('button', { name: 'Derive my result key' }).click()
    await page.getByTestId('result-key').waitFor()
    await screenshot(page, '09-request-access')
    await page.getByRole('button', { name: /^Request access and escrow 0.004 ETH/ }).click()
    await page.getByText('Job #1 granted.').waitFor()
    // The key on chain is the one the sdk derives from this account's signature, computed independently here.
    const expected = await deriveResultKey(privateKeyToAccount(anvilPrivateKeys[2]))
    expect(await grantOf(1n)).toMatchObject({
      jobId: 1n,
      epochs: 2,
      providerId: 1,
      purposeId: 0,
      resultPubKey: expected.publicKey,
    })

    // The real orchestrator attests the provider node (dev TEE), releases the key and starts the job; the node
    // trains and the settlement follows. The page polls the chain, the indexer and the provider node.
    await page.getByRole('link', { name: 'Follow it' }).click()
    const seen: string[] = []
    let trainingShot = false
    const until = Date.now() + 90_000
    for (;;) {
      const state = await page
        .getByTestId('job-state')
        .textContent({ timeout: 1_000 })
        .catch(() => null)
      if (state && seen.at(-1) !== state) seen.push(state)
      if (
        !trainingShot &&
        state === 'Running' &&
        (await page.getByTestId('live-status').filter({ hasText: 'Training' }).count())
      ) {
        await screenshot(page, '10-job-training')
        trainingShot = true
      }
      if (state === 'Completed') break
      if (state === 'Failed' || Date.now() > until) {
        const failure = await page
          .getByTestId('failure')
          .textContent({ timeout: 1_000 })
          .catch(() => '')
        throw new Error(
          `job #1 did not complete; the page showed ${seen.join(' → ')} ${failure}\n${stack.logTail(60)}`,
        )
      }
      await sleep(100)
    }
    // The page showed the states in chain order (polling may skip a short one), ending settled.
    const order = ['Granted', 'Running', 'Completed']
    expect(seen.filter((state) => !order.includes(state))).toEqual([])
    expect(seen.map((state) => order.indexOf(state))).toEqual(
      [...seen.map((state) => order.indexOf(state))].sort((a, b) => a - b),
    )
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.at(-1)).toBe('Completed')

    const [completed] = await client().getContractEvents({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      eventName: 'JobCompleted',
      args: { jobId: 1n },
      fromBlock: 0n,
      strict: true,
    })
    const settled = completed!.args
    expect(settled.actualEpochs).toBe(2)
    expect(settled.ownerAmount + settled.providerAmount + settled.feeAmount + settled.refund).toBe(escrow)
    const settlement = page.getByTestId('settlement')
    await settlement.waitFor()
    expect(await settlement.locator('dd').allTextContents()).toEqual([
      '2 of 2',
      eth(settled.ownerAmount),
      eth(settled.providerAmount),
      eth(settled.feeAmount),
      eth(settled.refund),
    ])
    // The page keeps asking the provider after the settlement until the node itself says Finished. The chart is
    // drawn from the provider's receipts, verified in the browser; the same receipts, read here, chain to the head
    // the contract settled.
    await page
      .getByTestId('live-status')
      .filter({ hasText: /Provider reports\s*Finished/ })
      .waitFor({ timeout: 10_000 })
    const live = await fetchProviderJob({ endpoint: stack.urls.provider, jobId: 1n })
    expect(live.status.state).toBe('Finished')
    expect(live.receipts.map(({ receipt }) => receipt.epoch)).toEqual([1, 2])
    const domain = dataPolicyDomain({ chainId: stack.chainId, verifyingContract: stack.dataPolicy })
    expect(hashEpochReceipt(domain, live.receipts[1]!.receipt)).toBe(settled.receiptsHead)
    const label = live.receipts
      .map(({ receipt }) => `epoch ${receipt.epoch} ${(Number(receipt.lossMicro) / 1e6).toFixed(4)}`)
      .join(', ')
    await page.getByRole('img', { name: `Training loss by epoch: ${label}` }).waitFor()
    await screenshot(page, '11-job-completed')

    // Download: the browser re-derives the result key, decrypts and verifies; the file it saves is the adapter
    // whose hash the enclave signed in the last receipt.
    await page.getByRole('link', { name: 'Download the adapter' }).click()
    await page.getByRole('button', { name: 'Sign, download and decrypt' }).click()
    const files = page.getByTestId('adapter-files')
    await files.waitFor({ timeout: 30_000 })
    const checks = page.getByTestId('adapter-checks')
    expect(await checks.locator('li.bad').count()).toBe(0)
    expect(await checks.locator('li.ok').count()).toBe(await checks.locator('li').count())
    expect(await files.textContent()).toContain('adapter_config.json')
    const downloadPromise = page.waitForEvent('download')
    await page.getByRole('link', { name: 'adapter_model.safetensors' }).click()
    const saved = await downloadPromise
    const chunks: Buffer[] = []
    for await (const chunk of await saved.createReadStream()) chunks.push(chunk as Buffer)
    const adapter = new Uint8Array(Buffer.concat(chunks))
    expect(adapter.length > 0).toBe(true)
    expect(keccak256(adapter)).toBe(live.receipts[1]!.receipt.adapterHash)
    await screenshot(page, '12-download')
    await context.close()
  })

  test('behavior: the audit page re-checks the job in the browser against the orchestrator evidence: all green', async () => {
    const context = await browser.newContext()
    const page = await openApp(context, '#/jobs/1/audit')
    const steps = page.getByTestId('audit-steps')
    await steps.waitFor({ timeout: 30_000 })
    const statuses = await steps
      .locator('li')
      .evaluateAll((items) =>
        items.map(
          (item) => `${item.querySelector('strong')?.textContent}: ${item.getAttribute('data-status')}`,
        ),
      )
    expect(statuses.filter((status) => !status.endsWith(': pass'))).toEqual([])
    for (const title of [
      'Job started on chain',
      'Epoch receipts chain to the settled head',
      'Result manifest signed by the on-chain enclave signer',
      'Settlement amounts follow the terms',
      'Policy file hashes',
      'Stored evidence is the object on chain',
      'Signature chain, CRLs, TCB level (dcap-qvl)',
      'RTMR3 event log replay',
      'Compose hash',
      'Report data binding',
    ])
      expect(statuses.some((status) => status.startsWith(title))).toBe(true)
    expect(await page.getByTestId('audit-summary').textContent()).toBe('Every check passed.')
    const measured = await page.getByTestId('audit-measured').textContent()
    expect(measured).toContain(
      'dev-mock (root sha256 f317a799675a2f4518747ee7dcf8443f78b5793363025124f326bb0e4764461d)',
    )
    expect(measured).toContain('licen-dev-image-v1')
    await screenshot(page, '13-audit')
    await context.close()
  })

  test('behavior: with its provider node down, the orchestrator fails the job and the escrow is credited back', async () => {
    await stack.devnet.supervisor.stopPart('provider')
    const resultKey = await deriveResultKey(privateKeyToAccount(anvilPrivateKeys[2]))
    await writeAs(stack, 2, {
      functionName: 'requestAccess',
      args: [publishedRoot, 0, 2, 1, resultKey.publicKey],
      value: escrow,
    })
    const context = await walletContext(2)
    const page = await openApp(context, '#/jobs/2')
    await connectInjected(page)
    const failure = page.getByTestId('failure')
    await failure.waitFor({ timeout: 60_000 })
    expect((await failure.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Reason PROVIDER_UNREACHABLE (reported by the orchestrator). The full escrow of 0.004 ETH was credited back to the requester.',
    )
    expect(await page.getByTestId('job-state').textContent()).toBe('Failed')
    await screenshot(page, '14-job-failed-provider-down')
    const [failed] = await client().getContractEvents({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      eventName: 'JobFailed',
      args: { jobId: 2n },
      fromBlock: 0n,
      strict: true,
    })
    expect(failed?.args).toEqual({
      jobId: 2n,
      reason: stringToHex('PROVIDER_UNREACHABLE', { size: 32 }),
      byEnclave: false,
      refund: escrow,
    })
    await context.close()
  })

  test('behavior: with the provider and the orchestrator down, the researcher reclaims from My jobs after the deadline', async () => {
    await stack.devnet.supervisor.stopPart('orchestrator')
    const resultKey = await deriveResultKey(privateKeyToAccount(anvilPrivateKeys[2]))
    await writeAs(stack, 2, {
      functionName: 'requestAccess',
      args: [publishedRoot, 0, 2, 1, resultKey.publicKey],
      value: escrow,
    })
    const { deadline } = await grantOf(3n)
    const context = await walletContext(2)
    const page = await context.newPage()
    page.on('pageerror', (error) => {
      throw error
    })
    // The page's clock is Playwright's, so it can run ahead of the chain below.
    await page.clock.install()
    await page.goto(`${site.url}#/jobs/3`)
    await connectInjected(page)
    await page.getByText('Waiting for the orchestrator').waitFor()
    expect(await page.getByTestId('job-state').textContent()).toBe('Granted')
    expect(await page.getByRole('button', { name: /^Reclaim/ }).count()).toBe(0)

    // The browser's clock passes the deadline while the chain's latest block has not: no reclaim yet, and the
    // job page and My jobs say why.
    await page.clock.setSystemTime((deadline + 30) * 1000)
    const awaiting = page.getByTestId('deadline-awaiting-block')
    await awaiting.waitFor()
    const text = (await awaiting.textContent())?.replace(/\s+/g, ' ') ?? ''
    const past = Number(/By your clock the deadline passed (\d+) s ago/.exec(text)?.[1])
    expect(past >= 30 && past < 45).toBe(true)
    expect(text).toContain('The escrow can be reclaimed from the first block after the deadline')
    expect(await page.getByRole('button', { name: /^Reclaim/ }).count()).toBe(0)
    await screenshot(page, '15-deadline-awaiting-block')

    await page.getByRole('link', { name: 'My jobs' }).first().click()
    const row = page
      .getByTestId('job-row')
      .filter({ has: page.getByRole('link', { name: '#3', exact: true }) })
    const rowAwaiting = row.getByTestId('deadline-awaiting-block')
    await rowAwaiting.waitFor()
    expect(await rowAwaiting.textContent()).toMatch(/^passed by your clock \d+ s ago, not yet by chain time$/)
    expect(await row.getByRole('button', { name: /^Reclaim/ }).count()).toBe(0)
    expect(await page.getByTestId('jobs-source').textContent()).toContain('Listed by the indexer')
    await screenshot(page, '16-my-jobs-awaiting-block')

    // The chain's clock moves past the deadline; no transaction and no evm_mine: the devnet's next interval block
    // carries the time, so the reclaim can be simulated and sent like any write.
    const latest = await client().getBlock({ blockTag: 'latest' })
    await increaseChainTime(stack, deadline - Number(latest.timestamp) + 1)
    const reclaim = row.getByRole('button', { name: 'Reclaim 0.004 ETH' })
    await reclaim.waitFor({ timeout: 15_000 })
    const head = await client().getBlock({ blockTag: 'latest' })
    expect(head.timestamp > BigInt(deadline)).toBe(true)
    expect(head.transactions).toEqual([])
    expect(await rowAwaiting.count()).toBe(0)
    expect(await row.getByText('passed', { exact: true }).count()).toBe(1)
    const before = await client().getBalance({ address: anvilAddress(2) })
    await reclaim.click()
    await page
      .locator('[data-testid="tx-status"][data-phase="confirmed"]')
      .filter({ hasText: 'Reclaim job #3' })
      .waitFor()
    const job = await client().readContract({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      functionName: 'getJob',
      args: [3n],
    })
    expect(job.state).toBe(5)
    // Job #2's refund and job #3's, credited (pull payments).
    const credits = await client().readContract({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      functionName: 'credits',
      args: [anvilAddress(2)],
    })
    expect(credits).toBe(2n * escrow)

    // The list follows the indexer to the reclaimed state, then the credits are withdrawn.
    const states = async () => page.getByTestId('job-row').getByTestId('job-state').allTextContents()
    for (let i = 0; JSON.stringify(await states()) !== '["Reclaimed","Failed","Completed"]'; i++) {
      if (i > 150) throw new Error(`My jobs shows ${await states()}`)
      await sleep(100)
    }
    expect(await row.getByRole('button', { name: /^Reclaim/ }).count()).toBe(0)
    expect(await page.getByTestId('jobs-source').textContent()).toContain('Listed by the indexer')
    await page.getByTestId('credits').filter({ hasText: '0.008 ETH' }).waitFor()
    await screenshot(page, '17-my-jobs-reclaimed')
    await page.getByRole('button', { name: 'Withdraw' }).click()
    await page
      .locator('[data-testid="tx-status"][data-phase="confirmed"]')
      .filter({ hasText: 'Withdraw' })
      .waitFor()
    await page.getByTestId('credits').filter({ hasText: '0 ETH' }).waitFor()
    const [reclaimed] = await client().getContractEvents({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      eventName: 'JobReclaimed',
      args: { jobId: 3n },
      fromBlock: 0n,
      strict: true,
    })
    expect(reclaimed?.args).toEqual({ jobId: 3n, caller: anvilAddress(2), refund: escrow })
    const withdrawn = await client().getContractEvents({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      eventName: 'Withdrawn',
      args: { account: anvilAddress(2) },
      fromBlock: 0n,
      strict: true,
    })
    expect(withdrawn.map((log) => log.args.amount)).toEqual([2n * escrow])
    const after = await client().getBalance({ address: anvilAddress(2) })
    const gas = (await gasCost(reclaimed!.transactionHash)) + (await gasCost(withdrawn[0]!.transactionHash))
    expect(after - before).toBe(2n * escrow - gas)

    // The job page shows the reclaim too.
    await row.getByRole('link', { name: '#3', exact: true }).click()
    await page.getByTestId('reclaimed').waitFor()
    expect(await page.getByTestId('job-state').textContent()).toBe('Reclaimed')
    await context.close()
  })

  test('behavior: the dev wallet (anvil key, labelled dev-only) connects without an extension', async () => {
    const context = await browser.newContext()
    const page = await openApp(context, '#/owner')
    await page.getByRole('button', { name: 'Connect wallet' }).click()
    const devWallet = page.getByRole('button', {
      name: /Dev wallet #1 \(dataset owner\) — dev-only test key/,
    })
    await devWallet.click()
    expect(await page.getByTestId('wallet-address').textContent()).toBe('0x7099…79C8')
    await page.getByTestId('owner-dataset').waitFor()
    await screenshot(page, '18-owner-dashboard')
    // Delist through the dashboard: the marketplace's default filter then hides the dataset.
    await page.getByRole('button', { name: 'Delist' }).click()
    // It asks first, and the confirmed transaction reads as what happened.
    await page.getByRole('button', { name: 'Yes, delist it' }).click()
    await page.locator('[data-testid="tx-status"][data-phase="confirmed"]').waitFor()
    expect(await page.locator('[data-testid="tx-status"][data-phase="confirmed"]').textContent()).toContain(
      '✓ Delisted: confirmed in block',
    )
    const dataset = await client().readContract({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      functionName: 'getDataset',
      args: [publishedRoot],
    })
    expect(dataset.active).toBe(false)
    await context.close()
  })

  test('behavior: pages fit a narrow screen; a reloaded job page reads its history from the indexer', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true })
    const page = await openApp(context, `#/datasets/${publishedRoot}`)
    await page.getByTestId('dataset-policy').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBe(0)
    await screenshot(page, '19-narrow-dataset')
    await page.goto(`${site.url}#/jobs/1`)
    await page.getByTestId('settlement').waitFor()
    expect(await page.getByTestId('job-source').textContent()).toContain('history from the indexer')
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0)
    await screenshot(page, '20-narrow-job')
    await context.close()
    expect(stack.unexpected()).toBeUndefined()
  })
})
