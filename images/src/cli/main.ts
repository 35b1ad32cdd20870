// licen-image: builds the programs' OCI images without a container engine (`build`), refreshes the lock of the
// Debian packages and the Node runtime they are built from (`lock`), and proves that two clean clones of the
// commit build the same digests and that the images run under podman (`verify`).

import { writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isProgramName, PROGRAMS, type ProgramName } from '../app/programs.js'
import { buildImage, lockFile } from '../buildImage.js'
import { ImageError } from '../errors.js'
import { formatImageLock, readImageLock } from '../lock/imageLock.js'
import { refreshImageLock } from '../lock/refreshImageLock.js'
import { requireTool } from '../process/requireTool.js'
import { runCommand } from '../process/runCommand.js'
import { verifyImages } from '../verify/verifyImages.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const PATH = process.env.PATH ?? '/usr/bin:/bin'
const CACHE =
  process.env.LICEN_IMAGE_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'licen-images')

const USAGE = `Usage: pnpm image build <${Object.keys(PROGRAMS).join('|')}> [--json] [--out <file>]
       pnpm image lock                 refresh images/debian.lock.json from the Debian mirror and the npm registry
       pnpm image verify [program…]   build twice from two clean clones of HEAD, compare digests, run under podman

build writes images/out/<program>.oci.tar (an oci-archive; podman load and docker load take it) and prints
{"name","digest","archive","bytes"} with --json. Downloads are cached in ${CACHE} (LICEN_IMAGE_CACHE) and
checked against the lock on every use.`

const log = (line: string) => process.stderr.write(`image: ${line}\n`)

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name)
  if (index === -1) return undefined
  const value = argv[index + 1]
  if (value === undefined || value.startsWith('--')) throw usage(`${name} needs a value`)
  argv.splice(index, 2)
  return value
}

function flag(argv: string[], name: string): boolean {
  const index = argv.indexOf(name)
  if (index !== -1) argv.splice(index, 1)
  return index !== -1
}

const usage = (details: string) =>
  new ImageError('Bad arguments.', { code: 'IMAGE_PROGRAM_UNKNOWN', details: `${details}\n${USAGE}` })

function programs(names: string[]): ProgramName[] {
  for (const name of names) if (!isProgramName(name)) throw usage(`unknown program ${name}`)
  return names as ProgramName[]
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h') {
    console.log(USAGE)
    return
  }
  if (command === 'build') {
    const json = flag(rest, '--json')
    const details = flag(rest, '--details')
    const out = option(rest, '--out')
    const [program, ...extra] = programs(rest)
    if (!program || extra.length > 0) throw usage('build takes one program')
    const image = await buildImage({ root: ROOT, program, archive: out, cacheDir: CACHE, path: PATH, log })
    if (details) console.log(JSON.stringify(image))
    else if (json)
      console.log(
        JSON.stringify({
          name: image.name,
          digest: image.digest,
          archive: image.archive,
          bytes: image.bytes,
        }),
      )
    else
      console.log(
        `${image.name} ${image.digest}\n${image.archive} (${image.bytes} bytes, ${image.seconds} s)`,
      )
    return
  }
  if (command === 'lock') {
    requireTool('mmdebstrap', PATH)
    requireTool('dpkg-deb', PATH)
    const file = lockFile(ROOT)
    const next = await refreshImageLock({
      lock: await readImageLock(file),
      cacheDir: join(CACHE, 'debs'),
      log,
    })
    await writeFile(file, formatImageLock(next))
    // The repository's formatter owns the layout of committed JSON (short arrays on one line).
    await runCommand({
      command: 'pnpm',
      args: ['exec', 'biome', 'format', '--write', file],
      cwd: ROOT,
      timeoutMs: 60_000,
      waitingFor: 'biome format of the lock',
    }).catch(() => log('biome did not format the lock; run pnpm format'))
    console.log(
      `${file}: ${next.debian.packages.length} Debian packages, ${next.node.package} ${next.node.version}`,
    )
    return
  }
  if (command === 'verify') {
    const json = flag(rest, '--json')
    const keep = flag(rest, '--keep')
    const selected = rest.length > 0 ? programs(rest) : (Object.keys(PROGRAMS) as ProgramName[])
    const result = await verifyImages({ root: ROOT, programs: selected, path: PATH, keep, log })
    if (json) {
      console.log(JSON.stringify(result))
      return
    }
    console.log(`commit ${result.commit}; clone installs ${result.installSeconds.join(' s, ')} s`)
    for (const check of result.programs) {
      const [a, b] = check.builds
      console.log(`${check.program}: reproducible`)
      console.log(`  clone a: ${a.digest} (${a.bytes} bytes, ${a.seconds} s)`)
      console.log(`  clone b: ${b.digest} (${b.bytes} bytes, ${b.seconds} s)`)
      console.log(`  podman image size: ${check.podmanSize} bytes`)
      for (const run of check.runs)
        console.log(`  $ ${run.args.join(' ')}\n${run.output.replace(/^/gm, '    ')}`)
    }
    return
  }
  throw usage(`unknown command ${command}`)
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ImageError) {
    console.error(
      `licen-image: ${error.code}: ${error.shortMessage}${error.details ? `\n${error.details}` : ''}`,
    )
  } else {
    console.error(`licen-image: ${(error as Error).stack ?? String(error)}`)
  }
  process.exit(1)
})
