import { describe, expect, test } from 'vitest'
import { DEV_NOW } from '../../test/devEvidence.js'
import { RELEASE_BINDING } from '../../test/devReleaseKey.js'
import { packageText } from '../../test/fixtures.js'
import { releaseKeySources } from '../../test/releaseKeySources.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { releaseKeyAttestor } from './releaseKeyAttestor.js'
import { ReleaseKeyNotAttestedError } from './verifyReleaseKey.js'

const policy = {
  json: JSON.parse(packageText('policies/local-orchestrator.json')),
  hash: (JSON.parse(packageText('policies/hashes.json')) as Record<string, `0x${string}`>)[
    'local-orchestrator.json'
  ]!,
}
const options = { devMockRootCa: devMockRootCa(), now: DEV_NOW }

describe('releaseKeyAttestor', () => {
  test('default: the attested current key, as publishDataset records it', async () => {
    const sources = releaseKeySources({ policy })
    expect(await releaseKeyAttestor(sources, options)({})).toEqual({
      keyId: 1,
      publicKey: RELEASE_BINDING.publicKey,
      evidenceRef: sources.key.evidenceRef,
    })
  })

  test('error: a current key that does not verify throws RELEASE_KEY_NOT_ATTESTED', async () => {
    const sources = releaseKeySources({ policy, stored: false })
    const error = await releaseKeyAttestor(sources, options)({}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReleaseKeyNotAttestedError)
    expect((error as ReleaseKeyNotAttestedError).details).toBe(
      `evidence: EVIDENCE_MISSING storage has nothing under ${sources.key.evidenceRef}`,
    )
  })
})
