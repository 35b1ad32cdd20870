import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { policyHash as hashPolicy, parsePolicyJson } from '@licen/attestation-policy'
import type { Hex } from 'viem'
import { DevnetError } from '../errors.js'
import type { DevnetContext } from './context.js'
import { resolvePackageBin } from './packageBin.js'
import { repoPath } from './paths.js'

/** The dev TEE's image: `licen-attest policy derive --os` for the policy the devnet's quotes satisfy. */
const DEV_IMAGE_RELEASE = 'licen-dev-image-v1'

/** The dstack OS release the derived production policy names (the one `licen-attest policy derive` knows). */
export const DERIVE_OS_RELEASE = 'dstack-0.5.4.1'

/** What {@link deriveImagePolicies} wrote: the provider image's deployment files and the two policies. */
export type ImagePolicies = {
  /** `licen-attest compose` output for the provider image: the app-compose.json the dev TEE measures. */
  appCompose: string
  composeHash: string
  /** `licen-attest policy derive --role provider`: the production policy (Intel root, dstack OS measurements). */
  derived: { file: string; hash: Hex }
  /** `licen-attest policy derive --os licen-dev-image-v1`: the devnet's provider policy (dev-mock root, dev image). */
  dev: { file: string; hash: Hex; name: string }
}

function licenAttest(args: string[]): Promise<string> {
  const bin = resolvePackageBin('@licen/attestation-policy', 'licen-attest')
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', bin.script, ...args],
      { cwd: bin.cwd, timeout: 120_000 },
      (error, stdout, stderr) =>
        error
          ? reject(
              new DevnetError(`licen-attest ${args[0]} failed or timed out (120 s)`, {
                code: 'DEVNET_PART_FAILED',
                details: stderr.trim(),
              }),
            )
          : resolve(stdout),
    )
  })
}

/**
 * With `--containers`, the devnet's provider attests as its image would be deployed: `licen-attest compose` fills
 * `images/compose/provider-node/docker-compose.yml` with the image's digest (its app-compose.json is what the dev
 * TEE then measures: the compose hash in every quote), `licen-attest policy derive` writes the production policy
 * for it, and `licen-attest policy derive --os licen-dev-image-v1` derives the devnet's policy for the same app on the
 * dev TEE (dev-mock root, the dev image's measurements, which no production policy can list): the policy the
 * devnet allows and its quotes satisfy. Sets `ctx.policy` to it.
 */
export async function deriveImagePolicies(
  ctx: DevnetContext,
  providerDigest: string,
): Promise<ImagePolicies> {
  const dir = join(ctx.dataDir, 'image-policy')
  mkdirSync(dir, { recursive: true })
  const compose = JSON.parse(
    await licenAttest([
      'compose',
      repoPath('images', 'compose', 'provider-node', 'docker-compose.yml'),
      '--image',
      `licen/provider-node@${providerDigest}`,
      '--out',
      join(dir, 'provider'),
      '--json',
    ]),
  ) as { composeHash: string }
  const appCompose = join(dir, 'provider', 'app-compose.json')
  const derivedFile = join(dir, 'provider-policy.json')
  const derived = JSON.parse(
    await licenAttest([
      'policy',
      'derive',
      '--role',
      'provider',
      '--os',
      DERIVE_OS_RELEASE,
      '--app-compose',
      appCompose,
      '--name',
      'licen-provider-devnet-image',
      '--out',
      derivedFile,
      '--json',
    ]),
  ) as { policyHash: Hex; composeHashes: string[] }
  // The devnet's own policy is derived the same way, for the same app-compose on the dev TEE's image.
  const devFile = join(dir, 'local-images.json')
  await licenAttest([
    'policy',
    'derive',
    '--role',
    'provider',
    '--os',
    DEV_IMAGE_RELEASE,
    '--app-compose',
    appCompose,
    '--name',
    'local-images',
    '--out',
    devFile,
    '--json',
  ])
  const devPolicy = parsePolicyJson(readFileSync(devFile, 'utf8'))
  const devHash = hashPolicy(devPolicy) as Hex
  ctx.policy = {
    file: devFile,
    hash: devHash,
    name: devPolicy.name,
    uri: `${ctx.urls.app}/policies/${devHash}.json`,
  }
  return {
    appCompose,
    composeHash: compose.composeHash,
    derived: { file: derivedFile, hash: derived.policyHash },
    dev: { file: devFile, hash: devHash, name: devPolicy.name },
  }
}
