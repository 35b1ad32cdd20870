import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'

const root = join(import.meta.dirname, '..')
/** The entry points package.json lists under `sideEffects`: everything else is declared free of them. */
const declared = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { sideEffects: string[] })
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
  test('default: only the two CLI entry points are declared to have side effects', () => {
    expect(declared).toEqual(['./src/bin/licen-dev-tee.ts', './src/cli/main.ts'])
  })

  test('behavior: no other module runs code when imported (the WASM verifier loads on first use)', () => {
    const effects = sourceFiles(join(root, 'src'))
      .filter((file) => !declared.includes(`./${relative(root, file)}`))
      .flatMap((file) => importTimeEffects(file).map((effect) => `${relative(root, file)}: ${effect}`))
    expect(effects).toEqual([])
  })

  test('behavior: the CLI entry is caught by the same check (the check can fail)', () => {
    expect(importTimeEffects(join(root, 'src/cli/main.ts')).length).toBeGreaterThan(0)
  })
})
