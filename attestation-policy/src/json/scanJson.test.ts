import { describe, expect, test } from 'vitest'
import { findDuplicateKey, rawTopLevelMember } from './scanJson.js'

describe('findDuplicateKey', () => {
  test('default: none in distinct keys, nested objects and arrays', () => {
    expect(findDuplicateKey('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}')).toBeUndefined()
  })

  test.each([
    ['{"a":1,"a":2}', '$.a'],
    ['{"x":{"k":"v","k":"w"}}', '$.x.k'],
    ['{"x":[1,{"k":1,"k":2}]}', '$.x[1].k'],
    ['{"\\u0061":1,"a":2}', '$.a'],
  ])('error: %s repeats %s', (text, path) => {
    expect(findDuplicateKey(text)).toBe(path)
  })
})

describe('rawTopLevelMember', () => {
  test('default: the exact source text of a member, whitespace and escapes kept', () => {
    const text = '{ "tcbInfo" : {"b":1, "a":"x\\"}y"} , "signature":"ab", "nested":{"tcbInfo":2}}'
    expect(rawTopLevelMember(text, 'tcbInfo')).toBe('{"b":1, "a":"x\\"}y"}')
    expect(rawTopLevelMember(text, 'signature')).toBe('"ab"')
    expect(rawTopLevelMember(text, 'missing')).toBeUndefined()
  })
})
