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
