import { licenNetworkNames } from '@licen/contracts/networks'

/**
 * The `node:util` `parseArgs` options that name the chain and the DataPolicy contract a command talks to, read by
 * {@link resolveChainTarget}.
 */
export const chainTargetOptions = {
  network: { type: 'string' },
  deployment: { type: 'string' },
  rpc: { type: 'string' },
  contract: { type: 'string' },
} as const

/** Usage text of {@link chainTargetOptions}. */
export const CHAIN_TARGET_USAGE = `[--network <${licenNetworkNames.join('|')}>] [--rpc <url>] [--contract <address> | --deployment <file>]`
