/** One validation issue as zod (and other schema validators) report it: where, and what is wrong. */
export type ValidationIssue = { readonly path: readonly PropertyKey[]; readonly message: string }

/**
 * Formats validation issues for an error's `details`: `path: message` for each of the first `max` (default 10),
 * joined by `; `, the path dotted and `(root)` when empty. Paths and messages only: never the values themselves.
 */
export function formatIssues(error: { readonly issues: readonly ValidationIssue[] }, max = 10): string {
  return error.issues
    .slice(0, max)
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ')
}

/** A schema with zod's `safeParse`: the parsed value, or the issues that refused it. */
export type SafeParser<T> = {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { readonly issues: readonly ValidationIssue[] } }
}

/**
 * `schema`'s parse of `value`, or the error `refusal` builds from the issues ({@link formatIssues}: paths and
 * messages, never values) thrown: one way every package validates untrusted input against a schema.
 */
export function parseOrThrow<T>(
  schema: SafeParser<T>,
  value: unknown,
  refusal: (details: string) => Error,
): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw refusal(formatIssues(parsed.error))
  return parsed.data
}
