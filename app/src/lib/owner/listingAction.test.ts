import { describe, expect, test } from 'vitest'
import { listingAction } from './listingAction.js'

describe('listingAction', () => {
  test('default: a listed dataset is delisted after a question', () => {
    expect(listingAction(true, 'arithmetic')).toEqual({
      button: 'Delist',
      question:
        'Delist arithmetic? Researchers can no longer request it. Jobs already granted continue and settle as agreed; you can list it again at any time.',
      confirm: 'Yes, delist it',
      done: 'Delisted',
    })
  })
  test('behavior: a delisted dataset is listed again', () => {
    expect(listingAction(false, 'arithmetic')).toEqual({
      button: 'List again',
      question: 'List arithmetic again? Researchers can request it again under its current policy.',
      confirm: 'Yes, list it',
      done: 'Listed again',
    })
  })
})
