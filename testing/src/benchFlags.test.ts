import { describe, expect, test } from 'vitest'
import { benchFlags } from './benchFlags.js'

describe('benchFlags', () => {
  test('default: --name value pairs and --json as true', () => {
    expect(benchFlags(['--size', '1024', '--json', '--epochs', '3'])).toEqual({
      size: '1024',
      json: true,
      epochs: '3',
    })
  })

  test('args: other switches; bare words are ignored', () => {
    expect(benchFlags(['--verbose', 'x', '--n', '2'], ['verbose'])).toEqual({ verbose: true, n: '2' })
  })
})
