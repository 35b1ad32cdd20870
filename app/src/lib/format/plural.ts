/**
 * A count with its noun, singular for exactly one: `plural(1, 'finished job')` → `1 finished job`,
 * `plural(4, 'finished job')` → `4 finished jobs`; irregular nouns pass their plural form.
 */
export function plural(count: number | bigint, singular: string, pluralForm = `${singular}s`): string {
  const one = typeof count === 'bigint' ? count === 1n : count === 1
  return `${count.toLocaleString('en-US')} ${one ? singular : pluralForm}`
}
