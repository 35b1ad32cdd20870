import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'

/** What one entry module reaches: its package's files (relative to `root`) and the bare specifiers it imports. */
export type ImportGraph = { files: string[]; packages: string[] }

/**
 * Every module `entry` (a path under `root`) reaches through static imports, re-exports and `import('…')` of a
 * string literal, following relative specifiers (`.js` resolved to `.ts`) and stopping at bare ones, which are
 * listed in `packages`. Throws when a relative specifier does not resolve.
 */
export function importGraph(root: string, entry: string): ImportGraph {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const follow = (specifier: string) => {
      if (!specifier.startsWith('.')) return void packages.add(specifier)
      const target = join(dirname(file), specifier).replace(/\.js$/, '.ts')
      if (!existsSync(target)) throw new Error(`${relative(root, file)}: cannot resolve ${specifier}`)
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
  visit(join(root, entry))
  return { files: [...files].map((file) => relative(root, file)).sort(), packages: [...packages].sort() }
}
