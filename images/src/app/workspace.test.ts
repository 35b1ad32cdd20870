import { describe, expect, test } from 'vitest'
import {
  isLeftOut,
  parseWorkspaceDirs,
  runtimeClosure,
  runtimePaths,
  type WorkspacePackage,
} from './workspace.js'

const pkg = (dir: string, manifest: WorkspacePackage['manifest']): [string, WorkspacePackage] => [
  manifest.name,
  { dir, manifest },
]
const workspace = new Map([
  pkg('provider-node', {
    name: '@licen/provider-node',
    exports: { '.': './src/index.ts' },
    bin: { 'licen-provider': './src/cli/main.ts' },
    dependencies: { '@licen/sdk': 'workspace:*', viem: '2.57.20' },
  }),
  pkg('sdk', {
    name: '@licen/sdk',
    exports: { '.': './src/index.ts', './x': { node: './node/x.ts' } },
    dependencies: { '@licen/contracts': 'workspace:*' },
  }),
  pkg('contracts', { name: '@licen/contracts', exports: { '.': './ts/index.ts' }, dependencies: {} }),
  pkg('testing', { name: '@licen/testing', exports: { '.': './src/index.ts' } }),
])

describe('workspace', () => {
  test('default: the closure follows workspace production dependencies only', () => {
    expect(runtimeClosure(workspace, '@licen/provider-node').map((p) => p.dir)).toEqual([
      'contracts',
      'provider-node',
      'sdk',
    ])
  })

  test('args: runtime paths come from exports, bin and the extras table', () => {
    expect(runtimePaths(workspace.get('@licen/provider-node')!)).toEqual([
      'model',
      'package.json',
      'python',
      'src',
    ])
    expect(runtimePaths(workspace.get('@licen/sdk')!)).toEqual(['node', 'package.json', 'src'])
  })

  test('behavior: pnpm-workspace.yaml package list', () => {
    expect(
      parseWorkspaceDirs("packages:\n  - app\n  - 'sdk'\n\nignoredBuiltDependencies:\n  - esbuild\n"),
    ).toEqual(['app', 'sdk'])
  })

  test('behavior: dot files, node_modules and tests are left out', () => {
    expect(
      ['src/a.ts', 'src/a.test.ts', 'src/.env', 'node_modules/x/index.js', 'model/README.md'].filter(
        (p) => !isLeftOut(p),
      ),
    ).toEqual(['src/a.ts', 'model/README.md'])
  })

  test('error: a glob in pnpm-workspace.yaml', () => {
    expect(() => parseWorkspaceDirs('packages:\n  - packages/*\n')).toThrow(
      expect.objectContaining({ code: 'IMAGE_SOURCE_INVALID', details: 'packages/*' }),
    )
  })

  test('error: a workspace dependency that is not in the workspace', () => {
    const alone = new Map([pkg('provider-node', workspace.get('@licen/provider-node')!.manifest)])
    expect(() => runtimeClosure(alone, '@licen/provider-node')).toThrow(
      expect.objectContaining({ code: 'IMAGE_SOURCE_INVALID', details: '@licen/sdk' }),
    )
  })
})
