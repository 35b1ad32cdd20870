import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startAnvilChain } from '@licen/testing'
import { bytesToHex } from '@noble/hashes/utils'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEV_NOW, devTee, testBinding } from '../../test/devEvidence.js'
import { dstackSample, intelSample, packageText } from '../../test/fixtures.js'
import { jobReleaseKeySources } from '../../test/jobReleaseKeySources.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import type { JobAudit } from '../job/auditJob.js'
import { verifyJobReleaseKey } from '../job/verifyJobReleaseKey.js'
import { parsePolicyJson } from '../policy/parsePolicy.js'
import { verifyEvidence } from '../verify/verifyEvidence.js'
import { type CliIo, printJobAudit, runCli } from './runCli.js'

const packageDir = new URL('../..', import.meta.url).pathname
const repoRoot = new URL('../../..', import.meta.url).pathname
const hashes = JSON.parse(packageText('policies/hashes.json')) as Record<string, string>
let scratch: string

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'licen-attest-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

async function run(args: string[], now = intelSample.now) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: packageDir,
    now: () => now,
  }
  const code = await runCli(args, io)
  return { code, stdout, stderr }
}

const sample = [
  '--quote',
  'test/fixtures/tdx/sample_tdx_quote',
  '--collateral',
  'test/fixtures/tdx/sample_tdx_quote_collateral.json',
]

