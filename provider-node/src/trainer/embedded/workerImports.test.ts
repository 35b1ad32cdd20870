import { join } from 'node:path'
import { importGraph } from '@licen/testing'
import { describe, expect, test } from 'vitest'

const src = join(import.meta.dirname, '../..')

// Every training job starts worker threads that load their module graph anew under tsx, without tree shaking.
// Reaching `@licen/sdk`'s root (viem and 500 more modules) made each start cost seconds of CPU and the e2e
// benchmark's training 20 % slower; these graphs keep to the packages the workers need.
describe('the training workers load a small graph', () => {
  test.each(['trainer/embedded/worker.ts', 'trainer/embedded/helper.ts'])('default: %s', (entry) => {
    expect(importGraph(src, entry).packages).toEqual([
      '@licen/errors',
      '@licen/sdk/examples',
      'node:worker_threads',
      'zod',
    ])
  })

  test('default: the error root imports the error model, not the sdk', () => {
    expect(importGraph(src, 'errors.ts').packages).toEqual(['@licen/errors'])
  })
})
