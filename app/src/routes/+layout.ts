import type { AppContext } from '$lib/appContext.js'
import { loadAppConfig } from '$lib/config/loadAppConfig.js'
import { type DescribedError, describeError } from '$lib/errors/describeError.js'
import { createGraphqlClient } from '$lib/graphql/createGraphqlClient.js'
import { createWagmi } from '$lib/wallet/createWagmi.js'
import { WalletState } from '$lib/wallet/walletState.svelte.js'
import type { LayoutLoad } from './$types.js'

/**
 * Loads `config.json` once at start and builds the app context from it (wagmi, wallet, indexer client);
 * a failure is shown by the layout instead of the app.
 */
export const load: LayoutLoad = async ({ fetch }) => {
  try {
    const config = await loadAppConfig({ fetch })
    const devConnectors = config.devWallet
      ? (await import('$lib/wallet/devWallets.js')).devWallets(config)
      : []
    const wagmi = createWagmi({ config, extraConnectors: devConnectors })
    const context: AppContext = {
      config,
      wagmi,
      wallet: new WalletState(wagmi, config.chain.id),
      graphql: createGraphqlClient(config.indexerUrl),
    }
    return { context, configError: undefined as DescribedError | undefined }
  } catch (error) {
    return { context: undefined, configError: describeError(error) }
  }
}
