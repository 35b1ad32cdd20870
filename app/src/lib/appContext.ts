import type { Client as GraphqlClient } from '@urql/core'
import type { Config } from '@wagmi/core'
import { getContext, setContext } from 'svelte'
import type { AppConfig } from './config/appConfig.js'
import type { WalletState } from './wallet/walletState.svelte.js'

/** What every page needs: the network configuration, wagmi, the wallet and the indexer client. */
export type AppContext = {
  config: AppConfig
  wagmi: Config
  wallet: WalletState
  graphql: GraphqlClient
}

const key = Symbol('licen.app')

/** Makes the app context available to the component tree below the caller. */
export function setAppContext(context: AppContext): void {
  setContext(key, context)
}

/** The app context set by the root layout; throws when used outside it. */
export function getAppContext(): AppContext {
  const context = getContext<AppContext | undefined>(key)
  if (!context) throw new Error('getAppContext() called outside the app layout')
  return context
}
