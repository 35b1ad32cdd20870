import { describe, expect, test } from 'vitest'
import { packageText } from '../../test/fixtures.js'
import { BaseError } from '../errors.js'
import { MAX_POLICY_JSON_LENGTH, parsePolicy, parsePolicyJson } from './parsePolicy.js'

const local = JSON.parse(packageText('policies/local.json')) as Record<string, unknown>

function details(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof BaseError)
      return `${error.code}: ${error.shortMessage} ${error.details ?? ''}`.trim()
    throw error
  }
  return undefined
}

describe('parsePolicy', () => {
  test('default: the local policy parses unchanged', () => {
    expect(parsePolicy(local)).toEqual(local)
  })

  test.each([
    [
      'unknown field',
      { ...local, extra: 1 },
      'POLICY_INVALID: The attestation policy is invalid. (root): Unrecognized key: "extra"',
    ],
    [
      'uppercase hex',
      { ...local, composeHashes: ['AB'.repeat(32)] },
      'POLICY_INVALID: The attestation policy is invalid. composeHashes.0: compose hash: 32 bytes as lowercase hex without 0x',
    ],
    [
      'duplicate compose hash',
      { ...local, composeHashes: ['ab'.repeat(32), 'ab'.repeat(32)] },
      'POLICY_INVALID: The attestation policy is invalid. composeHashes: composeHashes: duplicate hash',
    ],
    [
      'debug allowed',
      { ...local, allowDebug: true },
      'POLICY_INVALID: The attestation policy is invalid. allowDebug: Invalid input: expected false',
    ],
    [
      'Revoked allowed',
      { ...local, allowedTcbStatuses: ['UpToDate', 'Revoked'] },
      'POLICY_INVALID: The attestation policy is invalid. allowedTcbStatuses.1: Invalid option: expected one of "UpToDate"|"SWHardeningNeeded"|"ConfigurationNeeded"|"ConfigurationAndSWHardeningNeeded"|"OutOfDate"|"OutOfDateConfigurationNeeded"',
    ],
    [
      'Intel anchor with another root',
      { ...local, trustAnchor: { kind: 'intel', rootCaSha256: '00'.repeat(32) } },
      'POLICY_INVALID: The attestation policy is invalid. trustAnchor.rootCaSha256: Invalid input: expected "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3"',
    ],
    [
      'no role',
      (({ role: _, ...rest }) => rest)(local),
      'POLICY_INVALID: The attestation policy is invalid. role: Invalid option: expected one of "provider"|"orchestrator"',
    ],
    [
      'unknown role',
      { ...local, role: 'auditor' },
      'POLICY_INVALID: The attestation policy is invalid. role: Invalid option: expected one of "provider"|"orchestrator"',
    ],
    [
      'a v1 file (no role) under the v1 schema id',
      (({ role: _, ...rest }) => ({ ...rest, schema: 'licen/attestation-policy/v1' }))(local),
      'POLICY_INVALID: The attestation policy is invalid. schema: Invalid input: expected "licen/attestation-policy/v2"; role: Invalid option: expected one of "provider"|"orchestrator"',
    ],
    [
      'collateral age below an hour',
      { ...local, maxCollateralAgeSeconds: 60 },
      'POLICY_INVALID: The attestation policy is invalid. maxCollateralAgeSeconds: Too small: expected number to be >=3600',
    ],
  ])('error: %s', (_, value, message) => {
    expect(details(() => parsePolicy(value))).toBe(message)
  })
})

describe('parsePolicyJson', () => {
  test('error: a repeated key is refused (what an auditor reads must be what is hashed)', () => {
    const text = packageText('policies/local.json').replace('"version": 1,', '"version": 1, "version": 2,')
    expect(details(() => parsePolicyJson(text))).toBe(
      'POLICY_INVALID: The attestation policy repeats a key. $.version appears twice',
    )
  })

  test('error: not JSON, or too large', () => {
    expect(
      details(() => parsePolicyJson('{"a":'))?.startsWith(
        'POLICY_INVALID: The attestation policy is not valid JSON.',
      ),
    ).toBe(true)
    expect(details(() => parsePolicyJson(' '.repeat(MAX_POLICY_JSON_LENGTH + 1)))).toBe(
      `POLICY_INVALID: The attestation policy is too large. ${MAX_POLICY_JSON_LENGTH + 1} characters, at most ${MAX_POLICY_JSON_LENGTH}`,
    )
  })
})
