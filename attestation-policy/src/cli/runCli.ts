import { parseArgs } from 'node:util'
import { BaseError } from '../errors.js'
import { parsePolicyJson } from '../policy/parsePolicy.js'
import { canonicalPolicyBytes, policyHash } from '../policy/policyHash.js'
import type { AttestationPolicy } from '../policy/policySchema.js'
import { verifyEvidence } from '../verify/verifyEvidence.js'
import { formatVerdict } from './formatVerdict.js'
import { parseReportData, readEventLogInput, readInput, readJsonInput, readQuoteInput } from './readInputs.js'

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
  licen-attest job <jobId> --rpc <url> --storage <url>

verify exits 0 only when every check passes, 1 when a check fails, 2 on bad input.
Without --policy it checks the quote itself (Intel root unless --anchor dev-mock) and prints the measured values.`

class UsageError extends Error {}

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
      `${JSON.stringify({ file, policyHash: hash, name: policy.name, version: policy.version, canonicalBytes: canonicalPolicyBytes(policy).length })}\n`,
    )
  } else io.stdout(`${hash}  ${file}\n`)
  return 0
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
    devMockRootCa: values['dev-root'] ? await readInput(values['dev-root'], io.cwd) : undefined,
  })
  io.stdout(values.json ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict))
  return verdict.ok ? 0 : 1
}

function jobCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: { rpc: { type: 'string' }, storage: { type: 'string' } },
    allowPositionals: true,
  })
  if (positionals.length !== 1 || !/^\d{1,78}$/.test(positionals[0]!))
    throw new UsageError('job takes one numeric job id')
  if (!values.rpc || !values.storage) {
    io.stderr(
      'licen-attest job needs --rpc <url> (the chain with DataPolicy) and --storage <url> (where the evidence bundle is stored).\n',
    )
    return 2
  }
  io.stderr(
    'licen-attest job: reading jobs from chain and storage is not wired yet. The check itself exists (verifyJob in @licen/attestation-policy takes chain, storage and policy readers); until it is wired, fetch the evidence bundle and run `licen-attest verify` on its parts.\n',
  )
  return 2
}

/** Runs the licen-attest CLI with `args` (without node and script) and returns the exit code. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args
  try {
    if (command === 'hash') return await hashCommand(rest, io)
    if (command === 'verify') return await verifyCommand(rest, io)
    if (command === 'job') return jobCommand(rest, io)
    if (command === undefined || command === 'help' || command === '--help') {
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
