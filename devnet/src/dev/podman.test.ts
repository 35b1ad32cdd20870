import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { preparePodman } from './podman.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-podman-'))
  // Stand-ins: only the presence of the binaries on PATH is checked before a run.
  await mkdir(join(dir, 'bin'))
  for (const name of ['podman', 'runc'])
    await writeFile(join(dir, 'bin', name), '#!/bin/sh\n', { mode: 0o755 })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('preparePodman', () => {
  test('default: finds podman and the runtime, writes the containers.conf without default ulimits', async () => {
    const bin = join(dir, 'bin')
    const podman = preparePodman({ confDir: join(dir, 'containers'), path: bin, home: '/home/x' })
    expect(podman).toEqual({
      command: join(bin, 'podman'),
      runtime: join(bin, 'runc'),
      env: { PATH: bin, HOME: '/home/x', CONTAINERS_CONF: join(dir, 'containers', 'containers.conf') },
    })
    expect(await readFile(podman.env.CONTAINERS_CONF, 'utf8')).toBe('[containers]\ndefault_ulimits = []\n')
  })

  test('error: no podman on PATH is one line saying how to install it', () => {
    expect(() => preparePodman({ confDir: join(dir, 'none'), path: dir, home: '/home/x' })).toThrow(
      expect.objectContaining({
        code: 'DEVNET_USAGE',
        shortMessage:
          'podman is not installed; install it: apt-get install -y --no-install-recommends podman runc uidmap',
      }),
    )
  })

  test('error: a runtime that is not there is one line saying how to install it', () => {
    expect(() =>
      preparePodman({
        confDir: join(dir, 'none'),
        path: join(dir, 'bin'),
        home: '/home/x',
        runtime: join(dir, 'no-runc'),
      }),
    ).toThrow(
      expect.objectContaining({
        shortMessage:
          'runc is not installed; install it: apt-get install -y --no-install-recommends podman runc uidmap',
      }),
    )
  })
})
