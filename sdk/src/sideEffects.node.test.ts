import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'

const root = join(import.meta.dirname, '..')
/** What package.json declares under `sideEffects` (false: no module has any; the CLI lives in @licen/cli). */
const declared = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { sideEffects: unknown })
  .sideEffects

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

/**
 * What a module does when it is merely imported: bare imports, top-level statements that run code (expression
 * statements, top-level await, assignments or Worker/WebAssembly/event wiring outside a function body).
 */
function importTimeEffects(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const report = (node: ts.Node, what: string) =>
    found.push(`${what} at line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`)
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)) {
      if (ts.isClassStaticBlockDeclaration(node)) report(node, 'class static block')
      return
    }
    if (ts.isAwaitExpression(node)) report(node, 'top-level await')
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken)
      report(node, 'assignment')
    if (ts.isNewExpression(node) && /^(Worker|SharedWorker)$/.test(node.expression.getText()))
      report(node, 'worker started')
    if (
      ts.isCallExpression(node) &&
      /(^WebAssembly\.|addEventListener$|postMessage$|setInterval$|setTimeout$|^Object\.defineProperty)/.test(
        node.expression.getText(),
      )
    )
      report(node, `call ${node.expression.getText()}`)
    ts.forEachChild(node, visit)
  }
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause) report(statement, 'bare import')
    else if (ts.isExpressionStatement(statement)) report(statement, 'expression statement')
    else visit(statement)
  }
  return found
}

describe('package.json sideEffects', () => {
  test('default: the package declares no module with side effects', () => {
    expect(declared).toBe(false)
  })

  test('behavior: no module runs code when imported (the root worker is a string, WASM compiles lazily)', () => {
    const effects = sourceFiles(join(root, 'src')).flatMap((file) =>
      importTimeEffects(file).map((effect) => `${relative(root, file)}: ${effect}`),
    )
    expect(effects).toEqual([])
  })

  test('behavior: a CLI-style entry is caught by the same check (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'licen-side-effects-'))
    try {
      const entry = join(dir, 'main.ts')
      writeFileSync(
        entry,
        "import { run } from './run.js'\n\nprocess.exitCode = await run(process.argv.slice(2))\n",
      )
      expect(importTimeEffects(entry)).toEqual(['expression statement at line 3'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
