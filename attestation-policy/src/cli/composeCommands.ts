import { mkdir, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { getComposeHash } from '@phala/dstack-sdk/get-compose-hash'
import { buildAppCompose } from '../compose/buildAppCompose.js'
import { composeHash } from '../compose/composeHash.js'
import { fillComposeTemplate } from '../compose/fillComposeTemplate.js'
import { BaseError } from '../errors.js'
import { parsePolicyJson } from '../policy/parsePolicy.js'
import { readInput, resolvePath } from './readInputs.js'
import type { CliIo } from './runCli.js'
import { UsageError } from './usageError.js'

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes)

/**
 * `licen-attest compose <docker-compose.yml> [--image ref] [--policy file] [--name app] [--out dir] [--json]`:
 * fills a template, builds app-compose.json, prints its compose hash and with --out writes both files.
 */
export async function composeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      image: { type: 'string' },
      policy: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  })
  if (positionals.length !== 1) throw new UsageError('compose takes exactly one docker-compose.yml')
  const file = positionals[0]!
  const template = decode(await readInput(file, io.cwd))
  const providerPolicy = values.policy
    ? parsePolicyJson(decode(await readInput(values.policy, io.cwd)))
    : undefined
  const dockerCompose = fillComposeTemplate(template, { image: values.image, providerPolicy })
  const name = values.name ?? `licen-${basename(dirname(resolvePath(file, io.cwd)))}`
  const built = buildAppCompose({ name, dockerCompose })
  const written: string[] = []
  if (values.out) {
    const dir = resolvePath(values.out, io.cwd)
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'docker-compose.yml'), dockerCompose)
    await writeFile(join(dir, 'app-compose.json'), built.text)
    written.push(join(values.out, 'docker-compose.yml'), join(values.out, 'app-compose.json'))
  }
  if (values.json) {
    io.stdout(
      `${JSON.stringify({ name, composeHash: built.composeHash, allowedEnvs: built.appCompose.allowed_envs, images: built.services.map((s) => ({ service: s.name, image: s.image })), written })}\n`,
    )
  } else {
    io.stdout(`${built.composeHash}  ${name}\n${written.map((path) => `wrote ${path}\n`).join('')}`)
  }
  return 0
}

/**
 * `licen-attest compose-hash <app-compose.json> [--json]`: dstack's compose hash of the file's bytes; --json
 * adds `@phala/dstack-sdk`'s hash of the parsed manifest, which equals it only when the file is in the SDK's
 * deterministic form (what Phala Cloud deploys).
 */
export async function composeHashCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean' } },
    allowPositionals: true,
  })
  if (positionals.length !== 1) throw new UsageError('compose-hash takes exactly one app-compose.json')
  const file = positionals[0]!
  const bytes = await readInput(file, io.cwd)
  let manifest: unknown
  try {
    manifest = JSON.parse(decode(bytes))
  } catch (error) {
    throw new BaseError(`${file} is not JSON.`, {
      code: 'COMPOSE_INVALID',
      details: (error as Error).message,
      cause: error,
    })
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest) || !('runner' in manifest))
    throw new BaseError(`${file} is not an app-compose manifest.`, {
      code: 'COMPOSE_INVALID',
      details: 'a JSON object with a runner',
    })
  const hash = composeHash(bytes)
  if (values.json) {
    const sdkHash = getComposeHash(manifest as Parameters<typeof getComposeHash>[0])
    io.stdout(
      `${JSON.stringify({ file, composeHash: hash, sdkComposeHash: sdkHash, deterministic: sdkHash === hash })}\n`,
    )
  } else io.stdout(`${hash}  ${file}\n`)
  return 0
}
