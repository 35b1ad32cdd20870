import { readdirSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { buildLocalPolicy } from '../src/devTee/localPolicy.js'
import { parsePolicyJson } from '../src/policy/parsePolicy.js'
import { policyHash } from '../src/policy/policyHash.js'
import { policyJsonSchema } from '../src/policy/policyJsonSchema.js'
import { packageText } from './fixtures.js'

const files = readdirSync(new URL('../policies/', import.meta.url)).filter(
  (f) => f.endsWith('.json') && f !== 'hashes.json',
)
const recorded = JSON.parse(packageText('policies/hashes.json')) as Record<string, string>

describe('policies/', () => {
  test('default: every policy file hashes to its recorded hash, and the README lists it', () => {
    expect(files.sort()).toEqual(Object.keys(recorded).sort())
    const readme = packageText('policies/README.md')
    for (const file of files) {
      expect(policyHash(parsePolicyJson(packageText(`policies/${file}`)))).toBe(recorded[file])
      expect(readme).toContain(recorded[file])
    }
    expect(recorded['local.json']).toBe('0x01fbff05523d8b2fa0d9fd9e677b144e631f480880feb1d9b42462e6a77d2d0d')
  })

  test('behavior: local.json holds exactly the dev image, dev compose and dev-mock root values', () => {
    expect(JSON.parse(packageText('policies/local.json'))).toEqual(buildLocalPolicy())
  })

  test('behavior: the production template trusts Intel only and matches no real CVM until filled in', () => {
    const template = parsePolicyJson(packageText('policies/production.template.json'))
    expect(template.trustAnchor.kind).toBe('intel')
    expect(template.measurements.map((m) => m.mrtd)).toEqual(['00'.repeat(48)])
    expect(template.composeHashes).toEqual(['00'.repeat(32)])
  })

  test('behavior: policy.schema.json is generated from the zod schema (run `pnpm --filter @licen/attestation-policy gen`)', () => {
    expect(JSON.parse(packageText('policy.schema.json'))).toEqual(policyJsonSchema())
  })
})
