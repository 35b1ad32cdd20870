import { formatIssues } from '@licen/errors'
import { z } from 'zod'
import { StorageNodeError } from './StorageNodeError.js'
import { STORAGE_NODE_DEFAULTS, type StartStorageNodeParameters } from './startStorageNode.js'

const count = z.coerce.number().int().positive()
const schema = z.object({
  LICEN_STORAGE_UPLOAD_TOKEN: z.string().min(16).optional(),
  LICEN_STORAGE_MAX_TOTAL_BYTES: count.optional(),
  LICEN_STORAGE_MAX_UPLOADS: count.optional(),
  LICEN_STORAGE_HEADERS_TIMEOUT_MS: count.optional(),
  LICEN_STORAGE_IDLE_TIMEOUT_MS: count.optional(),
  LICEN_STORAGE_MIN_UPLOAD_BYTES_PER_S: z.coerce.number().int().min(0).optional(),
  LICEN_STORAGE_UPLOAD_WINDOW_MS: count.optional(),
})

/** The settings of {@link storageNodeEnv}. */
export type StorageNodeEnvSettings = Pick<
  StartStorageNodeParameters,
  'uploadToken' | 'maxTotalBytes' | 'maxConcurrentUploads' | 'httpLimits' | 'uploadRate'
>

/**
 * The storage node's limits and upload token from a program's environment (`licen-storage-node` passes
 * `process.env`; the library itself never reads it). Unset variables keep the defaults
 * (`STORAGE_NODE_DEFAULTS`); an invalid one fails with `STORAGE_CONFIG_INVALID` naming the variable, never its value.
 */
export function storageNodeEnv(env: Readonly<Record<string, string | undefined>>): StorageNodeEnvSettings {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.keys(schema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]])),
  )
  if (!parsed.success)
    throw new StorageNodeError('Invalid storage node settings in the environment.', {
      code: 'STORAGE_CONFIG_INVALID',
      details: formatIssues(parsed.error),
    })
  const e = parsed.data
  const rate = e.LICEN_STORAGE_MIN_UPLOAD_BYTES_PER_S ?? e.LICEN_STORAGE_UPLOAD_WINDOW_MS
  return {
    ...(e.LICEN_STORAGE_UPLOAD_TOKEN === undefined ? {} : { uploadToken: e.LICEN_STORAGE_UPLOAD_TOKEN }),
    ...(e.LICEN_STORAGE_MAX_TOTAL_BYTES === undefined
      ? {}
      : { maxTotalBytes: e.LICEN_STORAGE_MAX_TOTAL_BYTES }),
    ...(e.LICEN_STORAGE_MAX_UPLOADS === undefined
      ? {}
      : { maxConcurrentUploads: e.LICEN_STORAGE_MAX_UPLOADS }),
    httpLimits: {
      headersTimeoutMs: e.LICEN_STORAGE_HEADERS_TIMEOUT_MS,
      idleTimeoutMs: e.LICEN_STORAGE_IDLE_TIMEOUT_MS,
    },
    ...(rate === undefined
      ? {}
      : {
          uploadRate: {
            minBytesPerSecond:
              e.LICEN_STORAGE_MIN_UPLOAD_BYTES_PER_S ?? STORAGE_NODE_DEFAULTS.uploadRate.minBytesPerSecond,
            windowMs: e.LICEN_STORAGE_UPLOAD_WINDOW_MS ?? STORAGE_NODE_DEFAULTS.uploadRate.windowMs,
          },
        }),
  }
}
