import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEV_NOW, devTee, testBinding } from '../../test/devEvidence.js'
import { packageText } from '../../test/fixtures.js'
import { composeHash } from '../compose/composeHash.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { parsePolicyJson } from '../policy/parsePolicy.js'
import { verifyEvidence } from '../verify/verifyEvidence.js'
import { type CliIo, runCli } from './runCli.js'

const repoRoot = new URL('../../..', import.meta.url).pathname
const PROVIDER_IMAGE = `licen/provider-node@sha256:${'ab'.repeat(32)}`
const ORCHESTRATOR_IMAGE = `licen/orchestrator@sha256:${'cd'.repeat(32)}`
let scratch: string

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'licen-compose-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

async function run(args: string[]) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: repoRoot,
    now: () => 0,
  }
  const code = await runCli(args, io)
  return { code, stdout, stderr }
}

describe('licen-attest compose, policy derive, compose (the deployment chain)', () => {
  test('default: provider compose → provider policy → orchestrator compose → orchestrator policy', async () => {
    const provider = await run([
      'compose',
      'images/compose/provider-node/docker-compose.yml',
      '--image',
      PROVIDER_IMAGE,
      '--out',
      join(scratch, 'provider'),
    ])
    expect(provider).toEqual({
      code: 0,
      stdout: `009b54907dafb08d1237d5db53e0842d6443d9bde76a5554581cc68a67d68fe4  licen-provider-node\nwrote ${scratch}/provider/docker-compose.yml\nwrote ${scratch}/provider/app-compose.json\n`,
      stderr: '',
    })
    expect(await readFile(join(scratch, 'provider/app-compose.json'), 'utf8')).toBe(
      packageText('test/fixtures/compose/provider-node.app-compose.json'),
    )

    const providerPolicy = await run([
      'policy',
      'derive',
      '--role',
      'provider',
      '--os',
      'dstack-0.5.4.1',
      '--app-compose',
      join(scratch, 'provider/app-compose.json'),
      '--out',
      join(scratch, 'provider-policy.json'),
    ])
    expect(providerPolicy).toEqual({
      code: 0,
      stdout: `0x168cf3d0a2d6b81748225e4eb9f91e8ca3eca004281ce5d192f3911bcbcd3c00  ${scratch}/provider-policy.json\n`,
      stderr: '',
    })
    expect(await readFile(join(scratch, 'provider-policy.json'), 'utf8')).toBe(
      packageText('test/fixtures/compose/provider-policy.json'),
    )

    const orchestrator = await run([
      'compose',
      'images/compose/orchestrator/docker-compose.yml',
      '--image',
      ORCHESTRATOR_IMAGE,
      '--policy',
      join(scratch, 'provider-policy.json'),
      '--out',
      join(scratch, 'orchestrator'),
      '--json',
    ])
    expect(orchestrator.code).toBe(0)
    expect(JSON.parse(orchestrator.stdout)).toMatchObject({
      name: 'licen-orchestrator',
      composeHash: 'be213c46c5b35f5e0de3231fa2a4c5164bc46e4c1a7dc5c633f4597d9a168318',
      images: [{ service: 'orchestrator', image: ORCHESTRATOR_IMAGE }],
    })
    expect(await readFile(join(scratch, 'orchestrator/app-compose.json'), 'utf8')).toBe(
      packageText('test/fixtures/compose/orchestrator.app-compose.json'),
    )

    const orchestratorPolicy = await run([
      'policy',
      'derive',
      '--role',
      'orchestrator',
      '--os',
      'dstack-0.5.4.1',
      '--vm',
      '16cpu-64g-1gpu',
      '--compose-hash',
      'be213c46c5b35f5e0de3231fa2a4c5164bc46e4c1a7dc5c633f4597d9a168318',
      '--key-provider',
      'kms:0321529e',
      '--tcb',
      'UpToDate,SWHardeningNeeded',
      '--max-collateral-age',
      '86400',
      '--version',
      '3',
      '--out',
      join(scratch, 'orchestrator-policy.json'),
      '--json',
    ])
    expect(orchestratorPolicy.code).toBe(0)
    expect(JSON.parse(orchestratorPolicy.stdout)).toEqual({
      file: join(scratch, 'orchestrator-policy.json'),
      policyHash: '0xeb9c5db17c90d8eb664cf071eaff03bb90b106820f598ee74cd7bfd084186148',
      name: 'licen-orchestrator',
      version: 3,
      role: 'orchestrator',
      measurements: ['dstack-0.5.4.1/16cpu-64g-1gpu'],
      composeHashes: ['be213c46c5b35f5e0de3231fa2a4c5164bc46e4c1a7dc5c633f4597d9a168318'],
    })
    const written = parsePolicyJson(await readFile(join(scratch, 'orchestrator-policy.json'), 'utf8'))
    expect(written).toMatchObject({
      allowedTcbStatuses: ['UpToDate', 'SWHardeningNeeded'],
      maxCollateralAgeSeconds: 86_400,
      keyProviders: [{ name: 'kms', id: '0321529e' }],
    })
  })

  test('behavior: compose-hash hashes the bytes; --json shows whether the SDK agrees', async () => {
    const file = 'attestation-policy/test/fixtures/dstack/simulator-app-compose.json'
    expect(await run(['compose-hash', file])).toEqual({
      code: 0,
      stdout: `65b4e574f16973956908b6359920593c3b7d9f36f38e81a47f996a0c0d5435bb  ${file}\n`,
      stderr: '',
    })
    expect(JSON.parse((await run(['compose-hash', file, '--json'])).stdout)).toEqual({
      file,
      composeHash: '65b4e574f16973956908b6359920593c3b7d9f36f38e81a47f996a0c0d5435bb',
      sdkComposeHash: '84d4e7a031ef7d048d1492ca00b754c32513934e53f62b2dcf84b3e440656f61',
      deterministic: false,
    })
    const golden = 'attestation-policy/test/fixtures/compose/provider-node.app-compose.json'
    expect(JSON.parse((await run(['compose-hash', golden, '--json'])).stdout)).toMatchObject({
      composeHash: '009b54907dafb08d1237d5db53e0842d6443d9bde76a5554581cc68a67d68fe4',
      deterministic: true,
    })
  })
})

