import { secp256k1 } from '@noble/curves/secp256k1'
import canonicalize from 'canonicalize'
import { decrypt, encrypt } from 'eciesjs'
import { bytesToHex, hexToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { openDatasetKey, sealDatasetKey } from './datasetKey.js'
import { openJobKey, sealJobKey } from './jobKey.js'
import { openResultKey, sealResultKey } from './resultKey.js'

const sk = hexToBytes('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f')
const pk = secp256k1.getPublicKey(sk, true)
const otherSk = hexToBytes('0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6')
const keyHex = '0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
const key = hexToBytes(keyHex)
const datasetRoot = '0x1111111111111111111111111111111111111111111111111111111111111111'
const otherRoot = '0x2222222222222222222222222222222222222222222222222222222222222222'
const owner = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const
const otherOwner = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const
const contract = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const
const job = { chainId: 31337, contract, jobId: 7n, datasetRoot } as const

// Sealed once with this code (eciesjs 0.5.0 defaults) to `pk`; opening them pins the format for good. `dataset`
// was regenerated for licen/dataset-key/v2 (sealDatasetKey of `key` for `datasetRoot` and `owner`); `datasetV1`
// is the retired v1 envelope, kept to prove it is refused.
const frozen = {
  dataset:
    '0x0457a88d4a95c5bf81a95573e42f75324ab8819057c8ceea9dc4cf8e7b63ecef44bd16f36ed241480041d6deab7ab1b64e211931acd9c07c5063e886d2ced1cf6845000690d48ec220aadc98ca7b13f56da1b770d90cd9f955b75a1925abeef1843284c2738e3513271b60a6f88a0c67ce1a5c6688180078943a13d554896e357bd27381985812ecfb89adbd756367c215f89b474baf773cfc6166b13868d87d3eab97dc2d922f1c2d831a35736038acfa312f4148056d9266624b221cecac671a5b411e2fadf9b5b1df4695e5caeb2f8919259ed30f2ce418c33388b2f3efe5bd728b57326227e7653bca629e60b77a400e6abd0439530640515aa7549b86a360e60ae101e6417481cae45a50205f67e305b4789bcfc984a07b73e702ccbb1e2ed47fd6b2bbb0f2c4d668ca6bc8cd5be4088148858393599676ba3a947ce1a89c19a0b918ade583726d4292d8d2d4b8',
  datasetV1:
    '0x04cb2cfa3360bed6d19eceb8a13c5df98357f11c402768828fa3d7d74da01920ef639f8dd6ee02f7f83da9375fd7ce997256f38fbb6e103a64db452bad0b580f48b293be08219798e9eedbef82684dd6334c7c032101430ede715ae0b05368f2c58a571faa946098147f0e4293e77a0f9aa2e7b337acdfd24a6f6a52af677628abde58dd529cb6da3fa8e7bb705aa13a72c965685e7d13dc7dd7630f7d90e9d72d38536e8c612b56a513194ee36ef8dd433271ea4c166ae847dbd5a0eae736411e0123dfa444764fd6c1f39361a9065fd9871161a7e7b0aaa53ee12ffb3f3bc07dd76a27af7a23522004c638cdabcba9b848f3a4154eaab70b7de53bfb5fd8afe91e5e7cd338edc792edae5e242daf0727415e8611b34b3a4f41d9',
  job: '0x045409f26994452f8aba32b9411800e0cea6864d3c356984fb8d37509d542728791b97ddb47d960aea7e93c6066b18b1df6502faa86b85f96a70295284d9b06bbd0f612e8ae6c983a2c0210c9c1aaa285aef2c90da1b0d7c73d73f61fa589537b55e506a50406de859d0ec1d1b0f4de0c7be09ec76b4f243a4db3d50df216f25c1045af3bfad2ab2128bc29085952949e3b4b21fe675842a7637b3d686e476b01802477b04ded1b2ea34d588d018f992fd746717b4a3ad802b2b775a59a3c92de0d4f6cd50f5a3f51bf7ef223a58deb59f73e19f5284308ffe8f0deadf5d6ebc17349da0c5981b63617fe1f8d6839112a7bc0e58df7984c345754e7c412dabb9b7743357dd18c15027562fe9e22f3aac1594a5fc640a963165cf1513af15cfa36db71e1613899cffd93b213b5a591bc6d9d35abda612c7d773bc7993bb09d07b2f08d49f51659b829d3647d98cb2ff11379ee6cfa7ff012cd7e05f0ac424f070f86c88279d03a81d3cd58976b1',
  result:
    '0x047241d3a8054ae8ed575894ad09815442b66b5490e49f79fdd719e05beb5733313519812694710b4ce4d98bde0f833596cb2eeedaeeb5574b832877be1e02529648923f77f6cfcda938a41b76cdf4cb3750a5005ba7ff9d4d56b513e56e3519a624120d451f7e495ffd3788daedece5f029b8f9c1c0cba6e36c8c7d45b08c900e3e3b5547c944ab79ca485194389447c27dd617c6fd556f4539c03856d414fa2c22ece73cab95f40c75a1348707ffeb0a1f7c6bd7a8e18b5a3ea1047bf46545ad08086337e9794c8ceb07b96d4e66833760fa407369943471e5465433911c3f7e055fbddb6e7eaa8e5004414a2ea3f209a471026aa2b771660b8817a5b101c9fe07f477ce7262490ca24311b6a75d2a19652b05d029cf90586f8ff8d8',
} as const

const payloadOf = (envelope: Uint8Array) => new TextDecoder().decode(decrypt(sk, envelope))
const codeOf = (fn: () => unknown) => {
  try {
    fn()
    return 'no error'
  } catch (error) {
    const { code, details } = error as { code: string; details?: string }
    return details ? `${code}: ${details}` : code
  }
}

describe('sealDatasetKey / openDatasetKey', () => {
  const bound = { datasetRoot, owner } as const

  test('default', () => {
    const envelope = sealDatasetKey({ releasePublicKey: pk, ...bound, key })
    expect(bytesToHex(openDatasetKey({ releasePrivateKey: sk, envelope, ...bound }))).toBe(keyHex)
  })

  test('behavior: payload is RFC 8785 canonical JSON with domain tag and checksummed owner', () => {
    const envelope = sealDatasetKey({ releasePublicKey: pk, ...bound, key })
    const payload = payloadOf(envelope)
    expect(payload).toBe(
      '{"d":"licen/dataset-key/v2","datasetRoot":"0x1111111111111111111111111111111111111111111111111111111111111111","key":"0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f","owner":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8"}',
    )
    expect(payload).toBe(canonicalize({ owner, key: keyHex, datasetRoot, d: 'licen/dataset-key/v2' }))
    expect(envelope.length).toBe(97 + payload.length)
  })

  test('behavior: opens the frozen envelope', () => {
    expect(bytesToHex(openDatasetKey({ releasePrivateKey: sk, envelope: frozen.dataset, ...bound }))).toBe(
      keyHex,
    )
  })

  test('args: upper-case root, lower-case owner, uncompressed public key, hex private key', () => {
    const envelope = sealDatasetKey({
      releasePublicKey: secp256k1.getPublicKey(sk, false),
      datasetRoot: datasetRoot.toUpperCase().replace('0X', '0x') as `0x${string}`,
      owner: owner.toLowerCase() as `0x${string}`,
      key,
    })
    expect(payloadOf(envelope)).toContain(`"owner":"${owner}"`)
    expect(
      bytesToHex(
        openDatasetKey({
          releasePrivateKey: bytesToHex(sk),
          envelope,
          datasetRoot,
          owner: owner.toLowerCase() as `0x${string}`,
        }),
      ),
    ).toBe(keyHex)
  })

  test('error: other dataset root', () => {
    expect(
      codeOf(() =>
        openDatasetKey({ releasePrivateKey: sk, envelope: frozen.dataset, datasetRoot: otherRoot, owner }),
      ),
    ).toBe(`ENVELOPE_CONTEXT_MISMATCH: datasetRoot is "${datasetRoot}", expected "${otherRoot}"`)
  })

  test('error: other owner (a squatter registered the copied root)', () => {
    expect(
      codeOf(() =>
        openDatasetKey({ releasePrivateKey: sk, envelope: frozen.dataset, datasetRoot, owner: otherOwner }),
      ),
    ).toBe(`ENVELOPE_OWNER_MISMATCH: owner is "${owner}", expected "${otherOwner}"`)
  })

  test('error: other root and other owner report the root first', () => {
    expect(
      codeOf(() =>
        openDatasetKey({
          releasePrivateKey: sk,
          envelope: frozen.dataset,
          datasetRoot: otherRoot,
          owner: otherOwner,
        }),
      ),
    ).toBe(`ENVELOPE_CONTEXT_MISMATCH: datasetRoot is "${datasetRoot}", expected "${otherRoot}"`)
  })

  test('error: v1 envelope (no owner) is refused', () => {
    expect(
      codeOf(() => openDatasetKey({ releasePrivateKey: sk, envelope: frozen.datasetV1, ...bound })),
    ).toBe('ENVELOPE_DOMAIN_MISMATCH: domain "licen/dataset-key/v1", expected "licen/dataset-key/v2"')
  })

  test('error: wrong private key', () => {
    expect(
      codeOf(() => openDatasetKey({ releasePrivateKey: otherSk, envelope: frozen.dataset, ...bound })),
    ).toBe('ENVELOPE_DECRYPT_FAILED: sealed to another key, or modified')
  })

  test('error: any modified byte', () => {
    const envelope = hexToBytes(frozen.dataset)
    for (const at of [0, 1, 64, 65, 80, 97, 150, envelope.length - 1]) {
      const copy = envelope.slice()
      copy[at]! ^= 0x04
      expect(codeOf(() => openDatasetKey({ releasePrivateKey: sk, envelope: copy, ...bound }))).toBe(
        'ENVELOPE_DECRYPT_FAILED: sealed to another key, or modified',
      )
    }
  })

  test('error: impossible sizes', () => {
    expect(
      codeOf(() => openDatasetKey({ releasePrivateKey: sk, envelope: new Uint8Array(97), ...bound })),
    ).toBe('ENVELOPE_MALFORMED: 97 bytes (allowed 98..1024)')
    expect(
      codeOf(() => openDatasetKey({ releasePrivateKey: sk, envelope: new Uint8Array(1025), ...bound })),
    ).toBe('ENVELOPE_MALFORMED: 1025 bytes (allowed 98..1024)')
  })

  test('error: envelope of another kind', () => {
    expect(codeOf(() => openDatasetKey({ releasePrivateKey: sk, envelope: frozen.job, ...bound }))).toBe(
      'ENVELOPE_DOMAIN_MISMATCH: domain "licen/job-key/v1", expected "licen/dataset-key/v2"',
    )
  })

  test('error: payload that is not canonical', () => {
    const d = 'licen/dataset-key/v2'
    const sloppy = [
      `{"d": "${d}","datasetRoot":"${datasetRoot}","key":"${keyHex}","owner":"${owner}"}`,
      `{"datasetRoot":"${datasetRoot}","d":"${d}","key":"${keyHex}","owner":"${owner}"}`,
      `{"d":"${d}","datasetRoot":"${datasetRoot}","owner":"${owner}","key":"${keyHex}"}`,
      `{"d":"${d}","datasetRoot":"${datasetRoot}","key":"${keyHex.toUpperCase()}","owner":"${owner}"}`,
      `{"d":"${d}","datasetRoot":"${datasetRoot}","key":"${keyHex}00","owner":"${owner}"}`,
      `{"d":"${d}","datasetRoot":"${datasetRoot}","extra":"1","key":"${keyHex}","owner":"${owner}"}`,
      `{"d":"${d}","datasetRoot":"${datasetRoot}","key":"${keyHex}"}`,
      // The right owner, not checksummed: never written by this code.
      `{"d":"${d}","datasetRoot":"${datasetRoot}","key":"${keyHex}","owner":"${owner.toLowerCase()}"}`,
      'not json at all',
    ]
    for (const payload of sloppy) {
      const envelope = encrypt(pk, new TextEncoder().encode(payload))
      expect([payload, codeOf(() => openDatasetKey({ releasePrivateKey: sk, envelope, ...bound }))]).toEqual([
        payload,
        'ENVELOPE_PAYLOAD_INVALID',
      ])
    }
  })

  test('error: bad arguments', () => {
    expect(codeOf(() => sealDatasetKey({ releasePublicKey: pk, ...bound, key: key.subarray(1) }))).toBe(
      'ENVELOPE_INVALID_ARGUMENT',
    )
    expect(codeOf(() => sealDatasetKey({ releasePublicKey: pk.subarray(1), ...bound, key }))).toBe(
      'ENVELOPE_INVALID_ARGUMENT',
    )
    const offCurve = pk.slice()
    offCurve[32]! ^= 1
    expect(codeOf(() => sealDatasetKey({ releasePublicKey: offCurve, ...bound, key }))).toBe(
      'ENVELOPE_INVALID_ARGUMENT',
    )
    expect(codeOf(() => sealDatasetKey({ releasePublicKey: pk, datasetRoot: '0x1234', owner, key }))).toBe(
      'ENVELOPE_INVALID_ARGUMENT',
    )
    // A mixed-case owner whose checksum is wrong is a typo, not an address.
    const badChecksum = owner.replace('C51812dc', 'c51812dc') as `0x${string}`
    expect(codeOf(() => sealDatasetKey({ releasePublicKey: pk, datasetRoot, owner: badChecksum, key }))).toBe(
      'ENVELOPE_INVALID_ARGUMENT',
    )
    expect(
      codeOf(() =>
        openDatasetKey({ releasePrivateKey: sk, envelope: frozen.dataset, datasetRoot, owner: '0x1234' }),
      ),
    ).toBe('ENVELOPE_INVALID_ARGUMENT')
    expect(
      codeOf(() => openDatasetKey({ releasePrivateKey: sk.subarray(1), envelope: frozen.dataset, ...bound })),
    ).toBe('ENVELOPE_INVALID_ARGUMENT')
  })
})

describe('sealJobKey / openJobKey', () => {
  test('default', () => {
    const envelope = sealJobKey({ ...job, providerPublicKey: pk, key })
    expect(payloadOf(envelope)).toBe(
      `{"chainId":"31337","contract":"0x5fbdb2315678afecb367f032d93f642f64180aa3","d":"licen/job-key/v1","datasetRoot":"${datasetRoot}","jobId":"7","key":"${keyHex}"}`,
    )
    expect(bytesToHex(openJobKey({ ...job, providerPrivateKey: sk, envelope }))).toBe(keyHex)
  })

  test('behavior: opens the frozen envelope', () => {
    expect(bytesToHex(openJobKey({ ...job, providerPrivateKey: sk, envelope: frozen.job }))).toBe(keyHex)
  })

  test.each([
    ['chainId', { chainId: 1 }, 'chainId is "31337", expected "1"'],
    [
      'contract',
      { contract: '0x0000000000000000000000000000000000000001' },
      'contract is "0x5fbdb2315678afecb367f032d93f642f64180aa3", expected "0x0000000000000000000000000000000000000001"',
    ],
    ['jobId', { jobId: 8n }, 'jobId is "7", expected "8"'],
    ['datasetRoot', { datasetRoot: otherRoot }, `datasetRoot is "${datasetRoot}", expected "${otherRoot}"`],
  ] as const)('error: other %s', (_name, change, details) => {
    expect(
      codeOf(() => openJobKey({ ...job, ...change, providerPrivateKey: sk, envelope: frozen.job })),
    ).toBe(`ENVELOPE_CONTEXT_MISMATCH: ${details}`)
  })

  test('error: dataset envelope offered as a job envelope', () => {
    expect(codeOf(() => openJobKey({ ...job, providerPrivateKey: sk, envelope: frozen.dataset }))).toBe(
      'ENVELOPE_DOMAIN_MISMATCH: domain "licen/dataset-key/v2", expected "licen/job-key/v1"',
    )
  })

  test('error: negative job id', () => {
    expect(codeOf(() => sealJobKey({ ...job, jobId: -1n, providerPublicKey: pk, key }))).toBe(
      'ENVELOPE_INVALID_ARGUMENT',
    )
  })
})

describe('sealResultKey / openResultKey', () => {
  const context = { chainId: 31337, contract, jobId: 7n }

  test('default', () => {
    const envelope = sealResultKey({ ...context, resultPublicKey: bytesToHex(pk), key })
    expect(payloadOf(envelope)).toBe(
      `{"chainId":"31337","contract":"0x5fbdb2315678afecb367f032d93f642f64180aa3","d":"licen/result-key/v1","jobId":"7","key":"${keyHex}"}`,
    )
    expect(bytesToHex(openResultKey({ ...context, resultPrivateKey: sk, envelope }))).toBe(keyHex)
  })

  test('behavior: opens the frozen envelope', () => {
    expect(bytesToHex(openResultKey({ ...context, resultPrivateKey: sk, envelope: frozen.result }))).toBe(
      keyHex,
    )
  })

  test('error: other job', () => {
    expect(
      codeOf(() => openResultKey({ ...context, jobId: 70n, resultPrivateKey: sk, envelope: frozen.result })),
    ).toBe('ENVELOPE_CONTEXT_MISMATCH: jobId is "7", expected "70"')
  })

  test('error: job envelope offered as a result envelope', () => {
    expect(codeOf(() => openResultKey({ ...context, resultPrivateKey: sk, envelope: frozen.job }))).toBe(
      'ENVELOPE_DOMAIN_MISMATCH: domain "licen/job-key/v1", expected "licen/result-key/v1"',
    )
  })
})
