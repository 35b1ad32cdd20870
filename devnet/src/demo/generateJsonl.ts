const CAPITALS = [
  ['France', 'Paris'],
  ['Japan', 'Tokyo'],
  ['Italy', 'Rome'],
  ['Spain', 'Madrid'],
  ['Egypt', 'Cairo'],
  ['Peru', 'Lima'],
  ['Kenya', 'Nairobi'],
  ['Chile', 'Santiago'],
  ['Norway', 'Oslo'],
  ['Canada', 'Ottawa'],
] as const
const WORDS = [
  'apple',
  'river',
  'stone',
  'cloud',
  'tiger',
  'green',
  'delta',
  'piano',
  'lemon',
  'orbit',
  'maple',
]

/** mulberry32: a small deterministic PRNG (test data only). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * A synthetic instruction-tuning JSONL of at least `bytes` bytes (whole lines), deterministic for a seed: capital
 * cities, upper-casing, sums and reversed words in the `{instruction,input?,output}` and `{messages}` shapes the
 * provider trains on. Demo and test data only.
 */
export function generateJsonl(parameters: { bytes: number; seed?: number | undefined }): string {
  const random = createRandom(parameters.seed ?? 7)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const lines: string[] = []
  let size = 0
  for (let i = 0; size < parameters.bytes; i++) {
    let line: string
    switch (i % 4) {
      case 0: {
        const [country, capital] = pick(CAPITALS)
        line = JSON.stringify({
          instruction: `What is the capital of ${country}?`,
          output: `The capital of ${country} is ${capital}.`,
        })
        break
      }
      case 1: {
        const words = `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`
        line = JSON.stringify({
          instruction: 'Convert to upper case.',
          input: words,
          output: words.toUpperCase(),
        })
        break
      }
      case 2: {
        const a = Math.floor(random() * 100)
        const b = Math.floor(random() * 100)
        line = JSON.stringify({
          messages: [
            { role: 'system', content: 'You are a careful calculator.' },
            { role: 'user', content: `${a} + ${b} = ?` },
            { role: 'assistant', content: `${a} + ${b} = ${a + b}` },
          ],
        })
        break
      }
      default: {
        const word = pick(WORDS)
        line = JSON.stringify({
          messages: [
            { role: 'user', content: `Spell "${word}" backwards.` },
            { role: 'assistant', content: `"${word}" backwards is "${[...word].reverse().join('')}".` },
          ],
        })
      }
    }
    lines.push(line)
    size += Buffer.byteLength(line) + 1
  }
  return `${lines.join('\n')}\n`
}
