import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { anvilPrivateKeys } from '@licen/contracts'
import { waitForIndexedBlock } from '@licen/indexer'
import {
  createLocalStorage,
  dataPolicyAbi,
  decryptLcn1,
  deriveResultKey,
  openDatasetKey,
  parseManifest,
} from '@licen/sdk'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createPublicClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium, screenshot } from './browser.js'
import { injectWallet } from './injectWallet.js'
import { localPolicyHash, startScriptedProvider } from './scriptedProvider.js'
import { advanceTime, anvilAddress, writeAs } from './seed.js'
import { type E2eStack, startStack } from './stack.js'
import { type StaticSite, serveStatic } from './staticServer.js'

const prefix = '/ipfs/bafybeie2eapptestsubpath/'
let stack: E2eStack
let site: StaticSite
let browser: Browser
let publishedRoot: Hex
let scripted: Awaited<ReturnType<typeof startScriptedProvider>>

beforeAll(async () => {
  stack = await startStack()
  // Parts of the devnet that do not run yet point at a closed loopback port, so the app shows them as down.
  const down = 'http://127.0.0.1:9'
  const config = {
    chain: { id: stack.chainId, name: 'LICEN devnet', rpcUrl: stack.rpcUrl },
    dataPolicy: { address: stack.dataPolicy, deploymentBlock: stack.deploymentBlock },
    indexerUrl: stack.services.indexerUrl ?? `${down}/graphql`,
    storage: { backend: 'local', url: stack.services.storageUrl ?? down },
    orchestratorUrl: stack.services.orchestratorUrl ?? down,
    attestationPoliciesUrl: stack.services.attestationPoliciesUrl,
    releasePublicKey: stack.release.publicKey,
    devWallet: true,
  }
  // Served beside the app like the devnet does: config.json and the local policy file as `policies/<hash>.json`.
  const files: Record<string, string> = {
    [`policies/${localPolicyHash}.json`]: readFileSync(
      join(import.meta.dirname, '..', '..', 'attestation-policy', 'policies', 'local.json'),
      'utf8',
    ),
  }
  site = await serveStatic(join(import.meta.dirname, '..', 'build'), prefix, files)
  config.attestationPoliciesUrl ??= `${site.url}policies`
  files['config.json'] = JSON.stringify(config)
  browser = await launchChromium()
  scripted = await startScriptedProvider(stack)
})

afterAll(async () => {
  await scripted?.close()
  await browser?.close()
  await site?.close()
  await stack?.stop()
})

const client = () => createPublicClient({ transport: http(stack.rpcUrl) })

