import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { DevnetError } from '../errors.js'

/** How the devnet calls podman on this kind of host (see shared/TOOLCHAIN.md, containers row). */
export type Podman = {
  /** The podman binary. */
  command: string
  /** OCI runtime given to `podman run --runtime` (runc; crun fails where rlimits cannot be set). */
  runtime: string
  /** podman's environment: PATH, HOME and `CONTAINERS_CONF` (a file with `default_ulimits = []`). */
  env: { PATH: string; HOME: string; CONTAINERS_CONF: string }
}

const INSTALL = 'apt-get install -y --no-install-recommends podman runc uidmap'

/** The first executable named `name` on `path`, if any. */
function which(name: string, path: string): string | undefined {
  if (name.includes('/')) return existsSync(name) ? name : undefined
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, name)
    if (existsSync(file)) return file
  }
  return undefined
}

/**
 * Finds podman and runc and writes the containers.conf the runs use (`<confDir>/containers.conf`). A missing tool
 * is one line saying how to install it.
 */
export function preparePodman(parameters: {
  confDir: string
  path: string
  home: string
  runtime?: string | undefined
}): Podman {
  const command = which('podman', parameters.path)
  if (!command)
    throw new DevnetError(`podman is not installed; install it: ${INSTALL}`, { code: 'DEVNET_USAGE' })
  const runtime = parameters.runtime ?? which('runc', `${parameters.path}${delimiter}/usr/sbin`)
  if (!runtime || !existsSync(runtime))
    throw new DevnetError(`runc is not installed; install it: ${INSTALL}`, { code: 'DEVNET_USAGE' })
  mkdirSync(parameters.confDir, { recursive: true })
  const conf = join(parameters.confDir, 'containers.conf')
  // Containers here may not set rlimits (podman's default nofile/nproc ulimits make runc fail).
  writeFileSync(conf, '[containers]\ndefault_ulimits = []\n')
  return {
    command,
    runtime,
    env: { PATH: parameters.path, HOME: parameters.home, CONTAINERS_CONF: conf },
  }
}

/** Runs podman with `args`, its output captured; fails with DEVNET_TIMEOUT naming `waitingFor` past the deadline. */
export function runPodman(
  podman: Podman,
  args: readonly string[],
  parameters: { waitingFor: string; timeoutMs: number },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      podman.command,
      args,
      { env: podman.env, timeout: parameters.timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr })
        const timedOut = (error as { killed?: boolean }).killed === true
        reject(
          new DevnetError(
            timedOut
              ? `podman did not finish ${parameters.waitingFor} within ${Math.round(parameters.timeoutMs / 1000)} s`
              : `podman failed: ${parameters.waitingFor}`,
            {
              code: timedOut ? 'DEVNET_TIMEOUT' : 'DEVNET_PART_FAILED',
              details: `podman ${args.join(' ')}\n${stderr.trim().split('\n').slice(-6).join('\n')}`,
            },
          ),
        )
      },
    )
  })
}
