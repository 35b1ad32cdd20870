import { join } from 'node:path'
import { importGraph } from '@licen/testing'
import { describe, expect, test } from 'vitest'

// The provider's training worker threads import `@licen/sdk/examples`; each thread loads its graph anew (under tsx
// without tree shaking), so the entry must not reach viem or the sdk's root: 500 more modules per worker start cost
// the e2e benchmark 20 % of its training time once.
describe('@licen/sdk/examples stays light', () => {
  test('default: it reaches only the error model and noble hashes', () => {
    expect(importGraph(join(import.meta.dirname, '..'), 'examples/index.ts').packages).toEqual([
      '@licen/errors',
      '@noble/hashes/utils',
    ])
  })
})
