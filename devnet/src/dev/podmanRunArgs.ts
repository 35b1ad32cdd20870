import { dirname } from 'node:path'

/** The programs the devnet can run from their images (the names `pnpm image build` takes). */
export type ImageProgram = 'provider-node' | 'orchestrator'

/** A host path bound into the container at the same path, so the program's environment stays as it is. */
export type BindMount = {
  path: string
  /** `ro`: read-only; `rw-owned`: read-write and chowned to the container's user (podman's `U` option). */
  mode: 'ro' | 'rw-owned'
}

/** Parameters of {@link podmanRunArgs}. */
export type PodmanRunArgsParameters = {
  /** Container name (`licen-dev-<program>`): a stale one of that name is removed before the start. */
  name: string
  /** Image id or reference, as `podman load` left it. */
  image: string
  /** OCI runtime binary (runc: crun fails on this kind of host; see shared/TOOLCHAIN.md). */
  runtime: string
  /** The program's environment: only the names go on the command line, the values through podman's own env. */
  env: Record<string, string>
  mounts: readonly BindMount[]
}

/**
 * The `podman run` arguments of a devnet program: removed on exit, host networking (the devnet's URLs are
 * loopback ones), each variable passed as `-e NAME` so that no value (a private key among them) is in argv, and
 * each path bound at the same path inside.
 */
export function podmanRunArgs(parameters: PodmanRunArgsParameters): string[] {
  const args = [
    'run',
    '--rm',
    '--name',
    parameters.name,
    '--network',
    'host',
    '--runtime',
    parameters.runtime,
  ]
  for (const name of Object.keys(parameters.env).sort()) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an environment variable name: ${name}`)
    args.push('-e', name)
  }
  for (const mount of parameters.mounts) {
    if (mount.path.includes(':') || mount.path.includes(','))
      throw new Error(`podman cannot bind a path with ':' or ',': ${mount.path}`)
    args.push('-v', `${mount.path}:${mount.path}:${mount.mode === 'ro' ? 'ro' : 'U'}`)
  }
  args.push(parameters.image)
  return args
}

/**
 * What a program's environment names on the host and the container must see: the orchestrator's database folder
 * (written as the image's user), the folder of the deployment file and the policy files (read-only). The
 * deployment's folder, not the file, so a redeployment the contracts part writes is seen on the next start.
 */
export function programMounts(program: ImageProgram, env: Record<string, string>): BindMount[] {
  const mounts: BindMount[] = []
  if (program === 'orchestrator') {
    if (env.LICEN_ORCHESTRATOR_DATA_DIR)
      mounts.push({ path: env.LICEN_ORCHESTRATOR_DATA_DIR, mode: 'rw-owned' })
    if (env.LICEN_DEPLOYMENT_FILE) mounts.push({ path: dirname(env.LICEN_DEPLOYMENT_FILE), mode: 'ro' })
    // The orchestrator's own parsing: comma-separated, trimmed.
    for (const file of (env.LICEN_POLICY_FILES ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean))
      mounts.push({ path: file, mode: 'ro' })
  }
  if (program === 'provider-node' && env.LICEN_TRAINER_WORK_DIR)
    mounts.push({ path: env.LICEN_TRAINER_WORK_DIR, mode: 'rw-owned' })
  return mounts
}