async function openApp(context: BrowserContext, hash = '#/'): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (error) => {
    throw error
  })
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[browser] ${message.text()}`)
  })
  await page.goto(`${site.url}${hash}`)
  return page
}

async function connectInjected(page: Page) {
  await page.getByRole('button', { name: 'Connect wallet' }).click()
  await page.getByRole('button', { name: /E2E Wallet/ }).click()
  await page.getByTestId('wallet-address').waitFor()
}

describe('app from a sub-path', () => {
  test('default: marketplace loads with relative assets and no server fallback', async () => {
    const context = await browser.newContext()
    const page = await openApp(context)
    await page.getByRole('heading', { name: 'Marketplace' }).waitFor()
    await page.getByText('No dataset is published yet.').waitFor()
    expect(site.requests.filter((path) => !path.startsWith(prefix))).toEqual([])
    await screenshot(page, '01-marketplace-empty')
    await context.close()
  })

  test('behavior: a wallet on another chain is asked to switch', async () => {
    const context = await browser.newContext()
    await injectWallet(context, {
      privateKey: anvilPrivateKeys[2],
      rpcUrl: stack.rpcUrl,
      chainId: stack.chainId,
      reportedChainId: 1,
    })
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

  test('behavior: a provider registers and sees its confirmed transaction', async () => {
    const context = await browser.newContext()
    await injectWallet(context, {
      privateKey: anvilPrivateKeys[3],
      rpcUrl: stack.rpcUrl,
      chainId: stack.chainId,
    })
    const page = await openApp(context, '#/provider')
    await connectInjected(page)
    await page.getByLabel('Node endpoint').fill(scripted.url)
    await page.getByLabel(/Price per epoch/).fill('0.001')
    await page.getByRole('button', { name: 'Register provider' }).click()
    const status = page.locator('[data-testid="tx-status"][data-phase="confirmed"]')
    await status.waitFor()
    expect(await status.textContent()).toMatch(/Register provider: confirmed in\s*block \d+/)
    await page.getByTestId('my-provider').waitFor()
    await screenshot(page, '03-provider-registered')
    // Registering at 0.001 then raising to 0.002 through the edit form exercises updateProvider.
    await page.getByRole('button', { name: 'Edit' }).click()
    await page.getByLabel(/^Price per epoch \(ETH\) applies/).fill('0.002')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId('my-provider').filter({ hasText: '0.002 ETH' }).waitFor()
    const provider = await client().readContract({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      functionName: 'getProvider',
      args: [1],
    })
    expect(provider).toEqual({
      operator: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
      active: true,
      pricePerEpoch: 2_000_000_000_000_000n,
      endpoint: scripted.url,
    })
    await context.close()
  })

  test('behavior: an owner publishes a JSONL file: encrypted in the tab, uploaded, sealed, registered', async () => {
    const rows = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ instruction: `Add ${i} and ${i + 1}.`, output: String(2 * i + 1) }),
    )
    const plaintext = Buffer.from(`${rows.join('\n')}\n`)
    const context = await browser.newContext()
    await injectWallet(context, {
      privateKey: anvilPrivateKeys[1],
      rpcUrl: stack.rpcUrl,
      chainId: stack.chainId,
    })
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
    await screenshot(page, '04a-publish-bad-lines')
    await page
      .locator('#file')
      .setInputFiles({ name: 'arithmetic.jsonl', mimeType: 'application/jsonl', buffer: plaintext })
    const analysis = page.getByTestId('analysis')
    await analysis.waitFor()
    expect(await analysis.textContent()).toContain('200 rows')
    await page.getByLabel('Description').fill('Two hundred addition questions.')
    await page.getByLabel(/^Session length/).fill('0.0333334')
    await page.getByRole('button', { name: 'Encrypt, upload and register' }).click()
    await page.getByTestId('published').waitFor({ timeout: 60_000 })
    await screenshot(page, '04-published')

    const [registered] = await client().getContractEvents({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      eventName: 'DatasetRegistered',
      fromBlock: 0n,
    })
    expect(registered?.args.owner).toBe(anvilAddress(1))
    expect(registered?.args.policy).toEqual({
      royaltyPerEpoch: 10n ** 15n,
      maxEpochsPerJob: 5,
      maxActiveJobsPerRequester: 2,
      sessionTtl: 120,
      expiry: 0,
      allowedPurposes: 0b101,
      attestationPolicy: `0x${'0'.repeat(64)}`,
    })
    publishedRoot = registered!.args.datasetRoot!
    // What a provider would do, independently: fetch the manifest by its hash, open the key envelope with the
    // release key, decrypt the ciphertext fetched by its root; it must be the file, byte for byte.
    const storage = createLocalStorage({ url: stack.services.storageUrl! })
    const manifest = parseManifest(
      await new Response(await storage.download(registered!.args.manifestHash!)).bytes(),
    )
    expect(manifest).toMatchObject({
      name: 'arithmetic',
      description: 'Two hundred addition questions.',
      datasetRoot: publishedRoot,
      publisher: { address: anvilAddress(1) },
      data: { format: 'jsonl', rowCount: 200, byteSize: plaintext.length },
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
    await waitForIndexedBlock({ url: stack.services.indexerBaseUrl!, blockNumber: head })
    const context = await browser.newContext()
    const page = await openApp(context)
    const card = page.getByTestId('dataset-card')
    await card.waitFor()
    expect(await card.textContent()).toContain('0.001 ETH per epoch')
    await card.getByRole('heading', { name: 'arithmetic' }).waitFor()
    expect(await card.textContent()).toContain('Two hundred addition questions.')
    expect(await page.getByText('rebuilt from chain logs').count()).toBe(0)
    expect(await card.textContent()).toContain('research, evaluation')
    await screenshot(page, '05-marketplace')
    await card.getByRole('link').click()
    const policy = page.getByTestId('dataset-policy')
    await policy.waitFor()
    expect(await policy.textContent()).toContain(anvilAddress(1))
    expect(await policy.textContent()).toContain('any policy the protocol allows')
    await screenshot(page, '06-dataset')
    await context.close()
  })

  test('behavior: a researcher requests access with a result key derived from a wallet signature', async () => {
    const context = await browser.newContext()
    await injectWallet(context, {
      privateKey: anvilPrivateKeys[2],
      rpcUrl: stack.rpcUrl,
      chainId: stack.chainId,
    })
    const page = await openApp(context, `#/datasets/${publishedRoot}`)
    await connectInjected(page)
    await page.getByRole('link', { name: 'Request access' }).click()
    await page.getByLabel(/^Epochs/).fill('2')
    expect(await page.getByTestId('escrow').textContent()).toContain('Escrow: 0.006 ETH')
    await page.getByRole('button', { name: 'Derive my result key' }).click()
    await page.getByTestId('result-key').waitFor()
    await screenshot(page, '07-request-access')
    await page.getByRole('button', { name: /^Request access and escrow 0.006 ETH/ }).click()
    await page.getByText('Job #1 granted.').waitFor()
    // The key on chain is the one the sdk derives from this account's signature, computed independently here.
    const expected = await deriveResultKey(privateKeyToAccount(anvilPrivateKeys[2]))
    const [granted] = await client().getContractEvents({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      eventName: 'AccessGranted',
      fromBlock: 0n,
    })
    expect(granted?.args).toMatchObject({
      jobId: 1n,
      epochs: 2,
      providerId: 1,
      purposeId: 0,
      resultPubKey: expected.publicKey,
    })
    await context.close()
  })

  test('behavior: the job completes; its page shows the verified loss chart and the settlement', async () => {
    const [granted] = await client().getContractEvents({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      eventName: 'AccessGranted',
      args: { jobId: 1n },
      fromBlock: 0n,
    })
    await scripted.complete({
      jobId: 1n,
      datasetRoot: granted!.args.datasetRoot!,
      resultPubKey: granted!.args.resultPubKey!,
      epochs: granted!.args.epochs!,
    })
    const context = await browser.newContext()
    await injectWallet(context, {
      privateKey: anvilPrivateKeys[2],
      rpcUrl: stack.rpcUrl,
      chainId: stack.chainId,
    })
    const page = await openApp(context, '#/jobs/1')
    await connectInjected(page)
    const settlement = page.getByTestId('settlement')
    await settlement.waitFor()
    expect(await settlement.textContent()).toContain('Epochs trained2 of 2')
    await page.getByRole('img', { name: /Training loss by epoch: epoch 1 2.9800, epoch 2 1.8700/ }).waitFor()
    await screenshot(page, '09-job-completed')

    await page.getByRole('link', { name: 'Download the adapter' }).click()
    await page.getByRole('button', { name: 'Sign, download and decrypt' }).click()
    const checks = page.getByTestId('adapter-checks')
    await checks.waitFor()
    expect((await checks.textContent())?.match(/✓/g)?.length).toBe(3)
    const files = page.getByTestId('adapter-files')
    await files.waitFor()
    expect(await files.textContent()).toContain('adapter_model.safetensors')
    const downloadPromise = page.waitForEvent('download')
    await page.getByRole('link', { name: 'adapter_model.safetensors' }).click()
    const saved = await downloadPromise
    const stream = await saved.createReadStream()
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).toString()).toBe('safetensors bytes of job 1')
    await screenshot(page, '10-download')
    await context.close()
  })

  test('behavior: the audit page re-checks the job in the browser, each step with its reason', async () => {
    const context = await browser.newContext()
    const page = await openApp(context, '#/jobs/1/audit')
    const steps = page.getByTestId('audit-steps')
    await steps.waitFor()
    const status = async (title: RegExp) =>
      (await steps.locator('li').filter({ hasText: title }).getAttribute('data-status')) ?? 'missing'
    expect(await status(/Job started on chain/)).toBe('pass')
    expect(await status(/Epoch receipts chain to the settled head/)).toBe('pass')
    expect(await status(/Result manifest signed by the on-chain enclave signer/)).toBe('pass')
    expect(await status(/Settlement amounts follow the terms/)).toBe('pass')
    // The policy file served beside the app, the dev TEE evidence at attestationRef, its quote verified here.
    expect(await status(/Policy file hashes/)).toBe('pass')
    expect(await status(/Stored evidence is the object on chain/)).toBe('pass')
    expect(await status(/Signature chain, CRLs, TCB level \(dcap-qvl\)/)).toBe('pass')
    expect(await status(/RTMR3 event log replay/)).toBe('pass')
    expect(await status(/Compose hash/)).toBe('pass')
    expect(await status(/Report data binding/)).toBe('pass')
    expect(await page.getByTestId('audit-summary').textContent()).toBe('Every check passed.')
    expect(await steps.locator('li').count()).toBe(20)
    const measured = await page.getByTestId('audit-measured').textContent()
    expect(measured).toContain(
      'dev-mock (root sha256 f317a799675a2f4518747ee7dcf8443f78b5793363025124f326bb0e4764461d)',
    )
    expect(measured).toContain('licen-dev-image-v1')
    await screenshot(page, '11-audit')
    await context.close()
  })

  test('behavior: a job whose provider is down is reclaimed after its deadline', async () => {
    // Provider #2's node is down: nobody starts job #2, so after the deadline anyone may reclaim it.
    await writeAs(stack, 4, {
      functionName: 'registerProvider',
      args: ['http://127.0.0.1:9/down', 2n * 10n ** 15n],
    })
    const resultKey = await deriveResultKey(privateKeyToAccount(anvilPrivateKeys[2]))
    const escrow = (10n ** 15n + 2n * 10n ** 15n) * 2n
    await writeAs(stack, 2, {
      functionName: 'requestAccess',
      args: [publishedRoot, 0, 2, 2, resultKey.publicKey],
      value: escrow,
    })
    const context = await browser.newContext()
    await injectWallet(context, {
      privateKey: anvilPrivateKeys[2],
      rpcUrl: stack.rpcUrl,
      chainId: stack.chainId,
    })
    const page = await openApp(context, '#/jobs')
    await connectInjected(page)
    await page.getByTestId('job-row').nth(1).waitFor()
    await screenshot(page, '08-my-jobs')
    await page.getByRole('link', { name: '#2' }).click()
    await page.getByText('Waiting for the orchestrator').waitFor()
    expect(await page.getByRole('button', { name: /^Reclaim/ }).count()).toBe(0)
    await advanceTime(stack, 121)
    const reclaim = page.getByRole('button', { name: 'Reclaim 0.006 ETH' })
    await reclaim.waitFor()
    const before = await client().getBalance({ address: anvilAddress(2) })
    await reclaim.click()
    await page.locator('[data-testid="tx-status"][data-phase="confirmed"]').waitFor()
    await page.getByTestId('reclaimed').waitFor()
    expect(await page.getByTestId('job-state').textContent()).toBe('Reclaimed')
    await screenshot(page, '12-job-reclaimed')
    const job = await client().readContract({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      functionName: 'getJob',
      args: [2n],
    })
    expect(job.state).toBe(5)
    const credits = await client().readContract({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      functionName: 'credits',
      args: [anvilAddress(2)],
    })
    expect(credits).toBe(escrow)
    // The refund is credited (pull payment): withdraw it from My jobs.
    await page.getByRole('link', { name: 'My jobs' }).first().click()
    await page.getByTestId('credits').filter({ hasText: '0.006 ETH' }).waitFor()
    await page.getByRole('button', { name: 'Withdraw' }).click()
    await page.locator('[data-testid="tx-status"][data-phase="confirmed"]').waitFor()
    await page.getByTestId('credits').filter({ hasText: '0 ETH' }).waitFor()
    const after = await client().getBalance({ address: anvilAddress(2) })
    expect(after - before > escrow - 10n ** 15n).toBe(true) // the escrow back, less gas for two transactions
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
    await screenshot(page, '13-owner-dashboard')
    // Delist through the dashboard: the marketplace's default filter then hides the dataset.
    await page.getByRole('button', { name: 'Delist' }).click()
    await page.locator('[data-testid="tx-status"][data-phase="confirmed"]').waitFor()
    const dataset = await client().readContract({
      abi: dataPolicyAbi,
      address: stack.dataPolicy,
      functionName: 'getDataset',
      args: [publishedRoot],
    })
    expect(dataset.active).toBe(false)
    await context.close()
  })

  test('behavior: pages fit a narrow screen', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true })
    const page = await openApp(context, `#/datasets/${publishedRoot}`)
    await page.getByTestId('dataset-policy').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBe(0)
    await screenshot(page, '14-narrow-dataset')
    await page.goto(`${site.url}#/jobs/1`)
    await page.getByTestId('settlement').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0)
    await screenshot(page, '15-narrow-job')
    await context.close()
  })
})
