import { describe, expect, test } from 'vitest'
import { accounts, isVolatile } from './buildDebianBase.js'

describe('buildDebianBase', () => {
  test('default: the accounts the image runs with', () => {
    const files = Object.fromEntries(
      accounts().map((entry) => [
        entry.path,
        entry.type === 'file'
          ? new TextDecoder().decode(entry.source as Uint8Array)
          : `${entry.type} ${entry.mode.toString(8)} ${entry.uid}:${entry.gid}`,
      ]),
    )
    expect(files).toEqual({
      'etc/passwd':
        'root:x:0:0:root:/root:/usr/sbin/nologin\nlicen:x:10001:10001:licen:/home/licen:/usr/sbin/nologin\n',
      'etc/group': 'root:x:0:\nlicen:x:10001:\n',
      'etc/nsswitch.conf': 'passwd: files\ngroup: files\nhosts: files dns\n',
      tmp: 'directory 1777 0:0',
      root: 'directory 700 0:0',
      home: 'directory 755 0:0',
      'home/licen': 'directory 700 10001:10001',
    })
  })

  test('behavior: what the build machine and apt leave stays out', () => {
    const paths = [
      'dev',
      'dev/null',
      'tmp',
      'tmp/x',
      'etc/resolv.conf',
      'etc/hostname',
      'etc/apt',
      'etc/apt/sources.list',
      'etc/ld.so.conf.d/x86_64-linux-gnu.conf',
      'var/cache/apt/archives/libc6.deb',
      'var/lib/dpkg/status',
      'var/lib/dpkg',
      'usr/lib/x86_64-linux-gnu/libc.so.6',
      'etc/os-release',
    ]
    expect(paths.filter((path) => !isVolatile(path))).toEqual([
      'dev',
      'tmp',
      'etc/ld.so.conf.d/x86_64-linux-gnu.conf',
      'var/lib/dpkg',
      'usr/lib/x86_64-linux-gnu/libc.so.6',
      'etc/os-release',
    ])
  })
})
