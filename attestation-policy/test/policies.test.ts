import { readdirSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { composeHashOf, DEV_ORCHESTRATOR_APP_COMPOSE } from '../src/devTee/devImage.js'
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
    expect(recorded['local.json']).toBe('0xb74eacf8862a0d13b5fb30f0d0a306350dc8e4021f66159319b2e1ee8cc15329')
  })

  test('behavior: local.json holds exactly the dev image, dev compose and dev-mock root values', () => {
    expect(JSON.parse(packageText('policies/local.json'))).toEqual(buildLocalPolicy())
    expect(buildLocalPolicy().role).toBe('provider')
  })

  test('behavior: local-orchestrator.json is the orchestrator-role twin with the orchestrator dev compose', () => {
    const orchestrator = buildLocalPolicy('orchestrator')
    expect(JSON.parse(packageText('policies/local-orchestrator.json'))).toEqual(orchestrator)
    expect(orchestrator.role).toBe('orchestrator')
    expect(orchestrator.composeHashes).toEqual([composeHashOf(DEV_ORCHESTRATOR_APP_COMPOSE)])
    expect(orchestrator.composeHashes).not.toEqual(buildLocalPolicy('provider').composeHashes)
    expect(recorded['local-orchestrator.json']).toBe(
      '0x85670c8bf571376416556c580abe4d1804479a4c48fba2d3acf1ca73eefec64b',
    )
  })

  test('behavior: the production template trusts Intel only and matches no real CVM until filled in', () => {
    const template = parsePolicyJson(packageText('policies/production.template.json'))
    expect(template.trustAnchor.kind).toBe('intel')
    expect(template.measurements.map((m) => m.mrtd)).toEqual(['00'.repeat(48)])
    expect(template.composeHashes).toEqual(['00'.repeat(32)])
    expect(template.role).toBe('provider')
    const orchestrator = parsePolicyJson(packageText('policies/production-orchestrator.template.json'))
    expect(orchestrator.role).toBe('orchestrator')
    expect(orchestrator.trustAnchor.kind).toBe('intel')
    expect(orchestrator.composeHashes).toEqual(['00'.repeat(32)])
  })

  test('behavior: policy.schema.json is generated from the zod schema (run `pnpm --filter @licen/attestation-policy gen`)', () => {
    expect(JSON.parse(packageText('policy.schema.json'))).toEqual(policyJsonSchema())
  })
})
