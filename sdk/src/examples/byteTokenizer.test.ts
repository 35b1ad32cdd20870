import { describe, expect, test } from 'vitest'
import { BYTE_TOKENS, tokenizeExample } from './byteTokenizer.js'

const plain = (tokenized: { ids: Uint16Array; learned: Uint8Array }) => ({
  ids: Array.from(tokenized.ids),
  learned: Array.from(tokenized.learned),
})

describe('tokenizeExample', () => {
  test('default', () => {
    const chat = tokenizeExample(
      {
        kind: 'chat',
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Yo' },
        ],
      },
      256,
    )
    expect(plain(chat)).toEqual({
      ids: [256, 259, 83, 257, 260, 72, 105, 257, 261, 89, 111, 257],
      learned: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1],
    })
  })

  test('args: completion learns the completion and EOS', () => {
    expect(plain(tokenizeExample({ kind: 'completion', prompt: 'a', completion: 'b' }, 256))).toEqual({
      ids: [BYTE_TOKENS.BOS, 97, 98, BYTE_TOKENS.EOS],
      learned: [0, 0, 1, 1],
    })
  })

  test('args: text learns every UTF-8 byte and EOS', () => {
    expect(plain(tokenizeExample({ kind: 'text', text: 'é' }, 256))).toEqual({
      ids: [256, 0xc3, 0xa9, 257],
      learned: [0, 1, 1, 1],
    })
  })

  test('args: maxTokens truncates', () => {
    expect(plain(tokenizeExample({ kind: 'text', text: 'abcdef' }, 3))).toEqual({
      ids: [256, 97, 98],
      learned: [0, 1, 1],
    })
  })
})
