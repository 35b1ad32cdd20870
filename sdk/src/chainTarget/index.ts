// `@licen/sdk/chain-target` (Node only): which chain and DataPolicy contract a command talks to (`--network`,
// `--rpc`, `--contract`, `--deployment`), resolved and checked against the RPC node; the cli and `licen-attest` use it.
export { ChainTargetError, type ChainTargetErrorCode } from './ChainTargetError.js'
export { CHAIN_TARGET_USAGE, chainTargetOptions } from './chainTargetOptions.js'
export { readJsonFile } from './readJsonFile.js'
export {
  type ChainTarget,
  type ChainTargetDefaults,
  type ResolveChainTargetParameters,
  readNetworkPreset,
  resolveChainTarget,
} from './resolveChainTarget.js'