describe('licen-attest hash', () => {
  test('default: prints the policy hash', async () => {
    expect(await run(['hash', 'policies/local.json'])).toEqual({
      code: 0,
      stdout: `${hashes['local.json']}  policies/local.json\n`,
      stderr: '',
    })
  })

  test('args: --json', async () => {
    const { stdout } = await run(['hash', 'policies/production.template.json', '--json'])
    expect(JSON.parse(stdout)).toMatchObject({
      policyHash: hashes['production.template.json'],
      name: 'production-template',
      version: 1,
      role: 'provider',
    })
  })

  test('error: a missing or invalid file exits 2 with the reason', async () => {
    expect(await run(['hash', 'nope.json'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error [INPUT_INVALID]: Cannot read nope.json.\n\nDetails: ENOENT\n',
    })
    expect((await run(['hash', 'package.json'])).stderr).toMatch(
      /^error \[POLICY_INVALID\]: The attestation policy is invalid\./,
    )
  })
})

describe('licen-attest verify', () => {
  test('default: the Intel sample passes at its collateral time and prints the measured values', async () => {
    const { code, stdout } = await run(['verify', ...sample, '--now', String(intelSample.now)])
    expect(code).toBe(0)
    expect(stdout.split('\n')[0]).toBe('PASS  quote checked on its own (no policy)')
    expect(stdout).toContain(`  mrtd           ${intelSample.mrtd}\n`)
    expect(stdout).toContain('  status         UpToDate (QE UpToDate, TDX module UpToDate)\n')
    expect(stdout).toContain(
      '  ok   Collateral freshness: issued 2025-06-19T10:16:03Z, valid until 2025-07-19T10:00:35Z\n',
    )
  })

  test("error: the same evidence with today's clock exits 1", async () => {
    const { code, stdout } = await run(['verify', ...sample], Math.floor(Date.now() / 1000))
    expect(code).toBe(1)
    expect(stdout).toContain('FAIL Collateral freshness [COLLATERAL_EXPIRED]')
  })

  test('args: --json prints the verdict; --report-data checks the binding', async () => {
    const good = await run(['verify', ...sample, '--report-data', intelSample.reportData, '--json'])
    expect(good.code).toBe(0)
    expect(JSON.parse(good.stdout).checks.at(-1)).toEqual({
      id: 'reportData',
      title: 'Report data binding',
      status: 'pass',
      reason: 'equals the expected binding',
    })
    const bad = await run(['verify', ...sample, '--report-data', '00'.repeat(64), '--json'])
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.stdout).checks.at(-1).code).toBe('REPORT_DATA_MISMATCH')
  })

  test('args: quote as a hex file, a hex literal, or a GetQuote JSON with its event log', async () => {
    const hexFile = join(scratch, 'quote.hex')
    await writeFile(hexFile, `0x${bytesToHex(intelSample.quote())}\n`)
    expect((await run(['verify', '--quote', hexFile, '--collateral', sample[3]!])).code).toBe(0)
    expect(
      (await run(['verify', '--quote', bytesToHex(intelSample.quote()), '--collateral', sample[3]!])).code,
    ).toBe(0)
    const dstack = await run([
      'verify',
      '--quote',
      'test/fixtures/dstack/quote-report.json',
      '--collateral',
      sample[3]!,
    ])
    expect(dstack.stdout).toContain(`  composeHash    ${dstackSample.composeHash}\n`)
    expect(dstack.stdout).toContain(
      "  ok   RTMR3 event log replay: 8 runtime events replay to the quote's RTMR3\n",
    )
  })

  test('behavior: dev TEE evidence passes --policy local.json and fails the production template', async () => {
    const tee = devTee()
    const reportData = testBinding('cli')
    const { quote, eventLog } = tee.quote(reportData)
    await writeFile(join(scratch, 'dev.bin'), quote)
    await writeFile(join(scratch, 'dev-log.json'), eventLog)
    await writeFile(join(scratch, 'dev-collateral.json'), JSON.stringify(tee.collateral()))
    const args = [
      'verify',
      '--quote',
      join(scratch, 'dev.bin'),
      '--event-log',
      join(scratch, 'dev-log.json'),
      '--collateral',
      join(scratch, 'dev-collateral.json'),
      '--report-data',
      bytesToHex(reportData),
    ]
    const pass = await run([...args, '--policy', 'policies/local.json'], DEV_NOW)
    expect(pass.code).toBe(0)
    expect(pass.stdout.split('\n')[0]).toBe(`PASS  policy local ${hashes['local.json']}`)
    const fail = await run([...args, '--policy', 'policies/production.template.json'], DEV_NOW)
    expect(fail.code).toBe(1)
    expect(fail.stdout).toContain('FAIL Signature chain, CRLs, TCB level (dcap-qvl) [UNTRUSTED_ROOT]')
    const quoteOnly = await run([...args.slice(0, 7), '--anchor', 'dev-mock'], DEV_NOW)
    expect(quoteOnly.code).toBe(0)
  })

  test.each([
    [['verify', '--quote', 'x'], 'verify needs --quote and --collateral'],
    [['verify', ...sample, '--now', 'yesterday'], '--now must be unix seconds'],
    [['verify', ...sample, '--anchor', 'amd'], '--anchor must be intel or dev-mock'],
    [['verify', ...sample, '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], 'unknown command frobnicate'],
  ])('error: usage %j exits 2', async (args, message) => {
    const { code, stderr } = await run(args)
    expect(code).toBe(2)
    expect(stderr).toContain(message)
  })

  test('error: bad --report-data is an input error', async () => {
    expect((await run(['verify', ...sample, '--report-data', 'abcd'])).stderr).toBe(
      'error [INPUT_INVALID]: --report-data must be 64 bytes of hex (128 hex digits).\n',
    )
  })
})

describe('licen-attest job', () => {
  const chain = ['--rpc', 'http://127.0.0.1:9', '--storage', 'http://127.0.0.1:9']
  test.each([
    [['job'], 'job takes one numeric job id'],
    [['job', 'seven', ...chain, '--contract', `0x${'11'.repeat(20)}`], 'job takes one numeric job id'],
    [
      ['job', '7', '--contract', `0x${'11'.repeat(20)}`],
      'job needs --rpc <url> (the chain with DataPolicy) and --storage <url> (the evidence store)',
    ],
    [['job', '7', ...chain], 'job needs exactly one of --contract <address> and --deployment <file>'],
    [['job', '7', ...chain, '--contract', '0x1234'], '--contract must be an address'],
    [
      [
        'job',
        '7',
        ...chain,
        '--contract',
        `0x${'11'.repeat(20)}`,
        '--policy-dir',
        '.',
        '--policies-url',
        'http://x',
      ],
      'give --policy-dir or --policies-url, not both',
    ],
    [
      ['job', '7', '--rpc', 'ftp://x', '--storage', 'http://x', '--contract', `0x${'11'.repeat(20)}`],
      '--rpc must be an http(s) URL',
    ],
  ])('error: %j is a usage error', async (args, message) => {
    const { code, stdout, stderr } = await run(args)
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(stderr.split('\n')[0]).toBe(message)
  })

  test('error: --network names a preset with no recorded deployment (before any RPC call)', async () => {
    const { code, stderr } = await run([
      'job',
      '7',
      '--network',
      'galileo',
      '--storage',
      'http://127.0.0.1:9',
    ])
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr:
        'error [INPUT_INVALID]: No LICEN deployment is recorded for galileo.\n\nDetails: pass --contract <address> or --deployment <file>\n',
    })
  })

  test('error: an unknown --network is a usage error', async () => {
    const { code, stderr } = await run([
      'job',
      '7',
      '--network',
      'sepolia',
      '--storage',
      'http://x',
      '--contract',
      `0x${'11'.repeat(20)}`,
    ])
    expect(code).toBe(2)
    expect(stderr.split('\n')[0]).toBe('--network must be one of devnet, galileo, mainnet')
  })

  test('error: a deployment record of another chain than the RPC serves', async () => {
    const anvil = await startAnvilChain()
    try {
      const file = join(scratch, 'galileo-deployment.json')
      await writeFile(
        file,
        JSON.stringify({ chainId: 16_602, address: `0x${'11'.repeat(20)}`, blockNumber: 5 }),
      )
      const { code, stderr } = await run([
        'job',
        '7',
        '--rpc',
        anvil.rpcUrl,
        '--storage',
        'http://x',
        '--deployment',
        file,
      ])
      expect({ code, stderr }).toEqual({
        code: 2,
        stderr:
          'error [INPUT_INVALID]: The RPC node serves another chain than the deployment file names.\n\nDetails: RPC chain 31337, expected 16602\n',
      })
    } finally {
      await anvil.stop()
    }
  })

  test('error: an RPC node that does not answer is an unreadable source (exit 2)', async () => {
    const { code, stderr } = await run(['job', '7', ...chain, '--contract', `0x${'11'.repeat(20)}`])
    expect(code).toBe(2)
    expect(stderr.split('\n')[0]).toBe('error [JOB_SOURCE_UNAVAILABLE]: Cannot read the chain id.')
  })
})

