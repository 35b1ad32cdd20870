import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'
import * as rootIndex from './index.js'

const root = join(import.meta.dirname, '..')
const exportsMap = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string> }
).exports

/** The area entries (subpath → its module): the root index re-exports each one whole (`export *`). */
const areas: Record<string, () => Promise<Record<string, unknown>>> = {
  './attestation': () => import('@licen/sdk/attestation'),
  './chain': () => import('@licen/sdk/chain'),
  './eip712': () => import('@licen/sdk/eip712'),
  './examples': () => import('@licen/sdk/examples'),
  './envelope': () => import('@licen/sdk/envelope'),
  './events': () => import('@licen/sdk/events'),
  './lcn1': () => import('@licen/sdk/lcn1'),
  './log': () => import('@licen/sdk/log'),
  './manifest': () => import('@licen/sdk/manifest'),
  './networks': () => import('@licen/sdk/networks'),
  './publish': () => import('@licen/sdk/publish'),
  './result': () => import('@licen/sdk/result'),
  './result-key': () => import('@licen/sdk/result-key'),
  './storage': () => import('@licen/sdk/storage'),
  './zg-root': () => import('@licen/sdk/zg-root'),
}

/** `export { … } from '…'` names of `file` with the module each comes from, its `export * from '…'` modules, and
 * anything else in the file. */
function reExports(file: string) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const names = new Map<string, string>()
  const stars: string[] = []
  const other: string[] = []
  for (const statement of source.statements) {
    if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements)
        names.set(element.name.text, statement.moduleSpecifier.text)
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.exportClause &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    )
      stars.push(statement.moduleSpecifier.text)
    else other.push(statement.getText().slice(0, 60))
  }
  return { names, stars, other }
}

describe('package.json exports', () => {
  test('default: every entry only re-exports', () => {
    const impure = Object.entries(exportsMap).flatMap(([subpath, file]) =>
      reExports(join(root, file)).other.map((statement) => `${subpath}: ${statement}`),
    )
    expect(impure).toEqual([])
  })

  test.each(Object.keys(areas))(
    'behavior: the root index re-exports %s whole and nothing else of that folder (one home per area)',
    async (subpath) => {
      const file = join(root, exportsMap[subpath]!)
      const folder = `./${relative(join(root, 'src'), dirname(file))}/`
      const index = reExports(join(root, 'src/index.ts'))
      expect(index.stars).toContain(`${folder}index.js`)
      expect([...index.names].filter(([, module]) => module.startsWith(folder))).toEqual([])
      // The same bindings, reached through the package's own exports map.
      const entry = await areas[subpath]!()
      expect(Object.keys(entry).length).toBeGreaterThan(0)
      for (const [name, value] of Object.entries(entry))
        expect(value, name).toBe((rootIndex as Record<string, unknown>)[name])
    },
  )
})
