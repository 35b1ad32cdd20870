// Zod issues as `path: message` details: one home, in `@licen/errors`.
export { formatIssues } from '@licen/errors'
