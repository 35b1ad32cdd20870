import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'

const src = join(import.meta.dirname, '..')

/** Every module `entry` reaches through static imports, re-exports and `import('…')` of a literal. */
function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const follow = (specifier: string) => {
      if (!specifier.startsWith('.')) return void packages.add(specifier)
      const target = join(dirname(file), specifier).replace(/\.js$/, '.ts')
      if (!existsSync(target)) throw new Error(`${relative(src, file)}: cannot resolve ${specifier}`)
      visit(target)
    }
    const walk = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
        follow((node.moduleSpecifier as ts.StringLiteral).text)
      if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteralLike(node.arguments[0])
      )
        follow(node.arguments[0].text)
      ts.forEachChild(node, walk)
    }
    walk(source)
  }
  visit(join(src, entry))
  return { files: [...files].map((file) => relative(src, file)).sort(), packages: [...packages].sort() }
}

/** The dev TEE module (mock PKI, mock quotes and collateral, the dev agent) and this package reached by name. */
const isDevTee = (file: string) => file.startsWith('devTee/')
const isSelf = (specifier: string) => specifier.startsWith('@licen/attestation-policy')

describe('trust anchors are injected', () => {
  test.each(['verify/verifyEvidence.ts', 'job/verifyJob.ts', 'index.ts'])(
    'default: %s reaches nothing of the dev TEE module',
    (entry) => {
      const graph = importGraph(entry)
      expect(graph.files).toContain('dcap/intelRootCa.ts')
      expect(graph.files.filter(isDevTee)).toEqual([])
      expect(graph.packages.filter(isSelf)).toEqual([])
    },
  )

  test('behavior: the dev TEE entries reach the mock PKI (the check can fail)', () => {
    expect(importGraph('devTee/index.ts').files).toContain('devTee/mockPki.ts')
    expect(importGraph('devTee/devMockAnchor.ts').files.filter(isDevTee)).toEqual([
      'devTee/devMockAnchor.ts',
      'devTee/mockCertificate.ts',
      'devTee/mockPki.ts',
    ])
  })
})
