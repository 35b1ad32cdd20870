import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

/** A package.json's `sideEffects`: the entry points it lists (everything else is free of them), or a boolean. */
export function declaredSideEffects(packageRoot: string): string[] | boolean {
  return (
    JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { sideEffects: string[] | boolean }
  ).sideEffects
}

/** Every non-test TypeScript file below `dir`. */
export function sourceFiles(dir: string): string[] {
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
export function importTimeEffects(file: string): string[] {
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

/** `importTimeEffects` of every file below the package's `src/` that `declared` does not list, by relative path. */
export function undeclaredSideEffects(packageRoot: string, declared: readonly string[] | boolean): string[] {
  const listed = Array.isArray(declared) ? declared : []
  return sourceFiles(join(packageRoot, 'src'))
    .map((file) => relative(packageRoot, file))
    .filter((file) => !listed.includes(`./${file}`))
    .flatMap((file) => importTimeEffects(join(packageRoot, file)).map((effect) => `${file}: ${effect}`))
}