describe('licen-attest job: the release key group', () => {
  const started = {
    enclaveSigner: `0x${'ab'.repeat(20)}`,
    attestationRef: `0x${'cd'.repeat(32)}`,
    policyHash: hashes['local.json'] as `0x${string}`,
  } as const

  async function audit(status?: 'Active' | 'Revoked'): Promise<JobAudit> {
    const options = { devMockRootCa: devMockRootCa(), now: DEV_NOW }
    const reportData = testBinding('cli')
    const { quote, eventLog } = devTee().quote(reportData)
    const attestation = await verifyEvidence(
      { quote, eventLog },
      parsePolicyJson(packageText('policies/local.json')),
      {
        ...options,
        collateral: devTee().collateral(),
        expectedReportData: reportData,
      },
    )
    const releaseKey = await verifyJobReleaseKey(7n, jobReleaseKeySources({ status }), options)
    return { ok: attestation.ok && releaseKey.ok, jobId: 7n, attestation, releaseKey }
  }

  const print = (value: JobAudit, json: boolean) => {
    let stdout = ''
    const code = printJobAudit(value, started, json, { stdout: (t) => (stdout += t) })
    return { code, stdout }
  }

  test('default: text names the key, its evidence and policy, and every check; exit 0', async () => {
    const value = await audit()
    const { code, stdout } = print(value, false)
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    const head = lines.indexOf(`PASS  release key 1 that opened dataset 0x${'ab'.repeat(32)}`)
    expect(head).toBeGreaterThan(0)
    expect(lines.slice(head + 1, head + 6)).toEqual([
      `  manifest       ${value.releaseKey.manifestHash} (policy version 2)`,
      `  publicKey      ${value.releaseKey.publicKey}`,
      `  evidenceRef    ${value.releaseKey.evidenceRef}`,
      '  status         Active',
      `  policy         local-orchestrator v1 (dev-mock) ${hashes['local-orchestrator.json']}`,
    ])
    expect(lines).toContain(
      '  ok   keyMatchesChain: key 1 on chain: same public key and evidenceRef, status Active',
    )
    expect(lines.filter((line) => line.startsWith('  ok   key.')).length).toBe(21)
  })

  test('default: --json carries the release key group beside the verdict', async () => {
    const value = await audit()
    const { code, stdout } = print(value, true)
    const parsed = JSON.parse(stdout)
    expect([code, parsed.ok, parsed.verdict.ok, parsed.releaseKey.ok, parsed.releaseKey.keyId]).toEqual([
      0,
      true,
      true,
      true,
      1,
    ])
    expect(parsed.releaseKey.releaseKey.policyHash).toBe(hashes['local-orchestrator.json'])
  })

  test('error: a revoked dataset key fails the job audit (exit 1) and says why', async () => {
    const value = await audit('Revoked')
    const { code, stdout } = print(value, false)
    expect([code, value.attestation.ok]).toEqual([1, true])
    expect(stdout).toContain(`FAIL  release key 1 that opened dataset 0x${'ab'.repeat(32)}\n`)
    expect(stdout).toContain(
      '  FAIL key.key [RELEASE_KEY_REVOKED]: key 1 is revoked: nothing is released with it\n',
    )
    expect(JSON.parse(print(value, true).stdout).ok).toBe(false)
  })

  test('error: a release-key source that does not answer is an unreadable source (exit 2)', async () => {
    const value = await audit()
    const unreadable = await verifyJobReleaseKey(
      7n,
      { ...jobReleaseKeySources(), readManifest: () => new Promise<undefined>(() => {}) },
      { timeoutMs: 20 },
    )
    const { code, stdout } = print({ ...value, ok: false, releaseKey: unreadable }, false)
    expect(code).toBe(2)
    expect(stdout).toContain(
      '  FAIL manifest [SOURCE_UNAVAILABLE]: no answer within 20 ms reading the manifest from storage\n',
    )
  })
})

describe('pnpm licen-attest (root script)', () => {
  test('default: runs from the repository root with relative paths', async () => {
    const { stdout } = await promisify(execFile)(
      'pnpm',
      ['-s', 'licen-attest', 'hash', 'attestation-policy/policies/local.json'],
      {
        cwd: repoRoot,
        env: { ...process.env, INIT_CWD: repoRoot },
      },
    )
    expect(stdout).toBe(`${hashes['local.json']}  attestation-policy/policies/local.json\n`)
  })
})
