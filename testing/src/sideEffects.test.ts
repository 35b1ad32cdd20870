import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { declaredSideEffects, importTimeEffects, undeclaredSideEffects } from './sideEffects.js'

const root = mkdtempSync(join(tmpdir(), 'licen-side-effects-'))
mkdirSync(join(root, 'src', 'cli'), { recursive: true })
writeFileSync(join(root, 'package.json'), JSON.stringify({ sideEffects: ['./src/cli/main.ts'] }))
writeFileSync(
  join(root, 'src', 'pure.ts'),
  'export const a = 1\nexport function f() {\n  globalThis.x = 1\n}\n',
)
writeFileSync(join(root, 'src', 'cli', 'main.ts'), "import './pure.js'\nconsole.log(1)\n")
writeFileSync(join(root, 'src', 'effect.ts'), 'let n = 0\nn = 1\nawait Promise.resolve(n)\n')
writeFileSync(join(root, 'src', 'effect.test.ts'), 'console.log(1)\n')
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('importTimeEffects', () => {
  test('default: code inside functions is not an import-time effect', () => {
    expect(importTimeEffects(join(root, 'src', 'pure.ts'))).toEqual([])
  })

  test('behavior: bare imports, statements, assignments and top-level await are', () => {
    expect(importTimeEffects(join(root, 'src', 'cli', 'main.ts'))).toEqual([
      'bare import at line 1',
      'expression statement at line 2',
    ])
    expect(importTimeEffects(join(root, 'src', 'effect.ts'))).toEqual([
      'expression statement at line 2',
      'expression statement at line 3',
    ])
  })
})

describe('undeclaredSideEffects', () => {
  test('default: undeclared files with effects, by path; declared entries and tests are left out', () => {
    const declared = declaredSideEffects(root)
    expect(declared).toEqual(['./src/cli/main.ts'])
    expect(undeclaredSideEffects(root, declared)).toEqual([
      'src/effect.ts: expression statement at line 2',
      'src/effect.ts: expression statement at line 3',
    ])
  })
})
