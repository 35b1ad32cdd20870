import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  CHAIN_TARGET_USAGE,
  ChainTargetError,
  chainTargetOptions,
  resolveChainTarget,
} from '@licen/sdk/chain-target'
import { BaseError, describeError } from '../errors.js'
import { auditJob, type JobAudit } from '../job/auditJob.js'
import { createChainJobAuditSources } from '../job/chainJobSources.js'
import type { JobStartRecord } from '../job/verifyJob.js'
import { parsePolicyJson } from '../policy/parsePolicy.js'
import { canonicalPolicyBytes, policyHash } from '../policy/policyHash.js'
import type { AttestationPolicy } from '../policy/policySchema.js'
import { verifyEvidence } from '../verify/verifyEvidence.js'
import { composeCommand, composeHashCommand } from './composeCommands.js'
import { formatJobReleaseKey, formatVerdict } from './formatVerdict.js'
import { policyDeriveCommand } from './policyDeriveCommand.js'
import { parseReportData, readEventLogInput, readInput, readJsonInput, readQuoteInput } from './readInputs.js'
import { UsageError } from './usageError.js'

/** Where the CLI writes and which directory relative paths start from. */
export type CliIo = {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  now: () => number
}

export const USAGE = `usage:
  licen-attest hash <policy.json> [--json]
  licen-attest verify --quote <file|hex> --collateral <json> [--event-log <json>] [--policy <json>]
                      [--now <unix>] [--report-data <hex>] [--anchor intel|dev-mock] [--dev-root <der>] [--json]
  licen-attest job <jobId> ${CHAIN_TARGET_USAGE}
                   --storage <url> [--policy-dir <dir> | --policies-url <url>] [--from-block <n>] [--json]
  licen-attest compose <docker-compose.yml> [--image <name@sha256:…>] [--policy <provider-policy.json>]
                       [--name <app>] [--out <dir>] [--json]
  licen-attest compose-hash <app-compose.json> [--json]
  licen-attest policy derive --role provider|orchestrator --os <dstack release> [--vm <shape>]
                             (--app-compose <file> | --compose-hash <hex>)... --out <policy.json>
                             [--name <name>] [--version <n>] [--tcb <status,…>] [--max-collateral-age <s>]
                             [--key-provider <name>[:<id>]]... [--app-id <hex>]... [--json]

verify and job exit 0 only when every check passes, 1 when a check fails, 2 on bad input or an unreadable source.
job re-verifies a past job from the chain (JobStarted: enclave signer, attestationRef, policy hash) and the
evidence stored under attestationRef, then the release key that opened the job's dataset (the manifest at the
job's policy version names keyId + evidenceRef; Retired passes, Revoked fails, no keyId fails
RELEASE_KEY_UNRECORDED); policies come from --policy-dir (default: this package's policies/). The chain is
--network's preset (--rpc overrides its RPC) or --rpc, the contract --contract or --deployment (a deployment
record); the RPC must serve the chain the preset and the record name.
Without --policy it checks the quote itself (Intel root unless --anchor dev-mock) and prints the measured values.
compose fills a template of images/compose/ (the image digest pnpm image build printed; the orchestrator's
template also embeds the provider policy), refuses any image not pinned by digest (COMPOSE_IMAGE_NOT_PINNED),
prints the compose hash (sha256 of app-compose.json, as dstack measures it) and with --out writes
docker-compose.yml and app-compose.json. policy derive writes an Intel-rooted policy with the measurements of a
known dstack OS release (src/policy/dstackReleases.ts; others are refused) and prints its policy hash.`

async function hashCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean' } },
    allowPositionals: true,
  })
  if (positionals.length !== 1) throw new UsageError('hash takes exactly one policy file')
  const file = positionals[0]!
  const policy = parsePolicyJson(new TextDecoder().decode(await readInput(file, io.cwd)))
  const hash = policyHash(policy)
  if (values.json) {
    io.stdout(
      `${JSON.stringify({ file, policyHash: hash, name: policy.name, version: policy.version, role: policy.role, canonicalBytes: canonicalPolicyBytes(policy).length })}\n`,
    )
  } else io.stdout(`${hash}  ${file}\n`)
  return 0
}

/**
 * The local devnet's dev-mock root CA when `policy` names the dev-mock anchor (the dev TEE module supplies it);
 * nothing for Intel policies, so the mock PKI is loaded only where the local policy is used.
 */
