import { open } from 'node:fs/promises'
import type { Example } from '../../dataset/parseExample.js'

/** Serialises an example in the external trainer's input shape (`messages`, `prompt`/`completion` or `text`). */
export function exampleToJson(example: Example): string {
  switch (example.kind) {
    case 'chat':
      return JSON.stringify({ messages: example.messages.map(({ role, content }) => ({ role, content })) })
    case 'completion':
      return JSON.stringify({ prompt: example.prompt, completion: example.completion })
    case 'text':
      return JSON.stringify({ text: example.text })
  }
}

const FLUSH_BYTES = 1 << 20

/**
 * Writes examples as JSONL to a new file (created exclusively, mode 0600). Checks `shouldStop` between examples
 * and returns `undefined` when it says so; otherwise returns the number of examples written.
 */
export async function writeExamplesFile(
  path: string,
  examples: AsyncIterable<Example>,
  shouldStop: () => boolean,
): Promise<number | undefined> {
  const file = await open(path, 'wx', 0o600)
  try {
    let buffer = ''
    let count = 0
    for await (const example of examples) {
      if (shouldStop()) return undefined
      buffer += `${exampleToJson(example)}\n`
      count++
      if (buffer.length >= FLUSH_BYTES) {
        await file.write(buffer)
        buffer = ''
      }
    }
    if (shouldStop()) return undefined
    await file.write(buffer)
    return count
  } finally {
    await file.close()
  }
}
