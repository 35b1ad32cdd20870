import { devAccountRoles, devWalletId } from './devAccountRoles.js'

/**
 * What the top bar says about the connected account besides its address: the devnet role of a dev wallet
 * ("dataset owner · dev wallet #1"), otherwise the wallet's name ("MetaMask"); `undefined` when nothing is known.
 */
export function accountLabel(connector: {
  id?: string | undefined
  name?: string | undefined
}): string | undefined {
  const dev = devAccountRoles.find((account) => devWalletId(account.index) === connector.id)
  if (dev) return `${dev.role} · dev wallet #${dev.index}`
  return connector.name || undefined
}
