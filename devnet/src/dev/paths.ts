import { fileURLToPath } from 'node:url'

/** The repository root (every package folder is right below it). */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** Absolute path of a file or folder relative to the repository root. */
export function repoPath(...parts: string[]): string {
  return [repositoryRoot.replace(/\/$/, ''), ...parts].join('/')
}
