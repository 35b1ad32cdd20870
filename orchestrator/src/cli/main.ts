#!/usr/bin/env -S node --import tsx
// licen-orchestrator: the orchestrator as a program. Config from the environment (see README), JSON logs on
// stdout, SIGTERM/SIGINT stop it after in-flight jobs reach a step boundary.
import { readFileSync } from 'node:fs'
import { parsePolicyJson, policyHash } from '@licen/attestation-policy'
import { createLogger } from '@licen/sdk'
import { z } from 'zod'
import { parseOrchestratorEnv } from '../config/parseOrchestratorEnv.js'
import { OrchestratorError } from '../errors.js'
import { startOrchestrator } from '../startOrchestrator.js'

const deploymentSchema = z.object({
  chainId: z.int().positive(),
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  blockNumber: z.int().min(0),
})

const USAGE = `Usage: licen-orchestrator   (takes no arguments; configured by LICEN_* environment variables, see orchestrator/README.md)

Required: LICEN_RPC_URL, LICEN_ORCHESTRATOR_KEY, LICEN_RELEASE_KEY_SOURCE (dstack; env for unit tests only), LICEN_PCCS_URL,
LICEN_POLICY_FILES, and LICEN_CHAIN_ID + LICEN_DATA_POLICY or LICEN_DEPLOYMENT_FILE.
Logs are JSON lines on stdout; SIGTERM/SIGINT stop it after in-flight jobs reach a step boundary.`

async function main() {
  const argv = process.argv.slice(2)
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE)
    return
  }
  if (argv.length > 0) {
    console.error(
      `licen-orchestrator: unknown argument ${argv[0]} (configuration is by environment; see --help)`,
    )
    process.exit(2)
  }
  const settings = parseOrchestratorEnv(process.env)
  const log = createLogger({ level: settings.logLevel, write: (line) => process.stdout.write(`${line}\n`) })
  const policies = settings.policyFiles.map((file) => {
    try {
      return parsePolicyJson(readFileSync(file, 'utf8'))
    } catch (error) {
      throw new OrchestratorError('An attestation policy file is invalid.', {
        code: 'POLICY_FILE_INVALID',
        details: `${file}: ${(error as { code?: string }).code ?? (error as Error).message}`,
      })
    }
  })
  const hashes = policies.map((policy) => policyHash(policy))
  const defaultPolicyHash =
    settings.config.attestation.defaultPolicyHash ?? (hashes.length === 1 ? hashes[0] : undefined)
  if (!defaultPolicyHash) {
    throw new OrchestratorError('Set LICEN_DEFAULT_POLICY: several policy files are configured.', {
      code: 'CONFIG_INVALID',
    })
  }
  const chain = { ...settings.config.chain }
  if (settings.deploymentFile) {
    const deployment = deploymentSchema.parse(JSON.parse(readFileSync(settings.deploymentFile, 'utf8')))
    chain.chainId ??= deployment.chainId
    chain.dataPolicy ??= deployment.address as `0x${string}`
    chain.fromBlock ??= BigInt(deployment.blockNumber)
  }
  const fault = settings.faultKillAt
  const orchestrator = await startOrchestrator(
    {
      ...settings.config,
      chain,
      attestation: { ...settings.config.attestation, policies, defaultPolicyHash },
    },
    {
      log,
      onStep: fault
        ? (boundary) => {
            if (
              boundary.step === fault.step &&
              boundary.phase === fault.phase &&
              (fault.jobId === undefined || boundary.jobId === fault.jobId)
            ) {
              log.warn('fault injection: killing this process', {
                jobId: String(boundary.jobId),
                step: boundary.step,
                phase: boundary.phase,
              })
              process.kill(process.pid, 'SIGKILL')
            }
          }
        : undefined,
    },
  )
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    orchestrator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  // A release key that never becomes usable (not registered in time, or revoked) ends the program: a supervisor
  // restarts it with a newer key version or after the registration. The reason is already logged.
  orchestrator.ready.catch(() => {
    if (stopping) return
    stopping = true
    orchestrator.stop().finally(() => process.exit(1))
  })
}

main().catch((error: unknown) => {
  const e = error as { code?: string; shortMessage?: string; details?: string; message?: string }
  console.error(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'error',
      msg: 'orchestrator failed to start',
      code: e.code ?? 'INTERNAL_ERROR',
      error: e.shortMessage ?? e.message,
      details: e.details,
    }),
  )
  process.exit(1)
})
