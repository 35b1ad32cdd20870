import { BaseError } from '../errors.js'

/** Stable codes of {@link resolveChainTarget}; each program maps them onto its own (the cli's `CLI_*`). */
export type ChainTargetErrorCode =
  /** A missing or malformed option: unknown `--network`, no chain named, a bad `--rpc` URL or `--contract`. */
  | 'CHAIN_TARGET_USAGE'
  /** `--network` names a preset with no recorded LICEN deployment, and no contract was given. */
  | 'CHAIN_TARGET_NO_DEPLOYMENT'
  /** A file the options name (the deployment file, a caller's defaults file) cannot be read or is invalid. */
  | 'CHAIN_TARGET_FILE_UNREADABLE'
  /** The RPC node did not answer `eth_chainId`. */
  | 'CHAIN_TARGET_RPC_UNAVAILABLE'
  /** The RPC node serves another chain than the deployment file, the defaults file or the preset names. */
  | 'CHAIN_TARGET_CHAIN_MISMATCH'

/** Error of resolving which chain and DataPolicy contract a command talks to. */
export class ChainTargetError extends BaseError<ChainTargetErrorCode> {
  override name = 'ChainTargetError'
}
