// The devnet with the provider node and the orchestrator running from their images under podman (`pnpm dev
// --containers`): one whole lifecycle through the containers, as `pnpm demo` runs it. Needs podman, runc and
// root (the images are built when this checkout has none): `pnpm test:containers`, not part of `pnpm test`.

import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bindingReportData, parseEvidenceBundle, parsePolicyJson } from '@licen/attestation-policy'
import { createLocalStorage, dataPolicyAbi, readJobEvents } from '@licen/sdk'
import { readContract } from 'viem/actions'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEVNET_PROVIDER_PRICE } from '../../src/dev/agents.js'
import { publicClientFor } from '../../src/dev/wallets.js'
import type { Devnet } from '../../src/startDevnet.js'
import { startTestDevnet, type TestDevnet } from '../../src/startTestDevnet.js'
import { withdrawAll } from '../balances.js'
import { demo, licenAttest } from '../processes.js'

const ROYALTY = 2_000_000_000_000_000n
const SMALL = 6_000

let testDevnet: TestDevnet
let devnet: Devnet

const podman = (args: string[]) =>
  execFileSync('podman', args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, CONTAINERS_CONF: devnet.context.containers!.podman.env.CONTAINERS_CONF },
  }).trim()

beforeAll(async () => {
  const started = Date.now()
  testDevnet = await startTestDevnet({ prefix: 'licen-containers-', keepLines: 4000, containers: true })
  devnet = testDevnet.devnet
  console.log(`devnet with containers up in ${Math.round((Date.now() - started) / 1000)} s`)
}, 1_200_000)

afterAll(async () => {
  const running = devnet !== undefined
  await testDevnet?.stop()
  if (testDevnet?.unexpected() || process.env.LICEN_SYSTEM_LOGS) console.log(testDevnet.logTail(200))
  // Stopped means gone: `podman run --rm` leaves no container behind (the devnet's containers.conf went with its
  // folder; listing needs none).
  if (running)
    expect(
      execFileSync('podman', ['ps', '--all', '--filter', 'name=licen-dev-', '--format', '{{.Names}}'], {
        encoding: 'utf8',
        timeout: 60_000,
      }).trim(),
    ).toBe('')
}, 120_000)

