// Makes sure the system packages the test suite needs are present: Debian chromium (browser and e2e tests) and
// PostgreSQL 15 server binaries (orchestrator multi-instance tests). Installs them with apt when missing and we
// are root; otherwise explains what to install. Nothing is downloaded from outside the distribution's mirrors.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

const needs = []
if (!existsSync('/usr/bin/chromium')) needs.push('chromium')
const hasPostgres =
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
if (!hasPostgres) needs.push('postgresql')

if (needs.length === 0) process.exit(0)

const isRoot = process.getuid?.() === 0
const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0
if (!isRoot || !hasApt) {
  console.error(
    `missing system packages: ${needs.join(', ')}.\n` +
      `Install them (Debian/Ubuntu: sudo apt-get install -y ${needs.join(' ')}) and run the tests again.`,
  )
  process.exit(1)
}
console.log(`installing system packages with apt: ${needs.join(', ')}`)
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
execFileSync(
  'apt-get',
  ['install', '-y', '-qq', '-o', 'DPkg::Lock::Timeout=600', '--no-install-recommends', ...needs],
  { stdio: 'inherit', env },
)
