import { formatIssues } from '@licen/errors'
import { ConfigError } from './ConfigError.js'
import {
  type ProviderNodeOptions,
  type ProviderNodeOptionsInput,
  providerNodeOptionsSchema,
} from './providerNodeOptions.js'

/** Validates provider node options (throws `CONFIG_INVALID` naming each bad field, never echoing its value). */
export function parseProviderNodeOptions(input: ProviderNodeOptionsInput): ProviderNodeOptions {
  const parsed = providerNodeOptionsSchema.safeParse(input)
  if (!parsed.success) {
    throw new ConfigError(formatIssues(parsed.error))
  }
  return parsed.data
}
