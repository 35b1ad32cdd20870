/** Names of the contract's `ReleaseKeyStatus` enum (`IDataPolicy.ReleaseKeyStatus`), indexed by its value. */
export const RELEASE_KEY_STATUSES = ['None', 'Active', 'Retired', 'Revoked'] as const

/** A release key status by name. */
export type ReleaseKeyStatusName = (typeof RELEASE_KEY_STATUSES)[number]
