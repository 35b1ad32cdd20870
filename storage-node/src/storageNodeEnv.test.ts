import { describe, expect, test } from 'vitest'
import { storageNodeEnv } from './storageNodeEnv.js'

describe('storageNodeEnv', () => {
  test('default: nothing set keeps every default', () => {
    expect(storageNodeEnv({})).toEqual({
      httpLimits: { headersTimeoutMs: undefined, idleTimeoutMs: undefined },
    })
  })

  test('args: every variable', () => {
    expect(
      storageNodeEnv({
        LICEN_STORAGE_UPLOAD_TOKEN: 'a-test-token-0123456789',
        LICEN_STORAGE_MAX_TOTAL_BYTES: '1000000',
        LICEN_STORAGE_MAX_UPLOADS: '2',
        LICEN_STORAGE_HEADERS_TIMEOUT_MS: '3000',
        LICEN_STORAGE_IDLE_TIMEOUT_MS: '20000',
        LICEN_STORAGE_MIN_UPLOAD_BYTES_PER_S: '100',
      }),
    ).toEqual({
      uploadToken: 'a-test-token-0123456789',
      maxTotalBytes: 1_000_000,
      maxConcurrentUploads: 2,
      httpLimits: { headersTimeoutMs: 3_000, idleTimeoutMs: 20_000 },
      uploadRate: { minBytesPerSecond: 100, windowMs: 10_000 },
    })
  })

  test('error: an invalid variable is named, its value never echoed', () => {
    const attempt = () =>
      storageNodeEnv({ LICEN_STORAGE_UPLOAD_TOKEN: 'short-secret', LICEN_STORAGE_MAX_UPLOADS: '0' })
    expect(attempt).toThrow(expect.objectContaining({ code: 'STORAGE_CONFIG_INVALID' }))
    try {
      attempt()
    } catch (error) {
      const details = (error as { details: string }).details
      expect(details).toMatch(/^LICEN_STORAGE_UPLOAD_TOKEN: .*; LICEN_STORAGE_MAX_UPLOADS: /)
      expect(details).not.toContain('short-secret')
    }
  })
})
