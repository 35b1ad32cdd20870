import type { JsonlInvalidReason, JsonlLineReport } from '@licen/sdk'

/** How many bad lines the publish check lists by number (all are counted). */
export const MAX_LISTED_BAD_LINES = 10_000

const reasonSentences: Record<JsonlInvalidReason, string> = {
  INVALID_JSON: 'Not valid JSON',
  NOT_AN_OBJECT: 'JSON, but not an object ({…})',
  INVALID_UTF8: 'Not UTF-8 text',
  LINE_TOO_LONG: 'Longer than 16 MiB',
  INVALID_FIELD_NAME: 'A field name that is empty or longer than 128 characters',
  TOO_MANY_FIELDS: 'A field beyond the limit of 256 distinct fields',
}

/** Bad lines of one kind: a sentence, how many, and their numbers (as many as were listed). */
export type BadLineGroup = { reason: JsonlInvalidReason; sentence: string; count: number; lines: number[] }

/** Groups a JSONL line report's bad lines by reason, most frequent first, for the publish page to list. */
export function groupBadLines(report: JsonlLineReport): BadLineGroup[] {
  const lines = new Map<JsonlInvalidReason, number[]>()
  for (const { line, reason } of report.firstInvalid) {
    const list = lines.get(reason)
    if (list) list.push(line)
    else lines.set(reason, [line])
  }
  return (Object.entries(report.invalidByReason) as [JsonlInvalidReason, number][])
    .map(([reason, count]) => ({
      reason,
      sentence: reasonSentences[reason],
      count,
      lines: lines.get(reason) ?? [],
    }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
}
