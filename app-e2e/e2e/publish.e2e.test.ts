// The app for people who are not protocol engineers (#16): the landing section, the publish page's verdict on
// what the trainer can use, publishing as one guarded run, dataset names where datasets are managed, and the
// request form's field errors. The app's production build in Debian Chromium against one local devnet of its
// own (like app.e2e.test.ts); tests run in order and share it.
import type { StaticServer } from '@licen/devnet'
import { dataPolicyAbi } from '@licen/sdk'
import type { Browser, BrowserContext, Page, Route } from 'playwright-core'
import { createPublicClient, type Hex, http } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type AppSite, connectInjected, openApp, startAppSite, walletContext } from './appSite.js'
import { screenshot } from './browser.js'
import { anvilAddress } from './seed.js'
import type { E2eStack } from './stack.js'

const prefix = '/ipfs/bafybeie2epublishsubpath/'
let stack: E2eStack
let site: StaticServer
let browser: Browser
let world: AppSite | undefined
let publishedRoot: Hex

beforeAll(async () => {
  world = await startAppSite(prefix)
  stack = world.stack
  site = world.site
  browser = world.browser
})

afterAll(async () => {
  await world?.stop()
})

const client = () => createPublicClient({ transport: http(stack.rpcUrl) })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const jsonl = (rows: object[]) => Buffer.from(`${rows.map((row) => JSON.stringify(row)).join('\n')}\n`)
const arithmetic = jsonl(
  Array.from({ length: 40 }, (_, i) => ({
    instruction: `Add ${i} and ${i + 1}.`,
    output: String(2 * i + 1),
  })),
)

async function choose(page: Page, name: string, buffer: Buffer) {
  await page.locator('#file').setInputFiles({ name, mimeType: 'application/jsonl', buffer })
}

const hashOf = (page: Page) => new URL(page.url()).hash

const registeredEvents = () =>
  client().getContractEvents({
    abi: dataPolicyAbi,
    address: stack.dataPolicy,
    eventName: 'DatasetRegistered',
    fromBlock: 0n,
    strict: true,
  })
const committedEvents = () =>
  client().getContractEvents({
    abi: dataPolicyAbi,
    address: stack.dataPolicy,
    eventName: 'DatasetCommitted',
    fromBlock: 0n,
    strict: true,
  })

/** Holds every upload to the storage node until `release()` (downloads pass). */
async function holdUploads(context: BrowserContext) {
  const held: Route[] = []
  const pattern = `${stack.urls.storage}/**`
  await context.route(pattern, (route) => {
    // Reads (GET, and HEAD for `has`: the release key's evidence) pass; only writes are held.
    if (['GET', 'HEAD'].includes(route.request().method())) return route.continue()
    held.push(route)
  })
  return {
    held,
    async release() {
      await context.unroute(pattern)
      for (const route of held.splice(0)) await route.continue().catch(() => {})
    },
  }
}