describe('licen-attest policy derive --os licen-dev-image-v1 (the devnet images on the dev TEE)', () => {
  test('default: the derived dev policy verifies a dev TEE quote of that app-compose and no other', async () => {
    const out = join(scratch, 'dev-provider')
    expect(
      (
        await run([
          'compose',
          'images/compose/provider-node/docker-compose.yml',
          '--image',
          PROVIDER_IMAGE,
          '--out',
          out,
        ])
      ).code,
    ).toBe(0)
    const appCompose = await readFile(join(out, 'app-compose.json'), 'utf8')
    const derived = await run([
      'policy',
      'derive',
      '--role',
      'provider',
      '--os',
      'licen-dev-image-v1',
      '--app-compose',
      join(out, 'app-compose.json'),
      '--name',
      'local-images',
      '--out',
      join(scratch, 'dev-policy.json'),
      '--json',
    ])
    expect(derived.code).toBe(0)
    const printed = JSON.parse(derived.stdout)
    const policy = parsePolicyJson(await readFile(join(scratch, 'dev-policy.json'), 'utf8'))
    expect([
      printed.measurements,
      printed.composeHashes,
      policy.trustAnchor.kind,
      policy.keyProviders,
    ]).toEqual([['licen-dev-image-v1'], [composeHash(appCompose)], 'dev-mock', [{ name: 'dev-mock' }]])
    const verify = (tee: ReturnType<typeof devTee>) => {
      const reportData = testBinding('derived-dev-policy')
      const { quote, eventLog } = tee.quote(reportData)
      return verifyEvidence({ quote, eventLog }, policy, {
        collateral: tee.collateral(),
        now: DEV_NOW,
        expectedReportData: reportData,
        devMockRootCa: devMockRootCa(),
      })
    }
    const ofImage = await verify(devTee({ appCompose }))
    expect([ofImage.ok, ofImage.checks.filter((check) => check.status !== 'pass')]).toEqual([true, []])
    const ofDevApp = await verify(devTee())
    expect(ofDevApp.checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual([
      'composeHash',
    ])
  })

  test('error: settings the dev TEE fixes are refused for the dev image', async () => {
    const result = await run([
      'policy',
      'derive',
      '--role',
      'provider',
      '--os',
      'licen-dev-image-v1',
      '--compose-hash',
      'ab'.repeat(32),
      '--tcb',
      'UpToDate',
      '--out',
      join(scratch, 'refused.json'),
    ])
    expect([result.code, result.stderr.split('\n')[0]]).toEqual([
      2,
      '--tcb does not apply to --os licen-dev-image-v1 (the dev TEE fixes it)',
    ])
  })
})

describe('bad input', () => {
  test.each<[string, string[], string]>([
    [
      'an image by tag',
      ['compose', 'images/compose/provider-node/docker-compose.yml', '--image', 'licen/provider-node:latest'],
      'error [COMPOSE_IMAGE_NOT_PINNED]: The image is not pinned by digest.\n\nDetails: --image "licen/provider-node:latest": give name@sha256:<64 hex> as pnpm image build prints it\n',
    ],
    [
      'the template without --image',
      ['compose', 'images/compose/provider-node/docker-compose.yml'],
      'error [COMPOSE_IMAGE_NOT_PINNED]: Service provider is not pinned by digest.\n\nDetails: line 11: service provider still carries the template placeholder digest (pass --image name@sha256:… of the built image)\n',
    ],
    [
      'a release without known measurements',
      [
        'policy',
        'derive',
        '--role',
        'provider',
        '--os',
        'dstack-0.6.0',
        '--compose-hash',
        'ab'.repeat(32),
        '--out',
        '/nonexistent/p.json',
      ],
      'error [POLICY_RELEASE_UNKNOWN]: No measurements are recorded for dstack OS release dstack-0.6.0.\n\nDetails: known: dstack-0.5.4.1/16cpu-64g-1gpu. Measure the release (a quote from a CVM booted on it, or dstack-mr on its image) and add it with its source to attestation-policy/src/policy/dstackReleases.ts\n',
    ],
  ])('error: %s exits 2 with the exact error', async (_, args, stderr) => {
    expect(await run(args)).toEqual({ code: 2, stdout: '', stderr })
  })

  test.each<[string, string[], string]>([
    [
      'no role',
      ['policy', 'derive', '--os', 'dstack-0.5.4.1'],
      'policy derive needs --role provider or --role orchestrator',
    ],
    [
      'no release',
      ['policy', 'derive', '--role', 'provider'],
      'policy derive needs --os <dstack OS release>, e.g. dstack-0.5.4.1',
    ],
    [
      'no output',
      ['policy', 'derive', '--role', 'provider', '--os', 'x'],
      'policy derive needs --out <policy.json>',
    ],
    [
      'no compose hash',
      ['policy', 'derive', '--role', 'provider', '--os', 'x', '--out', 'p.json'],
      'policy derive needs --app-compose <app-compose.json> or --compose-hash <hex>',
    ],
    [
      'a 0x compose hash',
      [
        'policy',
        'derive',
        '--role',
        'provider',
        '--os',
        'x',
        '--out',
        'p.json',
        '--compose-hash',
        `0x${'ab'.repeat(32)}`,
      ],
      `--compose-hash 0x${'ab'.repeat(32)}: 64 lowercase hex digits`,
    ],
    [
      'an unknown TCB status',
      [
        'policy',
        'derive',
        '--role',
        'provider',
        '--os',
        'x',
        '--out',
        'p.json',
        '--compose-hash',
        'ab'.repeat(32),
        '--tcb',
        'Revoked',
      ],
      '--tcb Revoked: one of UpToDate, SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSWHardeningNeeded, OutOfDate, OutOfDateConfigurationNeeded',
    ],
    ['another policy subcommand', ['policy', 'check'], 'policy takes the subcommand derive'],
  ])('error: %s is a usage error', async (_, args, message) => {
    const result = await run(args)
    expect(result.code).toBe(2)
    expect(result.stderr.split('\n')[0]).toBe(message)
  })
})
