import { describe, expect, test } from 'vitest'
import { DEV_NOW } from '../../test/devEvidence.js'
import { devReleaseKeyEvidence, RELEASE_BINDING } from '../../test/devReleaseKey.js'
import { BaseError } from '../errors.js'
import {
  buildReleaseKeyEvidence,
  MAX_RELEASE_KEY_EVIDENCE_BYTES,
  parseReleaseKeyEvidence,
  releaseKeyEvidenceQuote,
} from './releaseKeyEvidence.js'

const encode = (text: string) => new TextEncoder().encode(text)

function failure(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof BaseError)
      return `${error.code}: ${error.shortMessage} ${error.details ?? ''}`.trim()
    throw error
  }
  return 'no error'
}

describe('buildReleaseKeyEvidence / parseReleaseKeyEvidence', () => {
  test('default: the built text parses back to the same document', () => {
    const text = devReleaseKeyEvidence()
    const evidence = parseReleaseKeyEvidence(encode(text))
    expect(JSON.stringify(evidence)).toBe(text)
    expect(evidence.format).toBe('licen/release-key-evidence/v1')
    expect(evidence.createdAt).toBe(DEV_NOW)
    expect(evidence.binding).toEqual({
      chainId: 31337,
      dataPolicy: `0x${'5f'.repeat(20)}`,
      publicKey: `0x02${'a7'.repeat(32)}`,
    })
    expect(releaseKeyEvidenceQuote(evidence).length).toBe(evidence.quote.length / 2)
  })

  test('behavior: hex given with 0x or in upper case is stored in one lowercase spelling', () => {
    const evidence = parseReleaseKeyEvidence(encode(devReleaseKeyEvidence()))
    const text = buildReleaseKeyEvidence({
      chainId: 31337,
      dataPolicy: `0x${'5F'.repeat(20)}`,
      publicKey: `0x02${'A7'.repeat(32)}`,
      quote: `0x${evidence.quote.toUpperCase()}`,
      eventLog: evidence.eventLog,
      collateral: evidence.collateral,
      createdAt: DEV_NOW,
    })
    expect(parseReleaseKeyEvidence(encode(text))).toEqual(evidence)
  })

  test.each([
    [
      'an uncompressed public key',
      { publicKey: `0x04${'a7'.repeat(64)}` },
      'RELEASE_KEY_EVIDENCE_INVALID: The release key evidence is malformed. binding.publicKey: a 33-byte compressed secp256k1 key',
    ],
    [
      'chain id 0',
      { chainId: 0 },
      'RELEASE_KEY_EVIDENCE_INVALID: The release key evidence is malformed. binding.chainId: Too small: expected number to be >=1',
    ],
  ])('error: build with %s', (_, override, message) => {
    const evidence = parseReleaseKeyEvidence(encode(devReleaseKeyEvidence()))
    expect(
      failure(() =>
        buildReleaseKeyEvidence({
          ...RELEASE_BINDING,
          quote: evidence.quote,
          eventLog: evidence.eventLog,
          collateral: evidence.collateral,
          createdAt: DEV_NOW,
          ...(override as object),
        }),
      ),
    ).toBe(message)
  })

  test.each([
    [
      'bytes that are not UTF-8 JSON',
      () => new Uint8Array([0xff, 0x00]),
      'RELEASE_KEY_EVIDENCE_INVALID: The release key evidence is malformed. not UTF-8 JSON',
    ],
    [
      'more than the bound',
      () => new Uint8Array(MAX_RELEASE_KEY_EVIDENCE_BYTES + 1),
      `RELEASE_KEY_EVIDENCE_INVALID: The release key evidence is too large. ${MAX_RELEASE_KEY_EVIDENCE_BYTES + 1} bytes, at most ${MAX_RELEASE_KEY_EVIDENCE_BYTES}`,
    ],
    [
      'a repeated key',
      () => encode(devReleaseKeyEvidence().replace('"createdAt":', '"createdAt":1,"createdAt":')),
      'RELEASE_KEY_EVIDENCE_INVALID: The release key evidence repeats a key. $.createdAt appears twice',
    ],
    [
      'an unknown field',
      () => encode(devReleaseKeyEvidence().replace('{"format"', '{"extra":1,"format"')),
      'RELEASE_KEY_EVIDENCE_INVALID: The release key evidence is malformed. (root): Unrecognized key: "extra"',
    ],
    [
      'another format',
      () => encode(devReleaseKeyEvidence().replace('release-key-evidence/v1', 'attestation-evidence/v1')),
      'RELEASE_KEY_EVIDENCE_INVALID: The release key evidence is malformed. format: Invalid input: expected "licen/release-key-evidence/v1"',
    ],
    [
      'an upper-case contract address',
      () => encode(devReleaseKeyEvidence().replace(`0x${'5f'.repeat(20)}`, `0x${'5F'.repeat(20)}`)),
      'RELEASE_KEY_EVIDENCE_INVALID: The release key evidence is malformed. binding.dataPolicy: Invalid string: must match pattern /^0x[0-9a-f]{40}$/',
    ],
  ])('error: parse %s', (_, bytes, message) => {
    expect(failure(() => parseReleaseKeyEvidence(bytes()))).toBe(message)
  })
})
