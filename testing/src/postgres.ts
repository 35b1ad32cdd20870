// A throwaway PostgreSQL cluster (initdb + pg_ctl of the machine's PostgreSQL) on a free port, trust auth on
// 127.0.0.1. Postgres refuses to run as root, so under root the cluster runs as the `postgres` system user.
import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@licen/contracts'

/** A running cluster: its connection URL and how to stop and delete it. */
export type Postgres = { url: string; stop: () => Promise<void> }

/** Directory of initdb/pg_ctl: on the PATH, or the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string | undefined {
  try {
    execFileSync('initdb', ['--version'], { stdio: 'ignore' })
    return ''
  } catch {}
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(root, versions[0], 'bin') : undefined
}

/** Whether the PostgreSQL server binaries (initdb, pg_ctl) are installed. */
export function hasPostgres(): boolean {
  return postgresBinDir() !== undefined
}

/** Creates and starts a cluster; `stop` shuts it down and deletes it. */
export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBinDir()
  if (bin === undefined) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) are not installed')
  const dir = mkdtempSync(join(tmpdir(), 'licen-pg-'))
  const data = join(dir, 'data')
  const asUser: { uid?: number; gid?: number } = {}
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    chownSync(dir, uid, gid)
    chmodSync(dir, 0o700)
    Object.assign(asUser, { uid, gid })
  }
  const port = await freePort()
  const run = (command: string, args: string[]) =>
    execFileSync(bin ? join(bin, command) : command, args, {
      ...asUser,
      cwd: dir,
      stdio: 'pipe',
      timeout: 120_000,
    })
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'licen', '--no-sync', '-E', 'UTF8'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=100`
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start'])
  return {
    url: `postgresql://licen@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
