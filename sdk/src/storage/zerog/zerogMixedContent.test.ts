import { describe, expect, test } from 'vitest'
import { assertNoMixedContent } from './zerogMixedContent.js'

describe('assertNoMixedContent', () => {
  const urls = [
    'http://203.0.113.7:5678',
    'https://gateway.example/zgs',
    'http://127.0.0.1:5678',
    'http://localhost:1',
  ]

  test('default: an https page with a plain http node fails before any transfer', () => {
    expect(() => assertNoMixedContent(urls, 'https:')).toThrow(
      expect.objectContaining({
        code: 'STORAGE_UNAVAILABLE',
        shortMessage: 'The browser blocks these 0G storage nodes as mixed content.',
        details:
          'this page is https and 1 of 4 nodes are plain http; reach them through an https gateway or proxy',
      }),
    )
  })

  test('behavior: http pages, Node (no page) and https or loopback nodes pass', () => {
    expect(assertNoMixedContent(urls, 'http:')).toBeUndefined()
    expect(assertNoMixedContent(urls, undefined)).toBeUndefined()
    expect(assertNoMixedContent(urls.slice(1), 'https:')).toBeUndefined()
  })
})
