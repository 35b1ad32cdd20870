import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { composeHash } from '../compose/composeHash.js'
import { DEV_IMAGE } from '../devTee/devImage.js'
import { derivePolicy } from '../policy/derivePolicy.js'
import { policyHash } from '../policy/policyHash.js'
import {
  ALLOWABLE_TCB_STATUSES,
  type AllowableTcbStatus,
  POLICY_ROLES,
  type PolicyRole,
} from '../policy/policySchema.js'
import { readInput, resolvePath } from './readInputs.js'
import type { CliIo } from './runCli.js'
import { UsageError } from './usageError.js'

/**
 * `licen-attest policy derive …`: writes a production policy for a dstack OS release and the app's compose
 * hashes (given, or computed from app-compose.json files) and prints its policy hash. `--os licen-dev-image-v1`
 * derives the development policy for the same app on the dev TEE (the devnet's images): dev-mock root, dev image.
 */
export async function policyDeriveCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      os: { type: 'string' },
      vm: { type: 'string' },
      'app-compose': { type: 'string', multiple: true },
      'compose-hash': { type: 'string', multiple: true },
      name: { type: 'string' },
      version: { type: 'string' },
      tcb: { type: 'string' },
      'max-collateral-age': { type: 'string' },
      'key-provider': { type: 'string', multiple: true },
      'app-id': { type: 'string', multiple: true },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  })
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`)
  if (!POLICY_ROLES.includes(values.role as PolicyRole))
    throw new UsageError('policy derive needs --role provider or --role orchestrator')
  if (!values.os) throw new UsageError('policy derive needs --os <dstack OS release>, e.g. dstack-0.5.4.1')
  if (!values.out) throw new UsageError('policy derive needs --out <policy.json>')
  const given = (values['compose-hash'] ?? []).map((hash) => {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new UsageError(`--compose-hash ${hash}: 64 lowercase hex digits`)
    return hash
  })
  const computed: string[] = []
  for (const file of values['app-compose'] ?? []) computed.push(composeHash(await readInput(file, io.cwd)))
  const composeHashes = [...given, ...computed]
  if (composeHashes.length === 0)
    throw new UsageError('policy derive needs --app-compose <app-compose.json> or --compose-hash <hex>')
  if (values.version !== undefined && !/^[1-9][0-9]{0,9}$/.test(values.version))
    throw new UsageError('--version must be a positive integer')
  if (values['max-collateral-age'] !== undefined && !/^[0-9]{1,10}$/.test(values['max-collateral-age']))
    throw new UsageError('--max-collateral-age must be seconds')
  const tcb = values.tcb?.split(',').map((status) => {
    if (!ALLOWABLE_TCB_STATUSES.includes(status as AllowableTcbStatus))
      throw new UsageError(`--tcb ${status}: one of ${ALLOWABLE_TCB_STATUSES.join(', ')}`)
    return status as AllowableTcbStatus
  })
  const keyProviders = values['key-provider']?.map((spec) => {
    const [name, id] = spec.split(':', 2) as [string, string | undefined]
    return { name, id }
  })
  if (values.os === DEV_IMAGE.name) {
    for (const [flag, value] of [
      ['--vm', values.vm],
      ['--tcb', values.tcb],
      ['--max-collateral-age', values['max-collateral-age']],
      ['--key-provider', values['key-provider']],
    ] as const) {
      if (value !== undefined)
        throw new UsageError(`${flag} does not apply to --os ${DEV_IMAGE.name} (the dev TEE fixes it)`)
    }
  }
  // The dev image's policy needs the mock PKI's root: loaded only for it, as the rest of the CLI does.
  const derive =
    values.os === DEV_IMAGE.name
      ? (await import('../devTee/localPolicy.js')).deriveDevImagePolicy
      : derivePolicy
  const policy = derive({
    role: values.role as PolicyRole,
    release: values.os,
    vm: values.vm,
    composeHashes,
    name: values.name,
    version: values.version === undefined ? undefined : Number(values.version),
    allowedTcbStatuses: tcb,
    maxCollateralAgeSeconds:
      values['max-collateral-age'] === undefined ? undefined : Number(values['max-collateral-age']),
    keyProviders,
    appIds: values['app-id'],
  })
  const hash = policyHash(policy)
  const path = resolvePath(values.out, io.cwd)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, `${JSON.stringify(policy, null, 2)}\n`)
  if (values.json) {
    io.stdout(
      `${JSON.stringify({ file: values.out, policyHash: hash, name: policy.name, version: policy.version, role: policy.role, measurements: policy.measurements.map((m) => m.name), composeHashes })}\n`,
    )
  } else io.stdout(`${hash}  ${values.out}\n`)
  return 0
}