describe('pnpm dev --containers', () => {
  test('default: the provider node and the orchestrator run from the images podman loaded, as uid 10001', () => {
    const images = devnet.context.containers!.images
    for (const program of ['provider-node', 'orchestrator'] as const) {
      const image = images[program]!
      console.log(
        `${program}: ${image.reference} ${image.digest} ${image.bytes} bytes (built: ${image.built})`,
      )
      const [id, user, network, running] = podman([
        'inspect',
        '--format',
        '{{.Image}} {{.Config.User}} {{.HostConfig.NetworkMode}} {{.State.Running}}',
        `licen-dev-${program}`,
      ]).split(' ')
      expect({ id, user, network, running }).toEqual({
        id: image.imageId,
        user: '10001:10001',
        network: 'host',
        running: 'true',
      })
    }
  })

  test('behavior: no secret of the environment is in the container command lines', () => {
    const command = podman(['inspect', '--format', '{{.Config.CreateCommand}}', 'licen-dev-orchestrator'])
    expect(command).toContain('-e LICEN_ORCHESTRATOR_KEY')
    expect(command).not.toMatch(/0x[0-9a-f]{64}/)
  })

  test('behavior: pnpm demo --json through the containers ends Completed, audited, release key verified', async () => {
    const info = devnet.info
    const contractBefore = await publicClientFor(info.rpcUrl).getBalance({ address: info.dataPolicy })
    const started = Date.now()
    const result = await demo(
      ['--json', '--data-dir', info.dataDir, '--size', String(SMALL), '--epochs', '2'],
      testDevnet.workDir,
    )
    console.log(`pnpm demo --json in ${Math.round((Date.now() - started) / 1000)} s: ${result.stdout.trim()}`)
    expect(result.code).toBe(0)
    expect(result.json).toMatchObject({
      state: 'Completed',
      epochs: 2,
      actualEpochs: 2,
      royaltyPaid: (2n * ROYALTY).toString(),
      providerPaid: (2n * DEVNET_PROVIDER_PRICE).toString(),
      refund: '0',
      auditOk: true,
      releaseKeyVerified: true,
    })
    const [currentKeyId] = (await readContract(publicClientFor(info.rpcUrl), {
      address: info.dataPolicy,
      abi: dataPolicyAbi,
      functionName: 'currentReleaseKey',
    })) as readonly [number, unknown]
    expect((result.json as { releaseKeyId: number }).releaseKeyId).toBe(currentKeyId)
    await withdrawAll(info, ['owner', 'operator', 'researcher'])
    expect(await publicClientFor(info.rpcUrl).getBalance({ address: info.dataPolicy })).toBe(contractBefore)
  }, 600_000)

  test('behavior: the devnet quotes carry the provider image compose hash; the dev policy with the derived compose hashes verifies them, the derived production policy fails only on the dev TEE root, measurements and key provider', async () => {
    const info = devnet.info
    const policies = devnet.context.containers!.policies!
    // The devnet allows the dev counterpart of the derived policy (same compose hashes, dev-mock root).
    expect(info.policy.hash).toBe(policies.dev.hash)
    const derived = parsePolicyJson(readFileSync(policies.derived.file, 'utf8'))
    const dev = parsePolicyJson(readFileSync(policies.dev.file, 'utf8'))
    expect(derived.composeHashes).toEqual([policies.composeHash])
    expect(dev.composeHashes).toEqual(derived.composeHashes)
    // The evidence the orchestrator stored for the demo's job (the devnet's provider quote in its container).
    const events = await readJobEvents(publicClientFor(info.rpcUrl), {
      address: info.dataPolicy,
      jobId: 1n,
      fromBlock: BigInt(info.deploymentBlock),
    })
    const ref = events.started!.attestationRef
    const stream = await createLocalStorage({ url: info.urls.storage }).download(ref)
    const bundle = parseEvidenceBundle(JSON.parse(await new Response(stream).text()))
    const dir = join(testDevnet.workDir, 'evidence')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'quote.hex'), bundle.quote)
    await writeFile(join(dir, 'event-log.json'), bundle.eventLog)
    await writeFile(join(dir, 'collateral.json'), JSON.stringify(bundle.collateral))
    const verify = (policy: string) =>
      licenAttest(
        [
          'verify',
          '--quote',
          join(dir, 'quote.hex'),
          '--event-log',
          join(dir, 'event-log.json'),
          '--collateral',
          join(dir, 'collateral.json'),
          '--policy',
          policy,
          '--now',
          String(bundle.verifiedAt),
          '--report-data',
          Buffer.from(bindingReportData(bundle.binding)).toString('hex'),
          '--json',
        ],
        testDevnet.workDir,
      )
    type Checks = { checks: { id: string; status: string; code?: string; reason: string }[] }
    const failing = (stdout: string) =>
      (JSON.parse(stdout) as Checks).checks
        .filter((check) => check.status !== 'pass')
        .map((check) => `${check.id}: ${check.status}${check.code ? ` ${check.code}` : ''}`)
    const underDev = await verify(policies.dev.file)
    console.log(`licen-attest verify --policy ${policies.dev.file}: exit ${underDev.code}`)
    expect([underDev.code, failing(underDev.stdout)]).toEqual([0, []])
    const underDerived = await verify(policies.derived.file)
    console.log(
      `licen-attest verify --policy ${policies.derived.file}: exit ${underDerived.code}, ${JSON.stringify(failing(underDerived.stdout))}`,
    )
    // The derived (production) policy passes the quote's compose hash, which is the provider image's; what fails is
    // what no production policy can accept from a dev TEE: its mock PKI root, its dev image measurements and its
    // dev-mock key provider (and the checks that need a verified signature are skipped).
    expect(underDerived.code).toBe(1)
    expect(failing(underDerived.stdout)).toEqual([
      'signature: fail UNTRUSTED_ROOT',
      'qeIdentity: skipped',
      'tdxModule: skipped',
      'tcbStatus: skipped',
      'measurements: fail MEASUREMENT_NOT_ALLOWED',
      'keyProvider: fail KEY_PROVIDER_NOT_ALLOWED',
    ])
    expect(
      (JSON.parse(underDerived.stdout) as Checks).checks.find((c) => c.id === 'composeHash'),
    ).toMatchObject({
      status: 'pass',
      reason: policies.composeHash,
    })
  }, 120_000)
})
