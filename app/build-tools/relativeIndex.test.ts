import { describe, expect, test } from 'vitest'
import { relativizeIndex } from './relativeIndex.js'

describe('relativizeIndex', () => {
  test('default', () => {
    const html =
      '<link href="/_app/immutable/entry/start.js" rel="modulepreload">\n<script>import("/_app/immutable/entry/app.js")</script>'
    expect(relativizeIndex(html)).toBe(
      '<link href="./_app/immutable/entry/start.js" rel="modulepreload">\n<script>import("./_app/immutable/entry/app.js")</script>',
    )
  })

  test('error: another absolute path remains', () => {
    expect(() => relativizeIndex('<link href="/favicon.png">')).toThrowErrorMatchingInlineSnapshot(
      `[Error: index.html still holds an absolute path after relativizing]`,
    )
  })
})
