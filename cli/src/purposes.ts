import { CliError } from './CliError.js'

/** Purpose ids (bit i of a policy's `allowedPurposes`), as docs/ENGINEERING.md fixes them. */
export const PURPOSES = ['research', 'commercial', 'evaluation', 'safety', 'education'] as const

/** Parses one purpose name or id into its id. */
export function parsePurpose(text: string): number {
  const index = PURPOSES.indexOf(text as (typeof PURPOSES)[number])
  if (index !== -1) return index
  if (/^\d{1,2}$/.test(text) && Number(text) < 32) return Number(text)
  throw new CliError(`Unknown purpose "${text}".`, {
    code: 'CLI_USAGE',
    details: `one of ${PURPOSES.join(', ')}`,
  })
}

/** Parses a comma-separated purpose list into the `allowedPurposes` bitmap. */
export function parsePurposes(text: string): number {
  return text.split(',').reduce((bits, name) => bits | (1 << parsePurpose(name.trim())), 0) >>> 0
}
