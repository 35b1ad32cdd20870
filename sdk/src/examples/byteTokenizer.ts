import type { Example } from './parseExample.js'

/**
 * Special tokens of the embedded byte-level tokenizer: ids 0-255 are UTF-8 bytes. Must match the base model's
 * `config.json` (bos/eos/pad ids) and provider-node's `python/licen_train.py` (the same template for `--tokenizer bytes`).
 */
export const BYTE_TOKENS = { BOS: 256, EOS: 257, PAD: 258, SYSTEM: 259, USER: 260, ASSISTANT: 261 } as const

/** Vocabulary size of the byte tokenizer (262 ids used, padded to a multiple of 8). */
export const BYTE_VOCAB_SIZE = 264

/** Token ids of one example and which of them are learned (1: the model is trained to predict this token). */
export type TokenizedExample = { ids: Uint16Array; learned: Uint8Array }

const ROLE_TOKEN = {
  system: BYTE_TOKENS.SYSTEM,
  user: BYTE_TOKENS.USER,
  assistant: BYTE_TOKENS.ASSISTANT,
} as const
const encoder = new TextEncoder()

/**
 * Renders an example with the byte template and truncates it to `maxTokens`:
 * chat `BOS (ROLE bytes EOS)*` learning assistant bytes and their EOS; completion `BOS prompt completion EOS`
 * learning the completion and EOS; text `BOS text EOS` learning all but BOS.
 */
export function tokenizeExample(example: Example, maxTokens: number): TokenizedExample {
  const ids: number[] = [BYTE_TOKENS.BOS]
  const learned: number[] = [0]
  const push = (tokens: Iterable<number>, learn: 0 | 1) => {
    for (const token of tokens) {
      ids.push(token)
      learned.push(learn)
    }
  }
  switch (example.kind) {
    case 'chat':
      for (const message of example.messages) {
        const learn = message.role === 'assistant' ? 1 : 0
        push([ROLE_TOKEN[message.role]], 0)
        push(encoder.encode(message.content), learn)
        push([BYTE_TOKENS.EOS], learn)
      }
      break
    case 'completion':
      push(encoder.encode(example.prompt), 0)
      push(encoder.encode(example.completion), 1)
      push([BYTE_TOKENS.EOS], 1)
      break
    case 'text':
      push(encoder.encode(example.text), 1)
      push([BYTE_TOKENS.EOS], 1)
      break
  }
  const length = Math.min(ids.length, maxTokens)
  return { ids: Uint16Array.from(ids.slice(0, length)), learned: Uint8Array.from(learned.slice(0, length)) }
}

/** Token counts of one example under the byte template, untruncated. */
export type ExampleTokenCount = { tokens: number; learned: number }

/**
 * Counts the tokens {@link tokenizeExample} would produce for an example without a length limit (and without
 * building them): all of them, and those the model learns.
 */
export function countExampleTokens(example: Example): ExampleTokenCount {
  switch (example.kind) {
    case 'chat': {
      let tokens = 1
      let learned = 0
      for (const message of example.messages) {
        const bytes = utf8Length(message.content)
        tokens += bytes + 2
        if (message.role === 'assistant') learned += bytes + 1
      }
      return { tokens, learned }
    }
    case 'completion': {
      const completion = utf8Length(example.completion)
      return { tokens: 2 + utf8Length(example.prompt) + completion, learned: completion + 1 }
    }
    case 'text': {
      const text = utf8Length(example.text)
      return { tokens: text + 2, learned: text + 1 }
    }
  }
}

/** UTF-8 length of a string without encoding it (lone surrogates count 3, as `TextEncoder` replaces them). */
function utf8Length(text: string): number {
  let length = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) length += 1
    else if (code < 0x800) length += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 4
        i++
      } else length += 3
    } else length += 3
  }
  return length
}
