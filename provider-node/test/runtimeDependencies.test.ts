// The provider runtime (what the attested image runs) is the graph of modules reachable from the library entry, the
// CLI and the trainer's worker entries. Pretraining and the tfjs gradient reference sit outside it, so tfjs is a
// dev dependency only.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'

const root = join(import.meta.dirname, '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string>
  bin: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}
const entries = [
  ...Object.values(manifest.exports),
  ...Object.values(manifest.bin),
  // Started as worker threads through `new URL(…, import.meta.url)` (see runWorker.ts and worker.ts).
  './src/trainer/embedded/worker.ts',
  './src/trainer/embedded/helper.ts',
]

/** Module specifiers a file loads at run time: value imports and re-exports, literal `import()`s (not `import type`). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.importClause?.isTypeOnly) found.push(node.moduleSpecifier.text)
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text)
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Every module reachable from `entries` at run time, and the packages they import. */
function runtimeGraph(): { files: string[]; packages: string[] } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const queue = entries.map((entry) => resolve(root, entry))
  while (queue.length > 0) {
    const file = queue.pop()!
    if (files.has(file)) continue
    files.add(file)
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) {
        if (!specifier.startsWith('node:'))
          packages.add(
            specifier
              .split('/')
              .slice(0, specifier.startsWith('@') ? 2 : 1)
              .join('/'),
          )
        continue
      }
      const target = resolve(dirname(file), specifier)
      const found = [target, target.replace(/\.js$/, '.ts')].find(
        (candidate) => existsSync(candidate) && /\.[mc]?[jt]s$/.test(candidate),
      )
      if (found) queue.push(found)
    }
  }
  return { files: [...files].map((file) => relative(root, file)).sort(), packages: [...packages].sort() }
}

describe('provider runtime', () => {
  const graph = runtimeGraph()

  test('default: imports only declared runtime dependencies, tfjs not among them', () => {
    expect(graph.packages.filter((name) => !(name in manifest.dependencies))).toEqual([])
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@tensorflow/'))).toEqual([])
    expect(Object.keys(manifest.devDependencies).filter((name) => name.startsWith('@tensorflow/'))).toEqual([
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
    ])
  })

  test('behavior: no pretraining, gradient reference or fixture module is reachable', () => {
    expect(
      graph.files.filter((file) =>
        /(tinyLlama|wasmBackend|trainStep|pretrainBase|initBaseWeights|\/fixtures\/|\.test\.)/.test(file),
      ),
    ).toEqual([])
    expect(graph.files).toContain('src/trainer/embedded/engine/shardRunner.ts')
  })

  test('behavior: the exports map names no test fixture', () => {
    expect(manifest.exports).toEqual({ '.': './src/index.ts' })
  })
})
