import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { resolvePackage, resolvePackageBin } from './packageBin.js'

describe('resolvePackageBin', () => {
  test('default: every program the devnet starts, from its package.json', () => {
    const bins = {
      'licen-storage-node': resolvePackageBin('@licen/storage-node', 'licen-storage-node'),
      'licen-dev-tee': resolvePackageBin('@licen/attestation-policy', 'licen-dev-tee'),
      'licen-provider': resolvePackageBin('@licen/provider-node', 'licen-provider'),
      'licen-orchestrator': resolvePackageBin('@licen/orchestrator', 'licen-orchestrator'),
      'licen-app-build': resolvePackageBin('@licen/app', 'licen-app-build'),
    }
    for (const bin of Object.values(bins)) expect(existsSync(bin.script)).toBe(true)
    expect(Object.values(bins).map((bin) => basename(bin.cwd))).toEqual([
      'storage-node',
      'attestation-policy',
      'provider-node',
      'orchestrator',
      'app',
    ])
  })

  test("args: vite through the app's own dependencies", () => {
    const appRequire = createRequire(join(resolvePackage('@licen/app').packageDir, 'package.json'))
    const vite = resolvePackageBin('vite', 'vite', appRequire)
    expect(vite.script.endsWith('/bin/vite.js')).toBe(true)
    expect(resolvePackage('vite', appRequire).manifest.name).toBe('vite')
  })

  test('error: an unknown bin or package', () => {
    expect(() => resolvePackageBin('@licen/provider-node', 'nope')).toThrowErrorMatchingInlineSnapshot(
      `[DevnetError: the package @licen/provider-node has no bin named nope]`,
    )
    expect(() => resolvePackageBin('@licen/not-a-package', 'x')).toThrow(
      expect.objectContaining({ code: 'DEVNET_PART_FAILED' }),
    )
  })
})
