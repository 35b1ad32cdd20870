import { BaseError } from '@licen/sdk'

/** Stable codes of devnet failures (the storage node keeps its own, see storage/StorageNodeError.ts). */
export type DevnetErrorCode =
  /** A flag or environment variable is unknown or out of range. */
  | 'DEVNET_USAGE'
  /** A port the devnet needs is taken. */
  | 'DEVNET_PORT_BUSY'
  /** A part did not become healthy. */
  | 'DEVNET_PART_FAILED'
  /** A part exited while the devnet was running. */
  | 'DEVNET_PART_DIED'
  /** The app could not be built. */
  | 'DEVNET_APP_BUILD_FAILED'
  /** No devnet is running where one was expected. */
  | 'DEVNET_NOT_RUNNING'
  /** A lifecycle step of the demo or a system check went differently than the protocol says. */
  | 'DEMO_UNEXPECTED'
  /** The start was stopped (Ctrl-C) before every part ran. */
  | 'DEVNET_ABORTED'
  /** Waiting for a job or a part took longer than allowed. */
  | 'DEVNET_TIMEOUT'
  /** The orchestrator's release key is not the one its dev TEE derives, or could not be registered. */
  | 'DEVNET_RELEASE_KEY'

/**
 * The one error class of @licen/devnet: LICEN's one `BaseError` with this package's codes. Its constructor takes the
 * code first, as the sdk's and provider-node's area errors do (`CliError`, `JobError`).
 */
export class DevnetError extends BaseError<DevnetErrorCode> {
  override name = 'DevnetError'
}
