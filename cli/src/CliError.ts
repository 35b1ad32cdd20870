import { BaseError } from '@licen/sdk'

/** Stable codes of CLI usage and file failures (operation failures keep their library codes). */
export type CliErrorCode =
  /** Unknown command or option, missing argument, bad value. */
  | 'CLI_USAGE'
  /** The input file cannot be read. */
  | 'CLI_INPUT_UNREADABLE'
  /** The output exists (and --force was not given) or cannot be written. */
  | 'CLI_OUTPUT_UNWRITABLE'
  /** The chain the RPC serves is not the one the config or deployment file names. */
  | 'CLI_CHAIN_MISMATCH'
  /** `--network` names a preset with no recorded LICEN deployment, and no contract was given. */
  | 'CLI_NO_DEPLOYMENT'
  /** No release public key: none given, none in the config, and the orchestrator did not answer with one. */
  | 'CLI_RELEASE_KEY_UNAVAILABLE'
  /** The job is not in a state the command can act on (e.g. downloading a job that did not complete). */
  | 'CLI_JOB_STATE'
  /** The account's result key is not the one the job was requested with. */
  | 'CLI_NOT_REQUESTER'
  /** `--size` differs from the plaintext size of the file, which authenticates under the key without it. */
  | 'CLI_SIZE_MISMATCH'
  /** A development (dev-mock) attestation policy named for a chain other than the local devnet. */
  | 'CLI_DEV_POLICY_OFF_DEVNET'
  /** The chain has never set the attestation policy hash (nothing to revoke). */
  | 'CLI_POLICY_UNKNOWN'
  /** A release key failed a check of its evidence, policy or binding before registration (nothing was sent). */
  | 'CLI_RELEASE_KEY_UNVERIFIED'
  /** The release key to register is registered already (the orchestrator reports it Active, Retired or Revoked). */
  | 'CLI_RELEASE_KEY_STATE'

/** Error for CLI usage and file problems; exit code 2 for usage, 1 otherwise. */
export class CliError extends BaseError<CliErrorCode> {
  override name = 'CliError'
}
