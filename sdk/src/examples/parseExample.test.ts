import { describe, expect, test } from 'vitest'
import { MAX_CHAT_MESSAGES, parseExample } from './parseExample.js'

describe('parseExample', () => {
  test('default', () => {
    expect(parseExample({ instruction: 'Add.', input: '2 + 2', output: '4' })).toEqual({
      ok: true,
      format: 'instruction_output',
      example: {
        kind: 'chat',
        messages: [
          { role: 'user', content: 'Add.\n\n2 + 2' },
          { role: 'assistant', content: '4' },
        ],
      },
    })
  })

  test('args: instruction without input, with empty input and with null input', () => {
    const expected = {
      ok: true,
      format: 'instruction_output',
      example: {
        kind: 'chat',
        messages: [
          { role: 'user', content: 'Say hi.' },
          { role: 'assistant', content: 'hi' },
        ],
      },
    }
    expect(parseExample({ instruction: 'Say hi.', output: 'hi' })).toEqual(expected)
    expect(parseExample({ instruction: 'Say hi.', input: '', output: 'hi' })).toEqual(expected)
    expect(parseExample({ instruction: 'Say hi.', input: null, output: 'hi' })).toEqual(expected)
  })

  test('args: prompt/completion', () => {
    expect(parseExample({ prompt: 'The sky is', completion: ' blue.' })).toEqual({
      ok: true,
      format: 'prompt_completion',
      example: { kind: 'completion', prompt: 'The sky is', completion: ' blue.' },
    })
  })

  test('args: messages', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello.', name: 'bot' },
    ]
    expect(parseExample({ messages })).toEqual({
      ok: true,
      format: 'messages',
      example: {
        kind: 'chat',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello.' },
        ],
      },
    })
  })

  test('args: text', () => {
    expect(parseExample({ text: 'plain text' })).toEqual({
      ok: true,
      format: 'text',
      example: { kind: 'text', text: 'plain text' },
    })
  })

  test('behavior: keys outside the shapes are ignored', () => {
    expect(parseExample({ id: 7, source: 'x', text: 'y' })).toEqual({
      ok: true,
      format: 'text',
      example: { kind: 'text', text: 'y' },
    })
  })

  test('error: NOT_AN_OBJECT', () => {
    for (const value of [null, 1, 'text', true, [], [{ text: 'x' }]]) {
      expect(parseExample(value)).toEqual({ ok: false, reason: 'NOT_AN_OBJECT' })
    }
  })

  test('error: UNKNOWN_SHAPE', () => {
    expect(parseExample({})).toEqual({ ok: false, reason: 'UNKNOWN_SHAPE' })
    expect(parseExample({ question: 'q', answer: 'a' })).toEqual({ ok: false, reason: 'UNKNOWN_SHAPE' })
    expect(parseExample({ text: null })).toEqual({ ok: false, reason: 'UNKNOWN_SHAPE' })
  })

  test('error: AMBIGUOUS_SHAPE', () => {
    expect(parseExample({ text: 'a', prompt: 'b', completion: 'c' })).toEqual({
      ok: false,
      reason: 'AMBIGUOUS_SHAPE',
    })
    expect(parseExample({ instruction: 'a', output: 'b', messages: [] })).toEqual({
      ok: false,
      reason: 'AMBIGUOUS_SHAPE',
    })
  })

  test('error: INVALID_FIELD', () => {
    const cases = [
      { instruction: 'a' },
      { output: 'b' },
      { input: 'only input' },
      { instruction: 1, output: 'b' },
      { instruction: 'a', input: 3, output: 'b' },
      { prompt: 'a' },
      { prompt: 'a', completion: 2 },
      { text: 5 },
      { messages: 'hi' },
      { messages: { role: 'user', content: 'x' } },
    ]
    for (const value of cases) expect(parseExample(value)).toEqual({ ok: false, reason: 'INVALID_FIELD' })
  })

  test('error: EMPTY_TARGET', () => {
    expect(parseExample({ instruction: 'a', output: '' })).toEqual({ ok: false, reason: 'EMPTY_TARGET' })
    expect(parseExample({ prompt: 'a', completion: '' })).toEqual({ ok: false, reason: 'EMPTY_TARGET' })
    expect(parseExample({ text: '' })).toEqual({ ok: false, reason: 'EMPTY_TARGET' })
  })

  test('error: INVALID_MESSAGE', () => {
    const cases = [
      [null],
      ['hi'],
      [[]],
      [{ role: 'tool', content: 'x' }],
      [{ role: 'user' }],
      [{ role: 'assistant', content: ['x'] }],
      [{ content: 'x' }],
    ]
    for (const messages of cases)
      expect(parseExample({ messages })).toEqual({ ok: false, reason: 'INVALID_MESSAGE' })
  })

  test('error: NO_ASSISTANT_TURN', () => {
    expect(parseExample({ messages: [] })).toEqual({ ok: false, reason: 'NO_ASSISTANT_TURN' })
    expect(parseExample({ messages: [{ role: 'user', content: 'hi' }] })).toEqual({
      ok: false,
      reason: 'NO_ASSISTANT_TURN',
    })
    expect(
      parseExample({
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: '' },
        ],
      }),
    ).toEqual({ ok: false, reason: 'NO_ASSISTANT_TURN' })
  })

  test('error: TOO_MANY_MESSAGES', () => {
    const turn = { role: 'assistant', content: 'x' }
    expect(parseExample({ messages: Array(MAX_CHAT_MESSAGES).fill(turn) }).ok).toBe(true)
    expect(parseExample({ messages: Array(MAX_CHAT_MESSAGES + 1).fill(turn) })).toEqual({
      ok: false,
      reason: 'TOO_MANY_MESSAGES',
    })
  })
})