describe('publish, landing and names on the devnet (#16)', () => {
  test('default: the landing says what LICEN is, where to start and which dev wallet plays which role', async () => {
    const context = await browser.newContext()
    const page = await openApp(context, site.url)
    const what = (await page.getByTestId('landing-what').textContent())?.replace(/\s+/g, ' ').trim()
    // Two sentences.
    expect(what?.split(/(?<=\.) /)).toHaveLength(2)
    expect(what).toContain('LICEN lets data owners license private training data to AI researchers')
    expect(
      await page.getByRole('list', { name: 'Where to start' }).getByRole('heading').allTextContents(),
    ).toEqual(['Publish a dataset', 'Find data to train on', 'Audit a job'])
    const roles = page.getByTestId('dev-roles').locator('li')
    expect(
      (await page.locator('[data-testid="dev-roles"] li > span:first-child').allTextContents()).map((t) =>
        t.replace(/\s+/g, ' ').trim(),
      ),
    ).toEqual([
      'Dev wallet #1: dataset owner — publishes datasets, sets their terms and earns a royalty per epoch trained. Starts on Publish.',
      'Dev wallet #2: researcher — requests access, escrows the price, follows the job and downloads the trained adapter. Starts on Marketplace.',
      'Dev wallet #3: provider operator — runs the attested training node and is paid per epoch it trains. Starts on Provider.',
    ])
    expect((await roles.getByRole('button').allTextContents()).map((t) => t.trim())).toEqual([
      'Connect as dataset owner',
      'Connect as researcher',
      'Connect as provider operator',
    ])
    await screenshot(page, 'p01-landing')

    // Escape closes the wallet chooser and gives the focus back to its button.
    await page.getByRole('button', { name: 'Connect wallet' }).click()
    await page.getByRole('dialog', { name: 'Choose a wallet' }).waitFor()
    await page.keyboard.press('Escape')
    expect(await page.getByRole('dialog', { name: 'Choose a wallet' }).count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Connect wallet')

    // One click plays a role; the top bar then says which.
    await page.getByRole('button', { name: 'Connect as researcher' }).click()
    expect(await page.getByTestId('wallet-role').textContent()).toBe('researcher · dev wallet #2')
    expect(await page.getByTestId('wallet-address').textContent()).toBe('0x3C44…93BC')

    // The audit shortcut: a field error tied to its input, then the audit page of the job asked for.
    await page.getByLabel('Job number').fill('two')
    await page.getByRole('button', { name: 'Audit', exact: true }).click()
    const jobField = page.getByLabel('Job number')
    expect(await jobField.getAttribute('aria-invalid')).toBe('true')
    expect(await jobField.getAttribute('aria-describedby')).toBe('audit-job-error')
    expect(await page.locator('#audit-job-error').textContent()).toBe(
      'Enter a job number such as 1 (the # is optional).',
    )
    await jobField.fill('#1')
    await page.getByRole('button', { name: 'Audit', exact: true }).click()
    await page.waitForURL((url) => url.hash === '#/jobs/1/audit')
    // The audit shortcut keeps the connected wallet.
    expect(await page.getByTestId('wallet-role').textContent()).toBe('researcher · dev wallet #2')

    // An unknown route (a mistyped link, opened fresh) is a real page with a way back.
    const lost = await openApp(context, site.url, '#/nowhere')
    const notFound = lost.getByTestId('not-found')
    await notFound.waitFor()
    expect(await notFound.getByRole('heading').textContent()).toBe('Page not found')
    expect(await notFound.locator('p').first().textContent()).toBe(
      'This app has no page at /nowhere. The link may be mistyped or from another version of LICEN.',
    )
    await notFound.getByRole('link', { name: 'Go to the marketplace' }).waitFor()
    await context.close()
  })

  test('error: files the trainer cannot use are refused in one sentence before anything is encrypted', async () => {
    const context = await walletContext(browser, stack, 1)
    const page = await openApp(context, site.url, '#/publish')
    await connectInjected(page)
    // The devnet's registered orchestrator key verifies in the browser before anything can be sealed to it (#13).
    const keySentence = page.getByTestId('release-key-sentence')
    await keySentence.waitFor({ timeout: 60_000 })
    expect(await keySentence.textContent()).toBe(
      'Only an orchestrator measured as “licen-dev-image-v1” under policy “local-orchestrator” v1 can open release key #1; verified in your browser.',
    )
    expect(await page.getByTestId('release-key-dev-tee').count()).toBe(1)
    expect(await page.getByTestId('accepted-shapes').textContent()).toContain(
      '{"prompt":"…","completion":"…"}',
    )
    const refused = page.getByTestId('not-trainable')
    const cases: [string, Buffer, string][] = [
      [
        'foo.jsonl',
        jsonl(Array.from({ length: 50 }, () => ({ foo: 1, bar: 'x' }))),
        'None of the 50 rows can be trained on (50 in no accepted shape); each row must be one of {"messages":[{"role":"user","content":…},{"role":"assistant","content":…}]}, {"instruction","input"?,"output"}, {"prompt","completion"} or {"text"}.',
      ],
      [
        'picture.png',
        Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff', 'hex'),
        'The file is not JSONL: none of its 3 lines is JSON.',
      ],
      ['empty.jsonl', Buffer.alloc(0), 'The file has no rows: it is empty or holds only blank lines.'],
    ]
    for (const [name, buffer, sentence] of cases) {
      await choose(page, name, buffer)
      await refused.filter({ hasText: sentence }).waitFor()
      expect((await refused.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
        `Nothing can be published: ${sentence} (DATASET_NOT_TRAINABLE)`,
      )
      expect(await page.getByTestId('bad-lines').count()).toBe(0)
      expect(await page.getByRole('button', { name: 'Encrypt, upload and register' }).count()).toBe(0)
    }
    await screenshot(page, 'p02-publish-not-trainable')

    // Some rows untrainable: the counts by shape and the skipped lines by number, and it may be published.
    await choose(
      page,
      'mixed.jsonl',
      Buffer.concat([jsonl([{ text: 'a' }, { prompt: 'p', completion: 'c' }]), jsonl([{ foo: 1 }])]),
    )
    const trainable = page.getByTestId('trainable')
    await trainable.waitFor()
    expect(await trainable.locator('p').allTextContents()).toEqual([
      '2 of 3 rows can be trained on; the other 1 (1 in no accepted shape) will be skipped.',
      'Trainable rows by shape: 1 prompt/completion · 1 text',
      'The trainer skips these rows; researchers see the trainable count in the manifest.',
    ])
    expect((await trainable.locator('li').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      '1 row in no accepted shape: line 3',
    )
    expect(await page.getByRole('button', { name: 'Encrypt, upload and register' }).count()).toBe(1)
    expect(await committedEvents()).toHaveLength(0)
    await context.close()
  })

  test('behavior: publishing asks before leaving, warns on close, and cancelling says what exists; nothing is signed after leaving', async () => {
    const context = await walletContext(browser, stack, 1)
    const owner = anvilAddress(1)
    const uploads = await holdUploads(context)
    const page = await openApp(context, site.url, '#/publish')
    await connectInjected(page)
    await choose(page, 'arithmetic.jsonl', arithmetic)
    await page.getByTestId('trainable').waitFor()
    await page.getByRole('button', { name: 'Encrypt, upload and register' }).click()
    // Committed on chain, the upload held at the storage node: the steps sit by the button.
    const steps = page.getByTestId('publish-steps')
    await steps
      .locator('li[data-status="running"]', { hasText: 'Upload the ciphertext and manifest' })
      .waitFor({ timeout: 60_000 })
    expect(
      await steps.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-status'))),
    ).toEqual(['done', 'done', 'running', 'todo', 'todo'])

    // Closing the tab warns (the browser's own question); staying keeps the run.
    const closing = page.waitForEvent('dialog')
    await page.close({ runBeforeUnload: true })
    const warning = await closing
    expect(warning.type()).toBe('beforeunload')
    await warning.dismiss()
    expect(page.isClosed()).toBe(false)

    // An in-app link asks first; "stay" keeps publishing.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Marketplace' }).click()
    const leave = page.getByTestId('leave-publish')
    await leave.waitFor()
    await page.waitForFunction(
      () => document.activeElement?.textContent?.trim() === 'Stay and keep publishing',
    )
    expect((await leave.locator('#leave-text').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Leaving cancels it. If you leave now: nothing was registered. Part of the ciphertext may stay on the storage node as an upload that was not registered; no one can open it without the key, which never left this tab.',
    )
    expect(hashOf(page)).toBe('#/publish')
    await screenshot(page, 'p03-publish-leave-question')
    await page.getByRole('button', { name: 'Stay and keep publishing' }).click()
    expect(await leave.count()).toBe(0)
    expect(await steps.count()).toBe(1)

    // "Cancel publishing" says exactly what exists now.
    await page.getByRole('button', { name: 'Cancel publishing', exact: true }).click()
    expect((await page.getByRole('alert').filter({ hasText: 'Cancelled' }).textContent())?.trim()).toBe(
      'Cancelled during the upload: nothing was registered. Part of the ciphertext may stay on the storage node as an upload that was not registered; no one can open it without the key, which never left this tab.',
    )
    expect(await steps.count()).toBe(0)

    // Again, and this time leave: the run ends with the page, and the wallet is never asked again.
    await choose(page, 'arithmetic.jsonl', arithmetic)
    await page.getByTestId('trainable').waitFor()
    await page.getByRole('button', { name: 'Encrypt, upload and register' }).click()
    await steps
      .locator('li[data-status="running"]', { hasText: 'Upload the ciphertext and manifest' })
      .waitFor({ timeout: 60_000 })
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Owner' }).click()
    await page.getByRole('button', { name: 'Cancel publishing and leave' }).click()
    await page.waitForURL((url) => url.hash === '#/owner')
    const nonce = await client().getTransactionCount({ address: owner })
    await uploads.release()
    await sleep(4_000) // four blocks of the devnet's one-second chain
    expect(await client().getTransactionCount({ address: owner })).toBe(nonce)
    expect(await committedEvents()).toHaveLength(2)
    expect(await registeredEvents()).toHaveLength(0)

    // Uploads flowing, a run goes through every step to the end.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Publish' }).click()
    await choose(page, 'arithmetic.jsonl', arithmetic)
    await page.getByTestId('trainable').waitFor()
    await page.getByLabel('Description').fill('Forty addition questions.')
    await page.getByRole('button', { name: 'Encrypt, upload and register' }).click()
    await page.getByTestId('published').waitFor({ timeout: 60_000 })
    const [registered] = await registeredEvents()
    expect(registered?.args.owner).toBe(owner)
    publishedRoot = registered!.args.datasetRoot
    await context.close()
  })

  test('behavior: datasets by name where they are managed; the owner manages, not requests, its own; the epochs field never throws', async () => {
    const ownerContext = await walletContext(browser, stack, 1)
    const owner = await openApp(ownerContext, site.url, '#/owner')
    await connectInjected(owner)
    const row = owner.getByTestId('owner-dataset')
    await row.getByTestId('dataset-name').filter({ hasText: 'arithmetic' }).waitFor()
    expect(await row.getByRole('heading').textContent()).toMatch(
      /^\s*arithmetic\s+0x[0-9a-fA-F]{8}…[0-9a-fA-F]{8}\s*$/,
    )
    await owner.goto(`${site.url}#/datasets/${publishedRoot}`)
    await owner.getByTestId('own-dataset').waitFor()
    expect(await owner.getByTestId('own-dataset').textContent()).toBe('You own this dataset (listed).')
    expect(await owner.getByRole('link', { name: 'Request access' }).count()).toBe(0)
    await owner.getByRole('button', { name: 'Delist' }).click()
    expect(await owner.getByTestId('listing-confirm').locator('p').first().textContent()).toBe(
      'Delist arithmetic? Researchers can no longer request it. Jobs already granted continue and settle as agreed; you can list it again at any time.',
    )
    await owner.getByTestId('listing-confirm').getByRole('button', { name: 'Cancel' }).click()
    expect(await owner.getByTestId('listing-confirm').count()).toBe(0)
    await screenshot(owner, 'p04-own-dataset')
    await ownerContext.close()

    const context = await walletContext(browser, stack, 2)
    const page = await openApp(context, site.url, `#/datasets/${publishedRoot}/request`)
    await connectInjected(page)
    await page.getByTestId('dataset-name').filter({ hasText: 'arithmetic' }).waitFor()
    expect(await page.getByTestId('pay-blocked').textContent()).toBe(
      'First derive your result key above: the trained adapter is encrypted to it, so it goes on chain with the request.',
    )
    const epochs = page.getByLabel(/^Epochs/)
    for (const [typed, error] of [
      ['2.5', '2.5 is not a whole number. Enter a whole number of epochs from 1 to 5.'],
      ['', 'The number of epochs is empty. Enter a whole number of epochs from 1 to 5.'],
      ['9', '9 is outside the range. Enter a whole number of epochs from 1 to 5.'],
    ] as const) {
      await epochs.fill(typed)
      expect(await page.getByTestId('epochs-error').textContent()).toBe(error)
      expect(await epochs.getAttribute('aria-invalid')).toBe('true')
      expect(await epochs.getAttribute('aria-describedby')).toBe('epochs-error')
      expect(await page.getByTestId('escrow').textContent()).toContain('Escrow: —')
    }
    await epochs.fill('1')
    expect(await page.getByTestId('epochs-error').count()).toBe(0)
    expect(await page.getByTestId('escrow').textContent()).toContain('Escrow: 0.002 ETH')
    expect(await page.getByTestId('escrow').textContent()).toContain('× 1 epoch;')
    await page.getByRole('button', { name: 'Derive my result key' }).click()
    await page.getByTestId('result-key').waitFor()
    expect(await page.getByTestId('pay-blocked').count()).toBe(0)
    await screenshot(page, 'p05-request-named')
    await context.close()
    expect(stack.unexpected()).toBeUndefined()
  })
})