async function devAnchorFor(policy: unknown): Promise<Uint8Array | undefined> {
  const kind = (policy as { trustAnchor?: { kind?: unknown } } | undefined)?.trustAnchor?.kind
  return kind === 'dev-mock' ? (await import('../devTee/mockPki.js')).devMockRootCa() : undefined
}

async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      quote: { type: 'string' },
      collateral: { type: 'string' },
      'event-log': { type: 'string' },
      policy: { type: 'string' },
      now: { type: 'string' },
      'report-data': { type: 'string' },
      anchor: { type: 'string' },
      'dev-root': { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  })
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`)
  if (!values.quote || !values.collateral) throw new UsageError('verify needs --quote and --collateral')
  if (values.anchor !== undefined && values.anchor !== 'intel' && values.anchor !== 'dev-mock') {
    throw new UsageError('--anchor must be intel or dev-mock')
  }
  if (values.anchor && values.policy)
    throw new UsageError('--anchor is for checks without --policy (the policy names its anchor)')
  if (values.now !== undefined && !/^\d{1,12}$/.test(values.now))
    throw new UsageError('--now must be unix seconds')
  const { quote, eventLog: embedded } = await readQuoteInput(values.quote, io.cwd)
  const eventLog = values['event-log'] ? await readEventLogInput(values['event-log'], io.cwd) : embedded
  let policy: AttestationPolicy | undefined
  if (values.policy)
    policy = parsePolicyJson(new TextDecoder().decode(await readInput(values.policy, io.cwd)))
  const verdict = await verifyEvidence({ quote, eventLog }, policy, {
    collateral: await readJsonInput(values.collateral, io.cwd),
    now: values.now !== undefined ? Number(values.now) : io.now(),
    expectedReportData: values['report-data'] ? parseReportData(values['report-data']) : undefined,
    trustAnchor: values.anchor as 'intel' | 'dev-mock' | undefined,
    devMockRootCa: values['dev-root']
      ? await readInput(values['dev-root'], io.cwd)
      : await devAnchorFor(policy ?? { trustAnchor: { kind: values.anchor } }),
  })
  io.stdout(values.json ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict))
  return verdict.ok ? 0 : 1
}

const DEFAULT_POLICY_DIR = fileURLToPath(new URL('../../policies/', import.meta.url))

/**
 * Which chain and contract `job` audits: the sdk's one resolver (`--network`, `--rpc`, `--contract`, `--deployment`,
 * checked against the RPC node's chain id), its failures in this CLI's terms (a usage line without a final period;
 * an RPC that does not answer is an unreadable job source).
 */
async function readJobChain(values: Record<string, string | boolean | undefined>, cwd: string) {
  try {
    // viem's default of 3 retries for every audit read.
    return await resolveChainTarget({ cwd, values, rpcRetryCount: 3 })
  } catch (error) {
    if (!(error instanceof ChainTargetError)) throw error
    if (error.code === 'CHAIN_TARGET_USAGE') throw new UsageError(error.shortMessage.replace(/\.$/, ''))
    if (error.code === 'CHAIN_TARGET_RPC_UNAVAILABLE')
      throw new BaseError('Cannot read the chain id.', {
        code: 'JOB_SOURCE_UNAVAILABLE',
        details: describeError(error.cause),
        cause: error.cause,
      })
    throw new BaseError(error.shortMessage, { code: 'INPUT_INVALID', details: error.details, cause: error })
  }
}

async function jobCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...chainTargetOptions,
      storage: { type: 'string' },
      'policy-dir': { type: 'string' },
      'policies-url': { type: 'string' },
      'from-block': { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  })
  if (positionals.length !== 1 || !/^\d{1,78}$/.test(positionals[0]!))
    throw new UsageError('job takes one numeric job id')
  if (!values.storage || (values.rpc === undefined && values.network === undefined))
    throw new UsageError(
      values.network === undefined
        ? 'job needs --rpc <url> (the chain with DataPolicy) and --storage <url> (the evidence store)'
        : 'job needs --storage <url> (the evidence store)',
    )
  if (
    (values.contract !== undefined && values.deployment !== undefined) ||
    (values.contract === undefined && values.deployment === undefined && values.network === undefined)
  )
    throw new UsageError('job needs exactly one of --contract <address> and --deployment <file>')
  if (values['policy-dir'] && values['policies-url'])
    throw new UsageError('give --policy-dir or --policies-url, not both')
  if (values['from-block'] !== undefined && !/^\d{1,12}$/.test(values['from-block']))
    throw new UsageError('--from-block must be a block number')
  for (const [name, value] of [
    ['--storage', values.storage],
    ['--policies-url', values['policies-url']],
  ] as const) {
    if (value !== undefined && !/^https?:\/\/\S+$/.test(value))
      throw new UsageError(`${name} must be an http(s) URL`)
  }
  const target = await readJobChain(values, io.cwd)
  const jobId = BigInt(positionals[0]!)
  const sources = createChainJobAuditSources({
    client: target.client,
    chainId: target.chainId,
    dataPolicy: target.contract,
    fromBlock: values['from-block'] === undefined ? target.fromBlock : BigInt(values['from-block']),
    storageUrl: values.storage,
    policies: values['policies-url']
      ? { url: values['policies-url'] }
      : { dir: values['policy-dir'] ?? DEFAULT_POLICY_DIR },
  })
  const started = await sources.readJobStart(jobId)
  // A job under the local (dev-mock) policy needs the devnet's root; if the policy cannot be read here, verifyJob
  // reads it again and reports why.
  const jobPolicy = started ? await sources.readPolicy(started.policyHash).catch(() => undefined) : undefined
  const devMockRootCa = await devAnchorFor(jobPolicy)
  let audit: JobAudit
  try {
    audit = await auditJob(jobId, sources, { devMockRootCa, now: io.now() })
  } catch (error) {
    // Evidence that does not match the chain is a failed audit, not bad input.
    if (error instanceof BaseError && error.code === 'JOB_EVIDENCE_INVALID') {
      if (values.json) {
        io.stdout(
          `${JSON.stringify({ jobId: String(jobId), ok: false, error: { code: error.code, message: error.shortMessage, details: error.details } })}\n`,
        )
      } else
        io.stderr(`FAIL  job ${jobId}: ${error.shortMessage}${error.details ? ` (${error.details})` : ''}\n`)
      return 1
    }
    throw error
  }
  return printJobAudit(audit, started, Boolean(values.json), io)
}

/**
 * Prints a job audit (the attestation verdict, then the release key group) as text or JSON and returns the exit
 * code: 0 only when both pass, 2 when the release key could not be judged because a source did not answer
 * (`SOURCE_UNAVAILABLE`, as for the job's own sources), 1 otherwise.
 */
export function printJobAudit(
  audit: JobAudit,
  started: JobStartRecord | undefined,
  json: boolean,
  io: Pick<CliIo, 'stdout'>,
): number {
  if (json) {
    io.stdout(
      `${JSON.stringify({ jobId: String(audit.jobId), ok: audit.ok, job: started, verdict: audit.attestation, releaseKey: audit.releaseKey }, null, 2)}\n`,
    )
  } else {
    io.stdout(
      `job ${audit.jobId}: enclave signer ${started?.enclaveSigner}, evidence ${started?.attestationRef} (found in storage, root checked)\n${formatVerdict(audit.attestation)}${formatJobReleaseKey(audit.releaseKey)}`,
    )
  }
  if (audit.ok) return 0
  const unreadable = [...audit.releaseKey.checks, ...(audit.releaseKey.releaseKey?.checks ?? [])].some(
    (check) => check.code === 'SOURCE_UNAVAILABLE',
  )
  return audit.attestation.ok && unreadable ? 2 : 1
}

/** Runs the licen-attest CLI with `args` (without node and script) and returns the exit code. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args
  try {
    if (
      ['hash', 'verify', 'job', 'compose', 'compose-hash', 'policy'].includes(command!) &&
      (rest.includes('--help') || rest.includes('-h'))
    ) {
      io.stdout(`${USAGE}\n`)
      return 0
    }
    if (command === 'hash') return await hashCommand(rest, io)
    if (command === 'verify') return await verifyCommand(rest, io)
    if (command === 'job') return await jobCommand(rest, io)
    if (command === 'compose') return await composeCommand(rest, io)
    if (command === 'compose-hash') return await composeHashCommand(rest, io)
    if (command === 'policy') {
      if (rest[0] !== 'derive') throw new UsageError('policy takes the subcommand derive')
      return await policyDeriveCommand(rest.slice(1), io)
    }
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout(`${USAGE}\n`)
      return command === undefined ? 2 : 0
    }
    throw new UsageError(`unknown command ${command}`)
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${(error as Error).message}\n\n${USAGE}\n`)
      return 2
    }
    if (error instanceof BaseError) {
      io.stderr(`error [${error.code}]: ${error.message}\n`)
      return 2
    }
    throw error
  }
}
