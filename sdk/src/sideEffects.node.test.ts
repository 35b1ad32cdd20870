import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { declaredSideEffects, importTimeEffects, undeclaredSideEffects } from '@licen/testing'
import { describe, expect, test } from 'vitest'

const root = join(import.meta.dirname, '..')
/**
 * What package.json declares under `sideEffects`: only the module that gives zod/mini its English messages (a
 * global zod setting, made when the schemas' `z` is imported); every other module has none (the CLI lives in
 * @licen/cli).
 */
const declared = declaredSideEffects(root)

describe('package.json sideEffects', () => {
  test('default: the package declares one module with side effects, the zod locale', () => {
    expect(declared).toEqual(['./src/validation/englishZod.ts'])
  })

  test('behavior: no module runs code when imported (the root worker is a string, WASM compiles lazily)', () => {
    expect(undeclaredSideEffects(root, declared)).toEqual([])
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
