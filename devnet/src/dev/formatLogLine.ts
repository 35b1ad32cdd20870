const HIDDEN = new Set(['time', 'level', 'msg', 'service'])
const MAX_VALUE = 96

/**
 * Makes one log line readable in the devnet's prefixed output: a JSON log object `{time, level, msg, …fields}`
 * (the provider's and orchestrator's format) becomes `msg key=value …` (with the level unless it is info);
 * other lines pass through trimmed. Returns undefined for blank lines.
 */
export function formatLogLine(line: string): string | undefined {
  const text = line.trimEnd()
  if (!text.trim()) return undefined
  if (!text.startsWith('{')) return text
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return text
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return text
  const record = value as Record<string, unknown>
  if (typeof record.msg !== 'string') {
    // A program's JSON start-up line: its plain fields are what a person needs (URLs, hashes).
    const plain = Object.entries(record).filter(([, field]) =>
      ['string', 'number', 'boolean'].includes(typeof field),
    )
    if (plain.length === 0) return text.length > 200 ? `${text.slice(0, 200)}…` : text
    return plain.map(([key, field]) => `${key}=${String(field)}`).join(' ')
  }
  const level =
    typeof record.level === 'string' && record.level !== 'info' ? `${record.level.toUpperCase()} ` : ''
  const fields = Object.entries(record)
    .filter(([key, field]) => !HIDDEN.has(key) && field !== undefined && field !== null)
    .map(([key, field]) => {
      const shown = typeof field === 'string' ? field : JSON.stringify(field)
      return `${key}=${shown.length > MAX_VALUE ? `${shown.slice(0, MAX_VALUE)}…` : shown}`
    })
  return [`${level}${record.msg}`, ...fields].join(' ')
}
