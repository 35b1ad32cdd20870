import canonicalize from 'canonicalize'
import { describe, expect, test } from 'vitest'
import { datasetManifest } from '../testing/datasetManifest.js'
import { analyzeJsonl, JsonlAnalyzer } from './JsonlAnalyzer.js'
import { manifestJsonSchema } from './manifestJsonSchema.js'
import { MANIFEST_MAX_BYTES, type Manifest } from './manifestSchema.js'
import { parseManifest, serializeManifest, validateManifest } from './parseManifest.js'

const manifest: Manifest = datasetManifest()

const failure = (fn: () => unknown) => {
  try {
    fn()
    return 'no error'
  } catch (error) {
    const { code, details } = error as { code: string; details?: string }
    return `${code}: ${details}`
  }
}

describe('parseManifest / serializeManifest', () => {
  test('default: canonical round trip', () => {
    const bytes = serializeManifest(manifest)
    const text = new TextDecoder().decode(bytes)
    expect(text).toBe(canonicalize(manifest))
    expect(text.startsWith('{"createdAt":"2026-01-02T03:04:05.000Z","data":{"byteSize":5000,')).toBe(true)
    expect(parseManifest(bytes)).toEqual(manifest)
    expect(parseManifest(text)).toEqual(manifest)
  })

  test('error: unknown keys anywhere', () => {
    expect(failure(() => validateManifest({ ...manifest, extra: 1 }))).toBe(
      'MANIFEST_INVALID: (root): Unrecognized key: "extra"',
    )
    expect(failure(() => validateManifest({ ...manifest, licence: { ...manifest.licence, url: 'x' } }))).toBe(
      'MANIFEST_INVALID: licence: Unrecognized key: "url"',
    )
  })

  test('error: field rules', () => {
    const cases: [Partial<Manifest>, string][] = [
      [{ name: '  ' }, 'name: Too small: expected string to have >=1 characters'],
      [{ datasetRoot: `0x${'AB'.repeat(32)}` }, 'datasetRoot: 32-byte lower-case 0x-hex'],
      [{ version: '-1' }, 'version: Invalid string: must match pattern /^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$/'],
      [
        { encryption: { ...manifest.encryption, chunkSize: 1000 } },
        'encryption.chunkSize: a power of two from 1 KiB to 16 MiB',
      ],
      [
        { encryption: { ...manifest.encryption, ciphertextSize: 5095 } },
        'encryption.ciphertextSize: ciphertextSize does not match byteSize and chunkSize',
      ],
      [
        { keyEnvelope: { ...manifest.keyEnvelope, envelope: '0x22' } },
        'keyEnvelope.envelope: 0x-hex of 98..1024 bytes',
      ],
      [
        // v1 envelopes name no owner: refused, so a squatter cannot pass one off (issue: dataset squatting).
        {
          keyEnvelope: { ...manifest.keyEnvelope, domain: 'licen/dataset-key/v1' as 'licen/dataset-key/v2' },
        },
        'keyEnvelope.domain: Invalid input: expected "licen/dataset-key/v2"',
      ],
      [{ createdAt: 'yesterday' }, 'createdAt: Invalid ISO datetime'],
      [
        { data: { ...manifest.data, fields: [manifest.data.fields[0]!, manifest.data.fields[0]!] } },
        'data.fields: field names must be unique',
      ],
      [
        { data: { ...manifest.data, fields: [{ ...manifest.data.fields[0]!, present: 3 }] } },
        'data.fields: field counts exceed rowCount',
      ],
    ]
    for (const [change, details] of cases) {
      expect(failure(() => validateManifest({ ...manifest, ...change }))).toBe(`MANIFEST_INVALID: ${details}`)
    }
  })

  test('args: data.examples (trainable counts) is optional and checked', () => {
    const examples = {
      trainable: 2,
      untrainable: 3,
      formats: { messages: 1, instruction_output: 0, prompt_completion: 1, text: 0 },
    }
    const withExamples = { ...manifest, data: { ...manifest.data, examples } }
    expect(parseManifest(serializeManifest(withExamples))).toEqual(withExamples)
    expect(parseManifest(serializeManifest(manifest)).data.examples).toBe(undefined)
    expect(
      failure(() =>
        validateManifest({
          ...manifest,
          data: { ...manifest.data, examples: { ...examples, trainable: 1 } },
        }),
      ),
    ).toBe('MANIFEST_INVALID: data.examples: the formats do not add up to trainable')
    const three = { ...examples, trainable: 3, formats: { ...examples.formats, text: 1 } }
    expect(
      failure(() => validateManifest({ ...manifest, data: { ...manifest.data, examples: three } })),
    ).toBe('MANIFEST_INVALID: data.examples.trainable: trainable exceeds rowCount')
  })

  test('args: keyEnvelope keyId and evidenceRef (the verified release key) are optional and come together', () => {
    const keyEnvelope = { ...manifest.keyEnvelope, keyId: 3, evidenceRef: `0x${'cd'.repeat(32)}` as const }
    const attested = { ...manifest, keyEnvelope }
    expect(parseManifest(serializeManifest(attested))).toEqual(attested)
    expect(parseManifest(serializeManifest(manifest)).keyEnvelope.keyId).toBe(undefined)
    expect(
      failure(() => validateManifest({ ...manifest, keyEnvelope: { ...manifest.keyEnvelope, keyId: 3 } })),
    ).toBe('MANIFEST_INVALID: keyEnvelope.keyId: keyId and evidenceRef come together')
    expect(failure(() => validateManifest({ ...manifest, keyEnvelope: { ...keyEnvelope, keyId: 0 } }))).toBe(
      'MANIFEST_INVALID: keyEnvelope.keyId: Too small: expected number to be >=1',
    )
    expect(
      failure(() => validateManifest({ ...manifest, keyEnvelope: { ...keyEnvelope, evidenceRef: '0xCD' } })),
    ).toBe('MANIFEST_INVALID: keyEnvelope.evidenceRef: 32-byte lower-case 0x-hex')
  })

  test('args: ownerKeyEnvelope (the owner envelope) is optional and checked', () => {
    const ownerKeyEnvelope = {
      scheme: 'ecies-secp256k1-hkdf-sha256-aes-256-gcm' as const,
      domain: 'licen/dataset-owner-key/v1' as const,
      ownerPublicKey: `0x03${'f0'.repeat(32)}`,
      envelope: `0x${'ab'.repeat(342)}`,
    }
    expect(parseManifest(serializeManifest({ ...manifest, ownerKeyEnvelope })).ownerKeyEnvelope).toEqual(
      ownerKeyEnvelope,
    )
    expect(parseManifest(serializeManifest(manifest)).ownerKeyEnvelope).toBe(undefined)
    expect(
      failure(() =>
        validateManifest({
          ...manifest,
          ownerKeyEnvelope: { ...ownerKeyEnvelope, domain: 'licen/dataset-key/v2' },
        }),
      ),
    ).toBe('MANIFEST_INVALID: ownerKeyEnvelope.domain: Invalid input: expected "licen/dataset-owner-key/v1"')
    expect(
      failure(() =>
        validateManifest({ ...manifest, ownerKeyEnvelope: { ...ownerKeyEnvelope, ownerPublicKey: '0x02' } }),
      ),
    ).toBe('MANIFEST_INVALID: ownerKeyEnvelope.ownerPublicKey: 33-byte lower-case 0x-hex')
    expect(
      failure(() => validateManifest({ ...manifest, ownerKeyEnvelope: { ...ownerKeyEnvelope, extra: 1 } })),
    ).toBe('MANIFEST_INVALID: ownerKeyEnvelope: Unrecognized key: "extra"')
  })

  test('error: too large, not JSON, not UTF-8', () => {
    expect(failure(() => parseManifest(new Uint8Array(MANIFEST_MAX_BYTES + 1)))).toBe(
      `MANIFEST_TOO_LARGE: ${MANIFEST_MAX_BYTES + 1} bytes, at most ${MANIFEST_MAX_BYTES}`,
    )
    expect(failure(() => parseManifest('{"schema":'))).toBe('MANIFEST_INVALID_JSON: undefined')
    expect(failure(() => parseManifest(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe(
      'MANIFEST_INVALID_JSON: undefined',
    )
    expect(
      failure(() =>
        serializeManifest({ ...manifest, licence: { ...manifest.licence, text: 'x'.repeat(65_537) } }),
      ),
    ).toBe('MANIFEST_INVALID: licence.text: Too big: expected string to have <=65536 characters')
  })
})

describe('manifestJsonSchema', () => {
  test('default', () => {
    const schema = manifestJsonSchema()
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.additionalProperties).toBe(false)
    expect(Object.keys(schema.properties as object).sort()).toEqual([
      'createdAt',
      'data',
      'datasetRoot',
      'description',
      'encryption',
      'keyEnvelope',
      'licence',
      'name',
      'ownerKeyEnvelope',
      'publisher',
      'schema',
      'version',
    ])
  })
})

describe('JsonlAnalyzer', () => {
  const jsonl = [
    '{"prompt":"hello","answer":"world","score":1,"tags":["a","b"]}',
    '{"prompt":"hi","answer":null,"score":0.5}',
    '',
    '{"prompt":"héllo wörld","answer":"ok","score":2,"meta":{"x":1},"flag":true}',
  ].join('\n')

  test('default', async () => {
    const bytes = new TextEncoder().encode(`${jsonl}\n`)
    const analysis = await analyzeJsonl(new Blob([bytes]).stream())
    expect(analysis).toEqual({
      rowCount: 3,
      byteSize: bytes.length,
      rows: { minBytes: 42, maxBytes: 78, meanBytes: 61 },
      examples: {
        trainable: 0,
        untrainable: 3,
        formats: { messages: 0, instruction_output: 0, prompt_completion: 0, text: 0 },
      },
      fields: [
        { name: 'prompt', types: ['string'], present: 3, nulls: 0, length: { min: 2, max: 11, mean: 6 } },
        {
          name: 'answer',
          types: ['string', 'null'],
          present: 3,
          nulls: 1,
          length: { min: 2, max: 5, mean: 3.5 },
        },
        { name: 'score', types: ['integer', 'number'], present: 3, nulls: 0 },
        { name: 'tags', types: ['array'], present: 1, nulls: 0, length: { min: 2, max: 2, mean: 2 } },
        { name: 'meta', types: ['object'], present: 1, nulls: 0 },
        { name: 'flag', types: ['boolean'], present: 1, nulls: 0 },
      ],
    })
  })

  test('behavior: any chunking gives the same result, with or without a final newline', () => {
    const bytes = new TextEncoder().encode(jsonl)
    const whole = new JsonlAnalyzer()
    whole.push(bytes)
    const bytewise = new JsonlAnalyzer()
    for (const byte of bytes) bytewise.push(new Uint8Array([byte]))
    expect(bytewise.finish()).toEqual(whole.finish())
  })

  test('error: bad lines', () => {
    const run = (text: string) =>
      failure(() => {
        const analyzer = new JsonlAnalyzer()
        analyzer.push(new TextEncoder().encode(text))
        analyzer.finish()
      })
    expect(run('{"a":1}\n[1,2]\n')).toBe('MANIFEST_JSONL_INVALID: line 2 is not a JSON object')
    expect(run('{"a":1}\n{"a":\n')).toBe('MANIFEST_JSONL_INVALID: line 2 is not JSON')
    expect(run('"text"')).toBe('MANIFEST_JSONL_INVALID: line 1 is not a JSON object')
    const wide = `{${Array.from({ length: 257 }, (_, i) => `"f${i}":1`).join(',')}}`
    expect(run(wide)).toBe('MANIFEST_JSONL_INVALID: more than 256 distinct fields (line 1)')
    expect(
      failure(() => {
        const analyzer = new JsonlAnalyzer()
        analyzer.push(new Uint8Array([0x7b, 0xff, 0x7d, 0x0a]))
      }),
    ).toBe('MANIFEST_JSONL_INVALID: line 1 is not UTF-8')
  })
})
