import { join } from 'node:path'
import { declaredSideEffects, importTimeEffects, undeclaredSideEffects } from '@licen/testing'
import { describe, expect, test } from 'vitest'

const root = join(import.meta.dirname, '..')
/** The entry points package.json lists under `sideEffects`: everything else is declared free of them. */
const declared = declaredSideEffects(root)

describe('package.json sideEffects', () => {
  test('default: only the two CLI entry points are declared to have side effects', () => {
    expect(declared).toEqual(['./src/bin/licen-dev-tee.ts', './src/cli/main.ts'])
  })

  test('behavior: no other module runs code when imported (the WASM verifier loads on first use)', () => {
    expect(undeclaredSideEffects(root, declared)).toEqual([])
  })

  test('behavior: the CLI entry is caught by the same check (the check can fail)', () => {
    expect(importTimeEffects(join(root, 'src/cli/main.ts')).length).toBeGreaterThan(0)
  })
})
