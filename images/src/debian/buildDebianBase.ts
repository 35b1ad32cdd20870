import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { RUN_AS } from '../app/programs.js'
import type { ImageLock } from '../lock/imageLock.js'
import { runCommand } from '../process/runCommand.js'
import { collectTree } from '../tar/collectTree.js'
import type { TarEntry } from '../tar/TarEntry.js'
import { debFileName } from './fetchDebianPackages.js'

export type BuildDebianBaseParameters = {
  lock: ImageLock
  /** The verified .deb files, in the order of `lock.debian.packages`. */
  debs: readonly string[]
  workDir: string
  sourceDateEpoch: number
  log?: ((line: string) => void) | undefined
}

// What mmdebstrap leaves in the tree that is about the machine that built it or apt's own state, not the image:
// the container runtime provides /dev, /proc, /sys, /run, /etc/hosts, /etc/resolv.conf and /etc/hostname.
const VOLATILE: readonly RegExp[] = [
  /^(dev|proc|sys|run|tmp)\/./,
  /^etc\/(apt|resolv\.conf|hostname|machine-id|dpkg)(\/|$)/,
  /^var\/(cache|log|lib\/apt|lib\/dpkg)\/./,
]

/** Whether a path of mmdebstrap's tree is about the build machine or apt's state and stays out of the layer. */
export const isVolatile = (path: string) => VOLATILE.some((pattern) => pattern.test(path))

const text = (path: string, content: string, mode = 0o644): TarEntry => {
  const bytes = new TextEncoder().encode(content)
  return { type: 'file', path, mode, uid: 0, gid: 0, size: bytes.length, source: bytes }
}

/** The files the base adds to the packages: accounts, name service order, writable /tmp and the user's home. */
export function accounts(): TarEntry[] {
  const { uid, gid, name, home } = RUN_AS
  return [
    text(
      'etc/passwd',
      `root:x:0:0:root:/root:/usr/sbin/nologin\n${name}:x:${uid}:${gid}:${name}:${home}:/usr/sbin/nologin\n`,
    ),
    text('etc/group', `root:x:0:\n${name}:x:${gid}:\n`),
    text('etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n'),
    { type: 'directory', path: 'tmp', mode: 0o1777, uid: 0, gid: 0 },
    { type: 'directory', path: 'root', mode: 0o700, uid: 0, gid: 0 },
    { type: 'directory', path: 'home', mode: 0o755, uid: 0, gid: 0 },
    { type: 'directory', path: home.slice(1), mode: 0o700, uid, gid },
  ]
}

/**
 * The Debian base layer: mmdebstrap's `extract` variant unpacks exactly the locked, already verified .deb files
 * (no maintainer script runs, no shell or package manager is installed: a distroless-style base that runs Node).
 * Each package's control file goes to /var/lib/dpkg/status.d/<name> so that scanners can list what is inside.
 */
export async function buildDebianBase(parameters: BuildDebianBaseParameters): Promise<TarEntry[]> {
  const { lock, workDir } = parameters
  const debDir = join(workDir, 'debs')
  const rootfs = join(workDir, 'rootfs')
  await mkdir(debDir, { recursive: true })
  const named: string[] = []
  for (const [index, pkg] of lock.debian.packages.entries()) {
    const file = join(debDir, debFileName(pkg))
    await copyFile(parameters.debs[index]!, file)
    named.push(file)
  }
  parameters.log?.(`mmdebstrap --variant=extract (${named.length} locked packages)`)
  await runCommand({
    command: 'mmdebstrap',
    args: [
      '--mode=root',
      '--variant=extract',
      '--format=directory',
      `--architectures=${lock.debian.architecture}`,
      '--skip=update',
      // apt hands the .deb paths to dpkg inside the chroot: copy them there (under /tmp, which mmdebstrap empties
      // at the end). mmdebstrap's file-mirror-automount hook would bind-mount them and, without customize hooks
      // in the extract variant, never unmount them.
      '--setup-hook=mkdir -p "$1$LICEN_DEB_DIR" && cp "$LICEN_DEB_DIR"/*.deb "$1$LICEN_DEB_DIR/"',
      ...named.map((file) => `--include=${file}`),
      lock.debian.suite,
      rootfs,
      ...lock.debian.mirrors,
    ],
    env: {
      ...process.env,
      SOURCE_DATE_EPOCH: String(parameters.sourceDateEpoch),
      LC_ALL: 'C.UTF-8',
      LICEN_DEB_DIR: debDir,
    },
    timeoutMs: 600_000,
    waitingFor: 'the Debian base rootfs',
  })
  const status: TarEntry[] = []
  for (const [index, pkg] of lock.debian.packages.entries()) {
    const { stdout } = await runCommand({
      command: 'dpkg-deb',
      args: ['--field', named[index]!],
      timeoutMs: 60_000,
      waitingFor: `the control fields of ${pkg.name}`,
    })
    status.push(text(`var/lib/dpkg/status.d/${pkg.name}`, stdout))
  }
  const tree = await collectTree({
    root: rootfs,
    ownership: 'keep',
    exclude: isVolatile,
  })
  const byPath = new Map<string, TarEntry>()
  for (const entry of [...tree, ...status, ...accounts()]) byPath.set(entry.path, entry)
  for (const dir of ['var/lib/dpkg', 'var/lib/dpkg/status.d']) {
    if (!byPath.has(dir)) byPath.set(dir, { type: 'directory', path: dir, mode: 0o755, uid: 0, gid: 0 })
  }
  return [...byPath.values()]
}
