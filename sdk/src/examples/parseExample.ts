/** Speaker of one chat turn. */
export type ChatRole = 'system' | 'user' | 'assistant'

/** One chat turn. */
export type ChatMessage = { role: ChatRole; content: string }

/**
 * A validated training example, normalised from one of the accepted JSONL shapes:
 * `{instruction, input?, output}` and `{messages}` become `chat` (loss on assistant turns),
 * `{prompt, completion}` becomes `completion` (loss on the completion), `{text}` becomes `text` (loss on all of it).
 */
export type Example =
  | { kind: 'chat'; messages: ChatMessage[] }
  | { kind: 'completion'; prompt: string; completion: string }
  | { kind: 'text'; text: string }

/** The accepted row shapes, as a file states them (`instruction_output` has an optional `input`). */
export type ExampleFormat = 'messages' | 'instruction_output' | 'prompt_completion' | 'text'

/** Every {@link ExampleFormat}, in the order reports list them. */
export const EXAMPLE_FORMATS: readonly ExampleFormat[] = [
  'messages',
  'instruction_output',
  'prompt_completion',
  'text',
]

/** Why a line is not a trainable row. Reported with its line number, never with its content. */
export type UntrainableReason =
  /** Longer than the line limit. */
  | 'LINE_TOO_LONG'
  /** Not valid UTF-8. */
  | 'INVALID_UTF8'
  /** Not a JSON value. */
  | 'INVALID_JSON'
  /** A JSON value other than an object. */
  | 'NOT_AN_OBJECT'
  /** An object with none of the accepted shapes' keys. */
  | 'UNKNOWN_SHAPE'
  /** An object with the keys of more than one shape. */
  | 'AMBIGUOUS_SHAPE'
  /** A required field is missing or a field has the wrong type. */
  | 'INVALID_FIELD'
  /** The text to learn (output, completion, text) is empty. */
  | 'EMPTY_TARGET'
  /** A chat message is not `{role: system|user|assistant, content: string}`. */
  | 'INVALID_MESSAGE'
  /** More than `MAX_CHAT_MESSAGES` chat messages. */
  | 'TOO_MANY_MESSAGES'
  /** No assistant turn with content to learn. */
  | 'NO_ASSISTANT_TURN'

/** Every {@link UntrainableReason}, in the order reports list them. */
export const UNTRAINABLE_REASONS: readonly UntrainableReason[] = [
  'LINE_TOO_LONG',
  'INVALID_UTF8',
  'INVALID_JSON',
  'NOT_AN_OBJECT',
  'UNKNOWN_SHAPE',
  'AMBIGUOUS_SHAPE',
  'INVALID_FIELD',
  'EMPTY_TARGET',
  'INVALID_MESSAGE',
  'TOO_MANY_MESSAGES',
  'NO_ASSISTANT_TURN',
]

/** Result of `parseExample`. */
export type ParseExampleResult =
  | { ok: true; format: ExampleFormat; example: Example }
  | { ok: false; reason: UntrainableReason }

/** Most chat messages one example may hold. */
export const MAX_CHAT_MESSAGES = 1024

const SHAPE_KEYS = {
  chat: ['messages'],
  instruction: ['instruction', 'input', 'output'],
  completion: ['prompt', 'completion'],
  text: ['text'],
} as const
type Shape = keyof typeof SHAPE_KEYS

const ROLES: ReadonlySet<string> = new Set<ChatRole>(['system', 'user', 'assistant'])

/**
 * Validates one parsed JSONL value against the accepted shapes and normalises it. Keys outside the shapes are
 * ignored and a `null` value counts as absent.
 */
export function parseExample(value: unknown): ParseExampleResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('NOT_AN_OBJECT')
  const record = value as Record<string, unknown>
  const has = (key: string) => Object.hasOwn(record, key) && record[key] !== null
  const shapes = (Object.keys(SHAPE_KEYS) as Shape[]).filter((shape) => SHAPE_KEYS[shape].some(has))
  if (shapes.length === 0) return invalid('UNKNOWN_SHAPE')
  if (shapes.length > 1) return invalid('AMBIGUOUS_SHAPE')
  const field = (key: string) => (has(key) ? record[key] : undefined)

  switch (shapes[0]!) {
    case 'chat':
      return parseMessages(record.messages)
    case 'instruction': {
      const instruction = field('instruction')
      const input = field('input')
      const output = field('output')
      if (typeof instruction !== 'string' || typeof output !== 'string') return invalid('INVALID_FIELD')
      if (input !== undefined && typeof input !== 'string') return invalid('INVALID_FIELD')
      if (output.length === 0) return invalid('EMPTY_TARGET')
      const user = input ? `${instruction}\n\n${input}` : instruction
      return valid('instruction_output', {
        kind: 'chat',
        messages: [
          { role: 'user', content: user },
          { role: 'assistant', content: output },
        ],
      })
    }
    case 'completion': {
      const prompt = field('prompt')
      const completion = field('completion')
      if (typeof prompt !== 'string' || typeof completion !== 'string') return invalid('INVALID_FIELD')
      if (completion.length === 0) return invalid('EMPTY_TARGET')
      return valid('prompt_completion', { kind: 'completion', prompt, completion })
    }
    case 'text': {
      const text = record.text
      if (typeof text !== 'string') return invalid('INVALID_FIELD')
      if (text.length === 0) return invalid('EMPTY_TARGET')
      return valid('text', { kind: 'text', text })
    }
  }
}

function parseMessages(messages: unknown): ParseExampleResult {
  if (!Array.isArray(messages)) return invalid('INVALID_FIELD')
  if (messages.length > MAX_CHAT_MESSAGES) return invalid('TOO_MANY_MESSAGES')
  const out: ChatMessage[] = []
  let learnable = false
  for (const message of messages) {
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      return invalid('INVALID_MESSAGE')
    const { role, content } = message as Record<string, unknown>
    if (typeof role !== 'string' || !ROLES.has(role) || typeof content !== 'string') {
      return invalid('INVALID_MESSAGE')
    }
    if (role === 'assistant' && content.length > 0) learnable = true
    out.push({ role: role as ChatRole, content })
  }
  if (!learnable) return invalid('NO_ASSISTANT_TURN')
  return valid('messages', { kind: 'chat', messages: out })
}

const valid = (format: ExampleFormat, example: Example): ParseExampleResult => ({ ok: true, format, example })
const invalid = (reason: UntrainableReason): ParseExampleResult => ({ ok: false, reason })
