const levels: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
}

/** A Ponder log line made readable, and the HTTP port when the line announces the server. */
export type PonderLogLine = { line: string; port: number | undefined }

/** Formats one line of `ponder --log-format json` output as `LEVEL message key=value…`; other lines pass through. */
export function formatPonderLine(raw: string): PonderLogLine {
  let record: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(raw)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { line: raw, port: undefined }
    record = parsed as Record<string, unknown>
  } catch {
    return { line: raw, port: undefined }
  }
  const { level, time: _time, msg, error, ...rest } = record
  const parts = [levels[level as number] ?? 'LOG', String(msg ?? '')]
  for (const [key, value] of Object.entries(rest)) parts.push(`${key}=${stringify(value)}`)
  if (error !== undefined) {
    const message =
      typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : error
    parts.push(`error=${stringify(message)}`)
  }
  const port = msg === 'Created HTTP server' && typeof rest.port === 'number' ? rest.port : undefined
  return { line: parts.join(' '), port }
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
