import { getComposeHash } from '@phala/dstack-sdk/get-compose-hash'
import { BaseError } from '../errors.js'
import { composeHash } from './composeHash.js'
import { assertImagesPinned, type ComposeService } from './composeServices.js'

/**
 * dstack's app-compose manifest (format `manifest_version` 2, read by dstack OS 0.5 and Phala Cloud) with the
 * fields LICEN sets. Every value is part of the compose hash, so each one is a decision, not a default.
 */
export type AppCompose = {
  manifest_version: 2
  name: string
  runner: 'docker-compose'
  docker_compose_file: string
  /** Keys (disk, env, the orchestrator's release key) come from the dstack KMS, bound to this compose hash. */
  kms_enabled: true
  /** The dstack gateway routes TLS to the CVM's published ports (the provider and orchestrator HTTP APIs). */
  gateway_enabled: true
  local_key_provider_enabled: false
  /** Container logs stay private: the operator reads them through the VMM, the public does not. */
  public_logs: false
  public_sysinfo: true
  /** Anyone may read the TCB info (quote, event log) the guest agent serves: the attestation is public. */
  public_tcbinfo: true
  /**
   * The encrypted variables the host may pass in: exactly those the compose file interpolates or passes through
   * (`environment:` entries without a value); every other variable is a literal in the file, hence measured.
   */
  allowed_envs: string[]
  no_instance_id: false
  /** Wait for an authenticated clock before starting: collateral-age and lease checks read it. */
  secure_time: true
}

/** What `buildAppCompose` returns: the manifest, the exact bytes to deploy and their compose hash. */
export type BuiltAppCompose = {
  appCompose: AppCompose
  /** The app-compose.json text to write and deploy byte for byte (sorted keys, no whitespace). */
  text: string
  /** sha256 of `text`: the compose-hash event the CVM will log and attestation policies pin. */
  composeHash: string
  services: ComposeService[]
}

/** A dstack app name: what the VMM shows and Phala Cloud accepts as a name. */
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/

/**
 * The variables a compose file interpolates (`${NAME}`, `${NAME:-default}`, `$NAME`; `$$` is a literal dollar),
 * sorted: the names the host may set through dstack's encrypted environment, and no others.
 */
export function interpolatedVariables(yaml: string): string[] {
  const names = new Set<string>()
  const text = yaml
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replaceAll('$$', '')
  for (const match of text.matchAll(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
  ))
    names.add(match[1] ?? match[2]!)
  return [...names].sort()
}

/** Keys sorted at every depth and no whitespace: the serialisation `@phala/dstack-sdk` hashes. */
function deterministicJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((key) => [key, sort((v as Record<string, unknown>)[key])]),
          )
        : v
  return JSON.stringify(sort(value))
}

/**
 * Builds the app-compose.json for a docker-compose file whose every image is pinned by digest (refused with
 * `COMPOSE_IMAGE_NOT_PINNED`, naming the service, otherwise). The text is written in `@phala/dstack-sdk`'s
 * deterministic form, so the SDK's `getComposeHash` of the manifest and dstack's sha256 of the file agree; the
 * function checks that they do.
 */
export function buildAppCompose(parameters: { name: string; dockerCompose: string }): BuiltAppCompose {
  const { name, dockerCompose } = parameters
  if (!APP_NAME.test(name)) {
    throw new BaseError('The app name is invalid.', {
      code: 'COMPOSE_INVALID',
      details: `${JSON.stringify(name)}: 1-63 of a-z 0-9 -, starting with a letter or digit`,
    })
  }
  const services = assertImagesPinned(dockerCompose)
  const appCompose: AppCompose = {
    manifest_version: 2,
    name,
    runner: 'docker-compose',
    docker_compose_file: dockerCompose,
    kms_enabled: true,
    gateway_enabled: true,
    local_key_provider_enabled: false,
    public_logs: false,
    public_sysinfo: true,
    public_tcbinfo: true,
    allowed_envs: [
      ...new Set([...interpolatedVariables(dockerCompose), ...services.flatMap((s) => s.passthrough)]),
    ].sort(),
    no_instance_id: false,
    secure_time: true,
  }
  const text = deterministicJson(appCompose)
  const hash = composeHash(text)
  const sdkHash = getComposeHash(appCompose)
  if (sdkHash !== hash) {
    // Unreachable unless the SDK's serialisation changes: then the hash we print would not be the one dstack logs.
    throw new BaseError('The compose hash does not match @phala/dstack-sdk.', {
      code: 'COMPOSE_INVALID',
      details: `sha256 of the file ${hash}, getComposeHash ${sdkHash}`,
    })
  }
  return { appCompose, text, composeHash: hash, services }
}
