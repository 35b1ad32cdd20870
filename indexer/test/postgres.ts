// Starts a throwaway PostgreSQL cluster (initdb + pg_ctl from the machine image) on a free port. Postgres
// refuses to run as root, so under root the cluster runs as the `postgres` system user.
import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@licen/contracts'

export type Postgres = { url: string; stop: () => Promise<void> }

/** Whether initdb and pg_ctl are on the PATH. */
export function hasPostgres(): boolean {
  try {
    execFileSync('initdb', ['--version'], { stdio: 'ignore' })
    execFileSync('pg_ctl', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Creates and starts a cluster with trust auth on 127.0.0.1; `stop` shuts it down and deletes it. */
export async function startPostgres(): Promise<Postgres> {
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
    execFileSync(command, args, { ...asUser, cwd: dir, stdio: 'pipe', timeout: 60_000 })
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'licen', '--no-sync', '-E', 'UTF8'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`
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
