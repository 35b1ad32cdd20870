import { describe, expect, test } from 'vitest'
import { errorPageText } from './notFound.js'

describe('errorPageText', () => {
  test('default: an unknown route', () => {
    expect(errorPageText(404, '/nowhere')).toEqual({
      title: 'Page not found',
      text: 'This app has no page at /nowhere. The link may be mistyped or from another version of LICEN.',
    })
    expect(errorPageText(404, '').text).toBe(
      'This app has no page at /. The link may be mistyped or from another version of LICEN.',
    )
  })
  test('behavior: another status', () => {
    expect(errorPageText(500, '/jobs/1')).toEqual({
      title: 'Something went wrong',
      text: 'The page at /jobs/1 could not be shown (error 500).',
    })
  })
})
