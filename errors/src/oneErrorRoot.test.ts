import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'

const repo = join(import.meta.dirname, '..', '..')
const extendsError = /\bclass\s+\w+(?:<[^{]*?>)?\s+extends\s+Error\b/

/** Every .ts and .svelte file below `dir` (sources and tests), node_modules left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path)
    return /\.(ts|svelte)$/.test(entry.name) ? [path] : []
  })
}

describe('one error model', () => {
  test('default: BaseError is the only class in the workspace that extends Error directly', () => {
    const packages = readdirSync(repo, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(repo, entry.name, 'package.json')))
      .flatMap((entry) => ['src', 'test', 'bench'].map((folder) => join(repo, entry.name, folder)))
      .filter((dir) => existsSync(dir))
    const offenders = packages
      .flatMap(sources)
      // This file spells the pattern out in its own vectors.
      .filter((file) => file !== import.meta.filename)
      .filter((file) => extendsError.test(readFileSync(file, 'utf8')))
      .map((file) => relative(repo, file))
    expect(offenders).toEqual(['errors/src/BaseError.ts'])
  })

  test('behavior: the pattern finds a direct subclass, generic or not, and nothing else', () => {
    expect(
      [
        'class Unavailable extends Error {}',
        'export class BaseError<code extends string | number = string> extends Error {',
        'class Wrapped extends BaseError {}',
        'function f<E extends Error>(e: E) {}',
      ].map((line) => extendsError.test(line)),
    ).toEqual([true, true, false, false])
  })
})
